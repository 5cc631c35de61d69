"""Facts: sentences that say something about a pair of countries, with topic, tone and date."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from itertools import combinations

from spacy.tokens import Doc, Span

from ..countries import pair_key
from ..models import Fact, Mention
from .dates import sentence_date
from .lexicon import CONFLICTUAL, COOPERATIVE, TOPIC_WORDS


def sentence_countries(doc: Doc, mentions: Iterable[Mention]) -> list[list[Mention]]:
    """The mentions of each sentence, indexed like ``doc.sents``."""
    sents = list(doc.sents)
    starts = [s.start_char for s in sents]
    out: list[list[Mention]] = [[] for _ in sents]
    for m in mentions:
        i = bisect.bisect_right(starts, m.start) - 1
        if i >= 0:
            out[i].append(m)
    return out


def topic(sent: Span) -> str:
    """The topic whose words occur most often in the sentence; ``other`` without any."""
    lemmas = [t.lemma_.lower() for t in sent if t.is_alpha]
    best, best_n = "other", 0
    for name, words in TOPIC_WORDS.items():
        n = sum(1 for lemma in lemmas if lemma in words)
        if n > best_n:
            best, best_n = name, n
    return best


def tone(sent: Span) -> str:
    """cooperative, conflictual or neutral by the balance of tone words; negation flips a word."""
    score = 0
    for t in sent:
        lemma = t.lemma_.lower()
        sign = 1 if lemma in COOPERATIVE else -1 if lemma in CONFLICTUAL else 0
        if sign and (any(c.dep_ == "neg" for c in t.children)
                     or any(c.dep_ == "neg" for c in t.head.children)):
            sign = -sign     # "did not support", "no sanctions"
        score += sign
    return "cooperative" if score > 0 else "conflictual" if score < 0 else "neutral"


def _direction(sent: Span, by_code: dict[str, list[Mention]]) -> tuple[str | None, str | None]:
    """(actor, target) when one country is the subject of the main verb and the other sits in its
    object or a prepositional phrase of it: "Kazakhstan accused the United States of …"."""
    subj_codes, other_codes = set(), set()
    for code, ms in by_code.items():
        for m in ms:
            span = sent.doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            head = span.root
            chain = [head, *head.ancestors]
            if any(t.dep_ in ("nsubj", "nsubjpass") and t.head == sent.root for t in chain):
                subj_codes.add(code)
            elif any(t.dep_ in ("dobj", "pobj", "dative") for t in chain):
                other_codes.add(code)
    if len(subj_codes) == 1:
        actor = next(iter(subj_codes))
        targets = other_codes - subj_codes
        if len(targets) == 1:
            return actor, next(iter(targets))
    return None, None


def facts(doc: Doc, mentions: list[Mention], *, article_date: str | None = None
          ) -> Iterator[Fact]:
    """One fact per pair of countries named in a sentence (historical states pair like any
    other: the Soviet Union is not Russia)."""
    per_sentence = sentence_countries(doc, mentions)
    for i, sent in enumerate(doc.sents):
        by_code: dict[str, list[Mention]] = {}
        for m in per_sentence[i]:
            by_code.setdefault(m.code, []).append(m)
        if len(by_code) < 2:
            continue
        t, tn, d = topic(sent), tone(sent), sentence_date(sent, article_date)
        actor, target = _direction(sent, by_code)
        text = " ".join(sent.text.split())
        for a, b in combinations(sorted(by_code), 2):
            pair = pair_key(a, b)
            act = actor if actor in pair and target in pair else None
            tgt = target if act else None
            yield Fact(pair, i, sent.start_char, sent.end_char, text, t, tn, d,
                       tuple(sorted(by_code)), act, tgt)
