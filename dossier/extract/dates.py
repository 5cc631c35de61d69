"""When a sentence says something happened: explicit dates in the text, resolved against the
article's date ("in January" in a March 2022 article is January 2022)."""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Span

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december"
    .split(), start=1)}
# Tenses that report the article's own news ("announced", "says", "will") rather than a state
# of affairs that held before ("has had", "had remained").
_NEWS_TAGS = {"VBD", "VBZ", "VBP", "MD"}


@lru_cache(maxsize=4096)
def _parse(text: str, base: str | None) -> str | None:
    """An ISO 8601 (partial) date for a DATE entity's text, or None when it names no date."""
    low = text.lower()
    years = _YEAR.findall(text)
    month = next((n for name, n in _MONTHS.items() if re.search(rf"\b{name[:3]}\w*\b", low)),
                 None)
    day_m = re.search(r"\b([0-3]?\d)(?:st|nd|rd|th)?\b", re.sub(_YEAR, "", low))
    if years:
        year = years[0]
        if month and day_m and 1 <= int(day_m.group(1)) <= 31 and len(years) == 1:
            return f"{year}-{month:02d}-{int(day_m.group(1)):02d}"
        return f"{year}-{month:02d}" if month and len(years) == 1 else year
    if month and base:
        # A month without a year is the latest such month on or before the article's date.
        by, bm = int(base[:4]), int(base[5:7]) if len(base) >= 7 else 12
        year_n = by if month <= bm else by - 1
        return f"{year_n}-{month:02d}"
    if base and len(base) == 10 and _RELATIVE.search(low):
        return _relative(text, base)
    return None


# Words that make a date relative to the article's own: "on Tuesday", "yesterday", "last week".
_RELATIVE = re.compile(r"\b(today|yesterday|tomorrow|monday|tuesday|wednesday|thursday|friday|"
                       r"saturday|sunday|last|this|next|ago)\b")


def _relative(text: str, base: str) -> str | None:
    """Relative dates through dateparser, with the article's date as "today"."""
    import datetime as dt

    from dateparser.date import DateDataParser

    parser = DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": dt.datetime.fromisoformat(base), "PREFER_DATES_FROM": "past"})
    data = parser.get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    iso = data.date_obj.date().isoformat()
    return {"year": iso[:4], "month": iso[:7]}.get(data.period or "day", iso)


def sentence_date(sent: Span, article_date: str | None) -> str | None:
    """The date a sentence's event happened: an explicit date, else the article's date for
    sentences in a news tense, else None."""
    for ent in sent.ents:
        if ent.label_ == "DATE":
            found = _parse(ent.text, article_date)
            if found:
                return found
    root = sent.root
    perfect = any(c.lemma_ == "have" and c.dep_ == "aux" for c in root.children)
    if article_date and root.tag_ in _NEWS_TAGS and not perfect:
        return article_date
    if article_date and any(c.dep_ == "aux" and c.tag_ in _NEWS_TAGS and c.lemma_ != "have"
                            for c in root.children):
        return article_date
    return None
