"""Fault injection, in the spirit of SQLite's: every file the build reads, corrupted every way
files get corrupted, and not one case may end badly.

A project is built, edited by hand (a fact corrected, one deleted, one rejected, an entry of a
person's own, a comment, a summary) and built again. Then each file the build reads (articles,
pair files, a base, the extraction, relation, readings and build caches, mkdocs.yml) is in turn
truncated, emptied, made unreadable, given the wrong shape, the wrong encoding, git's conflict
markers, trailing garbage or flipped bits, and the build is run. Each case must end in one of
two ways:

* a clean refusal, a ``DossierError`` (exit status 1 from the command line) that names the
  damaged file, with every file of the project as it was, modes included; or
* a build that completes with every person's edit and deletion still in ``content/relations``,
  and every file there keeping its mode.

A traceback, a refusal that does not name the file, a lost edit or a deletion come back fails
the case. ``CASES`` lists them all (README, "When things go wrong", gives the count).
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import make_project, run_dossier, shared_folder
from ruamel.yaml import YAML

from dossier.build import build
from dossier.config import Config
from dossier.errors import DossierError

CORRECTED = "Kazakhstan and the United States agreed on new cultural ties (corrected by hand)."
OWN = "A note of my own on the pair, kept whatever the machine finds."
COMMENT = "# checked against the embassy's statement"
SUMMARY = "Ties that grow year by year (my summary)."
VISIT = "extra/visit.md"
ARTICLES = {
    VISIT: "---\ntitle: A visit to Lima\ndate: 2022-04-02\n---\nChile and Peru signed a fisheries "
           "agreement in Lima. Peru thanked Chile for its quick help after the storm.\n",
    "crossing.txt": " date 2022-05-03 Argentina and Chile opened a new border crossing.\n",
}


# ------------------------------------------------------------------------------ the project

@pytest.fixture(scope="module")
def edited() -> tuple[Path, dict]:
    """The project a person commits, and what they did to it."""
    root = make_project(shared_folder("dossier-faults-") / "project")
    for name, text in ARTICLES.items():
        path = root / "content" / "articles" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    build(Config.load(root), site=False, quiet=True)
    yaml = YAML()
    path = root / "content" / "relations" / "KZ-US.yaml"
    doc = yaml.load(path.read_text(encoding="utf-8"))
    facts = doc["facts"]
    work = {"edited": str(facts[0]["id"]), "deleted": str(facts[1]["id"]),
            "rejected": str(facts[2]["id"])}
    facts[0]["text"] = CORRECTED
    facts[2]["status"] = "rejected"
    del facts[1]
    facts.append({"id": "mine-1", "text": OWN, "topic": "other", "tone": "neutral",
                  "countries": ["KZ", "US"], "status": "verified",
                  "sources": [dict(facts[0]["sources"][0])]})
    doc["summary"] = SUMMARY
    with open(path, "w", encoding="utf-8") as fh:
        yaml.dump(doc, fh)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.lstrip().startswith("- id: mine-1"))
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    lines.insert(at, f"{indent}{COMMENT}\n")
    path.write_text("".join(lines), encoding="utf-8")
    build(Config.load(root), site=False, quiet=True)
    return root, work


def kept(root: Path, work: dict, damaged: Path) -> list[str]:
    """What of the person's work is missing from KZ-US.yaml (empty: all there). When the damaged
    file is that pair file itself, only what the damage left of the work is asked for."""
    path = root / "content" / "relations" / "KZ-US.yaml"
    text = path.read_text(encoding="utf-8")
    doc = YAML(typ="safe").load(text)
    by_id = {str(e["id"]): e for e in doc.get("facts") or []}
    own_file = damaged == path
    before = damaged.read_bytes().decode("utf-8", "replace") if own_file and damaged.exists() \
        else None
    missing = []

    def expect(what: str, ok: bool, still: str | None = None) -> None:
        if not ok and (before is None or still is None or still in before):
            missing.append(what)

    expect("the corrected text", by_id.get(work["edited"], {}).get("text") == CORRECTED, CORRECTED)
    expect("the rejection", by_id.get(work["rejected"], {}).get("status") == "rejected",
           f"id: {work['rejected']}")
    expect("the deletion", work["deleted"] not in by_id)
    expect("the own entry", by_id.get("mine-1", {}).get("text") == OWN, OWN)
    expect("the comment", COMMENT in text, COMMENT)
    expect("the summary", doc.get("summary") == SUMMARY, SUMMARY)
    return missing


def snapshot(root: Path, *, where: str = "") -> dict[str, tuple[bytes, int]]:
    """Bytes and mode of every file of the project but the caches (which a refused build may
    have filled) and the lock."""
    out = {}
    for p in sorted((root / where).rglob("*")):
        rel = p.relative_to(root).as_posix()
        if p.is_file() and not p.is_symlink() and not rel.startswith(".cache/") \
                and p.name != ".dossier-build.lock":
            out[rel] = (p.read_bytes(), p.stat().st_mode & 0o7777)
    return out


# ------------------------------------------------------------------------------ corruptions

def _halves(data: bytes) -> tuple[bytes, bytes]:
    cut = data.find(b"\n", len(data) // 2) + 1 or len(data) // 2
    return data[:cut], data[cut:]


def _flips(seed: int) -> Callable[[bytes], bytes]:
    """Three bits flipped at places that depend on the seed: damage that may still parse."""
    def flip(data: bytes) -> bytes:
        rng = random.Random(seed)
        out = bytearray(data)
        for _ in range(3):
            if out:
                out[rng.randrange(len(out))] ^= 1 << rng.randrange(7)
        return bytes(out)
    return flip


CORRUPTIONS: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda d: d[: len(d) // 2],
    "empty": lambda d: b"",
    "trailing garbage": lambda d: d + b"\x00\x01\x02 garbage \xff\xfe\n",
    "conflict markers": lambda d: (b"<<<<<<< HEAD\n" + _halves(d)[0] + b"=======\n"
                                   + _halves(d)[1] + b">>>>>>> theirs\n"),
    "UTF-16": lambda d: d.decode("utf-8", "replace").encode("utf-16"),
    "Latin-1": lambda d: (d.decode("utf-8", "replace") + "\n# Zürich, café\n").encode(
        "latin-1", "replace"),
    "bits flipped 1": _flips(1),
    "bits flipped 2": _flips(2),
    "bits flipped 3": _flips(3),
}
SHAPES: dict[str, dict[str, bytes]] = {
    "json": {"a list": b"[]", "another object": b'{"version": 1, "pair": 3}', "null": b"null"},
    "yaml": {"a list": b"- a\n- b\n", "a line of text": b"just a line\n",
             "sections of the wrong type": b"pair: [KZ, US]\nfacts: {}\nquotes: 3\n"},
    "article": {"an image": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "only front matter":
                b"---\ntitle: x\n---\n"},
    "mkdocs": {"a list": b"- site_name\n", "settings of the wrong type":
               b"site_name: [1, 2]\ntheme: 3\nnav: yes\n"},
}
UNREADABLE = "unreadable"


# (name, kind) of every file the build reads; ``_paths`` finds them in a built project.
TARGETS = [("sample article", "article"), ("front-matter article", "article"),
           ("pair file KZ-US", "yaml"), ("pair file CL-PE", "yaml"),
           ("base KZ-US", "json"), ("base CL-PE", "json"),
           ("extraction cache entry", "json"), ("relation cache entry", "json"),
           ("build manifest", "json"), ("last reading of an article", "json"),
           ("mkdocs.yml", "mkdocs")]
CASES = [(i, corruption) for i, (_, kind) in enumerate(TARGETS)
         for corruption in [*CORRUPTIONS, *SHAPES[kind], UNREADABLE]]


def _paths(root: Path) -> list[str]:
    """The files of ``TARGETS``, in its order, relative to the project."""
    cache = root / ".cache" / "dossier"
    sample = next(p for p in (root / "content" / "articles").iterdir()
                  if p.suffix == ".txt" and p.name not in ARTICLES)
    found = [sample, root / "content" / "articles" / VISIT,
             root / "content" / "relations" / "KZ-US.yaml",
             root / "content" / "relations" / "CL-PE.yaml",
             root / "content" / "relations" / ".base" / "KZ-US.json",
             root / "content" / "relations" / ".base" / "CL-PE.json",
             sorted((cache / "extract").glob("*.json"))[0],
             cache / "relations" / "KZ-US.json", cache / "build.json",
             sorted((cache / "readings").glob("*.json"))[0], root / "mkdocs.yml"]
    assert all(p.is_file() for p in found), found
    return [p.relative_to(root).as_posix() for p in found]


@pytest.mark.parametrize("target, corruption", CASES,
                         ids=[f"{TARGETS[i][0]}-{c}" for i, c in CASES])
def test_damaged_input_is_refused_or_loses_nothing(edited: tuple[Path, dict], target: int,
                                                   corruption: str) -> None:
    source, work = edited
    root = shared_folder("dossier-fault-") / "project"
    shutil.copytree(source, root, symlinks=True)
    kind, rel = TARGETS[target][1], _paths(root)[target]
    damaged = root / rel
    site = kind == "mkdocs"
    if corruption == UNREADABLE:
        damaged.chmod(0o000)
    else:
        change = CORRUPTIONS.get(corruption) or (lambda d: SHAPES[kind][corruption])
        damaged.write_bytes(change(damaged.read_bytes()))
    before = snapshot(root)
    relations_modes = {k: m for k, (_, m) in snapshot(root, where="content/relations").items()}
    if corruption == UNREADABLE:
        proc = run_dossier(root, "build", *([] if site else ["--no-site"]))
        damaged.chmod(0o644)
        refused, message = proc.returncode != 0, proc.stderr
        assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr, proc.stderr
    else:
        try:
            build(Config.load(root), site=site, quiet=True)
            refused, message = False, ""
        except DossierError as exc:
            refused, message = True, str(exc)
    print(f"\noutcome: {TARGETS[target][0]} / {corruption}: {'refused' if refused else 'built'}")
    if refused:
        assert str(damaged) in message, f"the refusal does not name {damaged}:\n{message}"
        if corruption == UNREADABLE:
            before[rel] = (before[rel][0], 0o644)
        assert snapshot(root) == before, "a refused build changed files"
    else:
        assert kept(root, work, damaged) == []
        after = {k: m for k, (_, m) in snapshot(root, where="content/relations").items()}
        assert {k: m for k, m in after.items() if k in relations_modes} == {
            k: m for k, m in relations_modes.items() if k in after}
