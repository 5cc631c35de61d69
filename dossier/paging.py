"""Bounded pages: long lists are split over several pages so that no HTML page grows with the corpus.

A page's size is estimated from what it will show, in bytes of HTML (escaped text, citation
links, markup, pictures, and what items on one page share once: a speaker's heading with its line
in the theme's table of contents, a source in the list at the page's foot; ``page_sizes``), and a
list continues on a next page when the estimate passes a budget. Around that content the theme
adds its header, navigation, search and footer, and the page its title, pagers and section
headings: 10.5 to 13 KB, measured on every page of a 5,000-article site and of the synthetic
dossier of tests/test_bounded_pages.py (``CHROME`` rounds it up). So a budget of 80,000 bytes
keeps each HTML page under 94 KB, 6 KB short of the 100 KB no page should reach, for an
estimate that falls short; the largest pages, those that fill the budget, are 85 to 93 KB.
``make bench`` reports the largest page actually built.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

CHROME = 14_000            # what the theme and a page's title, pagers and headings add to it
BUDGET = 80_000            # estimated bytes of content on one page: 100 KB - CHROME - a margin
CITE_COST = 30             # one citation link's markup and label, besides its target
HEADING_COST = 250         # a heading's markup and its line in the theme's table of contents
SOURCE_COST = 200          # one article in the list of sources at the foot of a pair page
FLAG_COST = 110            # one flag picture's <img> markup
MAX_CITES = 12             # citation links shown per entry; the rest is counted ("+3")
MAX_TEXT = 1_200           # characters of an entry's text on pair, person and timeline pages
MAX_SENTENCE = 20_000      # characters of one sentence on a source page (tables without full stops)
MAX_TITLE = 160            # characters of a title in index tables
MAX_LINKS = 8              # pairs listed in one row of the people index
MAX_DATED = 30             # latest dated facts in the timeline at the top of a pair page
MAX_ITEMS = 12             # items listed under one sentence of a source page (a table can give 100s)
EDGE = 2                   # pages linked at each end of a pager …
AROUND = 3                 # … and on each side of the current page


def split(items: Sequence[T], cost: Callable[[T], int], budget: int | None = None,
          first: int = 0, once: Callable[[T], Iterable[tuple[Hashable, int]]] | None = None
          ) -> list[list[T]]:
    """Consecutive runs of items whose costs add up to at most ``budget`` (at least one item per
    page); ``first`` is what the first page already holds (a header, a chart). ``once`` gives
    costs an item shares with others on its page, paid once per page: a speaker's heading and
    its line in the page's table of contents, a source in the list at the page's foot. Never
    empty."""
    budget = BUDGET if budget is None else budget
    pages: list[list[T]] = [[]]
    used = first
    paid: set[Hashable] = set()
    for item in items:
        shared = dict(once(item)) if once is not None else {}
        c = cost(item) + sum(v for k, v in shared.items() if k not in paid)
        if pages[-1] and used + c > budget:
            pages.append([])
            used, paid = 0, set()
            c = cost(item) + sum(shared.values())
        pages[-1].append(item)
        paid.update(shared)
        used += c
    return pages


def page_path(base: str, n: int, *, folder: str | None = None) -> str:
    """The docs path of page ``n`` (from 1) of a list whose first page is ``base``:
    ``pairs/index.md`` → ``pairs/page-2.md``; ``timeline.md`` → ``timeline/page-2.md``;
    ``pairs/KZ-US.md`` → ``pairs/KZ-US/part-2.md``."""
    if n == 1:
        return base
    stem = base[:-3]
    if folder is None:
        folder = stem[:-len("/index")] if stem.endswith("/index") else stem
        return f"{folder}/page-{n}.md"
    return f"{folder}/part-{n}.md"


def root_of(path: str) -> str:
    """The relative prefix from a page back to the docs folder: "" or "../" or "../../"."""
    return "../" * path.count("/")


@dataclass
class Pager:
    """Links between the pages of one list, relative to the page being rendered: the first and
    last pages and a few around the current one, so that a list of 500 pages does not put 500
    links on each of them (half a million links in all, which MkDocs checks one by one)."""

    current: int
    total: int
    links: list[tuple[int, str, str]]       # (number, label, relative link); number 0: a gap
    previous: str | None = None
    next: str | None = None


def pagers(paths: list[str], labels: list[str] | None = None) -> list[Pager]:
    """One pager per page of a list of page paths."""
    out = []
    total = len(paths)
    for i, here in enumerate(paths, 1):
        folder = posixpath.dirname(here) or "."
        shown = [n for n in range(1, total + 1)
                 if n <= EDGE or n > total - EDGE or abs(n - i) <= AROUND]
        links: list[tuple[int, str, str]] = []
        for n in shown:
            if links and n > links[-1][0] + 1:
                links.append((0, "…", ""))
            links.append((n, labels[n - 1] if labels else str(n),
                          posixpath.relpath(paths[n - 1], folder)))
        out.append(Pager(i, total, links,
                         posixpath.relpath(paths[i - 2], folder) if i > 1 else None,
                         posixpath.relpath(paths[i], folder) if i < total else None))
    return out


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at a word boundary, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip() + " …"
