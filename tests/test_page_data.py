"""Page data: the records read from pair files and articles, checked, labelled and built once."""

from __future__ import annotations

from typing import Any

import pytest

from dossier.errors import DossierError
from dossier.page_data import (
    Article,
    Countries,
    Event,
    PairReader,
    cited_sentence,
    citing_texts,
    kept_entries,
    pair_codes,
    read_articles,
)

# A tiny dossier (invented text): two articles, two pairs, facts, a quote, a person, a body.
ARTICLES: list[dict[str, Any]] = [
    {"id": "a1", "title": "Pact signed", "date": "2023-05-02", "publisher": "Wire",
     "url": "https://example.org/a1", "path": "a1.txt",
     "sentences": ["Kazakhstan and Uzbekistan signed a pact.", "It covers water.", "More."]},
    {"id": "a2", "title": "Talks", "date": "2023-06-01", "sentences": ["Talks began."]},
]
COUNTRIES = {"KZ": {"name": "Kazakhstan", "flag": "kz"}, "UZ": {"name": "Uzbekistan", "flag": "uz"},
             "US": {"name": "United States", "flag": "us"}}
SIGN = {"code": "057", "quad_class": 1, "goldstein": 8.0, "label": "Sign formal agreement"}


def fact(fid: str, text: str, *cites: tuple[str, int], **fields: Any) -> dict[str, Any]:
    return {"id": fid, "text": text, "topic": "water", "tone": "neutral",
            "sources": [{"article": a, "sentence": n} for a, n in cites], **fields}


def relations() -> list[dict[str, Any]]:
    return [
        {"pair": ["UZ", "KZ"], "summary": "Neighbours.\n\nSharing a river.",
         "facts": [fact("f1", "Pact signed.", ("a1", 0), date="2023-05-02", tone="cooperative",
                        event=SIGN),
                   fact("f2", "Water covered.", ("a1", 1), ("a1", 0), ("a2", 0)),
                   fact("f3", "Lost.", ("nowhere", 0), date="2022")],
         "quotes": [{"id": "q1", "speaker": "Anna  Bekova", "cue": "said", "kind": "direct",
                     "text": "A turning point.", "sources": [{"article": "a1", "sentence": 2}]}],
         "entities": [{"id": "e1", "name": "Anna Bekova", "label": "PERSON", "country": "KZ"},
                      {"id": "e2", "name": "River Council", "label": "ORG",
                       "members": ["KZ", "UZ", "../x"]}]},
        {"pair": ["KZ", "US"],
         "facts": [fact("f4", "Talks began.", ("a2", 0), date="2023-06-01", tone="conflictual")]},
    ]


def reader(sentence_pages: dict[tuple[str, int], str] | None = None) -> PairReader:
    articles = read_articles(ARTICLES)
    pages = sentence_pages or {(a.id, i): f"sources/{a.id}.md" for a in articles.values()
                               for i in range(len(a.sentences))}
    known = Countries(COUNTRIES, frozenset({"kz", "uz"}), frozenset({"KZ", "UZ", "US"}))
    return PairReader(articles, known, pages, {"anna bekova": "anna-bekova"})


# ---------------------------------------------------------------------------------------- articles

@pytest.mark.parametrize(("raw", "expected"), [
    ({"id": "x", "sentences": ["s", 5, None]},
     {"title": "x", "url": None, "raw_url": None, "date": None, "sentences": ("s", "", "")}),
    ({"id": "x", "title": "T", "url": "javascript:alert(1)"},
     {"title": "T", "url": None, "raw_url": "javascript:alert(1)", "sentences": ()}),
    ({"id": "x", "url": " https://example.org/a "},
     {"url": "https://example.org/a", "raw_url": " https://example.org/a "}),
    ({"id": "x", "title": "word " * 50},
     {"short_title": ("word " * 32).strip() + " …"}),
])
def test_an_article_keeps_what_can_be_shown(raw: dict[str, Any], expected: dict[str, Any]) -> None:
    article = read_articles([raw])["x"]
    assert {k: getattr(article, k) for k in expected} == expected


@pytest.mark.parametrize(("raw", "message"), [
    ([{"id": "../x"}], "slug"), ([{"id": "index"}], "slug"), ([{"id": 5}], "slug"),
    ([{"id": "x"}, {"id": "x"}], "used twice"),
])
def test_a_bad_article_id_stops(raw: list[dict[str, Any]], message: str) -> None:
    with pytest.raises(DossierError, match=message):
        read_articles(raw)


# --------------------------------------------------------------------------------- pairs, entries

@pytest.mark.parametrize(("pairs", "expected"), [
    ([["UZ", "KZ"], ["KZ", "US"]], [("KZ", "UZ"), ("KZ", "US")]),
    ([("B", "A")], [("A", "B")]),
])
def test_pair_codes_are_sorted(pairs: list[Any], expected: list[tuple[str, str]]) -> None:
    assert pair_codes([{"pair": p} for p in pairs]) == expected


@pytest.mark.parametrize(("pairs", "message"), [
    ([["KZ"]], "country codes"), ([["KZ", "KZ"]], "country codes"), (["KZUZ"], "country codes"),
    ([["../etc", "US"]], "country codes"), ([["KZ", "UZ"], ["UZ", "KZ"]], "more than once"),
])
def test_bad_pair_codes_stop(pairs: list[Any], message: str) -> None:
    with pytest.raises(DossierError, match=message):
        pair_codes([{"pair": p} for p in pairs])


@pytest.mark.parametrize(("value", "kept", "problems"), [
    (None, 0, []),
    ("text", 0, ["'facts' is not a list; ignored"]),
    ([{"id": 1}, "x", {"id": 2, "status": " Rejected "}, {"id": 3, "status": "edited"}], 2,
     ["facts[1] is not a mapping; ignored"]),
])
def test_kept_entries(value: object, kept: int, problems: list[str]) -> None:
    entries, told = kept_entries({"facts": value}, "facts")
    assert (len(entries), told) == (kept, problems)


@pytest.mark.parametrize(("src", "expected"), [
    ({"article": "a1", "sentence": 2}, ("a1", 2)),
    ({"article": "a1", "sentence": 3}, None),          # past the end
    ({"article": "a1", "sentence": -1}, None),
    ({"article": "a1", "sentence": True}, None),       # a bool is no index
    ({"article": "a1", "sentence": "0"}, None),
    ({"article": "a9", "sentence": 0}, None),
    ("a1", None),
])
def test_a_citation_names_an_existing_sentence(src: object, expected: object) -> None:
    assert cited_sentence(src, read_articles(ARTICLES)) == expected


def test_citing_texts_lists_facts_then_quotes_per_sentence() -> None:
    found = citing_texts(relations(), read_articles(ARTICLES))
    assert found["a1"] == {0: ["Pact signed.", "Water covered."], 1: ["Water covered."],
                           2: ["A turning point."]}
    assert found["a2"] == {0: ["Water covered.", "Talks began."]}


@pytest.mark.parametrize(("code", "flag", "shipped", "expected"), [
    ("KZ", "kz", {"kz"}, "kz"),
    ("KZ", "kz", set(), ""),              # no picture ships: none rather than a broken image
    ("UZ", "kz", {"kz"}, ""),             # not the code's own
    ("SU", "../x", {"su"}, ""),
    ("XK1", "xk1", {"xk1"}, ""),          # not a two-letter code
])
def test_a_flag_is_the_codes_own_shipped_picture(code: str, flag: str, shipped: set[str],
                                                 expected: str) -> None:
    known = Countries({code: {"name": "N", "flag": flag}}, frozenset(shipped), frozenset())
    assert known.get(code).flag == expected


@pytest.mark.parametrize(("event", "expected"), [
    (SIGN, Event("057", "05", 1, 8.0, "Sign formal agreement", "verbal cooperation")),
    ({"code": "190", "quad_class": 4, "goldstein": -10}, Event("190", "19", 4, -10.0, "",
                                                               "material conflict")),
    ({"code": "1a", "quad_class": True, "goldstein": 11}, Event()),
    ({"code": "21", "quad_class": 9, "goldstein": "x"}, Event()),
    (None, Event()),
])
def test_only_a_well_formed_event_counts(event: object, expected: Event) -> None:
    pair = reader().pair({"facts": [fact("f", "t", event=event)]}, ("KZ", "UZ"))
    assert pair.facts[0].event == expected


@pytest.mark.parametrize(("cites", "labels"), [
    ([("a1", 0)], ["1"]),
    ([("a1", 1), ("a1", 0), ("a2", 0)], ["1a", "1b", "2"]),
    ([("a2", 0), ("nowhere", 0), ("a1", 9)], ["1", "?", "?"]),
])
def test_citation_labels_number_the_pairs_sources(cites: list[tuple[str, int]],
                                                  labels: list[str]) -> None:
    read = reader()
    pair = read.pair({"facts": [fact("f", "t", *cites)]}, ("KZ", "UZ"))
    assert [c.label for c in pair.facts[0].sources] == labels
    assert len(read.warnings) == labels.count("?")


def test_a_pair_is_read_complete() -> None:
    read = reader({("a1", 0): "sources/a1.md", ("a1", 1): "sources/a1/part-2.md",
                   ("a1", 2): "sources/a1/part-2.md", ("a2", 0): "sources/a2.md"})
    pair = read.pair(relations()[0], ("KZ", "UZ"))
    assert (pair.slug, pair.name, pair.href) == ("KZ-UZ", "Kazakhstan – Uzbekistan",
                                                 "pairs/KZ-UZ.md")
    assert pair.summary == ("Neighbours.", "Sharing a river.")
    assert [(heading, [f.anchor for f in facts]) for heading, facts in pair.groups] == [
        ("Engage in diplomatic cooperation (05)", ["fact-f1"]),
        ("Other facts", ["fact-f2", "fact-f3"])]
    assert [c.href for c in pair.facts[1].sources] == ["sources/a1/part-2.md#s1",
                                                       "sources/a1.md#s0", "sources/a2.md#s0"]
    assert (pair.tones.cooperative, pair.tones.neutral, pair.goldstein) == (1, 2, 8.0)
    assert [f.iso_date for f in pair.dated] == ["2022", "2023-05-02"]
    assert pair.period == ("2022", "2023-05-02")
    assert [a.id for a in pair.sources] == ["a1", "a2"]
    assert [(e.name, e.page) for e in pair.people] == [("Anna Bekova", "anna-bekova")]
    assert [(e.name, e.page, e.members) for e in pair.organisations] == [
        ("River Council", None, ("KZ", "UZ"))]
    assert pair.quotes[0].speaker_country is None and pair.quotes[0].direct
    assert read.warnings == ["content/relations/KZ-UZ.yaml: entry 'f3' cites 'nowhere' "
                             "sentence 0, which does not exist; shown unlinked"]


def test_an_entry_shows_its_first_citations_and_counts_the_rest() -> None:
    many = [("a1", i % 3) for i in range(20)]
    entry = reader().pair({"facts": [fact("f", "t", *many)]}, ("KZ", "UZ")).facts[0]
    assert (len(entry.cites), entry.more_cites, entry.sources_count) == (12, 8, 1)


def test_records_are_frozen() -> None:
    article = read_articles(ARTICLES)["a1"]
    assert isinstance(article, Article)
    with pytest.raises(AttributeError):
        article.title = "changed"
