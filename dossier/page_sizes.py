"""Page sizes: what each entry, row and sentence adds to a page, and the split of pairs, articles
and index lists over bounded pages by those estimates (``paging.split``).

Every list that grows with the corpus is split: the index pages, a pair's facts and quotes, a
person's statements, a country's partners, a long article's text. Links to an entry or a sentence
go to the page that holds it, so the splits are made before the links: an article's first
(``source_split``, which needs only the texts that cite each sentence), a pair's once the pair is
read (``pair_split``).

The estimates are in bytes of HTML: the escaped text (``md``) as UTF-8, and the markup around it
as measured on built pages. They cover what a page's Markdown becomes, with the lines its
headings add to the theme's table of contents; the theme's header, navigation and footer come on
top (``paging.CHROME``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

from dossier import paging
from dossier.across_pairs import Dated, Person, Said
from dossier.filters import md
from dossier.page_data import Article, Country, Entity, Entry, Fact, Pair, Quote, Statement

R = TypeVar("R")
# One entry of a pair's pages: its kind (fact, quote, person, organisation), the heading it is
# listed under (a fact's event type, a quote's speaker; None for the others) and the entry.
Item = tuple[str, str | None, Entry]
# The markup around what a page shows, measured on the HTML of built pages (5,000 Reuters
# articles) and rounded up a little: an estimate may overcount, never undercount by much.
FACT_MARKUP = 320          # a fact on a pair page: its anchor, CAMEO badge, tone, topic, reports
QUOTE_MARKUP = 120         # a quote on a pair page: its anchor, quotation marks or list item
ENTITY_MARKUP = 120        # a person or organisation on a pair page: its anchor, in bold
COUNTRY_LINK = 50 + paging.FLAG_COST    # a link to a country page with its flag, and a comma
PAIR_LINK = 50 + 2 * paging.FLAG_COST   # a link to a pair (or a place on its pages) with two flags
SENTENCE_COST = 45         # the markup around one sentence of a source page
ITEM_COST = 150 + PAIR_LINK  # a fact or quote under its sentence: its kind, pair link, speaker
ITEMS_COST = 60            # the "Sentence 12" line a sentence's items are under; "and 3 more …"
SOURCE_HEAD = 2_000        # a source page's metadata, headings and pagers, without its title
PAIR_HEAD = 4_000          # the overview on a pair's first page (counts, tone, links, headings,
                           # captions; 2.4 KB at most measured), its pagers and section headings,
                           # without its summary, latest dated facts and charts
PERSON_HEAD = 600          # a person page's heading, "In the dossier of" and pagers
COUNTRY_HEAD = 2_000       # a country page's title, introduction, table head and pagers
YEAR_COST = 2 * paging.HEADING_COST     # a year of the timeline: its heading and its line in the
                           # table of contents, shown twice on the first page (it is in the nav)


def size(value: object) -> int:
    """The bytes a value takes on a page: its escaped text (``md``) as UTF-8."""
    return len(md(value).encode("utf-8"))


def cite_cost(entry: Entry) -> int:
    """The citation links shown (``paging.MAX_CITES`` at most), each as long as its target."""
    return sum(paging.CITE_COST + len(c.href or "") for c in entry.cites)


def entry_cost(entry: Entry) -> int:
    """An entry on a pair page. A quote's speaker is its heading's (``pair_split``), not its own."""
    if isinstance(entry, Entity):
        return (ENTITY_MARKUP + size(entry.name) + cite_cost(entry)
                + (40 + len(entry.page) if entry.page else 0)           # the link to its page
                + (COUNTRY_LINK + size(entry.country.name) if entry.country else 0))
    text = size(paging.clip(entry.text, paging.MAX_TEXT)) if isinstance(entry, Statement) else 0
    if isinstance(entry, Quote):
        return text + cite_cost(entry) + QUOTE_MARKUP + size(entry.cue)
    shown = (size(entry.date) + size(entry.event.label) + size(entry.topic)
             if isinstance(entry, Fact) else 0)
    return text + cite_cost(entry) + FACT_MARKUP + shown


def said_cost(row: Said) -> int:
    """A statement on a person's page: the quote, its role and the link to its pair."""
    return entry_cost(row.quote) + size(row.quote.role) + size(row.pair.title) + PAIR_LINK


def person_cost(person: Person) -> int:
    """A row of the people index; with PERSON_HEAD, the head of a person's page."""
    return (40 + size(person.name) + (30 + len(person.slug) if person.slug else 0)
            + sum(COUNTRY_LINK + size(c.name) for c in person.countries)
            + sum(size(p.title) + PAIR_LINK for p in person.shown_pairs)
            + (20 if person.more_pairs else 0)
            + sum(30 + paging.FLAG_COST + size(c.name) for c in person.members))


def pair_row_cost(pair: Pair) -> int:
    return size(pair.title) + 420 + 2 * paging.FLAG_COST


def partner_cost(partner: Country, pair: Pair) -> int:
    """A row of a country page's table: the partner, the pair, counts, tone balance, latest."""
    return size(partner.name) + size(pair.title) + 3 * paging.FLAG_COST + 500


def source_row_cost(article: Article) -> int:
    return (size(article.short_title) + size(article.publisher) + size(article.date)
            + len(article.id) + 140)


def dated_cost(row: Dated) -> int:
    return (size(paging.clip(row.fact.text, paging.MAX_TEXT)) + cite_cost(row.fact)
            + size(row.fact.iso_date) + size(row.pair.title) + PAIR_LINK + 100)


def year_heading(row: Dated) -> list[tuple[Hashable, int]]:
    """The heading of a timeline row's year, paid once per page."""
    return [(row.year, YEAR_COST + 3 * size(row.year))]


def listing(base: str, rows: Sequence[R], cost: Callable[[R], int], *, first: int = 0,
            once: Callable[[R], Iterable[tuple[Hashable, int]]] | None = None,
            folder: str | None = None) -> list[tuple[str, list[R], paging.Pager]]:
    """A list over as many pages as it needs: (path, rows, pager) per page; ``base`` is the
    first page's path, ``first`` and ``once`` as in ``paging.split``, ``folder`` as in
    ``paging.page_path`` (the parts of one page: a person's, a country's)."""
    groups = paging.split(rows, cost, first=first, once=once)
    paths = [paging.page_path(base, k, folder=folder) for k in range(1, len(groups) + 1)]
    return list(zip(paths, groups, paging.pagers(paths), strict=True))


def source_split(articles: Iterable[Article], citing: Mapping[str, Mapping[int, list[str]]]
                 ) -> dict[str, list[tuple[str, list[int]]]]:
    """Each article's text split into parts: article id → [(docs path, sentence indices)]. A
    sentence costs its text and the items taken from it (``citing``: their texts)."""
    out: dict[str, list[tuple[str, list[int]]]] = {}
    for a in articles:
        found = citing.get(a.id, {})

        def cost(i: int, a: Article = a, found: Mapping[int, list[str]] = found) -> int:
            items = found.get(i, [])
            shown = items[:paging.MAX_ITEMS]
            listed = (ITEMS_COST + sum(size(paging.clip(text, paging.MAX_TEXT)) + ITEM_COST
                                       for text in shown)
                      + (ITEMS_COST if len(items) > len(shown) else 0)   # "and 3 more …"
                      ) if items else 0
            return size(a.sentences[i][:paging.MAX_SENTENCE]) + SENTENCE_COST + listed

        # Every part repeats the title (its heading, the page's title and the theme's header),
        # which a feed can make long: what it takes is taken from each part's budget.
        groups = paging.split(range(len(a.sentences)), cost, first=SOURCE_HEAD,
                              budget=paging.BUDGET - 3 * size(a.title))
        base = f"sources/{a.id}"
        out[a.id] = [(paging.page_path(base + ".md", k, folder=base), list(g))
                     for k, g in enumerate(groups, 1)]
    return out


def sentence_pages(split: Mapping[str, list[tuple[str, list[int]]]]
                   ) -> dict[tuple[str, int], str]:
    """(article id, sentence) → the path of the part of the article that holds it."""
    return {(aid, i): path for aid, parts in split.items() for path, indices in parts
            for i in indices}


def speaker_extra(entry: Entry) -> int:
    """What a speaker's heading adds to its name: the first quote's role and the speaker's
    country (a link with its flag), in the heading and its line in the table of contents."""
    if not isinstance(entry, Quote):
        return 0
    country = entry.speaker_country
    return 2 * size(entry.role) + (COUNTRY_LINK + 2 * size(country.name) if country else 0)


def pair_split(p: Pair, charts: int = 0) -> list[tuple[str, list[Item]]]:
    """A pair's facts, quotes, people and organisations over as many pages as they need, as
    (path, items) per page; the first page also has the overview, and its charts (``charts``:
    their bytes, drawn before the split since their size depends on the dates)."""
    items: list[Item] = [("fact", g, f) for g, facts in p.groups for f in facts]
    items += [("quote", q.speaker, q) for q in sorted(p.quotes, key=lambda q: q.speaker)]
    items += [("person", None, e) for e in p.people]
    items += [("organisation", None, e) for e in p.organisations]
    overview = PAIR_HEAD + charts + sum(size(f.text[:160]) + size(f.iso_date) + cite_cost(f)
                                        + 110 for f in p.dated)
    overview += sum(size(x) + 10 for x in p.summary)
    listed = {a.id: paging.SOURCE_COST + size(a.short_title) + size(a.date) + size(a.publisher)
              for a in p.sources}

    def shared(it: Item) -> list[tuple[Hashable, int]]:
        kind, key, entry = it
        # The heading of a topic or speaker, and each source listed at the page's foot.
        heading: list[tuple[Hashable, int]] = (
            [((kind, key), paging.HEADING_COST + 3 * size(key) + speaker_extra(entry))]
            if key else [])
        return heading + [(("source", c.article), listed.get(c.article, paging.SOURCE_COST))
                          for c in entry.cites if c.article]

    groups = paging.split(items, lambda it: entry_cost(it[2]), first=overview, once=shared)
    base = f"pairs/{p.slug}"
    return [(paging.page_path(base + ".md", k, folder=base), group)
            for k, group in enumerate(groups, 1)]


def entry_hrefs(splits: Iterable[list[tuple[str, list[Item]]]]) -> dict[Entry, str]:
    """Each entry → the page that holds it, with its anchor."""
    return {entry: path + (f"#{entry.anchor}" if entry.anchor else "")
            for parts in splits for path, items in parts for _kind, _key, entry in items}


__all__ = ["Item", "cite_cost", "dated_cost", "entry_cost", "entry_hrefs", "listing",
           "pair_row_cost", "pair_split", "partner_cost", "person_cost", "said_cost",
           "sentence_pages", "size", "source_row_cost", "source_split", "speaker_extra",
           "year_heading"]
