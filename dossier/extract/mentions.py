"""Country mentions: gazetteer matches checked against the statistical NER of the parse.

The gazetteer runs *after* the NER, as a matcher over the finished ``Doc``, rather than as an
entity ruler before it: placed before, rule patterns cut organisation names such as "Bank of
Japan" in two, while afterwards the NER's organisation spans tell which matches to drop.
"""

from __future__ import annotations

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


def _drop(span: Span, form: Form, gaz: Gazetteer) -> bool:
    """Whether the NER's reading of the text says this match is not a country."""
    for ent in span.doc.ents:
        if ent.start <= span.start and span.end <= ent.end:
            covers_more = (ent.end - ent.start) > (span.end - span.start)
            if ent.label_ == "PERSON" and form.kind != "leader" and covers_more:
                return True          # "Georgia Smith", "Jordan Peterson"
            if ent.label_ == "PERSON" and span.text in gaz.ambiguous:
                return True          # "Chad" alone, tagged a person
            if ent.label_ == "LANGUAGE":
                return True          # "English-language resources"
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
