"""Page sizes: what each entry, row and sentence adds to a page, and the split of pairs, articles
and index lists over bounded pages by those estimates (``paging.split``).

Every list that grows with the corpus is split: the index pages, a pair's facts and quotes, a
person's statements, a long article's text. Links to an entry or a sentence go to the page that
holds it, so the splits are made before the links: an article's first (``source_split``, which
needs only the texts that cite each sentence), a pair's once the pair is read (``pair_split``).
The estimates are of the escaped text (``md``) and the markup around it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

from dossier import paging
from dossier.across_pairs import Dated, Person
from dossier.filters import md
from dossier.page_data import Article, Entity, Entry, Pair, Quote, Statement

R = TypeVar("R")
# One entry of a pair's pages: its kind (fact, quote, person, organisation), the heading it is
# listed under (a fact's event type, a quote's speaker; None for the others) and the entry.
Item = tuple[str, str | None, Entry]
SENTENCE_COST = 45         # the markup around one sentence of a source page
SOURCE_HEAD = 2_000        # a source page's title and metadata
PAIR_HEAD = 6_000          # the overview on a pair's first page (charts, counts), without its text


def cite_cost(entry: Entry) -> int:
    return paging.CITE_COST * min(len(entry.sources), paging.MAX_CITES)


def entry_cost(entry: Entry) -> int:
    text = entry.name if isinstance(entry, Entity) else entry.text \
        if isinstance(entry, Statement) else ""
    speaker = entry.speaker if isinstance(entry, Quote) else None
    return (len(md(paging.clip(text, paging.MAX_TEXT))) + len(md(speaker)) + cite_cost(entry)
            + paging.ROW_COST)


def person_cost(person: Person) -> int:
    """A row of the people index, and the head of a person's page."""
    flag = paging.FLAG_COST
    return (paging.ROW_COST + 2 * len(md(person.name)) + (120 + flag) * len(person.countries)
            + sum(len(md(p.title)) + 130 + 2 * flag for p in person.shown_pairs)
            + (12 + flag) * len(person.members))


def pair_row_cost(pair: Pair) -> int:
    return len(md(pair.title)) + 450 + 2 * paging.FLAG_COST


def source_row_cost(article: Article) -> int:
    return (len(md(article.short_title)) + len(md(article.publisher)) + len(article.id)
            + paging.ROW_COST)


def dated_cost(row: Dated) -> int:
    return entry_cost(row.fact) + len(md(row.pair.title)) + 150 + 2 * paging.FLAG_COST


def listing(base: str, rows: Sequence[R], cost: Callable[[R], int]
            ) -> list[tuple[str, list[R], paging.Pager]]:
    """An index list over as many pages as it needs: (path, rows, pager) per page; ``base`` is
    the first page's path."""
    groups = paging.split(rows, cost)
    paths = [paging.page_path(base, k) for k in range(1, len(groups) + 1)]
    return list(zip(paths, groups, paging.pagers(paths), strict=True))


def source_split(articles: Iterable[Article], citing: Mapping[str, Mapping[int, list[str]]]
                 ) -> dict[str, list[tuple[str, list[int]]]]:
    """Each article's text split into parts: article id → [(docs path, sentence indices)]. A
    sentence costs its text and the items taken from it (``citing``: their texts)."""
    out: dict[str, list[tuple[str, list[int]]]] = {}
    for a in articles:
        found = citing.get(a.id, {})

        def cost(i: int, a: Article = a, found: Mapping[int, list[str]] = found) -> int:
            return len(md(a.sentences[i][:paging.MAX_SENTENCE])) + SENTENCE_COST + sum(
                len(md(paging.clip(text, paging.MAX_TEXT))) + paging.ROW_COST
                for text in found.get(i, [])[:paging.MAX_ITEMS])

        groups = paging.split(range(len(a.sentences)), cost, first=SOURCE_HEAD)
        base = f"sources/{a.id}"
        out[a.id] = [(paging.page_path(base + ".md", k, folder=base), list(g))
                     for k, g in enumerate(groups, 1)]
    return out


def sentence_pages(split: Mapping[str, list[tuple[str, list[int]]]]
                   ) -> dict[tuple[str, int], str]:
    """(article id, sentence) → the path of the part of the article that holds it."""
    return {(aid, i): path for aid, parts in split.items() for path, indices in parts
            for i in indices}


def pair_split(p: Pair) -> list[tuple[str, list[Item]]]:
    """A pair's facts, quotes, people and organisations over as many pages as they need, as
    (path, items) per page; the first page also has the overview."""
    items: list[Item] = [("fact", g, f) for g, facts in p.groups for f in facts]
    items += [("quote", q.speaker, q) for q in sorted(p.quotes, key=lambda q: q.speaker)]
    items += [("person", None, e) for e in p.people]
    items += [("organisation", None, e) for e in p.organisations]
    overview = PAIR_HEAD + sum(len(md(f.text[:160])) + cite_cost(f) + paging.ROW_COST
                               for f in p.dated)
    overview += sum(len(md(x)) for x in p.summary)
    titles = {a.id: a.title for a in p.sources}

    def shared(it: Item) -> list[tuple[Hashable, int]]:
        kind, key, entry = it
        # The heading of a topic or speaker, and each source listed at the page's foot.
        heading: list[tuple[Hashable, int]] = (
            [((kind, key), paging.HEADING_COST + 3 * len(md(key)))] if key else [])
        return heading + [(("source", c.article), paging.SOURCE_COST
                           + len(md(titles.get(c.article, ""))))
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
           "pair_row_cost", "pair_split", "person_cost", "sentence_pages", "source_row_cost",
           "source_split"]
