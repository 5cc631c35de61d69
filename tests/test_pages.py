"""Pages: one builder per page kind over the site read once; each page holds every value its
template uses."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import meta
from test_page_data import ARTICLES, COUNTRIES, relations

from dossier import paging
from dossier.filters import make_environment
from dossier.pages import (
    Page,
    Site,
    build_pages,
    country_pages,
    home_page,
    pair_pages,
    paragraphs,
    read_site,
    search_pages,
    source_pages,
)

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def site() -> Site:
    return read_site(relations(), ARTICLES, COUNTRIES, frozenset({"kz", "uz", "us"}))


def test_build_pages_makes_every_page_kind_in_order() -> None:
    pages = build_pages(site(), search="pagefind")
    assert [(p.path, type(p).__name__) for p in pages] == [
        ("index.md", "HomePage"), ("countries/index.md", "CountriesIndexPage"),
        ("search.md", "SearchPage"), ("pairs/index.md", "ListPage"),
        ("sources/index.md", "SourcesIndexPage"), ("timeline.md", "ListPage"),
        ("people.md", "ListPage"), ("persons/anna-bekova.md", "PersonPage"),
        ("pairs/KZ-UZ.md", "PairPage"), ("pairs/KZ-US.md", "PairPage"),
        ("countries/KZ.md", "CountryPage"), ("countries/US.md", "CountryPage"),
        ("countries/UZ.md", "CountryPage"),
        ("sources/a2.md", "SourcePage"), ("sources/a1.md", "SourcePage")]     # newest first


def _variables(page: Page) -> set[str]:
    env = make_environment(TEMPLATES)
    source = env.loader.get_source(env, page.template)[0] if env.loader else ""
    return meta.find_undeclared_variables(env.parse(source))


def test_every_page_has_each_value_its_template_uses() -> None:
    for page in build_pages(site(), search="pagefind"):
        missing = _variables(page) - set(page.context()) - {"root", "url_root"}
        assert not missing, (page.path, missing)


@pytest.mark.parametrize(("directory_urls", "pagefind", "bundles"), [
    (True, True, ["../pagefind/"]), (False, True, ["pagefind/"]), (True, False, []),
])
def test_the_search_page_comes_with_pagefind(directory_urls: bool, pagefind: bool,
                                             bundles: list[str]) -> None:
    pages = search_pages(directory_urls=directory_urls, pagefind=pagefind)
    assert [p.bundle for p in pages] == bundles


def test_home_page_counts_and_ranks_pairs() -> None:
    home = home_page(site(), directory_urls=True, pagefind=False)
    t = home.totals
    assert (t.pairs, t.countries, t.articles, t.facts, t.quotes, t.people) == (2, 3, 2, 4, 1, 2)
    assert [p.slug for p in home.top_pairs] == ["KZ-UZ", "KZ-US"]
    assert (home.graph.countries, home.graph.shown) == (3, 3)
    assert 'href="countries/KZ/"' in home.graph.svg


@pytest.mark.parametrize(("code", "partners", "link"), [
    ("KZ", ["UZ", "US"], 'href="../../pairs/KZ-UZ/"'),
    ("US", ["KZ"], 'href="../../pairs/KZ-US/"'),
])
def test_a_country_page_ranks_its_partners(code: str, partners: list[str], link: str) -> None:
    [page] = country_pages(site(), code, directory_urls=True)
    assert [r.partner.code for r in page.rows] == partners and page.total == len(partners)
    assert link in page.graph.svg


def test_a_country_with_many_partners_continues_and_only_its_first_page_has_the_graph(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paging, "BUDGET", 1)           # one partner a page
    pages = country_pages(site(), "KZ", directory_urls=True)
    assert [p.path for p in pages] == ["countries/KZ.md", "countries/KZ/part-2.md"]
    assert [[r.partner.code for r in p.rows] for p in pages] == [["UZ"], ["US"]]
    assert pages[0].graph.svg and not pages[1].graph.svg and pages[1].total == 2
    assert pages[1].pager.previous == "../KZ.md"


def test_offline_chart_links_name_html_files() -> None:
    [page] = country_pages(site(), "US", directory_urls=False)
    assert 'href="../pairs/KZ-US.html"' in page.graph.svg


def test_a_long_pair_continues_and_only_its_first_page_has_the_charts(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paging, "BUDGET", 1)           # one entry a page
    the_site = site()
    pages = pair_pages(the_site, the_site.pairs[0])
    assert [p.part.number for p in pages] == [1, 2, 3, 4, 5, 6]
    assert pages[0].quads and pages[0].activity
    assert (pages[0].activity, pages[0].quads) == the_site.pair_charts["KZ-UZ"]  # drawn once
    assert not any(p.quads or p.activity for p in pages[1:])
    # the sources at a page's foot keep their number on the pair
    assert [(s.label, s.article.id) for s in pages[1].part.sources] == [(1, "a1"), (2, "a2")]
    assert pages[2].part.sources == []                # an unlinked citation lists none
    assert [q.speaker for q in pages[3].part.quotes] == ["Anna  Bekova"]
    assert [(s.label, s.article.id) for s in pages[3].part.sources] == [(1, "a1")]
    assert pages[1].pager.previous == "../KZ-UZ.md"


@pytest.mark.parametrize(("max_items", "shown", "more"), [(12, 2, 0), (1, 1, 1)])
def test_a_source_page_lists_what_each_sentence_gave(monkeypatch: pytest.MonkeyPatch,
                                                     max_items: int, shown: int,
                                                     more: int) -> None:
    monkeypatch.setattr(paging, "MAX_ITEMS", max_items)
    the_site = site()
    [page] = source_pages(the_site, next(a for a in the_site.articles if a.id == "a1"))
    first = page.extracted[0]
    assert (first.n, len(first.items), first.more) == (0, shown, more)
    assert first.items[0].href == "pairs/KZ-UZ.md#fact-f1"
    assert [n for n, _items, _more in page.extracted] == [0, 1, 2]


@pytest.mark.parametrize(("sentences", "expected"), [
    ([(0, "One."), (1, "Two.")], [[(0, "One."), (1, "Two.")]]),
    ([(0, "One.\n\nTwo.")], [[(0, "One.")], [(None, "Two.")]]),       # a blank line parts them
    ([(3, ""), (4, "Four.")], [[(3, ""), (4, "Four.")]]),              # an empty one keeps its anchor
    ([(0, "\n\nOne.")], [[(0, "One.")]]),
    ([(0, "One.\n \t\n"), (1, "Two.")], [[(0, "One.")], [(1, "Two.")]]),
])
def test_paragraphs(sentences: list[tuple[int, str]],
                    expected: list[list[tuple[int | None, str]]]) -> None:
    assert paragraphs(sentences) == expected
