"""People and organisations, with one canonical name per person within an article."""

from __future__ import annotations

from collections.abc import Iterator

from rapidfuzz import fuzz, process
from spacy.tokens import Doc, Span

from ..countries import Gazetteer
from ..models import Entity, Mention
from ..thresholds import SURNAME_NEAR
from .lexicon import INSTITUTION_WORDS

LABELS = ("PERSON", "ORG")


def _strip(span: Span) -> Span:
    if "(" in span.text and ")" not in span.text:     # "Shanghai Cooperation Organization (SCO"
        # The bracket is usually a token of its own, but can be glued to a word: "(SCO", ":(".
        cut = next((t.i for t in span if t.text == "("), None)
        if cut is None:
            cut = next(t.i for t in span if "(" in t.text)
        span = span.doc[span.start:cut]
    while len(span) > 1 and (span[0].lower_ in ("the", "a", "an") or span[0].is_punct):
        span = span[1:]
    while len(span) > 1 and (span[-1].is_punct or span[-1].tag_ == "POS"):
        span = span[:-1]
    return span


def surname(name: str) -> str:
    return name.replace("’s", "").replace("'s", "").split()[-1] if name.split() else name


def _title_country(span: Span, mentions: list[Mention]) -> str | None:
    """The country of a person's title: "Kazakh President Kassem Tokayev", "French finance
    minister Herve Gaymard", "Herve Gaymard, the French finance minister"."""
    root = span.root
    around = [t for t in root.subtree if t.i < span.start] + [
        t for c in root.children if c.dep_ == "appos" for t in c.subtree]
    for tok in around:
        for m in mentions:
            if m.start <= tok.idx < m.end and m.kind in ("demonym", "name", "inside"):
                return m.code
    return None


def _office_holder(name: str, leaders: dict[str, list[tuple[str, str, str]]],
                   named: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """(full name, country) of the office-holder whose surname is closest to ``name``'s, if it is
    close enough ("Takayev" → Tokayev) and the rest of the name does not contradict it. Of
    near-equal surnames ("Takayev": Tokayev of Kazakhstan or Akayev of Kyrgyzstan) the one whose
    country the article names wins."""
    found: list[tuple[bool, float, str, str]] = []
    for key, score, _ in process.extract(surname(name).lower(), leaders.keys(),
                                         scorer=fuzz.ratio, score_cutoff=85, limit=5):
        for alias, full, code in leaders[key]:
            if len(alias.split()) == 1 or fuzz.ratio(alias, name) >= 80:
                found.append((code in named, score, full, code))
                break
    if not found:
        return None
    best = max(score for _, score, _, _ in found)
    near = [f for f in found if f[1] >= best - SURNAME_NEAR]
    _, _, full, code = max(near, key=lambda f: (f[0], f[1]))
    return full, code


def entities(doc: Doc, mentions: list[Mention], *, gaz: Gazetteer,
             leaders: dict[str, list[tuple[str, str, str]]] | None = None) -> Iterator[Entity]:
    """PERSON and ORG entities that are not just a country's name, with a canonical name.

    Within an article a short or misspelt name ("Tokayev", "Takayev") takes the longest name
    whose surname matches closely ("Kassem Tokayev"); a known office-holder takes the
    gazetteer's full name ("Kassym-Jomart Tokayev"). ``leaders`` maps a lower-case surname
    to its office-holders' (alias, full name, country).
    """
    leaders = leaders or {}
    country_spans = {(m.start, m.end): m for m in mentions if m.kind != "leader"}
    org_names = {a: o for o in gaz.organisations for a in o.aliases}
    kept: list[tuple[Span, str]] = []
    for ent in doc.ents:
        if ent.label_ not in LABELS:
            continue
        span = _strip(ent)
        if (span.start_char, span.end_char) in country_spans:
            continue          # "Kazakh" tagged a person is a demonym, not a person
        if ent.label_ == "PERSON" and ({t.lower_ for t in span} & INSTITUTION_WORDS
                                       or (len(span) == 1 and not span[0].is_title)):
            continue
        kept.append((span, ent.label_))
    people = [s.text for s, label in kept if label == "PERSON"]
    named = frozenset(m.code for m in mentions)
    for span, label in kept:
        text = span.text
        canonical, country = text, None
        if label == "PERSON":
            sur = surname(text)
            # A longer or more frequent spelling of the same surname in the article.
            fuller = [p for p in people if p != text and len(p) >= len(text)
                      and fuzz.ratio(surname(p).lower(), sur.lower()) >= 80]
            if fuller:
                longest = max(fuller, key=lambda p: (len(p), people.count(p)))
                if len(longest) > len(text) or people.count(longest) > people.count(text):
                    canonical = longest
            known = _office_holder(canonical, leaders, named)
            if known:
                canonical, country = known
        else:
            org = org_names.get(text) or org_names.get(text.split(" (")[0])
            if org:
                canonical = org.name
        if country is None:
            inside = [m for m in mentions if span.start_char <= m.start and m.end <= span.end_char]
            if inside:
                country = inside[0].code
        if country is None and label == "PERSON":
            country = _title_country(span, mentions)
        yield Entity(text, label, span.start_char, span.end_char, canonical, country)
