"""Country mentions: gazetteer matches checked against the statistical NER of the parse.

The gazetteer runs *after* the NER, as a matcher over the finished ``Doc``, rather than as an
entity ruler before it: placed before, rule patterns cut organisation names such as "Bank of
Japan" in two, while afterwards the NER's organisation spans tell which matches to drop.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..countries import Form, Gazetteer
from ..models import Mention

# Words that, inside an organisation's name, put a country in the organisation's name only:
# "Bank of Japan", "University of Texas", "Embassy in Nur-Sultan" are not mentions of their own.
_ORG_INNER = {"of", "in", "for", "at"}


def _choose(forms: list[Form], date: str | None) -> Form:
    """The best form for the article's date: valid ones first, then the most specific kind."""
    valid = [f for f in forms if f.valid_on(date)] or forms
    order = {"name": 0, "demonym": 1, "capital": 2, "leader": 3, "city": 4}
    return min(valid, key=lambda f: (order.get(f.kind, 9), f.code))


_NOT_A_NAME_PART = frozenset("""january february march april may june july august september
    october november december monday tuesday wednesday thursday friday saturday sunday
    north south east west central northern southern eastern western greater""".split())
# A country's name or demonym that opens the name of an event or company: "U.S. Open",
# "American League", "Australian Open", "British Airways".
_EVENT_HEADS = frozenset({"Open", "League", "Airlines", "Airways"})
_SCORE = re.compile(r"[ \t]+\d+(?:[.:]\d+)?(?=[ \t\n]|$)")
_DATE_AFTER = re.compile(r"[ \t]+(?:\d{4}-\d\d-\d\d|\d{1,2}[ \t]+[A-Z][a-z]+|\d{4}\b)")


def _part_of_other_name(span: Span, form: Form) -> bool:
    """A place inside a name the NER missed: a team in a results table ("NEW YORK 72 53 .576",
    "Bayern Munich 2 1"), a person ("D. Cork", "MaliVai Washington"), an organisation
    ("Moscow Newsroom", "Washington Post") or an event ("U.S. Open")."""
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    prev = doc[span.start - 1] if span.start > 0 else None
    if form.kind in ("name", "demonym"):
        return nxt is not None and nxt.text in _EVENT_HEADS
    if form.kind not in ("city", "capital"):
        return False
    after = doc.text[span.end_char:span.end_char + 24]
    if _SCORE.match(after) and not _DATE_AFTER.match(after):
        return True
    if span.text.isupper():
        return False          # headlines and datelines in capitals: no case to go by
    if prev is not None and (prev.is_title or (prev.is_upper and prev.is_alpha and len(prev) > 1)) \
            and not prev.is_stop and prev.lower_ not in _NOT_A_NAME_PART and not prev.is_sent_start:
        return True
    if prev is not None and re.fullmatch(r"[A-Z]\.", prev.text):
        return True           # an initial: "D. Cork"
    if nxt is not None and nxt.is_title and not nxt.is_stop \
            and nxt.lower_ not in _NOT_A_NAME_PART and not nxt.is_sent_start:
        return True
    return False


def _drop(span: Span, form: Form, gaz: Gazetteer) -> bool:
    """Whether the NER's reading of the text says this match is not a country."""
    if _part_of_other_name(span, form):
        return True
    for ent in span.doc.ents:
        if ent.start <= span.start and span.end <= ent.end:
            covers_more = (ent.end - ent.start) > (span.end - span.start)
            if ent.label_ == "PERSON" and form.kind != "leader" and covers_more:
                return True          # "Georgia Smith", "Jordan Peterson"
            if ent.label_ == "PERSON" and span.text in gaz.ambiguous:
                return True          # "Chad" alone, tagged a person
            if ent.label_ == "LANGUAGE" and _names_language(span):
                return True          # "English-language resources", "written in English"
            if ent.label_ in ("ORG", "FAC", "WORK_OF_ART", "EVENT") and covers_more:
                before = {t.lower_ for t in span.doc[ent.start:span.start]}
                if before & _ORG_INNER:
                    return True
                if form.kind == "city":
                    return True      # "Shanghai Cooperation Organization", "Toronto Maple Leafs"
    if span.text in gaz.ambiguous and span.start > 0 and span[0].is_title:
        prev = span.doc[span.start - 1]
        # "a Turkey dinner", "fine China": a lower-case determiner-less noun phrase reads as a thing.
        if prev.lower_ in {"guinea", "fine", "roast", "wild"}:
            return True
    return False


def _names_language(span: Span) -> bool:
    doc = span.doc
    after = doc[span.end:span.end + 2]
    if after and (after[0].lower_ in ("language", "languages", "speaking", "speakers")
                  or (after[0].text == "-" and len(after) > 1 and after[1].lower_.startswith("lang"))):
        return True
    prev = doc[span.start - 1] if span.start > 0 else None
    nxt_is_noun = span.end < len(doc) and doc[span.end].pos_ in ("NOUN", "PROPN")
    return prev is not None and prev.lower_ in ("in", "into", "speak", "speaks", "spoke",
                                                "speaking", "learn", "teach") and not nxt_is_noun


def mentions(doc: Doc, *, matcher: PhraseMatcher, forms: dict[str, list[Form]], gaz: Gazetteer,
             date: str | None = None, kinds: tuple[str, ...] | None = None) -> Iterator[Mention]:
    """Yield the country mentions of ``doc`` in text order, longest match first where they overlap."""
    vocab = doc.vocab.strings
    spans = []
    for match_id, start, end in matcher(doc):
        span = Span(doc, start, end, label=vocab[match_id])
        spans.append(span)
    for span in filter_spans(spans):
        options = forms.get(span.label_, [])
        if not options:
            continue
        form = _choose(options, date)
        if kinds is not None and form.kind not in kinds:
            continue
        if _drop(span, form, gaz):
            continue
        yield Mention(form.code, span.text, span.start_char, span.end_char, form.kind)
