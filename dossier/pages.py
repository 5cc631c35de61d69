"""The pages of the site: one dataclass per page kind, holding what its template shows, and one
builder per kind, over the site's data read once (``read_site``).

A page's fields are its template's variables (``Page.context``); the render adds ``root`` (from
the page's Markdown file back to the docs folder) and ``url_root`` (from its URL back to the
site's root). Every field is always there, so templates test values, never whether one exists.
To add a page kind: a template in ``templates/``, a ``Page`` subclass with its values (an index
list can use ``ListPage``), a builder here that names the template, and a call in
``build_pages``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any, Generic, NamedTuple, TypeVar

from dossier import across_pairs, charts, page_sizes, paging
from dossier.across_pairs import Dated, Extracted, Person, Said
from dossier.page_data import (
    PARAGRAPH_BREAK,
    Article,
    Countries,
    Country,
    Entity,
    Fact,
    Pair,
    PairReader,
    Quote,
    citing_texts,
    pair_codes,
    read_articles,
)

R = TypeVar("R")
TOP_PAIRS = 10             # pairs in the home page's table of the most active


class PairCharts(NamedTuple):
    """The two pictures on a pair's first page, drawn once: their size decides how much else
    fits on that page."""

    activity: str                  # markup made by charts.py from escaped parts only; "" if none
    quads: str

    @property
    def size(self) -> int:
        return len(self.activity.encode("utf-8")) + len(self.quads.encode("utf-8"))


@dataclass(frozen=True)
class Site:
    """Everything the pages are made from, read and split over pages once."""

    articles: list[Article]                          # newest first
    pairs: list[Pair]
    countries: dict[str, Country]                    # each country of a pair, by code
    country_pairs: dict[str, list[Pair]]
    people: list[Person]
    timeline: list[Dated]
    extracted: dict[str, dict[int, list[Extracted]]]  # article → sentence → what it gave
    source_parts: dict[str, list[tuple[str, list[int]]]]
    pair_parts: dict[str, list[tuple[str, list[page_sizes.Item]]]]
    pair_charts: dict[str, PairCharts]               # pair slug → its charts
    warnings: list[str]


def read_site(relations: list[dict[str, Any]], articles: list[dict[str, Any]],
              countries: Mapping[str, Mapping[str, Any]], flags: frozenset[str]) -> Site:
    """The pair files and articles as typed records, with the page of every entry and sentence.
    Articles are split first: a citation links to the part that holds its sentence."""
    by_id = read_articles(articles)
    codes = pair_codes(relations)
    known = Countries(countries, flags, frozenset(c for pair in codes for c in pair))
    source_parts = page_sizes.source_split(by_id.values(), citing_texts(relations, by_id))
    reader = PairReader(by_id, known, page_sizes.sentence_pages(source_parts),
                        across_pairs.person_slugs(relations))
    pairs = [reader.pair(raw, c) for raw, c in zip(relations, codes, strict=True)]
    pair_charts = {p.slug: PairCharts(_activity(p), _quads(p)) for p in pairs}
    pair_parts = {p.slug: page_sizes.pair_split(p, pair_charts[p.slug].size) for p in pairs}
    href_of = page_sizes.entry_hrefs(pair_parts.values())
    country_pairs: dict[str, list[Pair]] = defaultdict(list)
    for p in pairs:
        for code in p.codes:
            country_pairs[code].append(p)
    return Site(
        articles=sorted(by_id.values(), key=lambda a: (a.date or "", a.id), reverse=True),
        pairs=pairs, countries={c: known.get(c) for c in sorted(country_pairs)},
        country_pairs=dict(country_pairs),
        people=across_pairs.people(pairs, known, reader.person_pages, href_of),
        timeline=across_pairs.timeline(pairs, href_of),
        extracted=across_pairs.extracted(pairs, href_of),
        source_parts=source_parts, pair_parts=pair_parts, pair_charts=pair_charts,
        warnings=reader.warnings)


# ------------------------------------------------------------------------------------ page kinds

@dataclass(frozen=True)
class Page:
    """A page: its path in the docs folder, its template and, in a subclass, the values the
    template shows."""

    path: str
    template: str

    def context(self) -> dict[str, object]:
        """The template's variables."""
        return {f.name: getattr(self, f.name) for f in fields(self)
                if f.name not in ("path", "template")}


@dataclass(frozen=True)
class Graph:
    svg: str                       # markup made by charts.py from escaped parts only
    countries: int
    shown: int                     # the picture shows at most charts.MAX_NODES countries


@dataclass(frozen=True)
class Totals:
    """What the home page counts."""

    pairs: int
    countries: int
    articles: int
    facts: int
    quotes: int
    people: int


@dataclass(frozen=True)
class HomePage(Page):
    totals: Totals
    top_pairs: list[Pair]          # the most active, by facts and quotes
    graph: Graph                   # every country and pair
    pagefind: bool                 # Pagefind search: the home page links the search page


@dataclass(frozen=True)
class CountryRow:
    country: Country
    pairs: int                     # the pairs it is in
    volume: int                    # their facts and quotes


@dataclass(frozen=True)
class CountriesIndexPage(Page):
    countries: list[CountryRow]


@dataclass(frozen=True)
class SearchPage(Page):
    bundle: str                    # where Pagefind's interface is, from the page's URL


@dataclass(frozen=True)
class ListPage(Page, Generic[R]):
    """One page of an index list."""

    rows: list[R]
    pager: paging.Pager
    total: int                     # rows on all its pages


@dataclass(frozen=True)
class SourcesIndexPage(ListPage[Article]):
    cited: dict[str, int]          # article id → items taken from it


@dataclass(frozen=True)
class PersonPage(Page):
    person: Person
    quotes: list[Said]
    pager: paging.Pager


@dataclass(frozen=True)
class NumberedSource:
    label: int                     # its number among the pair's sources
    article: Article


@dataclass(frozen=True)
class PairPart:
    """The entries one page of a pair shows."""

    number: int
    groups: list[tuple[str, list[Fact]]]           # by event type
    quotes: list[Quote]                            # by speaker
    people: list[Entity]
    organisations: list[Entity]
    sources: list[NumberedSource]                  # the articles its entries cite


@dataclass(frozen=True)
class PairPage(Page):
    pair: Pair
    part: PairPart
    pager: paging.Pager
    activity: str                  # the charts, on the first page only ("" elsewhere)
    quads: str


@dataclass(frozen=True)
class Partner:
    pair: Pair
    partner: Country               # the pair's other country


@dataclass(frozen=True)
class CountryPage(Page):
    """One page of a country's partners; the first also has the graph."""

    country: Country
    rows: list[Partner]            # by facts, then facts and quotes
    pager: paging.Pager
    total: int                     # partners on all its pages
    graph: Graph                   # the country and its partners (empty after the first page)


class SentenceItems(NamedTuple):
    n: int                         # the sentence
    items: list[Extracted]         # the first paging.MAX_ITEMS taken from it
    more: int                      # and how many more


# A paragraph of a source page: (sentence index, or None for a sentence's continuation, text).
Paragraph = list[tuple[int | None, str]]


@dataclass(frozen=True)
class SourcePage(Page):
    article: Article
    pager: paging.Pager
    paragraphs: list[Paragraph]
    extracted: list[SentenceItems]


# -------------------------------------------------------------------------------------- builders

def home_page(site: Site, *, directory_urls: bool, pagefind: bool) -> HomePage:
    totals = Totals(pairs=len(site.pairs), countries=len(site.countries),
                    articles=len(site.articles), facts=sum(len(p.facts) for p in site.pairs),
                    quotes=sum(len(p.quotes) for p in site.pairs), people=len(site.people))
    by_volume = sorted(site.pairs, key=lambda p: (-p.volume, p.slug))
    return HomePage("index.md", "home.md.j2", totals=totals, top_pairs=by_volume[:TOP_PAIRS],
                    graph=_graph(site, "", directory_urls=directory_urls), pagefind=pagefind)


def countries_index_page(site: Site) -> CountriesIndexPage:
    rows = [CountryRow(c, pairs=len(site.country_pairs[code]),
                       volume=sum(p.volume for p in site.country_pairs[code]))
            for code, c in site.countries.items()]
    return CountriesIndexPage("countries/index.md", "countries_index.md.j2",
                              sorted(rows, key=lambda r: r.country.name.casefold()))


def search_pages(*, directory_urls: bool, pagefind: bool) -> list[SearchPage]:
    """The search page, with Pagefind only; its bundle is made after the site build."""
    bundle = "../pagefind/" if directory_urls else "pagefind/"
    return [SearchPage("search.md", "search.md.j2", bundle)] if pagefind else []


def pairs_index_pages(site: Site) -> list[ListPage[Pair]]:
    rows = sorted(site.pairs, key=lambda p: p.name.casefold())
    return [ListPage(path, "pairs_index.md.j2", group, pager, len(rows)) for path, group, pager
            in page_sizes.listing("pairs/index.md", rows, page_sizes.pair_row_cost)]


def sources_index_pages(site: Site) -> list[SourcesIndexPage]:
    cited = {aid: sum(len(v) for v in sentences.values())
             for aid, sentences in site.extracted.items()}
    return [SourcesIndexPage(path, "sources_index.md.j2", group, pager, len(site.articles), cited)
            for path, group, pager in page_sizes.listing("sources/index.md", site.articles,
                                                         page_sizes.source_row_cost)]


def timeline_pages(site: Site) -> list[ListPage[Dated]]:
    return [ListPage(path, "timeline.md.j2", group, pager, len(site.timeline))
            for path, group, pager
            in page_sizes.listing("timeline.md", site.timeline, page_sizes.dated_cost,
                                  once=page_sizes.year_heading)]


def people_pages(site: Site) -> list[ListPage[Person]]:
    return [ListPage(path, "people.md.j2", group, pager, len(site.people))
            for path, group, pager
            in page_sizes.listing("people.md", site.people, page_sizes.person_cost)]


def person_pages(person: Person) -> list[PersonPage]:
    """A person's statements over as many pages as they need; none for an organisation."""
    if not person.slug:
        return []
    base = f"persons/{person.slug}"
    return [PersonPage(path, "person.md.j2", person, group, pager)
            for path, group, pager in page_sizes.listing(
                base + ".md", person.quotes, page_sizes.said_cost,
                first=page_sizes.person_cost(person) + page_sizes.PERSON_HEAD, folder=base)]


def pair_pages(site: Site, p: Pair) -> list[PairPage]:
    """A pair's pages; the first has the overview and the charts."""
    parts = site.pair_parts[p.slug]
    pagers = paging.pagers([path for path, _items in parts])
    charts = site.pair_charts[p.slug]         # drawn once, in read_site: the split counted them
    return [PairPage(path, "pair.md.j2", p, _pair_part(p, k, items), pager,
                     activity=charts.activity if k == 1 else "",
                     quads=charts.quads if k == 1 else "")
            for k, ((path, items), pager) in enumerate(zip(parts, pagers, strict=True), 1)]


def _pair_part(p: Pair, number: int, items: list[page_sizes.Item]) -> PairPart:
    by_event: dict[str, list[Fact]] = {}
    for _kind, key, entry in items:
        if isinstance(entry, Fact) and key is not None:
            by_event.setdefault(key, []).append(entry)
    cited = {c.article for _kind, _key, entry in items for c in entry.cites if c.article}
    return PairPart(
        number=number, groups=list(by_event.items()),
        quotes=[e for _kind, _key, e in items if isinstance(e, Quote)],
        people=[e for kind, _key, e in items if kind == "person" and isinstance(e, Entity)],
        organisations=[e for kind, _key, e in items
                       if kind == "organisation" and isinstance(e, Entity)],
        sources=[NumberedSource(n, a) for n, a in enumerate(p.sources, 1) if a.id in cited])


def country_pages(site: Site, code: str, *, directory_urls: bool) -> list[CountryPage]:
    """A country's partners, by the number of relevant events (the facts), then quotes, over as
    many pages as they need; the first page has the graph."""
    ranked = sorted(site.country_pairs[code], key=lambda p: (-len(p.facts), -p.volume, p.slug))
    rows = [Partner(p, p.b if p.codes[0] == code else p.a) for p in ranked]
    graph = _graph(site, "../../" if directory_urls else "../", center=code,
                   directory_urls=directory_urls)
    base = f"countries/{code}"
    parts = page_sizes.listing(base + ".md", rows,
                               lambda r: page_sizes.partner_cost(r.partner, r.pair),
                               first=page_sizes.COUNTRY_HEAD + len(graph.svg.encode("utf-8")),
                               folder=base)
    return [CountryPage(path, "country.md.j2", site.countries[code], group, pager, len(rows),
                        graph if k == 1 else Graph("", graph.countries, graph.shown))
            for k, (path, group, pager) in enumerate(parts, 1)]


def source_pages(site: Site, a: Article) -> list[SourcePage]:
    """An article's text over as many pages as it needs, each with what its sentences gave."""
    found = site.extracted.get(a.id, {})
    parts = site.source_parts[a.id]
    pagers = paging.pagers([path for path, _indices in parts])
    return [SourcePage(path, "source.md.j2", a, pager,
                       paragraphs=paragraphs([(i, _clip_sentence(a.sentences[i]))
                                              for i in indices]),
                       extracted=[SentenceItems(n, found[n][:paging.MAX_ITEMS],
                                                len(found[n][paging.MAX_ITEMS:]))
                                  for n in indices if n in found])
            for (path, indices), pager in zip(parts, pagers, strict=True)]


def build_pages(site: Site, *, directory_urls: bool = True,
                search: str = "material") -> list[Page]:
    """Every page of the site, index pages first."""
    pagefind = search == "pagefind"
    pages: list[Page] = [home_page(site, directory_urls=directory_urls, pagefind=pagefind),
                         countries_index_page(site)]
    pages += search_pages(directory_urls=directory_urls, pagefind=pagefind)
    pages += pairs_index_pages(site)
    pages += sources_index_pages(site)
    pages += timeline_pages(site)
    pages += people_pages(site)
    for person in site.people:
        pages += person_pages(person)
    for p in site.pairs:
        pages += pair_pages(site, p)
    for code in site.countries:
        pages += country_pages(site, code, directory_urls=directory_urls)
    for a in site.articles:
        pages += source_pages(site, a)
    return pages


def paragraphs(sentences: Iterable[tuple[int, str]]) -> list[Paragraph]:
    """Numbered sentences → paragraphs of (sentence index or None for a continuation, text).

    A blank line inside a sentence starts a new paragraph; the sentence's anchor stays on its first
    non-empty part, and a sentence with no text still gets an (empty) anchor.
    """
    out: list[Paragraph] = [[]]
    for i, sentence in sentences:
        anchor: int | None = i
        for n, part in enumerate(PARAGRAPH_BREAK.split(sentence)):
            if n and out[-1]:
                out.append([])
            if part.strip():
                out[-1].append((anchor, part))
                anchor = None
        if anchor is not None:
            out[-1].append((anchor, ""))
    return [p for p in out if p]


def _clip_sentence(text: str) -> str:
    if len(text) <= paging.MAX_SENTENCE:
        return text
    return (text[:paging.MAX_SENTENCE] + f" … ({len(text) - paging.MAX_SENTENCE} more characters "
            "not shown: see the original file)")


# --------------------------------------------------------------------------------------- charts
# The pictures are inline SVG in raw HTML, which MkDocs does not rewrite: their links are written
# as the URLs of the built site (use_directory_urls), relative to the page's URL ``url_root``.

def _graph(site: Site, url_root: str, center: str | None = None, *,
           directory_urls: bool = True) -> Graph:
    """The relations graph of every pair, or of one country and its partners."""
    pairs = site.country_pairs[center] if center else site.pairs
    codes = sorted({c for p in pairs for c in p.codes})
    many = len(codes) > 16          # short labels (codes) when the picture is crowded
    nodes = []
    for code in codes:
        c, around = site.countries[code], site.country_pairs[code]
        volume = sum(p.volume for p in around)
        nodes.append(charts.Node(
            code=code, label=code if many else c.name, volume=volume,
            title=f"{c.name}: {volume} facts and quotes in {len(around)} pairs",
            href=_url(url_root, f"countries/{code}", directory_urls)))
    edges = [charts.Edge(
        a=p.codes[0], b=p.codes[1], volume=p.volume,
        href=_url(url_root, f"pairs/{p.slug}", directory_urls),
        title=(f"{p.name}: {len(p.facts)} facts, {len(p.quotes)} quotes; "
               f"{p.tones.cooperative} cooperative, {p.tones.neutral} neutral, "
               f"{p.tones.conflictual} conflictual"),
        cooperative=p.tones.cooperative, conflictual=p.tones.conflictual,
        neutral=p.tones.neutral) for p in pairs]
    small = center is not None
    svg = charts.relations_graph(nodes, edges, center=center, width=560 if small else 720,
                                 height=(380 if len(nodes) > 3 else 220) if small else 520)
    return Graph(svg, len(nodes), min(len(nodes), charts.MAX_NODES))


def _url(root: str, page: str, directory_urls: bool) -> str:
    """A built page's URL: "countries/KZ/" on a served site, "countries/KZ.html" offline."""
    return f"{root}{page}/" if directory_urls else f"{root}{page}.html"


def _activity(pair: Pair) -> str:
    """The pair's dated facts per year or month, or "" when none is dated."""
    return charts.activity_chart([(f.iso_date, f.tone) for f in pair.facts if f.iso_date])


def _quads(pair: Pair) -> str:
    """The cooperation and conflict chart of a pair's coded events."""
    return charts.quad_chart([(f.iso_date, f.event.quad, f.event.goldstein) for f in pair.facts
                              if f.iso_date and (f.event.quad or f.event.goldstein is not None)])


__all__ = ["Page", "Site", "build_pages", "countries_index_page", "country_pages", "home_page",
           "pair_pages", "pairs_index_pages", "paragraphs", "people_pages", "person_pages",
           "read_site", "search_pages", "source_pages", "sources_index_pages", "timeline_pages"]
