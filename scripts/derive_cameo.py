"""Derive ``dossier/data/cameo_verbs.json`` and ``dossier/data/agents.tsv`` from the PETRARCH
dictionaries (MIT, Open Event Data Alliance) in ``../shared/corpora/event-dictionaries/``.

``cameo_verbs.json``: the CAMEO verb-pattern dictionary as plain data:

* ``verbs``: every verb form (lower case; phrasal verbs with a space: "stir up") → its block and
  its own code (or null: the block's);
* ``blocks``: per block, the code of its verbs alone (or null) and its patterns, each
  ``[before, after, code]``: the words that must come before the verb and after it, in order
  (a word is a form, or ``&SET`` for one of a synonym set), and the CAMEO code;
* ``sets``: the synonym sets.

PETRARCH's actor markers ($ source, + target, % both) and grouping (parentheses for a
prepositional phrase, braces for a noun phrase) are dropped: what is kept is the sequence of
words, which ``dossier/extract/events.py`` matches against the verb's phrase.

``agents.tsv``: agent nouns → Phoenix sector codes (GOV, MIL, BUS, MED, OPP, CVL …), the first
code given for each noun.

``discards.txt``: Phoenix's discard phrases (sport, entertainment …), lower case.

    .venv/bin/python scripts/derive_cameo.py [--corpora DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import CORPORA  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "dossier" / "data"
HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
PATTERN = re.compile(r"^-\s+(.*?)\s*\[([^\]]*)\]")
LICENCE = ("Derived from the PETRARCH dictionaries of the Open Event Data Alliance (MIT licence, "
           "Copyright (c) 2015 Open Event Data Alliance) by scripts/derive_cameo.py")


def code_of(raw: str) -> str | None:
    """The event code of a bracket: "042:043" → "042" (the event from source to target)."""
    first = raw.split(":")[0].strip()
    return first if re.fullmatch(r"\d{2,4}", first) else None


def words(text: str) -> list[str]:
    """The words of a pattern side, markers and grouping dropped, lower case."""
    text = re.sub(r"[(){}]", " ", text)
    # "^" stands for any noun phrase in PETRARCH: it asks nothing of the words.
    return [w.lower().rstrip("_").replace("_", " ") for w in text.split()
            if w not in ("$", "+", "%", "*", "^") and not w.startswith("#")]


VERB_LINE = re.compile(r"^([A-Z+][^\[#;]*?)\s*(?:\[([^\]]*)\])?\s*(?:[#;].*)?$")


def verb_forms(line: str) -> tuple[list[str], str | None]:
    """A verb line, its forms and its own code: "HURRY {HURRIES HURRYING HURRIED }",
    "+ASK_FOR {+ASKED_FOR …} [020]" (phrasal verbs with a space: "ask for")."""
    m = VERB_LINE.match(line)
    if m is None:
        return [], None
    forms = re.sub(r"[{},]", " ", m.group(1)).split()
    return ([f.lstrip("+").rstrip("_").replace("_", " ").lower() for f in forms if f.strip("+")],
            code_of(m.group(2) or ""))


def derive_verbs(path: Path) -> dict:
    sets: dict[str, list[str]] = {}
    verbs: dict[str, list] = {}
    blocks: list[dict] = []
    section = ""
    current_set = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.rstrip()
        if line.startswith("#######"):
            section = "sets" if "SYNONYM" in line else "verbs" if "VERB" in line else "other"
            continue
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if section == "sets":
            if line.startswith("&"):
                current_set = line.split()[0].lower().rstrip("_")
                sets[current_set] = []
            elif line.startswith("+") and current_set:
                sets[current_set].append(line[1:].split("#")[0].strip().rstrip("_")
                                         .replace("_", " ").lower())
        elif section == "verbs":
            head = HEADER.match(line)
            if head:
                blocks.append({"code": code_of(head.group(2)), "patterns": []})
                continue
            if not blocks:
                continue
            pat = PATTERN.match(line)
            if pat:
                code = code_of(pat.group(2))
                if code is None:
                    continue
                before, _, after = pat.group(1).partition("*")
                blocks[-1]["patterns"].append([words(before), words(after), code])
            elif line[0].isalpha() or line.startswith("+"):
                forms, own = verb_forms(line)
                for form in forms:
                    if form not in verbs:
                        verbs[form] = [len(blocks) - 1, own]
    return {"licence": LICENCE, "verbs": verbs, "blocks": blocks, "sets": sets}


def derive_agents(path: Path) -> list[tuple[str, str]]:
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        m = re.match(r"^([A-Z][A-Z0-9_'-]*)\s+\[~?([A-Z]{3})", line)
        if m:
            noun = m.group(1).rstrip("_").replace("_", " ").lower()
            out.setdefault(noun, m.group(2))
    return sorted(out.items())


def derive_discards(path: Path) -> list[str]:
    """Phrases that mark a sentence or story as sport, entertainment or other news with no
    political event (story-level ones included: a sentence naming them is no relation either);
    years and relative times ("weeks ago") are left out, they only stop PETRARCH from coding."""
    out = set()
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        phrase = re.split(r"[#;]", line)[0].strip().lstrip("+").strip().lower()
        if not phrase or phrase.isdigit() or re.search(r"\b(?:ago|later)$", phrase):
            continue
        out.add(" ".join(phrase.split()))
    return sorted(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", type=Path, default=CORPORA)
    args = ap.parse_args()
    folder = args.corpora / "event-dictionaries"
    if not folder.exists():
        print(f"{folder} not found: nothing derived")
        return 0
    verbs = derive_verbs(folder / "CAMEO.2.0.txt")
    (DATA / "cameo_verbs.json").write_text(json.dumps(verbs, indent=0, sort_keys=True) + "\n",
                                           encoding="utf-8")
    agents = derive_agents(folder / "Phoenix.agents.txt")
    (DATA / "agents.tsv").write_text(f"# {LICENCE}\n" + "".join(f"{n}\t{c}\n" for n, c in agents),
                                     encoding="utf-8")
    discards = derive_discards(folder / "Phoenix.discards.txt")
    (DATA / "discards.txt").write_text(f"# {LICENCE}\n" + "".join(f"{d}\n" for d in discards),
                                       encoding="utf-8")
    print(f"{len(discards)} discard phrases")
    print(f"{len(verbs['verbs'])} verb forms in {len(verbs['blocks'])} blocks, "
          f"{sum(len(b['patterns']) for b in verbs['blocks'])} patterns; {len(agents)} agents")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
