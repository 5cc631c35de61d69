"""Facts: sentences that say something about a pair of countries, with topic, tone and date."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import combinations

from spacy.tokens import Doc, Span

from ..models import Fact, Mention
from .dates import sentence_date
from .events import Event, code_sentence, event, sector
from .lexicon import CONFLICTUAL, COOPERATIVE, TOPIC_WORDS
from .pairs import Link, links
from .relevance import Model, article_features, context_features, features, model, path_features, root_feature


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


@dataclass(frozen=True)
class Candidate:
    """A sentence and a pair of countries named in it, with what the parse and the event coder
    say of them: what the relevance model judges."""

    sentence: int
    sent: Span
    link: Link
    linked: bool              # whether the parse relates the two (else only named together)
    countries: tuple[str, ...]
    event: Event | None
    features: list[str]
    sectors: tuple[str | None, str | None]


def candidates(doc: Doc, mentions: list[Mention], *, with_features: bool = True,
               linked_only: bool = False) -> Iterator[Candidate]:
    """Every pair of countries named in a sentence (and the pair a sentence continues: "the two
    countries"), or only those the parse relates, with its link, event and (unless
    ``with_features`` is false: nothing will judge them) the features the relevance model
    reads. The model learns from every pair; only related ones can become facts."""
    per_sentence = sentence_countries(doc, mentions)
    article: list[str] | None = None      # computed for the first candidate judged, if any
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
                              f"(“{cue.group(0)}”)", "continues")]
        previous = found
        linked = {link.pair: link for link in found}
        pairs = sorted(set(linked) | set(combinations(sorted(by_code), 2)))
        # The word-count topic and tone of the sentence: features of the learned ones.
        lexicon_topic, lexicon_tone = (topic(sent), tone(sent)) if pairs and with_features \
            else ("", "")
        codes = tuple(sorted(set(by_code) | {c for link in found for c in link.pair}))
        events: dict[int | None, Event | None] = {}       # by predicate: pairs share verbs
        for pair in pairs:
            link = linked.get(pair) or Link(pair, None, None, "named in the same sentence",
                                            "unlinked")
            if linked_only and pair not in linked:
                continue
            verb = doc[link.predicate] if link.predicate is not None else None
            if link.predicate not in events:
                events[link.predicate] = code_sentence(sent, verb)
            ev = events[link.predicate]
            feats: list[str] = []
            if with_features:
                kinds = tuple(next((m.kind for m in by_code.get(c, [])), "continued")
                              for c in pair)
                feats = features(sent, (kinds[0], kinds[1]), link.kind, len(codes), ev,
                                 verb.lemma_.lower() if verb is not None else None)
                feats += [f"lexicon_topic={lexicon_topic}", f"lexicon_tone={lexicon_tone}"]
                feats += path_features(*_closest(doc, by_code, pair))
                if article is None:
                    article = article_features(doc)
                feats += context_features(sent, pair, per_sentence[i]) + article
            yield Candidate(i, sent, link, pair in linked, codes, ev, feats,
                            (_sector(doc, by_code, link.actor), _sector(doc, by_code, link.target)))


def _closest(doc: Doc, by_code: dict[str, list[Mention]], pair: tuple[str, str]
             ) -> tuple[Span | None, Span | None]:
    """The nearest two mentions of the pair's countries in a sentence, as spans."""
    options = [(x, y) for x in by_code.get(pair[0], []) for y in by_code.get(pair[1], [])]
    if not options:
        return None, None
    x, y = min(options, key=lambda o: abs(o[0].start - o[1].start))
    return (doc.char_span(x.start, x.end, alignment_mode="expand"),
            doc.char_span(y.start, y.end, alignment_mode="expand"))


def _sector(doc: Doc, by_code: dict[str, list[Mention]], code: str | None) -> str | None:
    if code is None or not by_code.get(code):
        return None
    m = by_code[code][0]
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return sector(span) if span is not None else "GOV"


def facts(doc: Doc, mentions: list[Mention], *, article_date: str | None = None
          ) -> Iterator[Fact]:
    """The candidates that are about their pair: those the parse relates (the fact says how, in
    ``why``) and the relevance model scores at or above its threshold, with the event, topic and
    tone it assigns. Without a model, every related pair, with the dictionary's event and the
    word-count topic and tone (historical states pair like any other: the Soviet Union is not
    Russia). On the development items, requiring the parse's relation as well as the model's
    score keeps the model's F1 (0.769 against 0.756) and never puts on a pair page a pair the
    sentence only lists."""
    learned = model()
    for c in candidates(doc, mentions, with_features=learned is not None, linked_only=True):
        sent, link = c.sent, c.link
        if learned is None:
            ev, score, t, tn = c.event, None, topic(sent), tone(sent)
        else:
            score = learned.relevant(c.features)
            if score < learned.threshold:
                continue
            ev, t, tn = _judged(learned, c)
        yield Fact(link.pair, c.sentence, sent.start_char, sent.end_char,
                   " ".join(sent.text.split()), t, tn, sentence_date(sent, article_date),
                   c.countries, link.actor, link.target, link.why,
                   ev.as_dict() if ev is not None else None,
                   round(score, 3) if score is not None else None, c.sectors[0], c.sectors[1])


def _judged(learned: Model, c: Candidate) -> tuple[Event | None, str, str]:
    """The event, topic and tone the model gives a relevant candidate. The dictionary's code
    stands when the model agrees on its root (it is finer: 0311, not 03); otherwise the learned
    root does, with the codebook's label and weights. The tone reads the root."""
    root = learned.classify(learned.root, c.features)
    ev = c.event
    if root is not None and (ev is None or ev.root != root):
        ev = event(root, ev.word if ev is not None else "")
    t = learned.classify(learned.topic, c.features) or topic(c.sent)
    tn = learned.classify(learned.tone, [*c.features, root_feature(ev.root if ev else None)])
    return ev, t, tn or tone(c.sent)
