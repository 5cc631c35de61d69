"""Facts: sentences that say something about a pair of countries, with topic, tone and date."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc, Span

from ..models import Fact, Mention
from .dates import sentence_date
from .lexicon import CONFLICTUAL, COOPERATIVE, TOPIC_WORDS
from .pairs import Link, links


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


# Phrases that name both parties of the story so far.
_TWO_PARTIES = re.compile(r"\b(?:the two|both) (?:countries|nations|sides|states|governments|"
                          r"neighbou?rs|capitals|leaders|presidents|ministers|allies)\b|"
                          r"\bbilateral\b|\beach other\b", re.I)


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


def facts(doc: Doc, mentions: list[Mention], *, article_date: str | None = None
          ) -> Iterator[Fact]:
    """One fact per pair of countries named in a sentence (historical states pair like any
    other: the Soviet Union is not Russia)."""
    per_sentence = sentence_countries(doc, mentions)
    previous: list[Link] = []
    for i, sent in enumerate(doc.sents):
        by_code: dict[str, list[Mention]] = {}
        for m in per_sentence[i]:
            by_code.setdefault(m.code, []).append(m)
        found = links(sent, per_sentence[i])
        if not found and len(previous) == 1 and set(by_code) <= set(previous[0].pair):
            # The story goes on without naming both: "the two countries", "both sides".
            cue = _TWO_PARTIES.search(sent.text)
            if cue:
                a, b = previous[0].pair
                found = [Link(previous[0].pair, None, None,
                              f"continues the previous sentence about {a} and {b} "
                              f"(“{cue.group(0)}”)")]
        previous = found
        if not found:
            continue
        t, tn, d = topic(sent), tone(sent), sentence_date(sent, article_date)
        text = " ".join(sent.text.split())
        codes = tuple(sorted(set(by_code) | {c for link in found for c in link.pair}))
        for link in found:
            yield Fact(link.pair, i, sent.start_char, sent.end_char, text, t, tn, d,
                       codes, link.actor, link.target, link.why)
