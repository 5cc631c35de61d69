"""Across pairs: people and organisations, their page slugs, the timeline, what each sentence gave."""

from __future__ import annotations

from typing import Any

import pytest
from test_page_data import COUNTRIES, reader, relations

from dossier.across_pairs import extracted, people, person_slugs, timeline
from dossier.page_data import Countries, Pair


def entity(name: str, label: str = "PERSON", **fields: Any) -> dict[str, Any]:
    return {"id": "e", "name": name, "label": label, **fields}


@pytest.mark.parametrize(("names", "slugs"), [
    ([entity("Anna Bekova")], {"anna bekova": "anna-bekova"}),
    # one person however spelled; the first spelling gives the slug
    ([entity("Straße Man"), entity("STRASSE  man")], {"strasse man": "strae-man"}),
    # two people whose names fold to one slug
    ([entity("Zoë Ray"), entity("Zoe Ray")], {"zoe ray": "zoe-ray", "zoë ray": "zoe-ray-2"}),
    ([entity("Ærø Ⅱ"), entity("Владимир")], {"ærø ⅱ": "r-ii", "владимир": "person"}),
    # organisations, blank names and rejected entries have no page
    ([entity("River Council", "ORG"), entity("  "), entity("Gone", status="rejected")], {}),
])
def test_person_slugs(names: list[dict[str, Any]], slugs: dict[str, str]) -> None:
    assert person_slugs([{"pair": ["KZ", "UZ"], "entities": names}]) == slugs


def read_pairs(raws: list[dict[str, Any]]) -> list[Pair]:
    read = reader()
    codes = [sorted(raw["pair"]) for raw in raws]
    return [read.pair(raw, (a, b)) for raw, (a, b) in zip(raws, codes, strict=True)]


def hrefs(pairs: list[Pair]) -> dict[Any, str]:
    return {e: f"pairs/{p.slug}.md#{e.anchor}" for p in pairs
            for e in (*p.facts, *p.quotes, *p.entities)}


def test_people_are_one_row_per_name_and_kind() -> None:
    raws = relations()
    raws[1]["entities"] = [entity("anna bekova", country="US"), entity("Anna Bekova", "ORG")]
    pairs = read_pairs(raws)
    known = Countries(COUNTRIES, frozenset(), frozenset({"KZ", "UZ", "US"}))
    rows = people(pairs, known, {"anna bekova": "anna-bekova"}, hrefs(pairs))
    assert [(r.name, r.label, r.slug, [c.code for c in r.countries], [p.slug for p in r.pairs],
             len(r.quotes)) for r in rows] == [
        ("Anna Bekova", "ORG", None, [], ["KZ-US"], 0),
        ("Anna Bekova", "PERSON", "anna-bekova", ["KZ", "US"], ["KZ-US", "KZ-UZ"], 1),
        ("River Council", "ORG", None, [], ["KZ-UZ"], 0)]
    council = rows[2]
    assert [c.name for c in council.members] == ["Kazakhstan", "Uzbekistan"]
    said = rows[1].quotes[0]
    assert (said.pair.slug, said.quote.text, said.href) == ("KZ-UZ", "A turning point.",
                                                           "pairs/KZ-UZ.md#quote-q1")


def test_the_timeline_is_oldest_first_with_links() -> None:
    pairs = read_pairs(relations())
    assert [(r.year, r.fact.iso_date, r.pair.slug, r.href) for r in timeline(pairs, hrefs(pairs))] == [
        ("2022", "2022", "KZ-UZ", "pairs/KZ-UZ.md#fact-f3"),
        ("2023", "2023-05-02", "KZ-UZ", "pairs/KZ-UZ.md#fact-f1"),
        ("2023", "2023-06-01", "KZ-US", "pairs/KZ-US.md#fact-f4")]


def test_each_sentence_lists_the_facts_and_quotes_taken_from_it() -> None:
    pairs = read_pairs(relations())
    found = extracted(pairs, hrefs(pairs))
    assert {aid: {n: [x.href for x in items] for n, items in sentences.items()}
            for aid, sentences in found.items()} == {
        "a1": {0: ["pairs/KZ-UZ.md#fact-f1", "pairs/KZ-UZ.md#fact-f2"],
               1: ["pairs/KZ-UZ.md#fact-f2"], 2: ["pairs/KZ-UZ.md#quote-q1"]},
        "a2": {0: ["pairs/KZ-UZ.md#fact-f2", "pairs/KZ-US.md#fact-f4"]}}
