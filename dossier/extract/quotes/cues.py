"""The quote rules' learned tables and thresholds: which words are cues, and how sure each is.

Tables (in ``dossier/data/``, counts only, no text of the corpus):

- ``cues.tsv``: every head word of an annotated attribution cue in PolNeAR ``train`` (lemma, part
  of speech), how often it is a cue and how often it occurs at all (hence a precision), and the
  dependency labels its content hangs on; made by ``scripts/derive_cues.py``.
- ``speakers.tsv``: common nouns heading an annotated source in PolNeAR ``train`` ("voters",
  "poll"), with how often they occur at all; made by the same script.
- ``cue_hits.tsv``: per cue, how often the extractor's own reported speech matched an annotated
  attribution in PolNeAR ``train``; made by ``scripts/derive_cue_hits.py`` with the false-alarm
  filter below off.

The thresholds these tables are read with are in ``dossier/thresholds.py``, set on PolNeAR
``train`` (``scripts/eval_quotes.py --split train``); the ``dev`` split is for measuring only.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

from ...thresholds import (
    FALSE_ALARM_MAX_MATCHED,
    FALSE_ALARM_MIN_REPORTED,
    FALSE_ALARM_PRECISION,
    MIN_CUE_COUNT,
    MIN_CUE_PRECISION,
    MIN_SPEAKER_SHARE,
    SURE_CUE_PRECISION,
)
from ..lexicon import SPEECH_VERBS


@dataclass(frozen=True)
class Cue:
    """How a word introduces attributed content, learned from annotated news (data/cues.tsv)."""

    precision: float              # how often the word is a cue when it occurs
    content: tuple[str, ...]      # dependency labels of its content, most frequent first
    head: bool                    # whether its content is often the clause it interrupts


_CONTENT_DEPS = ("ccomp", "xcomp", "dobj", "advcl")
# What may follow a cue's object and belongs to what is said of it ("criticized Lopez for …").
OBJECT_TAIL = ("prep", "oprd", "ccomp", "xcomp", "advcl")
# A hand-kept speech verb (lexicon.SPEECH_VERBS) the learned table does not know.
DEFAULT_CUE = Cue(1.0, ("ccomp",), True)
CUES = Path(__file__).resolve().parents[2] / "data" / "cues.tsv"
SPEAKERS = CUES.with_name("speakers.tsv")
CUE_HITS = CUES.with_name("cue_hits.tsv")
# What a long speaker phrase in a tag is made of ("the Peruvian deputy trade minister").
TAG_PHRASE_POS = ("PROPN", "NOUN", "DET", "ADJ", "NUM", "PART", "PUNCT")
# What a speaker's phrase with an apposition is made of ("Ruiz, a top Lopez ally,").
PHRASE_POS = ("PROPN", "NOUN", "DET", "ADJ", "NUM", "ADP", "PART", "CCONJ", "PRON")


def _rows(path: Path) -> list[list[str]]:
    """The tab-separated rows of one of the derived tables, without comments (none if absent)."""
    if not path.exists():
        return []
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def learned_speakers() -> frozenset[str]:
    """Common nouns that head a source in annotated news ("voters", "poll"): data/speakers.tsv."""
    # A noun that is a source only now and then ("the new rules will …") is no speaker.
    return frozenset(row[0] for row in _rows(SPEAKERS)
                     if int(row[1]) >= MIN_SPEAKER_SHARE * int(row[2]))


@lru_cache(maxsize=1)
def false_alarm_cues() -> frozenset[tuple[str, str]]:
    """Rare cues ("put", "provide", "draw") whose reported speech mostly matched no annotated
    attribution on PolNeAR train: data/cue_hits.tsv, made by scripts/derive_cue_hits.py."""
    table = cue_table()
    out = set()
    for lemma, pos, reported, matched in (row[:4] for row in _rows(CUE_HITS)):
        cue = table.get((lemma, pos))
        if cue is not None and cue.precision < FALSE_ALARM_PRECISION \
                and int(reported) >= FALSE_ALARM_MIN_REPORTED \
                and int(matched) < FALSE_ALARM_MAX_MATCHED * int(reported):
            out.add((lemma, pos))
    return frozenset(out)


@lru_cache(maxsize=1)
def cue_table() -> dict[tuple[str, str], Cue]:
    """The learned cues by (lemma, part of speech): data/cues.tsv, the rare ones left out."""
    table: dict[tuple[str, str], Cue] = {}
    for row in _rows(CUES):
        lemma, pos, count, _total, precision, content, _source = (row + [""] * 7)[:7]
        if int(count) < MIN_CUE_COUNT:
            continue
        deps = [d.rsplit(":", 1) for d in content.split(",") if ":" in d]
        n = int(count)
        learned = tuple(d for d, c in deps if d in _CONTENT_DEPS and int(c) >= 0.1 * n)
        head = any(d == "head" and int(c) >= 0.05 * n for d, c in deps)
        table[(lemma, pos)] = Cue(float(precision), learned or ("ccomp",), head)
    return table


def reporting_cue(tok: Token) -> Cue | None:
    """The cue a verb is for reported speech: a learned one, else a hand-kept speech verb's;
    none when it is too rarely a cue or mostly a false alarm (``false_alarm_cues``, looked up
    when called so that ``scripts/derive_cue_hits.py`` can switch it off)."""
    cue = cue_table().get((tok.lemma_.lower(), tok.pos_))
    if cue is None and tok.lemma_ in SPEECH_VERBS and tok.pos_ == "VERB":
        cue = DEFAULT_CUE
    if cue is None or cue.precision < MIN_CUE_PRECISION or tok.pos_ != "VERB" \
            or (tok.lemma_.lower(), tok.pos_) in false_alarm_cues():
        return None
    return cue


def precision(tok: Token) -> float:
    """How often the word is a cue when it occurs (0 for a word the table does not know)."""
    cue = cue_table().get((tok.lemma_.lower(), tok.pos_))
    return cue.precision if cue is not None else 0.0


def is_cue(tok: Token) -> bool:
    """A sure cue: a learned one that is often an attribution, or a hand-kept speech verb."""
    return precision(tok) >= SURE_CUE_PRECISION or tok.lemma_ in SPEECH_VERBS
