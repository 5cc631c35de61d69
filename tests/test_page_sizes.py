"""Page sizes: the cost of what a page shows, and the splits of lists, articles and pairs by it."""

from __future__ import annotations

import pytest
from test_page_data import fact, reader, relations

from dossier import paging
from dossier.page_data import read_articles
from dossier.page_sizes import (
    SOURCE_HEAD,
    entry_cost,
    entry_hrefs,
    listing,
    pair_split,
    sentence_pages,
    size,
    source_split,
)


@pytest.mark.parametrize(("costs", "budget", "groups", "paths"), [
    ([], 100, [[]], ["pairs/index.md"]),                 # an empty list still has its page
    ([60, 30], 100, [[60, 30]], ["pairs/index.md"]),
    ([60, 60, 30], 100, [[60], [60, 30]], ["pairs/index.md", "pairs/page-2.md"]),
    ([500, 1], 100, [[500], [1]], ["pairs/index.md", "pairs/page-2.md"]),   # one row at least
])
def test_listing_splits_by_the_cost_of_its_rows(monkeypatch: pytest.MonkeyPatch, costs: list[int],
                                                budget: int, groups: list[list[int]],
                                                paths: list[str]) -> None:
    monkeypatch.setattr(paging, "BUDGET", budget)
    pages = listing("pairs/index.md", costs, lambda cost: cost)
    assert [(path, rows) for path, rows, _pager in pages] == list(zip(paths, groups, strict=True))
    assert [pager.current for _path, _rows, pager in pages] == list(range(1, len(paths) + 1))


@pytest.mark.parametrize(("citing", "groups"), [
    ({}, [[0, 1], [2, 3, 4, 5]]),                        # 47 a sentence, after the head
    ({0: ["x" * 10]}, [[0], [1, 2, 3, 4, 5]]),           # what a sentence gave costs too
])
def test_an_article_splits_by_its_sentences_and_what_they_gave(
        monkeypatch: pytest.MonkeyPatch, citing: dict[int, list[str]],
        groups: list[list[int]]) -> None:
    monkeypatch.setattr(paging, "BUDGET", SOURCE_HEAD + 100)
    article = read_articles([{"id": "a", "sentences": [f"s{i}" for i in range(6)]}])["a"]
    split = source_split([article], {"a": citing})
    assert split["a"] == [("sources/a.md", groups[0]), ("sources/a/part-2.md", groups[1])]
    pages = sentence_pages(split)
    assert pages[("a", groups[0][-1])] == "sources/a.md"
    assert pages[("a", 5)] == "sources/a/part-2.md"


def test_shown_citations_cost_and_the_rest_do_not() -> None:
    cites = [("a1", i % 3) for i in range(20)]
    facts = reader().pair({"facts": [fact("f", "t", *cites[:n]) for n in (11, 12, 20)]},
                          ("KZ", "UZ")).facts
    eleven, twelve, twenty = (entry_cost(f) for f in facts)
    assert eleven < twelve == twenty


def test_a_pair_lists_facts_by_event_then_quotes_people_and_organisations() -> None:
    pair = reader().pair(relations()[0], ("KZ", "UZ"))
    [(path, items)] = pair_split(pair)
    assert path == "pairs/KZ-UZ.md"
    assert [(kind, key, entry.anchor) for kind, key, entry in items] == [
        ("fact", "Engage in diplomatic cooperation (05)", "fact-f1"),
        ("fact", "Other facts", "fact-f2"), ("fact", "Other facts", "fact-f3"),
        ("quote", "Anna  Bekova", "quote-q1"),
        ("person", None, "entity-e1"), ("organisation", None, "entity-e2")]


def test_every_entry_links_to_the_part_that_holds_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paging, "BUDGET", 1)           # one entry a page
    pair = reader().pair(relations()[0], ("KZ", "UZ"))
    split = pair_split(pair)
    assert [path for path, _items in split] == ["pairs/KZ-UZ.md"] + [
        f"pairs/KZ-UZ/part-{k}.md" for k in range(2, 7)]
    hrefs = entry_hrefs([split])
    assert [hrefs[f] for f in pair.facts] == ["pairs/KZ-UZ.md#fact-f1",
                                              "pairs/KZ-UZ/part-2.md#fact-f2",
                                              "pairs/KZ-UZ/part-3.md#fact-f3"]
    assert hrefs[pair.organisations[0]] == "pairs/KZ-UZ/part-6.md#entity-e2"


def test_sizes_are_bytes_of_the_escaped_text() -> None:
    """A page's limit is in bytes: escaped punctuation and letters beyond ASCII count as such."""
    assert size("<a>") == len("&#60;a&#62;") and size("é –") == 6 and size(None) == 0


def test_the_charts_take_their_room_on_a_pair_first_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paging, "BUDGET", 50_000)
    pair = reader().pair(relations()[0], ("KZ", "UZ"))
    assert len(pair_split(pair)) == 1                   # six entries fit beside the overview
    [(first, items), *rest] = pair_split(pair, charts=50_000)
    assert first == "pairs/KZ-UZ.md" and len(items) == 1   # charts filling the page: one entry
    assert [path for path, _items in rest] == ["pairs/KZ-UZ/part-2.md"]
