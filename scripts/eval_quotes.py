"""Measure quote / attribution extraction on PolNeAR (political news with attribution annotations).

Run from the repository root:

    .venv/bin/python scripts/eval_quotes.py                  # PolNeAR dev (84 articles)
    .venv/bin/python scripts/eval_quotes.py --split train    # PolNeAR train (840 articles)
    .venv/bin/python scripts/eval_quotes.py --json --errors  # figures and error patterns as JSON

The corpus is research-only: this script reads it at run time and never writes its text anywhere.
When it is absent the script says so and exits 0.

Gold: every brat relation (``E`` line) of type Attribution / Attribution-no-source with a Content span
is one attribution: content (all fragments of Content / Content2, discontinuous ones included),
source (may be absent), cue. Offsets are into the text file exactly as stored (read with
``newline=""``), and that exact text is what the extractor parses (no date prefix, body_start 0).
Articles annotated by several annotators use the alphabetically first annotator's file.

Matching: a predicted quote matches a gold attribution when their content spans share at least half
of the shorter one (characters of the gold fragments); greedy one-to-one, largest overlap first.
Direct / indirect: a prediction counts by its own ``kind``; a gold attribution is direct when its
content is enclosed in quotation marks, judged by the characters just inside or just outside both
ends (straight or curly double quotes, two apostrophes, guillemets, curly single quotes; a closing
mark may follow final punctuation), otherwise indirect. Speaker accuracy: among matches whose gold
has a source, the share whose predicted speaker span overlaps the gold source span; beside it, the share whose
predicted speaker (as resolved: "he" becomes the person it stands for) shares a capitalised name
word with the gold source, i.e. names the same person at another mention.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
DEFAULT_CORPORA = ROOT.parent / "shared" / "corpora"

OPEN = set('"“«„‘')
CLOSE = set('"”»’“')
PUNCT = set(".,;:!?—–-")


# ---------------------------------------------------------------------------------------- gold

def read_ann(path: Path) -> list[dict]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    rels = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, offs = parts[1].partition(" ")
            frags = []
            for frag in offs.split(";"):
                a, b = frag.split()
                frags.append((int(a), int(b)))
            spans[parts[0]] = (label, frags)
        elif line.startswith("E") and len(parts) >= 2:
            rels.append(parts[1].split())
    out = []
    for args in rels:
        roles: dict[str, list[str]] = {}
        kind = None
        for arg in args:
            role, _, tid = arg.partition(":")
            if role.startswith("Attribution"):
                kind = role
                continue
            roles.setdefault(re.sub(r"\d+$", "", role), []).append(tid)
        content = [f for t in roles.get("Content", []) if t in spans for f in spans[t][1]]
        if not kind or not content:
            continue
        source = [f for t in roles.get("Source", []) if t in spans for f in spans[t][1]]
        cue = [f for t in roles.get("Cue", []) if t in spans for f in spans[t][1]]
        out.append({"content": sorted(content), "source": sorted(source), "cue": sorted(cue)})
    return out


def is_direct(text: str, frags: list[tuple[int, int]]) -> bool:
    """Whether the content is enclosed in quotation marks (checked just inside or just outside).
    Two apostrophes count as a straight double mark, as some newspapers' text has them."""
    text = text.replace("''", ' "')
    s, e = frags[0][0], frags[-1][1]
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if s >= e:
        return False
    before = text[s - 1] if s > 0 else ""
    opener = text[s] if text[s] in OPEN else before if before in OPEN else ""
    if not opener:
        return False
    # A curly apostrophe closes only a single-quoted span ("the Lopezes’" is no closing mark).
    closers = CLOSE if opener == "‘" else CLOSE - {"’"}
    j = e - 1                      # the last character inside, before final punctuation
    while j > s and text[j] in PUNCT:
        j -= 1
    k = e                          # the first character outside, after any punctuation
    while k < len(text) and text[k] in PUNCT:
        k += 1
    return text[e - 1] in closers or text[j] in closers or (k < len(text) and text[k] in closers)


def load_articles(folder: Path, limit: int | None) -> tuple[list[dict], int]:
    texts = sorted((folder / "text").glob("*.txt"))
    anns: dict[str, list[Path]] = {}
    for a in sorted((folder / "attributions").glob("*.ann")):
        anns.setdefault(a.stem.rsplit("_", 1)[0], []).append(a)
    out, missing = [], 0
    for t in texts:
        if limit and len(out) >= limit:
            break
        if t.stem not in anns:
            missing += 1
            continue
        with open(t, encoding="utf-8", newline="") as fh:
            text = fh.read()
        gold = read_ann(anns[t.stem][0])
        for g in gold:
            g["kind"] = "direct" if is_direct(text, g["content"]) else "indirect"
            g["source_text"] = " ".join(text[s:e] for s, e in g["source"])
        out.append({"name": t.stem, "text": text, "gold": gold})
    return out, missing


# ---------------------------------------------------------------------------------------- scoring

def inter(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def length(a: list[tuple[int, int]]) -> int:
    return sum(e - s for s, e in a)


def match(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    cands = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            ov = inter(g["content"], p["content"])
            shorter = min(length(g["content"]), length(p["content"]))
            if ov > 0 and shorter and ov >= 0.5 * shorter:
                cands.append((ov, gi, pi))
    from _common import greedy_match

    return greedy_match(cands)


def prf(tp_p: int, n_pred: int, tp_g: int, n_gold: int) -> dict:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_g / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"pred": n_pred, "gold": n_gold, "matched_pred": tp_p, "matched_gold": tp_g,
            "p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}


_NOT_NAMES = {"the", "a", "an", "of", "and", "mr.", "mrs.", "ms.", "dr.", "sen.", "rep.", "gov.",
              "president", "he", "she", "they", "it", "i", "we", "who", "which", "that", "his",
              "her", "their", "its", "said", "says"}


def _name_words(text: str) -> set[str]:
    """Capitalised words of a speaker phrase that can name a person or body ("Lopez",
    "Ruiz"), for telling whether two phrases name the same speaker."""
    words = {w.strip(".,;:’'\"()").replace("’s", "") for w in text.split() if w[:1].isupper()}
    return {w.lower() for w in words if w and w.lower() not in _NOT_NAMES}


class Tally:
    def __init__(self) -> None:
        self.c: Counter = Counter()

    def add(self, gold: list[dict], pred: list[dict], pairs: list[tuple[int, int]]) -> None:
        c = self.c
        c["gold"] += len(gold)
        c["pred"] += len(pred)
        c["tp"] += len(pairs)
        for g in gold:
            c[f"gold_{g['kind']}"] += 1
        for p in pred:
            c[f"pred_{p['kind']}"] += 1
        for gi, pi in pairs:
            g, p = gold[gi], pred[pi]
            c[f"tpg_{g['kind']}"] += 1
            c[f"tpp_{p['kind']}"] += 1
            if g["source"]:
                c["spk_n"] += 1
                if p["speaker"] and inter(g["source"], p["speaker"]) > 0:
                    c["spk_ok"] += 1
                    c["spk_person"] += 1
                elif _name_words(p.get("speaker_text", "")) & _name_words(g["source_text"]):
                    c["spk_person"] += 1     # the same person named elsewhere ("he" → Lopez)

    def result(self) -> dict:
        c = self.c
        return {
            "all": prf(c["tp"], c["pred"], c["tp"], c["gold"]),
            "direct": prf(c["tpp_direct"], c["pred_direct"], c["tpg_direct"], c["gold_direct"]),
            "indirect": prf(c["tpp_indirect"], c["pred_indirect"], c["tpg_indirect"],
                            c["gold_indirect"]),
            "speaker_accuracy": round(c["spk_ok"] / c["spk_n"], 4) if c["spk_n"] else None,
            "speaker_same_person": round(c["spk_person"] / c["spk_n"], 4) if c["spk_n"] else None,
            "speaker_n": c["spk_n"],
        }


# ---------------------------------------------------------------------------------------- systems

def dossier_quotes(doc, gaz, matcher, forms) -> list[dict]:  # type: ignore[no-untyped-def]
    from dossier.extract import extract

    rec = extract(doc, gaz=gaz, matcher=matcher, forms=forms, date=None)
    return [{"content": [(q["start"], q["end"])], "kind": q["kind"], "cue": q["cue"],
             "speaker": [(q["speaker_start"], q["speaker_end"])], "speaker_text": q["speaker"]}
            for q in rec["quotes"]]


def textacy_quotes(doc) -> list[dict]:  # type: ignore[no-untyped-def]
    from textacy.extract import triples

    out = []
    for dq in triples.direct_quotations(doc):
        content = dq.content
        spk = dq.speaker
        out.append({"content": [(content.start_char if hasattr(content, "start_char") else content[0].idx,
                                 content.end_char if hasattr(content, "end_char")
                                 else content[-1].idx + len(content[-1]))],
                    "kind": "direct", "cue": " ".join(t.text for t in dq.cue),
                    "speaker": [(spk[0].idx, spk[-1].idx + len(spk[-1]))] if spk else [],
                    "speaker_text": " ".join(t.text for t in spk)})
    return out


def error_patterns(doc, gold: list[dict], pred: list[dict], pairs, errors: Counter) -> None:  # type: ignore[no-untyped-def]
    """Coarse reasons for misses, false alarms and wrong speakers (counts only, no text kept)."""
    from dossier.extract.lexicon import SPEECH_VERBS

    text = doc.text
    mg = {gi for gi, _ in pairs}
    mp = {pi for _, pi in pairs}
    for gi, g in enumerate(gold):
        if gi in mg:
            continue
        cue_toks = [t for s, e in g["cue"] for t in (doc.char_span(s, e, alignment_mode="expand") or [])]
        if any(t.lemma_.lower() in SPEECH_VERBS for t in cue_toks):
            why = "cue is a speech verb of the lexicon"
        elif any(t.lower_ in ("according", ":", "―", "—") or t.is_punct for t in cue_toks):
            why = "cue is 'according to' or punctuation"
        elif any(t.pos_ in ("VERB", "AUX") for t in cue_toks):
            why = "cue is a verb outside the lexicon (thinks, wants, found …)"
        else:
            why = "cue is a noun / adjective / preposition (in a statement, critical of …)"
        if any(inter(g["content"], p["content"]) > 0 for p in pred):
            why = "a prediction overlaps it by less than half"
        errors[f"FN {g['kind']}: {why}"] += 1
        if not g["source"]:
            errors["FN note: gold attribution without a source"] += 1
    for pi, p in enumerate(pred):
        if pi in mp:
            continue
        over = [gi for gi, g in enumerate(gold) if inter(g["content"], p["content"]) > 0]
        if over and all(gi in mg for gi in over):
            why = "extra piece of a gold attribution already matched (quote split in parts)"
        elif over:
            why = "overlaps an unmatched gold attribution by less than half"
        else:
            why = "no gold attribution there (titles in quotes, non-attributive clause)"
        errors[f"FP {p['kind']}: {why}"] += 1
    for gi, pi in pairs:
        g, p = gold[gi], pred[pi]
        if g["source"] and not (p["speaker"] and inter(g["source"], p["speaker"]) > 0):
            src = " ".join(text[s:e] for s, e in g["source"]).strip().lower()
            who = "a pronoun" if src in ("he", "she", "they", "i", "we", "it") else "a name/phrase"
            errors[f"speaker wrong (gold source {who}, predicted {p['kind']})"] += 1
        if g["kind"] != p["kind"]:
            errors[f"kind: gold {g['kind']} matched by a predicted {p['kind']}"] += 1


# ---------------------------------------------------------------------------------------- main

def fmt(row: dict) -> str:
    return (f"P {row['p']:.3f}  R {row['r']:.3f}  F1 {row['f1']:.3f}  "
            f"(pred {row['pred']}, gold {row['gold']}, matched {row['matched_pred']}/{row['matched_gold']})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    ap.add_argument("--split", choices=("dev", "train"), default="dev")
    ap.add_argument("--limit", type=int, default=None, help="at most this many articles")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--errors", action="store_true", help="print the most frequent error patterns")
    args = ap.parse_args(argv)

    folder = args.corpora / "polnear" / "data" / args.split
    if not (folder / "text").is_dir():
        print(f"PolNeAR not found under {folder}; nothing to measure")
        return 0
    t0 = time.time()
    articles, no_ann = load_articles(folder, args.limit)
    from _common import load_project

    pipe, gaz, matcher, forms, model = load_project()
    try:
        import textacy.extract.triples  # noqa: F401
        have_textacy = True
    except ImportError:
        have_textacy = False

    ours, theirs = Tally(), Tally()
    errors: Counter = Counter()
    crashed = textacy_skipped = 0
    for art, doc in zip(articles, pipe.pipe([a["text"] for a in articles], batch_size=16), strict=True):
        assert doc.text == art["text"]
        gold = art["gold"]
        try:
            pred = dossier_quotes(doc, gaz, matcher, forms)
        except Exception as exc:  # counted, never hidden
            crashed += 1
            print(f"extractor crashed on {art['name']}: {exc!r}", file=sys.stderr)
            continue
        pairs = match(gold, pred)
        ours.add(gold, pred, pairs)
        error_patterns(doc, gold, pred, pairs, errors)
        if have_textacy:
            try:
                tq = textacy_quotes(doc)
            except ValueError:       # textacy bails out on an odd number of quotation marks
                textacy_skipped += 1
                tq = []
            theirs.add(gold, tq, match(gold, tq))

    out = {"model": model, "split": args.split, "articles": len(articles),
           "articles_without_annotation": no_ann, "articles_crashed": crashed,
           "dossier": ours.result(),
           "textacy": theirs.result() if have_textacy else "textacy not installed",
           "textacy_articles_skipped": textacy_skipped,
           "seconds": round(time.time() - t0, 1)}
    if args.json:
        if args.errors:
            out["errors"] = dict(errors.most_common(60))
        print(json.dumps(out, indent=2))
        return 0
    print(f"model {model}   PolNeAR {args.split}: {len(articles)} articles "
          f"(skipped: {no_ann} without annotation, crashed: {crashed})   {out['seconds']} s")
    systems = [("dossier", out["dossier"])] + ([("textacy", out["textacy"])] if have_textacy else [])
    for name, res in systems:
        print(f"\n{name}")
        for k in ("all", "direct", "indirect"):
            print(f"  {k:<9} {fmt(res[k])}")
        print(f"  speaker accuracy among matches with a gold source: {res['speaker_accuracy']} "
              f"(n={res['speaker_n']}); naming the same person, at any mention: "
              f"{res['speaker_same_person']}")
        if name == "textacy":
            print(f"  articles textacy skipped (odd number of quotation marks; counted as no quotes): "
                  f"{textacy_skipped} of {len(articles)}")
    if not have_textacy:
        print("\ntextacy not installed")
    if args.errors:
        print("\nerror patterns (count):")
        for group in ("FN ", "FP ", "speaker", "kind"):
            rows = [(k, v) for k, v in errors.most_common() if k.startswith(group)][:8]
            for k, v in rows:
                print(f"  {v:5d}  {k}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
