"""Country mentions: gazetteer matches checked against the statistical NER of the parse.

The gazetteer runs *after* the NER, as a matcher over the finished ``Doc``, rather than as an
entity ruler before it: placed before, rule patterns cut organisation names such as "Bank of
Japan" in two, while afterwards the NER's organisation spans tell which matches to drop.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..countries import Form, Gazetteer
from ..models import Mention
from . import datelines
from .doc_text import doc_text
from .lexicon import EVENT_HEADS, NOT_A_NAME_PART, ORG_HEADS, STATE_CUES, THING_CUES

# The gazetteer's forms matched on a Doc: (match id, start, end), the id's string being the form's
# text (spaCy's PhraseMatcher, or dossier.nlp.FormMatcher which the build uses).
Matcher = Callable[[Doc], Iterable[tuple[int, int, int]]]


def _choose(forms: list[Form], date: str | None) -> Form:
    """The best form for the article's date: valid ones first, then the most specific kind."""
    valid = [f for f in forms if f.valid_on(date)] or forms
    order = {"name": 0, "demonym": 1, "capital": 2, "leader": 3, "city": 4}
    return min(valid, key=lambda f: (order.get(f.kind, 9), f.code))


_SCORE = re.compile(r"[ \t]+\d+(?:[.:]\d+)?(?=[ \t\n]|$)")
_DATE_AFTER = re.compile(r"[ \t]+(?:\d{4}-\d\d-\d\d|\d{4}\b|\d{1,2}[ \t]+(?:Jan|Feb|Mar|Apr|May|Jun|"
                         r"Jul|Aug|Sep|Oct|Nov|Dec))")


def _part_of_other_name(span: Span, form: Form) -> bool:
    """A place inside a name the NER missed: a team in a results table ("NEW YORK 72 53 .576",
    "Bayern Munich 2 1"), a person ("D. Cork", "MaliVai Washington"), an organisation
    ("Moscow Newsroom", "Washington Post") or an event ("U.S. Open")."""
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    prev = doc[span.start - 1] if span.start > 0 else None
    if form.kind in ("name", "demonym"):
        return _name_ends_with(span, EVENT_HEADS)
    if form.kind not in ("city", "capital"):
        return False
    after = doc_text(doc)[span.end_char:span.end_char + 24]
    if _SCORE.match(after) and not _DATE_AFTER.match(after):
        return True
    if span.text.isupper():
        # Fixtures in capitals: in "SEATTLE AT BALTIMORE" the first is a team, the second the
        # venue; otherwise capitals give no case to go by.
        return nxt is not None and nxt.text == "AT"
    if prev is not None and (prev.is_title or (prev.is_upper and prev.is_alpha and len(prev) > 1)) \
            and not prev.is_stop and prev.lower_ not in NOT_A_NAME_PART and not prev.is_sent_start:
        return True
    if prev is not None and re.fullmatch(r"[A-Z]\.", prev.text):
        return True           # an initial: "D. Cork"
    if prev is not None and prev.text == "(" and span.start > 1 \
            and doc[span.start - 2].ent_type_ == "PERSON":
        return True           # a player's club: "Enzo Scifo ( Monaco )"
    if nxt is not None and nxt.is_title and not nxt.is_stop \
            and nxt.lower_ not in NOT_A_NAME_PART and not nxt.is_sent_start:
        return True
    return False


def _name_ends_with(span: Span, heads: frozenset[str]) -> bool:
    """Whether the capitalised words after the span end with one of ``heads``: "U.S. Federal
    District Court" is an organisation, "U.S. President Bill Clinton" is not."""
    doc = span.doc
    i = span.end
    while i < len(doc) and i < span.end + 5 and (doc[i].is_title or doc[i].is_upper
                                                   or doc[i].lower_ == "of"):
        if doc[i].text.title() in heads:
            return True
        i += 1
    return False


def _in_compound(span: Span) -> bool:
    """A country inside a hyphenated word: "Israeli-Syrian talks", "post-Soviet", "Serb-held"."""
    text = doc_text(span.doc)
    before = text[max(0, span.start_char - 2):span.start_char]
    after = text[span.end_char:span.end_char + 2]
    return (len(before) == 2 and before[1] == "-" and before[0].isalpha()) or \
        (len(after) == 2 and after[0] == "-" and after[1].isalpha())


def _verdict(span: Span, form: Form, gaz: Gazetteer) -> str:
    """``keep`` a place mention; ``inside`` for a country named inside a longer name or word
    ("Bank of Japan", "US Embassy", "Israeli-Syrian"): it still tells which countries a sentence
    involves but is no place mention of its own; ``drop`` what is no country at all."""
    if _part_of_other_name(span, form):
        return "drop"
    doc = span.doc
    if form.kind == "name" and 0 < span.start and span.end < len(doc) \
            and doc[span.start - 1].text == "(" and doc[span.end].text == ")":
        return "keep"         # a nationality in results: "Christophe Impens ( Belgium )"
    for ent in span.doc.ents:
        if ent.start <= span.start and span.end <= ent.end:
            first = ent.start + (1 if ent[0].lower_ in ("the", "a", "an") else 0)
            covers_more = (ent.end - first) > (span.end - span.start)
            if ent.label_ == "PERSON" and form.kind != "leader" and covers_more:
                return "drop"        # "Georgia Smith", "Jordan Peterson"
            if ent.label_ == "PERSON" and span.text in gaz.ambiguous:
                return "drop"        # "Chad" alone, tagged a person
            if ent.label_ == "LANGUAGE" and _names_language(span):
                return "drop"        # "English-language resources", "written in English"
            # The small model reads many all-capital headlines as one organisation
            # ("ENGLAND V PAKISTAN FINAL TEST"): capitals give it nothing to go by.
            if ent.label_ in ("ORG", "FAC", "WORK_OF_ART", "EVENT") and covers_more \
                    and not span.text.isupper():
                if form.kind == "city":
                    return "drop"    # "Shanghai Cooperation Organization", "Toronto Maple Leafs"
                return "inside"
    if form.kind in ("name", "demonym") and _name_ends_with(span, ORG_HEADS):
        return "inside"
    if form.kind == "capital" and span[-1].text in ORG_HEADS:
        return "inside"       # "State Department" is an organisation, "White House" a place
    if _in_compound(span):
        return "inside"
    if span.text in gaz.ambiguous and _other_sense(span):
        return "drop"
    return "keep"


def _other_sense(span: Span) -> bool:
    doc = span.doc
    window = doc[max(0, span.start - 6):min(len(doc), span.end + 6)]
    prev2 = doc[max(0, span.start - 2):span.start].text.lower()
    if span.text in ("Georgia", "GEORGIA") and (prev2 == "state of" or any(
            t.text in STATE_CUES for t in window)):
        return True
    near = {doc[i].lower_ for i in (span.start - 1, span.end) if 0 <= i < len(doc)}
    return bool(near & THING_CUES)


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


def mentions(doc: Doc, *, matcher: Matcher, forms: dict[str, list[Form]], gaz: Gazetteer,
             date: str | None = None, kinds: tuple[str, ...] | None = None) -> Iterator[Mention]:
    """Yield the country mentions of ``doc`` in text order, longest match first where they overlap."""
    vocab = doc.vocab.strings
    spans = []
    for match_id, start, end in matcher(doc):
        span = Span(doc, start, end, label=vocab[match_id])
        spans.append(span)
    line = datelines.find(doc_text(doc))
    out: list[Mention] = []
    for span in filter_spans(spans):
        options = forms.get(span.label_, [])
        if not options:
            continue
        form = _choose(options, date)
        if kinds is not None and form.kind not in kinds:
            continue
        at_dateline = line is not None and span.start_char == line[0]
        verdict = "keep" if at_dateline else _verdict(span, form, gaz)
        if verdict == "drop":
            continue
        kind = "inside" if verdict == "inside" else form.kind
        out.append(Mention(form.code, span.text, span.start_char, span.end_char, kind))
    if line is not None and not any(m.start < line[1] and line[0] < m.end for m in out):
        city = doc_text(doc)[line[0]:line[1]]
        code = datelines.city_country(city, line[2])
        if code and (kinds is None or "city" in kinds):
            out.append(Mention(code, city, line[0], line[1], "city"))
    yield from sorted(out, key=lambda m: m.start)
