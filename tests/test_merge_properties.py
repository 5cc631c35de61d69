"""Hand edits are sacred, over random histories (Hypothesis).

A state machine plays a person and the machine in turn: the person edits a field, adds a comment,
reorders keys, deletes an entry, rejects or verifies one, writes the summary, adds an entry of
their own or deletes a whole pair file; articles are added, changed and removed; the extraction
cache is wiped; the extractor changes its mind (version bump). After every build it checks:

* no change a person made is lost (fields, deletions, statuses, summary, comments, key order);
* no deleted or rejected entry comes back, no entry is duplicated, ids are stable;
* every entry still cites an existing article or is kept and flagged ``orphaned``;
* fields nobody touched follow the extraction, and a build with nothing new changes no byte.

The build is the real one (``dossier.build.build``: ingest, extraction cache, grouping, merge,
atomic writes) on tiny ``.txt`` articles. Replaced are only spaCy, by ``fake_extract``, a
deterministic reader of a fixed pool of sentences whose output depends on an "extractor version"
the machine can bump, so that the merge sees the extraction change; and the rendering of pages,
which other tests cover.
``DOSSIER_HYPOTHESIS_EXAMPLES=2000`` runs a longer search than the default.
"""

from __future__ import annotations

import copy
import io
import os
import re
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    precondition,
    rule,
    run_state_machine_as_test,
)
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from dossier import build as build_module
from dossier import merge as merge_module
from dossier import nlp, render, store
from dossier.articles import load_articles
from dossier.config import Config
from dossier.models import TONES, TOPICS

EXAMPLES = int(os.environ.get("DOSSIER_HYPOTHESIS_EXAMPLES", "300"))
SHM = Path("/dev/shm")        # tmpfs: fsync costs nothing, so hundreds of builds stay fast


# ------------------------------------------------------------------------------ the fake corpus

@dataclass(frozen=True)
class Claim:
    idx: int
    a: str
    b: str
    sentence: str
    speaker: str | None = None      # a quote and a PERSON entity come with the sentence
    org: str | None = None          # an ORG entity named in the sentence


NAMES = {"DE": "Germany", "FR": "France", "KZ": "Kazakhstan", "US": "the United States"}
# Four claims per pair that share no three content words in a row, so that none is taken for a
# report of another's event (``dossier.cluster``): each claim is its own fact.
_CLAIMS = ["{a} and {b} signed accord alpha on fishing quotas.",
           "{a} and {b} opened bravo consulates near the border.",
           "{a} and {b} settled the charlie debt dispute at last.",
           "{a} and {b} agreed delta grain shipments for winter."]
_PAIRS = [("FR", "KZ"), ("KZ", "US"), ("DE", "FR")]
POOL = [
    Claim(i, a, b, _CLAIMS[i % 4].format(a=NAMES[a].capitalize(), b=NAMES[b]),
          speaker=["Ayla Bek", None, "Jon Roe", None][i % 4],
          org=[None, "Steppe Council", None, "Rhine Board"][i % 4])
    for i, (a, b) in enumerate(p for p in _PAIRS for _ in range(4))
]
NOISE = ["Markets were calm on Monday.", "It rained in the capital.", "Talks went on late."]
SENTENCES = [c.sentence for c in POOL] + NOISE
_BY_KEY = {c.sentence.rstrip(".").casefold(): c for c in POOL}
USED_TOPICS = TOPICS[:3]      # few values: the extraction often agrees with a person by chance
CUES = ("said", "stated")


class Extractor:
    version = 0


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in re.finditer(r"(?<=\.)\s+|\Z", text):
        if text[start:m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    return spans


def fake_extract(text: str, date: str | None, version: int) -> dict[str, Any]:
    """A record in the shape ``dossier.extract.extract`` returns, for the pool's sentences."""
    sents = _sentences(text)
    rec: dict[str, Any] = {"countries": [], "pairs": [], "facts": [], "quotes": [],
                           "entities": [], "mentions": [], "sentences": [list(s) for s in sents]}
    pairs: dict[tuple[str, str], list[list[int]]] = {}
    for i, (s, e) in enumerate(sents):
        claim = _BY_KEY.get(text[s:e].strip().rstrip(".").casefold())
        if claim is None or (claim.idx + version) % 5 == 4:      # this version misses it
            continue
        pair = tuple(sorted((claim.a, claim.b)))
        pairs.setdefault(pair, []).append([s, e])                # type: ignore[arg-type]
        acts = (claim.idx + version) % 2 == 0
        rec["facts"].append({
            "pair": list(pair), "start": s, "end": e, "sentence": i,
            "text": claim.sentence if version % 2 == 0 else claim.sentence.rstrip("."),
            "topic": USED_TOPICS[(claim.idx + version) % 3],
            "tone": TONES[(claim.idx * 7 + version) % 3],
            "date": None if version % 3 == 1 else date, "countries": list(pair),
            "actor": {"country": claim.a, "sector": "GOV"} if acts else None,
            "target": {"country": claim.b, "sector": "GOV"} if acts else None,
            "event": {"code": "057", "label": "Sign formal agreement", "quad_class": 1,
                      "goldstein": 8.0} if acts else None,
            "relevance": round(0.5 + claim.idx / 40 + version / 100, 3),
            "why": f"{claim.a} acts on {claim.b}" if acts else "named in the same sentence"})
        if claim.speaker:
            rec["quotes"].append({
                "speaker": claim.speaker, "speaker_start": s, "speaker_end": s,
                "speaker_country": claim.a, "cue": CUES[(claim.idx + version) % 2],
                "content": f"{NAMES[claim.a]} works with {NAMES[claim.b]}", "start": s, "end": e,
                "kind": "indirect", "role": "Minister" if version % 2 else None,
                "speaker_person": True, "countries": list(pair), "sentence": i})
        if claim.org:
            rec["entities"].append({"text": claim.org, "label": "ORG", "start": s, "end": e,
                                    "canonical": claim.org, "country": None, "sentence": i})
    rec["pairs"] = [{"pair": list(p), "sentences": v} for p, v in sorted(pairs.items())]
    return rec


def fake_extract_all(articles, **options):  # type: ignore[no-untyped-def]
    for a in articles:
        yield fake_extract(a.text, a.date, Extractor.version)


def expected_facts(articles: list[Any], version: int) -> dict[tuple[str, str], dict[str, dict]]:
    """What the extraction proposes now, by pair and claim key: {topic, tone, articles}."""
    out: dict[tuple[str, str], dict[str, dict]] = {}
    for a in articles:
        for f in fake_extract(a.text, a.date, version)["facts"]:
            got = out.setdefault(tuple(f["pair"]), {}).setdefault(
                claim_key(f["text"]), {"topic": f["topic"], "tone": f["tone"], "articles": set()})
            got["articles"].add(a.id)
    return out


def claim_key(text: str) -> str:
    return " ".join(str(text).split()).strip(" .").casefold()


# The fields that make an entry the same claim, written out here rather than taken from the
# store, so that the test states what it expects.
IDENTITY = {"facts": ("text",), "quotes": ("speaker", "text"), "entities": ("label", "name")}


def entry_claim(section: str, entry: Any) -> str:
    return " | ".join(claim_key(entry[key]) for key in IDENTITY[section])


# ------------------------------------------------------------------------------ the person's YAML

def person_yaml() -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def dump(doc: Any) -> str:
    out = io.StringIO()
    person_yaml().dump(doc, out)
    return out.getvalue()


NOTES = re.compile(r"# note-\d+")
_TRICKY = st.lists(st.sampled_from(list("aZé 7:#'\"\\-{}[]!&*%\n\t") + [
    "{{ x }}", "NO", "null", "<script>", "ü", "😀"]), min_size=1, max_size=8).map("".join)
_CODES = st.sampled_from(sorted(NAMES))
_DATES = st.sampled_from([None, "1991", "2022-03", "2022-03-21"])
# Values a person may write, per field (all valid for the schema).
EDITS: dict[str, dict[str, st.SearchStrategy]] = {
    "facts": {"text": _TRICKY, "topic": st.sampled_from(USED_TOPICS), "tone": st.sampled_from(TONES),
              "date": _DATES, "countries": st.lists(_CODES, min_size=1, max_size=3, unique=True),
              "actor": _CODES | st.none(), "target": _CODES | st.none(), "why": _TRICKY},
    "quotes": {"speaker": _TRICKY, "speaker_country": _CODES | st.none(), "role": _TRICKY,
               "cue": st.sampled_from(CUES), "text": _TRICKY,
               "kind": st.sampled_from(["direct", "indirect"])},
    "entities": {"name": _TRICKY, "country": _CODES | st.none(),
                 "label": st.sampled_from(["PERSON", "ORG"])},
}
REMOVABLE = {"facts": ("actor", "target", "why", "date"), "quotes": ("role", "speaker_country"),
             "entities": ("country",)}


class _Gone:
    """A field the person removed (one object, even through ``copy.deepcopy``)."""

    def __deepcopy__(self, memo: dict) -> _Gone:
        return self

    def __repr__(self) -> str:
        return "GONE"


GONE = _Gone()
_PARSED: dict[str, Any] = {}


def parsed(text: str) -> Any:
    """A pair file as plain data; memoised by text, since ruamel's parser is slow and the machine
    reads the same files many times."""
    if text not in _PARSED:
        if len(_PARSED) > 2000:
            _PARSED.clear()
        _PARSED[text] = store.plain(person_yaml().load(text))    # from the text itself
    return _PARSED[text]


_DOCS: dict[str, Any] = {}


def document(text: str) -> Any:
    """A pair file as ruamel's round-trip document, memoised by text: never change the result,
    change a deep copy (nine times faster than parsing again)."""
    if text not in _DOCS:
        remember(text, person_yaml().load(text))
    return _DOCS[text]


def remember(text: str, doc: Any) -> None:
    if len(_DOCS) > 500:
        _DOCS.clear()
    _DOCS[text] = doc


def plain_entry(entry: Any) -> dict[str, Any]:
    return {k: v for k, v in store.plain(entry).items() if k != "orphaned"}


# ------------------------------------------------------------------------------ the state machine

# What the machine remembers of the person's decisions (restored when an edit is not made).
ORACLE = ("fields", "originals", "deleted", "statuses", "verified", "own", "orders", "top_orders",
          "summaries", "comments", "pairs_deleted")


class History(RuleBasedStateMachine):
    """One project; rules are things a person or the machine does; ``build`` checks everything."""

    histories = builds = edits = 0           # how much was played, for the test to report
    claims_checked: Counter[str] = Counter()  # entries whose id and uniqueness were checked

    def __init__(self) -> None:
        super().__init__()
        History.histories += 1
        parent = SHM if SHM.is_dir() and os.access(SHM, os.W_OK) else None
        self.root = Path(tempfile.mkdtemp(prefix="dossier-prop-", dir=parent))
        (self.root / "content" / "articles").mkdir(parents=True)
        self.articles: dict[str, str] = {}          # file name -> text
        self.serial = 0
        Extractor.version = 0
        # The person's decisions, by (pair, section, id).
        self.fields: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.originals: dict[tuple[tuple[str, str, str], str], Any] = {}  # before the 1st edit
        self.deleted: set[tuple[str, str, str]] = set()
        self.statuses: dict[tuple[str, str, str], str] = {}
        self.verified: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.own: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.orders: dict[tuple[str, str, str], list[str]] = {}
        self.top_orders: dict[str, list[str]] = {}
        self.summaries: dict[str, str] = {}
        self.comments: dict[str, set[str]] = {}     # pair -> notes that must stay in its file
        self.pairs_deleted: set[str] = set()
        self.claim_ids: dict[tuple[str, str, str], str] = {}   # (pair, section, claim) -> id
        self.dirty = True
        self.built = False

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    # --- helpers -----------------------------------------------------------------------------

    @property
    def relations(self) -> Path:
        return self.root / "content" / "relations"

    def pair_files(self) -> list[str]:
        if not self.relations.is_dir():
            return []
        return sorted(p.stem for p in self.relations.glob("*.yaml"))

    def entries(self) -> list[tuple[str, str, int]]:
        out = []
        for pair in self.pair_files():
            doc = parsed((self.relations / f"{pair}.yaml").read_text("utf-8"))
            for section in store.SECTIONS:
                out += [(pair, section, i) for i in range(len(doc.get(section) or []))]
        return out

    def edit(self, pair: str, change) -> None:  # type: ignore[no-untyped-def]
        """A person's edit of one file through a round-trip YAML library, as an editor would."""
        path = self.relations / f"{pair}.yaml"
        before = path.read_text("utf-8")
        doc = copy.deepcopy(document(before))
        oracle = {k: copy.deepcopy(getattr(self, k)) for k in ORACLE}
        change(doc)
        after = dump(doc)
        try:
            yaml.load(after, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # fast
        except yaml.YAMLError:
            # ruamel cannot write a block list emptied under a comment; a person would fix the
            # file before building, so this edit is simply not made.
            for k, v in oracle.items():
                setattr(self, k, v)
            return
        path.write_text(after, encoding="utf-8")
        remember(after, doc)
        History.edits += 1
        # A comment that goes with a deleted entry or a moved key is the person's own doing.
        self.comments[pair] = (self.comments.get(pair, set()) & set(NOTES.findall(after)))
        self.dirty = True

    def pick(self, data: st.DataObject) -> tuple[str, str, int]:
        return data.draw(st.sampled_from(self.entries()), label="entry")

    def articles_on_disk(self) -> list[Any]:
        return load_articles(self.root / "content" / "articles")[0]

    # --- what happens to the articles ----------------------------------------------------------

    @initialize(data=st.data(), n=st.integers(1, 3))
    def first_build(self, data: st.DataObject, n: int) -> None:
        """A dossier to work on from the first step: a few articles, built once."""
        for _ in range(n):
            self.add_article(data, "a{}.txt")
        self.build()

    def _article_text(self, data: st.DataObject) -> str:
        sentences = data.draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4,
                                       unique=True), label="sentences")
        day = data.draw(st.integers(1, 3), label="day")
        return f" date 2022-01-0{day} " + " ".join(sentences) + "\n"

    @rule(data=st.data(), name=st.sampled_from(["a{}.txt", "story {}.txt", "été {}.txt",
                                                "sub/dir/{}.txt"]))
    def add_article(self, data: st.DataObject, name: str) -> None:
        self.serial += 1
        fname = name.format(self.serial)
        text = self._article_text(data)
        path = self.root / "content" / "articles" / fname
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.articles[fname] = text
        self.dirty = True

    @precondition(lambda self: self.articles)
    @rule(data=st.data())
    def change_article(self, data: st.DataObject) -> None:
        fname = data.draw(st.sampled_from(sorted(self.articles)), label="article")
        text = self._article_text(data)
        (self.root / "content" / "articles" / fname).write_text(text, encoding="utf-8")
        self.articles[fname] = text
        self.dirty = True

    @precondition(lambda self: self.articles)
    @rule(data=st.data())
    def remove_article(self, data: st.DataObject) -> None:
        fname = data.draw(st.sampled_from(sorted(self.articles)), label="article")
        (self.root / "content" / "articles" / fname).unlink()
        del self.articles[fname]
        self.dirty = True

    @rule()
    def wipe_cache(self) -> None:
        shutil.rmtree(self.root / ".cache", ignore_errors=True)
        self.dirty = True

    @rule()
    def bump_extractor_version(self) -> None:
        Extractor.version += 1
        self.dirty = True

    # --- what a person does ------------------------------------------------------------------

    @precondition(lambda self: self.built and self.entries())
    @rule(data=st.data())
    def edit_field(self, data: st.DataObject) -> None:
        pair, section, i = self.pick(data)
        remove = data.draw(st.booleans(), label="remove") and data.draw(st.booleans())
        if remove:
            key = data.draw(st.sampled_from(REMOVABLE[section]), label="field")
            value: Any = GONE
        else:
            key = data.draw(st.sampled_from(sorted(EDITS[section])), label="field")
            value = data.draw(EDITS[section][key], label="value")

        def change(doc: Any) -> None:
            entry = doc[section][i]
            before = store.plain(entry[key]) if key in entry else GONE
            if value is GONE:
                if entry.get(key) is None:
                    return               # no change: a missing optional field reads as null
                del entry[key]
            elif store.plain(entry.get(key)) == value:
                return                   # no change (a missing optional field reads as null)
            else:
                entry[key] = value
            self._noted(pair, section, entry, key, value, before)

        self.edit(pair, change)

    @precondition(lambda self: self.built and self.articles_on_disk() and self.entries())
    @rule(data=st.data())
    def edit_sources(self, data: st.DataObject) -> None:
        pair, section, i = self.pick(data)
        article = data.draw(st.sampled_from([a.id for a in self.articles_on_disk()]), label="cite")
        value = [{"article": article, "sentence": data.draw(st.integers(0, 3))}]

        def change(doc: Any) -> None:
            before = store.plain(doc[section][i].get("sources"))
            if before == value:
                return
            doc[section][i]["sources"] = value
            self._noted(pair, section, doc[section][i], "sources", value, before)

        self.edit(pair, change)

    def _noted(self, pair: str, section: str, entry: Any, key: str, value: Any,
               before: Any) -> None:
        k = (pair, section, str(entry["id"]))
        if k in self.own:
            self.own[k] = plain_entry(entry)
        elif value == self.originals.setdefault((k, key), before) or (
                value is None and self.originals[(k, key)] is GONE):
            # Set back to what the build had proposed: the field follows the build again.
            self.fields.get(k, {}).pop(key, None)
            if not self.fields.get(k):
                self.fields.pop(k, None)
            del self.originals[(k, key)]
        else:
            self.fields.setdefault(k, {})[key] = value
        if k in self.verified:
            self.verified[k] = plain_entry(entry)
        if k in self.orders:
            self.orders[k] = list(entry)

    @precondition(lambda self: self.built and self.entries())
    @rule(data=st.data(), status=st.sampled_from(["rejected", "verified"]))
    def set_status(self, data: st.DataObject, status: str) -> None:
        pair, section, i = self.pick(data)

        def change(doc: Any) -> None:
            entry = doc[section][i]
            entry["status"] = status
            k = (pair, section, str(entry["id"]))
            self.statuses[k] = status
            self.verified.pop(k, None)
            if status == "verified":
                self.verified[k] = plain_entry(entry)
            if k in self.own:
                self.own[k] = plain_entry(entry)

        self.edit(pair, change)

    @precondition(lambda self: self.built and self.entries())
    @rule(data=st.data())
    def delete_entry(self, data: st.DataObject) -> None:
        pair, section, i = self.pick(data)

        def change(doc: Any) -> None:
            k = (pair, section, str(doc[section][i]["id"]))
            del doc[section][i]
            self.deleted.add(k)
            for table in (self.fields, self.statuses, self.verified, self.own, self.orders):
                table.pop(k, None)  # type: ignore[attr-defined]

        self.edit(pair, change)

    @precondition(lambda self: self.built and self.entries())
    @rule(data=st.data())
    def reorder_keys(self, data: st.DataObject) -> None:
        pair, section, i = self.pick(data)
        seed = data.draw(st.randoms(use_true_random=False), label="order")

        def change(doc: Any) -> None:
            entry = doc[section][i]
            keys = list(entry)
            seed.shuffle(keys)
            for key in keys:
                entry.move_to_end(key)
            self.orders[(pair, section, str(entry["id"]))] = list(entry)

        self.edit(pair, change)

    @precondition(lambda self: self.built and self.pair_files())
    @rule(data=st.data())
    def reorder_top_keys(self, data: st.DataObject) -> None:
        pair = data.draw(st.sampled_from(self.pair_files()), label="pair")
        key = data.draw(st.sampled_from(["pair", "summary", *store.SECTIONS]), label="key")

        def change(doc: Any) -> None:
            if key in doc:
                doc.move_to_end(key)
            self.top_orders[pair] = list(doc)

        self.edit(pair, change)

    @precondition(lambda self: self.built and self.pair_files())
    @rule(data=st.data(), text=_TRICKY)
    def write_summary(self, data: st.DataObject, text: str) -> None:
        pair = data.draw(st.sampled_from(self.pair_files()), label="pair")

        def change(doc: Any) -> None:
            doc["summary"] = text
            self.summaries[pair] = text

        self.edit(pair, change)

    @precondition(lambda self: self.built and self.pair_files())
    @rule(data=st.data(), own_line=st.booleans())
    def add_comment(self, data: st.DataObject, own_line: bool) -> None:
        """A comment typed into the file: on a line of its own before a key, or after a value."""
        pair = data.draw(st.sampled_from(self.pair_files()), label="pair")
        path = self.relations / f"{pair}.yaml"
        text = path.read_text("utf-8")
        lines = text.split("\n")
        # Lines that hold one complete key (a value on the same line, or a block below).
        keyed = [i for i, line in enumerate(lines) if re.match(
            r"""^\s*(- )?[a-z_]+:( (\[[^\]]*\]|[\w-]+|'[^'\n]*'|"[^"\n]*"))?$""", line)]
        if not keyed:
            return
        i = data.draw(st.sampled_from(keyed), label="line")
        self.serial += 1
        note = f"# note-{self.serial}"
        if own_line:
            indent = re.match(r"^\s*", lines[i]).group(0)  # type: ignore[union-attr]
            lines.insert(i, indent + note)
        else:
            lines[i] += "  " + note
        # A line of a text that runs over several lines can look like a key: a comment there
        # would be part of the text, which is no comment; a person would see it and undo it.
        try:
            same = parsed("\n".join(lines)) == parsed(text)
        except Exception:      # noqa: BLE001 - any YAML error: the comment broke the file
            same = False
        if not same:
            return
        path.write_text("\n".join(lines), encoding="utf-8")
        self.comments.setdefault(pair, set()).add(note)
        History.edits += 1
        self.dirty = True

    @precondition(lambda self: self.built and self.pair_files())
    @rule(data=st.data(), n=st.integers(0, 3))
    def add_own_entry(self, data: st.DataObject, n: int) -> None:
        pair = data.draw(st.sampled_from(self.pair_files()), label="pair")
        self.serial += 1
        eid = f"mine-{self.serial}"
        cited = [a.id for a in self.articles_on_disk()][:1]

        def change(doc: Any) -> None:
            entry = {"id": eid, "text": f"My own finding {n}.", "topic": "other",
                     "tone": "neutral", "countries": pair.split("-"), "status": "verified"}
            if cited:
                entry["sources"] = [{"article": cited[0], "sentence": n}]
            doc["facts"].append(CommentedMap(entry))
            self.own[(pair, "facts", eid)] = plain_entry(doc["facts"][-1])

        self.edit(pair, change)

    @precondition(lambda self: self.built and self.pair_files())
    @rule(data=st.data())
    def delete_pair_file(self, data: st.DataObject) -> None:
        pair = data.draw(st.sampled_from(self.pair_files()), label="pair")
        (self.relations / f"{pair}.yaml").unlink()
        self.pairs_deleted.add(pair)
        self.dirty = True

    # --- the build and what must hold after it -------------------------------------------------

    @rule()
    def build(self) -> None:
        before = {p: p.read_bytes() for p in self.relations.rglob("*") if p.is_file()} \
            if self.relations.is_dir() else {}
        build_module.build(Config.load(self.root), site=False, quiet=True)
        History.builds += 1
        after = {p: p.read_bytes() for p in self.relations.rglob("*") if p.is_file()}
        if not self.dirty:
            assert after == before, "a build with nothing new changed files"
        self.dirty, self.built = False, True
        self.check()

    def check(self) -> None:  # noqa: C901 - one list of invariants, read top to bottom
        articles = self.articles_on_disk()
        existing = {a.id for a in articles}
        expected = expected_facts(articles, Extractor.version)
        files: dict[tuple[str, str], tuple[dict, str]] = {}
        for path in sorted(self.relations.glob("*.yaml")):
            text = path.read_text("utf-8")
            files[tuple(path.stem.split("-"))] = (parsed(text), text)    # type: ignore[index]
            errors = store.validate(files[tuple(path.stem.split("-"))][0], path, set(NAMES))
            assert errors == [], errors
        assert not list(self.relations.glob(".*.tmp")), "temporary files left behind"
        for pair in self.pairs_deleted:
            assert pair not in {f"{a}-{b}" for a, b in files}, f"{pair}: deleted file came back"
        seen: set[tuple[str, str, str]] = set()
        for (a, b), (doc, text) in files.items():
            pair = f"{a}-{b}"
            assert doc.get("summary") == self.summaries.get(pair, doc.get("summary")), pair
            if pair in self.top_orders:
                order = [k for k in self.top_orders[pair] if k in doc]
                assert [k for k in doc if k in order] == order, f"{pair}: top-level key order"
            for note in self.comments.get(pair, set()):
                assert text.count(note) == 1, f"{pair}: comment {note} lost"
            for section in store.SECTIONS:
                ids = [str(e["id"]) for e in doc.get(section) or []]
                assert len(ids) == len(set(ids)), f"{pair} {section}: duplicate ids {ids}"
                claims: dict[str, str] = {}
                for entry in doc.get(section) or []:
                    k = (pair, section, str(entry["id"]))
                    seen.add(k)
                    self._check_entry(k, entry, existing, claims, expected.get((a, b), {}))
            # Every claim the extraction proposes and nobody deleted or rejected is on the page.
            present = {claim_key(e["text"]) for e in doc.get("facts") or []}
            present |= {c for (p, s, c), i in self.claim_ids.items()
                        if p == pair and s == "facts" and (p, s, i) in self.deleted | seen}
            missing = set(expected.get((a, b), {})) - present
            assert not missing, f"{pair}: extracted facts missing: {missing}"
        for k in self.deleted:
            assert k not in seen, f"deleted entry came back: {k}"
        for table in (self.fields, self.statuses, self.verified, self.own):
            for k in table:  # type: ignore[attr-defined]
                if k[0] not in self.pairs_deleted:
                    assert k in seen, f"an entry a person worked on disappeared: {k}"
        # Key order alone does not make an entry or a file a person's: it may go with its source.
        self.orders = {k: v for k, v in self.orders.items() if k in seen}
        self.top_orders = {p: v for p, v in self.top_orders.items()
                           if tuple(p.split("-")) in files}
        for a, b in expected:
            pair = f"{a}-{b}"
            assert (a, b) in files or pair in self.pairs_deleted, f"{pair}: no file"
        # An entry the machine dropped (no longer extracted, nobody touched it) may come back
        # under the id of the article that then states it first.
        self.claim_ids = {k: v for k, v in self.claim_ids.items()
                          if (k[0], k[1], v) in seen | self.deleted}

    def _check_entry(self, k: tuple[str, str, str], entry: Any, existing: set[str],
                     claims: dict[str, str], expected: dict[str, dict]) -> None:
        pair, section, eid = k
        for key, value in self.fields.get(k, {}).items():
            if value is GONE:
                assert key not in entry, f"{k}: removed field {key} is back"
            else:
                assert store.plain(entry.get(key)) == value, f"{k}: edit of {key} lost"
        if k in self.statuses:
            assert entry["status"] == self.statuses[k], f"{k}: status changed"
        elif self.fields.get(k):
            assert entry["status"] == "edited", f"{k}: an edited entry is not marked edited"
        if k in self.verified:
            # Nothing changes but the reports of its event: new ones join, none goes.
            was, now = self.verified[k], plain_entry(entry)
            gained = now.get("sources") or []
            assert {x: v for x, v in now.items() if x != "sources"} == {
                x: v for x, v in was.items() if x != "sources"}, f"{k}: verified entry changed"
            assert gained[:len(was.get("sources") or [])] == (was.get("sources") or []), \
                f"{k}: a verified entry lost a source"
        if k in self.own:
            assert plain_entry(entry) == self.own[k], f"{k}: a person's own entry changed"
        if k in self.orders:
            order = [key for key in self.orders[k] if key in entry]
            assert [key for key in entry if key in order] == order, f"{k}: key order lost"
        sources = entry.get("sources") or []
        if sources:
            cited = {str(s["article"]) for s in sources}
            assert entry.get("orphaned") is True or cited & existing, \
                f"{k}: cites only removed articles {cited} and is not flagged orphaned"
        if k in self.own:
            return
        # Ids are stable: a claim keeps the id it was first given, and has only one entry.
        if not set(IDENTITY[section]) & set(self.fields.get(k, {})):
            claim = entry_claim(section, entry)
            History.claims_checked[section] += 1
            first = self.claim_ids.setdefault((pair, section, claim), eid)
            assert first == eid, f"{pair}: {claim!r} was {first}, now also {eid}"
            assert claims.setdefault(claim, eid) == eid, f"{pair}: {claim!r} twice"
            # Fields nobody touched follow the extraction; what it no longer finds is flagged.
            if section == "facts" and entry["status"] == "extracted":
                now = expected.get(claim)
                if now is None:
                    assert entry.get("orphaned") is True, f"{k}: no longer extracted, still here"
                else:
                    assert entry.get("orphaned") is not True, f"{k}: extracted yet orphaned"
                    assert (entry["topic"], entry["tone"]) == (now["topic"], now["tone"]), \
                        f"{k}: untouched fields did not follow the extraction"


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_hand_edits_survive_any_history(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlp, "extract_all", fake_extract_all)
    monkeypatch.setattr(build_module, "_extractor_digest", lambda: f"fake-{Extractor.version}")
    # The pages are made from the YAML afterwards and have tests of their own (test_render,
    # test_site, test_security); rendering them hundreds of times here would only cost time.
    monkeypatch.setattr(render, "render_pages", lambda *args, **kwargs: render.Rendered({}, []))
    monkeypatch.setattr(render, "write_pages", lambda *args, **kwargs: render.RenderReport())
    History.histories = History.builds = History.edits = 0
    History.claims_checked.clear()
    run_state_machine_as_test(History, settings=settings(
        max_examples=EXAMPLES, stateful_step_count=10, deadline=None, database=None,
        derandomize=True, suppress_health_check=list(HealthCheck), report_multiple_bugs=False))
    print(f"{History.histories} histories, {History.builds} builds, {History.edits} hand edits,"
          f" claims checked: {dict(History.claims_checked)}")
    assert History.histories >= EXAMPLES and History.builds >= 2 * EXAMPLES
    assert all(History.claims_checked[section] for section in IDENTITY)


# ------------------------------------------------------------------ histories found, kept as tests
# Each of these failed before the fix it names; they run the merge alone, on one pair file.

PAIR = ("FR", "KZ")


class PairHistory:
    """One pair file through successive merges, as the build runs them."""

    def __init__(self, tmp: Path) -> None:
        self.path = tmp / "FR-KZ.yaml"
        self.text: str | None = None
        self.base: dict[str, Any] = {}

    def merge(self, facts: dict[str, tuple[dict[str, Any], list[str]]],
              articles: set[str] | None = None) -> merge_module.MergeResult:
        pf = None
        if self.text is not None:
            pf = store.PairFile(self.path, PAIR, person_yaml().load(self.text), self.text,
                                self.base)
        fresh = {"facts": {i: {"fields": f, "alt": alt} for i, (f, alt) in facts.items()}}
        res = merge_module.merge(pf, self.path, PAIR, fresh, articles=articles)
        self.text, self.base = res.text, res.base
        return res

    def edit(self, change) -> None:  # type: ignore[no-untyped-def]
        assert self.text is not None
        doc = person_yaml().load(self.text)
        change(doc)
        self.text = dump(doc)

    @property
    def facts(self) -> list[dict[str, Any]]:
        return store.plain(person_yaml().load(self.text or ""))["facts"]


def fact(text: str, *articles: str, topic: str = "diplomacy") -> dict[str, Any]:
    return {"text": text, "topic": topic, "tone": "neutral", "date": None, "countries": list(PAIR),
            "actor": "FR", "target": "KZ", "why": "FR acts on KZ",
            "sources": [{"article": a, "sentence": 0} for a in articles]}


def test_claim_keeps_its_entry_when_its_first_article_goes(tmp_path: Path) -> None:
    """Ids came from the first article: without it the claim came back as a second entry."""
    h = PairHistory(tmp_path)
    h.merge({"id-a": (fact("France and Kazakhstan signed.", "a", "b"), ["id-b"])})
    h.edit(lambda doc: doc["facts"][0].__setitem__("tone", "cooperative"))
    h.merge({"id-b": (fact("France and Kazakhstan signed.", "b"), [])}, articles={"b"})
    assert [(f["id"], f["tone"], f["status"], f["sources"]) for f in h.facts] == [
        ("id-a", "cooperative", "edited", [{"article": "b", "sentence": 0}])]


def test_deleted_claim_stays_deleted_under_any_id(tmp_path: Path) -> None:
    h = PairHistory(tmp_path)
    h.merge({"id-a": (fact("France and Kazakhstan signed.", "a"), [])})
    h.edit(lambda doc: doc["facts"].pop(0))
    h.merge({})                                            # its article goes …
    h.merge({"id-c": (fact("France and Kazakhstan SIGNED", "c"), [])})   # … another states it
    assert h.facts == []


def test_an_edit_stays_after_the_extraction_once_agreed_with_it(tmp_path: Path) -> None:
    """The base took the agreeing value, and the next extraction overwrote the person's."""
    h = PairHistory(tmp_path)
    h.merge({"x": (fact("France and Kazakhstan signed.", "a", topic="diplomacy"), [])})
    h.edit(lambda doc: doc["facts"][0].__setitem__("topic", "economy"))
    for topic in ("economy", "energy", "diplomacy"):
        h.merge({"x": (fact("France and Kazakhstan signed.", "a", topic=topic), [])})
        assert h.facts[0]["topic"] == "economy"


def test_a_comment_keeps_its_entry_when_the_source_goes(tmp_path: Path) -> None:
    h = PairHistory(tmp_path)
    h.merge({"x": (fact("France and Kazakhstan signed.", "a"), [])})
    h.text = (h.text or "").replace("    tone: neutral", "    tone: neutral  # checked by Ana")
    h.merge({}, articles=set())
    assert "# checked by Ana" in (h.text or "")
    assert [(f["id"], f["orphaned"]) for f in h.facts] == [("x", True)]


def test_a_section_emptied_under_a_comment_stays_valid_yaml(tmp_path: Path) -> None:
    """ruamel wrote 'facts:  # note' and then '[]' on a line of its own."""
    h = PairHistory(tmp_path)
    h.merge({"x": (fact("France and Kazakhstan signed.", "a"), [])})
    h.text = (h.text or "").replace("facts:\n", "facts:  # the treaty only\n")
    h.merge({})
    assert "# the treaty only" in (h.text or "") and h.facts == []


def test_comments_in_values_the_build_replaces_are_kept(tmp_path: Path) -> None:
    h = PairHistory(tmp_path)
    h.merge({"x": (fact("France and Kazakhstan signed.", "a"), [])})
    h.text = (h.text or "").replace("    status:", "    # sources checked\n    status:", 1)
    h.text = h.text.replace("    actor: FR", "    actor: FR  # says the wire")
    no_actor = {**fact("France and Kazakhstan signed.", "a", "b"), "actor": None}
    h.merge({"x": (no_actor, [])})
    assert "# sources checked" in (h.text or "") and "# says the wire" in (h.text or "")
    assert h.facts[0]["sources"][1] == {"article": "b", "sentence": 0}


def test_an_emptied_pair_that_remembers_deletions_is_kept(tmp_path: Path) -> None:
    """It was removed with its base, and the deleted entries came back on the next build."""
    h = PairHistory(tmp_path)
    h.merge({"x": (fact("France and Kazakhstan signed.", "a"), [])})
    h.edit(lambda doc: doc["facts"].pop(0))
    for _ in range(2):              # the second build sees the file exactly as the first left it
        pf = store.PairFile(h.path, PAIR, person_yaml().load(h.text or ""), h.text or "", h.base)
        res = h.merge({"x": (fact("France and Kazakhstan signed.", "a"), [])})
        assert h.facts == [] and not merge_module.is_vacant(res, pf)


def test_entries_citing_only_removed_articles_are_flagged(tmp_path: Path) -> None:
    h = PairHistory(tmp_path)
    h.merge({"x": (fact("France and Kazakhstan signed.", "a"), [])}, articles={"a"})
    h.edit(lambda doc: doc["facts"][0].__setitem__("status", "verified"))
    h.edit(lambda doc: doc["facts"].append({"id": "mine", "text": "Mine.", "status": "verified",
                                            "sources": [{"article": "a", "sentence": 1}]}))
    h.merge({"x": (fact("France and Kazakhstan signed.", "b"), [])}, articles={"b"})
    # The verified fact gains the report that remains (and keeps the one that went); the
    # person's own entry cites nothing that exists.
    assert [(f["id"], f.get("orphaned")) for f in h.facts] == [("x", None), ("mine", True)]
    assert [s["article"] for s in h.facts[0]["sources"]] == ["a", "b"]
    h.merge({"x": (fact("France and Kazakhstan signed.", "a"), [])}, articles={"a", "b"})
    assert [(f["id"], f.get("orphaned")) for f in h.facts] == [("x", None), ("mine", None)]
