"""What the pages show across pairs: people and organisations with what they said, the timeline
of dated facts, and what was taken from each sentence of an article.

A fact or quote is listed on these pages far from the pair page that holds it, so each row carries
the link to the place that holds it (``href``, from the pair's split into pages).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from dossier import paging
from dossier.filters import one_line
from dossier.page_data import (
    Countries,
    Country,
    Entry,
    Fact,
    Pair,
    Quote,
    Raw,
    Statement,
    kept_entries,
)


@dataclass(frozen=True)
class Said:
    """A quote on a person's page, and the pair page (and place) that holds it."""

    pair: Pair
    quote: Quote
    href: str


@dataclass(frozen=True, eq=False)
class Person:
    """A person or an organisation, in every pair that names them."""

    name: str
    label: str                             # PERSON or ORG
    slug: str | None                       # a person's own page
    countries: tuple[Country, ...]
    members: tuple[Country, ...]           # an international organisation's, without a country
    pairs: tuple[Pair, ...]
    quotes: tuple[Said, ...]               # what a person said, in every pair

    @property
    def shown_pairs(self) -> tuple[Pair, ...]:
        return self.pairs[:paging.MAX_LINKS]

    @property
    def more_pairs(self) -> int:
        return len(self.pairs) - len(self.shown_pairs)


@dataclass(frozen=True)
class Dated:
    """A row of the timeline: a dated fact, its year and where it is."""

    year: str
    fact: Fact
    pair: Pair
    href: str


@dataclass(frozen=True)
class Extracted:
    """A fact or quote listed under the sentence it was taken from, and where it is."""

    pair: Pair
    entry: Statement
    href: str


def person_slugs(relations: Iterable[Raw]) -> dict[str, str]:
    """Casefolded name → the slug of the page of each person the pair files name; a name that
    comes out as a slug already taken gets a number ("anna-bekova-2")."""
    names: dict[str, str] = {}                 # the first spelling seen gives the slug
    for raw in relations:
        for entity in kept_entries(raw, "entities")[0]:
            name = one_line(entity.get("name") or "")
            if name and entity.get("label") == "PERSON":
                names.setdefault(name.casefold(), name)
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for key in sorted(names):
        base = _person_slug(names[key])
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        slugs[key] = slug
    return slugs


def _person_slug(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:60] or "person"



def people(pairs: Iterable[Pair], countries: Countries, slugs: Mapping[str, str],
           href_of: Mapping[Entry, str]) -> list[Person]:
    """Everyone the pairs name, by name and kind (a person and an organisation may share a
    name), sorted by name; a person has the quotes of that speaker, in every pair."""
    pairs = list(pairs)
    names: dict[tuple[str, str], str] = {}         # the first spelling seen is shown
    found: dict[tuple[str, str], dict[str, Country]] = defaultdict(dict)
    named_in: dict[tuple[str, str], dict[str, Pair]] = defaultdict(dict)
    members: dict[tuple[str, str], tuple[Country, ...]] = {}
    for p in pairs:
        for e in p.entities:
            shown = one_line(e.name)
            if not shown:
                continue
            key = (shown.casefold(), e.label)
            names.setdefault(key, shown)
            if e.country:
                found[key][e.country.code] = e.country
            named_in[key][p.slug] = p
            if e.members:       # an international organisation: its members, no country
                members[key] = tuple(countries.get(c) for c in e.members)
    said: dict[str, list[Said]] = defaultdict(list)
    for p in pairs:
        for q in p.quotes:
            said[one_line(q.speaker).casefold()].append(Said(p, q, href_of[q]))
    return [Person(name=names[key], label=key[1],
                   slug=slugs.get(key[0]) if key[1] == "PERSON" else None,
                   countries=tuple(found[key][c] for c in sorted(found[key])),
                   members=members.get(key, ()),
                   pairs=tuple(named_in[key][s] for s in sorted(named_in[key])),
                   quotes=tuple(said.get(key[0], ())) if key[1] == "PERSON" else ())
            for key in sorted(names, key=lambda k: (names[k].casefold(), k[1]))]


def timeline(pairs: Iterable[Pair], href_of: Mapping[Entry, str]) -> list[Dated]:
    """Every dated fact, oldest first."""
    rows = [Dated(f.iso_date[:4], f, p, href_of[f]) for p in pairs for f in p.facts if f.iso_date]
    return sorted(rows, key=lambda r: (r.fact.iso_date or "", r.pair.slug))


def extracted(pairs: Iterable[Pair], href_of: Mapping[Entry, str]
              ) -> dict[str, dict[int, list[Extracted]]]:
    """Article id → sentence → the facts and quotes taken from it, pair by pair."""
    out: dict[str, dict[int, list[Extracted]]] = defaultdict(lambda: defaultdict(list))
    for p in pairs:
        entries: tuple[Statement, ...] = (*p.facts, *p.quotes)
        for entry in entries:
            for c in entry.sources:
                if c.article is not None and c.sentence is not None:
                    out[c.article][c.sentence].append(Extracted(p, entry, href_of[entry]))
    return out
