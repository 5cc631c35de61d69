"""Pure extraction over a parsed ``Doc``: country mentions, pairs, facts, quotes and entities.

``extract()`` gathers them into the JSON-able record that ``dossier extract --json`` prints and
the build caches; every offset is a ``str`` index into the article body.
"""

from __future__ import annotations

import bisect
from dataclasses import asdict, replace
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc

from ..countries import Form, Gazetteer
from ..models import Entity, Fact, Quote
from ..schema import FACT_FIELDS, party_dict
from .entities import entities, surname
from .facts import facts
from .mentions import Matcher, mentions
from .quotes import quotes

# Mention kinds reported as country mentions; leaders count for pairs but are people.
PLACE_KINDS = ("name", "demonym", "capital", "city")


@lru_cache(maxsize=2)
def leader_table(gaz: Gazetteer) -> dict[str, list[tuple[str, str, str]]]:
    """Office-holders by lower-case surname: [(alias, full name, country)]."""
    table: dict[str, list[tuple[str, str, str]]] = {}
    for f in gaz.forms:
        if f.kind == "leader":
            table.setdefault(surname(f.text).lower(), []).append(
                (f.text, f.canonical or f.text, f.code))
    return table


def extract(doc: Doc, *, gaz: Gazetteer, matcher: Matcher, forms: dict[str, list[Form]],
            date: str | None = None) -> dict[str, Any]:
    """Everything the dossier needs from one article, as plain data."""
    found = list(mentions(doc, matcher=matcher, forms=forms, gaz=gaz, date=date))
    leaders = leader_table(gaz)
    fact_list = list(facts(doc, found, article_date=date))
    quote_list = list(quotes(doc, found))
    entity_list = list(entities(doc, found, gaz=gaz, leaders=leaders))
    sents = [(s.start_char, s.end_char) for s in doc.sents]
    pairs: dict[tuple[str, str], list[list[int]]] = {}
    for f in fact_list:
        spans = pairs.setdefault(f.pair, [])
        if [f.start, f.end] not in spans:
            spans.append([f.start, f.end])
    starts = [s for s, _ in sents]

    def sentence_of(offset: int) -> int:
        return max(0, bisect.bisect_right(starts, offset) - 1)

    people = [e for e in entity_list if e.label == "PERSON"]
    quote_rows = []
    for q in quote_list:
        # A named person inside the speaker phrase gives the speaker's canonical name, and the
        # words before the name their role: "Kazakh President Kassem Tokayev".
        person = _speaker_person(doc, q, people)
        role = None
        if person is not None:
            before = doc.char_span(q.speaker_start, person.start, alignment_mode="contract")
            words = [t.text for t in before or [] if t.is_title and not any(
                m.start <= t.idx < m.end for m in found)]
            role = " ".join(words) or None
            q = replace(q, speaker=person.canonical,
                        speaker_country=q.speaker_country or person.country)
        codes = {m.code for m in found if q.start <= m.start and m.end <= q.end}
        codes |= {e.country for e in entity_list
                  if e.country and q.start <= e.start and e.end <= q.end}
        if q.speaker_country:
            codes.add(q.speaker_country)
        row = asdict(q)
        row["role"] = role
        row["speaker_person"] = person is not None     # a named person, not "critics" or a country
        row["countries"] = sorted(codes)
        quote_rows.append(row)
    return {
        "countries": [{"code": m.code, "text": m.text, "start": m.start, "end": m.end,
                       "kind": m.kind} for m in found if m.kind in PLACE_KINDS],
        "pairs": [{"pair": list(p), "sentences": s} for p, s in sorted(pairs.items())],
        "facts": [fact_record(f) for f in fact_list],
        "quotes": quote_rows,
        "entities": [{**asdict(e), "sentence": sentence_of(e.start)} for e in entity_list],
        # Every mention, places and the rest (leaders, countries inside longer names), with why.
        "mentions": [{"code": m.code, "text": m.text, "start": m.start, "end": m.end,
                      "kind": m.kind} for m in found],
        "sentences": [list(s) for s in sents],
    }


def fact_record(f: Fact) -> dict[str, Any]:
    """A fact as the record ``extract --json`` prints and the build reads: where it is, and its
    fields as a pair file holds them (``schema.FIELDS``)."""
    fields = {"text": f.text, "topic": f.topic, "tone": f.tone, "date": f.date,
              "countries": list(f.countries),
              "actor": party_dict(f.actor, f.actor_sector),
              "target": party_dict(f.target, f.target_sector),
              "event": f.event, "relevance": f.relevance, "why": f.why}
    return {"pair": list(f.pair), "start": f.start, "end": f.end, "sentence": f.sentence,
            **{name: fields[name] for name in FACT_FIELDS if name in fields}}


def _speaker_person(doc: Doc, q: Quote, people: list[Entity]) -> Entity | None:
    """The named person who speaks: the one at the word that names the speaker, or one joined
    to it ("Vice President for news Dave Gorab") — not any name in the phrase ("the head of
    the PAC backing Jeb Bush" is not Jeb Bush)."""
    inside = [e for e in people if q.speaker_start <= e.start and e.end <= q.speaker_end]
    if not inside:
        return None
    head = next((e for e in inside if e.start <= q.speaker_head < e.end), None)
    if head is not None or q.speaker_head < 0:
        return head or inside[0]
    word = doc.char_span(q.speaker_head, q.speaker_head + 1, alignment_mode="expand")
    if word is None:
        return None
    joined = {c.i for c in word.root.children if c.dep_ in ("appos", "conj", "compound", "npadvmod")}
    for e in inside:
        span = doc.char_span(e.start, e.end, alignment_mode="expand")
        if span is not None and span.root.i in joined:
            return e
    return None
