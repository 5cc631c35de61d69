"""Relevance: whether a sentence that names two countries says something about how they relate.

A pair page is a brief on a relation, not an index of co-mentions: sport results, charts, lists
of markets and parallel facts name two countries without relating them. Each candidate (a
sentence and a pair of countries named in it) is described by features of its parse and its
event (does one country act on the other, through which verb, coded as which CAMEO event; how
many countries the sentence lists; sport or entertainment phrases; its words), and a logistic
model learned from labelled news (``scripts/train_relevance.py``, labels in
``scripts/relevance/``) turns them into a probability. The same features, with the event,
choose the topic and the tone.

The model is a file of weights (``data/relevance_model.json``), applied here in plain Python: a
dot product per candidate, so extraction keeps its speed. Without the file every candidate is
kept, as before relevance was learned.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Span

from .events import Event

DATA = Path(__file__).resolve().parents[1] / "data"
MODEL = DATA / "relevance_model.json"
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


@dataclass(frozen=True)
class Model:
    """Logistic weights for relevance, and one-vs-rest weights for topic and tone."""

    relevance: dict[str, float]
    threshold: float
    topic: dict[str, dict[str, float]]
    tone: dict[str, dict[str, float]]

    def relevant(self, feats: Iterable[str]) -> float:
        return _sigmoid(sum(self.relevance.get(f, 0.0) for f in feats))

    def classify(self, table: dict[str, dict[str, float]], feats: list[str]) -> str | None:
        if not table:
            return None
        return max(sorted(table), key=lambda c: sum(table[c].get(f, 0.0) for f in feats))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, x))))


@lru_cache(maxsize=1)
def model() -> Model | None:
    """The learned model, or None when there is none yet (every candidate is then kept)."""
    try:
        data = json.loads(MODEL.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return Model(data["relevance"], float(data["threshold"]), data.get("topic") or {},
                 data.get("tone") or {})
