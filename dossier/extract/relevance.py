"""Relevance: whether a sentence that names two countries says something about how they relate.

A pair page is a brief on a relation, not an index of co-mentions: sport results, charts, lists
of markets and parallel facts name two countries without relating them. Each candidate (a
sentence and a pair of countries named in it) is described by features of its parse and its
event (does one country act on the other, through which verb, coded as which CAMEO event; how
many countries the sentence lists; sport or entertainment phrases; its words), and a logistic
model learned from labelled news (``scripts/train_relevance.py``, labels in
``scripts/relevance/``) turns them into a probability. The same features, with the event,
choose the topic and the tone.

The model is a file of weights (``data/relevance_model.json.gz``), applied here in plain Python: a
dot product per candidate, so extraction keeps its speed. Without the file every candidate is
kept, as before relevance was learned.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span

from ..models import Mention
from .events import Event
from .lexicon import ARTICLE_KINDS, TOPIC_WORDS

DATA = Path(__file__).resolve().parents[1] / "data"
# A wire story's dateline: "ZEEBRUGGE, Belgium -", "TOKYO, March 3 -", "WASHINGTON (Reuters) -".
_DATELINE = re.compile(r"^\s*[A-Z][A-Z .,'-]{2,40}(?:,\s*[A-Za-z0-9 .]+)?\s*(?:\(|-|\u2014)")
MODEL = DATA / "relevance_model.json.gz"
_CONTENT = ("NOUN", "VERB", "ADJ", "PROPN", "ADV")


@lru_cache(maxsize=1)
def _discards() -> re.Pattern[str]:
    phrases = [line for line in (DATA / "discards.txt").read_text(encoding="utf-8").splitlines()
               if line and not line.startswith("#")]
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in sorted(phrases, key=len,
                                                                         reverse=True)) + r")\b")


def features(sent: Span, kinds: tuple[str, str], link: str, n_countries: int,
             event: Event | None, verb: str | None) -> list[str]:
    """The names of the features a candidate has (each counts 1)."""
    out = ["bias", f"link={link}", f"countries={min(n_countries, 5)}",
           *sorted({f"kind={k}" for k in kinds})]
    if event is not None:
        out += [f"root={event.root}", f"quad={event.quad_class}",
                "goldstein=" + ("pos" if event.goldstein > 0 else "neg" if event.goldstein < 0
                                else "zero")]
    else:
        out.append("event=none")
    if verb:
        out.append(f"verb={verb}")
    if _discards().search(sent.text.lower()):
        out.append("discard")
    out += sorted({f"w={t.lemma_.lower()}" for t in sent
                   if t.pos_ in _CONTENT and t.is_alpha and len(t.text) > 1
                   and t.ent_type_ not in ("GPE", "NORP")})
    digits = sum(t.like_num for t in sent)
    out.append(f"numbers={min(digits, 4)}")
    return out


def path_features(a: Span | None, b: Span | None) -> list[str]:
    """How the two countries' words are joined in the parse: the dependency path between them
    (labels, the words on it, the word where it turns), what each one modifies ("Japanese
    crushers", "the US Embassy"), and the words between them."""
    if a is None or b is None:
        return ["path=none"]
    doc = a.doc
    ra, rb = a.root, b.root
    up_a = [ra, *ra.ancestors]
    index_b = {t.i: k for k, t in enumerate([rb, *rb.ancestors])}
    turn = next((t for t in up_a if t.i in index_b), None)
    if turn is None:
        return ["path=none"]
    up = up_a[:up_a.index(turn)]
    down = [rb, *rb.ancestors][:index_b[turn.i]]
    out = ["path=" + "/".join([t.dep_ for t in up] + [f"^{turn.pos_}"]
                              + [t.dep_ for t in reversed(down)]),
           f"path_length={min(len(up) + len(down), 6)}", f"turn={turn.lemma_.lower()}",
           f"turn_pos={turn.pos_}"]
    out += [f"on_path={t.lemma_.lower()}" for t in up[1:] + down[1:]]
    for r in (ra, rb):
        out.append(f"role={r.dep_}")
        if r.dep_ in ("compound", "amod", "poss", "nmod"):
            out.append(f"modifies={r.head.lemma_.lower()}")
    lo, hi = sorted((ra.i, rb.i))
    out += [f"between={t.lemma_.lower()}" for t in doc[lo + 1:hi][:10] if t.is_alpha]
    out.append(f"gap={min(hi - lo, 12) // 3}")
    return out


def article_features(doc: Doc) -> list[str]:
    """What kind of article the sentence is in: the share of its words that are sport,
    entertainment or market words (in per cent, capped), and its word-count topic. The same
    two countries relate in a story on talks and do not in a match report."""
    lemmas = [t.lemma_.lower() for t in doc if t.is_alpha]
    n = max(1, len(lemmas))
    out = [f"article_{kind}={min(100 * sum(w in words for w in lemmas) // n, 6)}"
           for kind, words in ARTICLE_KINDS.items()]
    counts = {name: sum(w in words for w in lemmas) for name, words in TOPIC_WORDS.items()}
    if any(counts.values()):
        out.append("article_topic=" + max(sorted(counts), key=lambda k: counts[k]))
    return out


def context_features(sent: Span, pair: tuple[str, str], mentions: list[Mention]) -> list[str]:
    """The words next to either country with the countries masked ("A beat B" and "B beat A"
    look alike; another country is "C"), the sentence's length, a wire digest's run of dashes,
    and a country named only in the dateline."""
    at = {m.start: ("A" if m.code in pair else "C", m.end) for m in mentions
          if sent.start_char <= m.start < sent.end_char}
    words: list[str] = []
    skip = -1
    for t in sent:
        if t.idx < skip or t.is_punct:
            continue
        if t.idx in at:
            mark, skip = at[t.idx]
            words.append(mark)
        else:
            words.append("#" if t.like_num else t.lemma_.lower())
    out = sorted({f"bi={x}_{y}" for x, y in zip(words, words[1:], strict=False)
                  if "A" in (x, y)})
    out.append(f"length={min(len(sent) // 10, 6)}")
    if "- - -" in sent.text:
        out.append("digest")
    head = _DATELINE.match(sent.text)
    if head and any(m.code in pair and sent.start_char <= m.start < sent.start_char + head.end()
                    for m in mentions):
        out.append("dateline_country")
    return out


@dataclass(frozen=True)
class Model:
    """Logistic weights for relevance, and one-vs-rest weights for the CAMEO root, the topic and
    the tone. The tone reads the root it is given as one more feature (``root_feature``): the
    tone between two countries follows from what one does to the other."""

    relevance: dict[str, float]
    threshold: float
    topic: dict[str, dict[str, float]]
    tone: dict[str, dict[str, float]]
    root: dict[str, dict[str, float]]

    def relevant(self, feats: Iterable[str]) -> float:
        return _sigmoid(sum(self.relevance.get(f, 0.0) for f in feats))

    def classify(self, table: dict[str, dict[str, float]], feats: list[str]) -> str | None:
        if not table:
            return None
        return max(sorted(table), key=lambda c: sum(table[c].get(f, 0.0) for f in feats))


def root_feature(root: str | None) -> str:
    """The feature by which the tone model reads the event's CAMEO root."""
    return f"event_root={root or 'none'}"


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, x))))


@lru_cache(maxsize=1)
def model() -> Model | None:
    """The learned model, or None when there is none (every related pair is then kept)."""
    try:
        data = json.loads(gzip.decompress(MODEL.read_bytes()))
    except FileNotFoundError:
        return None
    return Model(data["relevance"], float(data["threshold"]), data.get("topic") or {},
                 data.get("tone") or {}, data.get("root") or {})
