"""Country mentions: names, aliases, demonyms, capitals and cities, checked against the NER."""

from __future__ import annotations

from conftest import SAMPLE

from dossier.ingest import read_article


def codes(rec) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(c["text"], c["code"]) for c in rec["countries"]]


def test_sample_names_its_countries(run) -> None:  # type: ignore[no-untyped-def]
    art = read_article(SAMPLE)
    rec = run(art.text, art.date)
    found = {code for _, code in codes(rec)}
    assert {"US", "KZ", "RU"} <= found
    assert "SU" in found                      # the Soviet Union is not silently Russia
    for c in rec["countries"]:                # offsets point at the text they name
        assert art.text[c["start"]:c["end"]] == c["text"]


def test_aliases_demonyms_and_capitals(run) -> None:  # type: ignore[no-untyped-def]
    rec = run("America and the U.S. agreed. Kazakh officials met in Almaty, then flew to Moscow.")
    assert codes(rec) == [("America", "US"), ("U.S.", "US"), ("Kazakh", "KZ"),
                          ("Almaty", "KZ"), ("Moscow", "RU")]


def test_pronoun_us_is_no_country(run) -> None:  # type: ignore[no-untyped-def]
    rec = run("Let us talk about trade with them.")
    assert codes(rec) == []


def test_country_inside_an_organisation_name_is_not_a_mention(run) -> None:  # type: ignore[no-untyped-def]
    rec = run("The Bank of Japan raised rates on Tuesday, the governor said.")
    assert ("Japan", "JP") not in codes(rec)


def test_renamed_capital_resolves_for_the_article_date(run) -> None:  # type: ignore[no-untyped-def]
    rec = run("Officials gathered in Nur-Sultan for the talks.", "2021-05-01")
    assert codes(rec) == [("Nur-Sultan", "KZ")]


def test_leader_names_count_for_their_country(run) -> None:  # type: ignore[no-untyped-def]
    rec = run("Tokayev met the Biden administration.", "2022-03-21")
    leaders = {(m["text"], m["code"]) for m in rec["mentions"] if m["kind"] == "leader"}
    assert leaders >= {("Tokayev", "KZ"), ("Biden", "US")}


def test_city_naming_an_organisation_and_a_language_are_not_mentions(run) -> None:  # type: ignore[no-untyped-def]
    rec = run("Kazakhstan joined the Shanghai Cooperation Organization and promotes "
              "English-language media.")
    assert codes(rec) == [("Kazakhstan", "KZ")]


def kinds(rec) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return [(m["text"], m["code"], m["kind"]) for m in rec["mentions"]]


def test_places_inside_other_names_are_not_mentions(run) -> None:  # type: ignore[no-untyped-def]
    table = run("Results on Sunday:\nBayern Munich 2 Hamburg 1\nNEW YORK 72 53 .576\n"
                "-- Moscow Newsroom +7095 941 8520")
    assert codes(table) == []
    person = run("Second seed D. Cork beat MaliVai Washington in the final.")
    assert codes(person) == []


def test_dateline_names_the_country(run) -> None:  # type: ignore[no-untyped-def]
    rec = run("HOUSTON, March 2 - Texaco Inc said it raised crude oil prices.", "1987-03-02")
    assert codes(rec) == [("HOUSTON", "US")]
    rec = run("NEW YORK 1996-08-22\nShares rose on Thursday.")
    assert codes(rec) == [("NEW YORK", "US")]


def test_country_inside_an_organisation_still_counts_for_pairs(run) -> None:  # type: ignore[no-untyped-def]
    rec = run("The US Embassy in Astana protested to Kazakhstan.")
    assert codes(rec) == [("Astana", "KZ"), ("Kazakhstan", "KZ")]     # no place named US …
    assert ("US", "US", "inside") in kinds(rec)                         # … but the embassy is
    assert rec["pairs"] and rec["pairs"][0]["pair"] == ["KZ", "US"]


def test_historical_and_renamed_places(run) -> None:  # type: ignore[no-untyped-def]
    rec = run("The Soviet Union and Zaire signed a deal in Kiev.", "1985-06-01")
    assert codes(rec) == [("Soviet Union", "SU"), ("Zaire", "CD"), ("Kiev", "UA")]
    rec = run("Officials in Burma and Swaziland agreed.", "2010-01-01")
    assert codes(rec) == [("Burma", "MM"), ("Swaziland", "SZ")]


def test_regions_from_the_phoenix_dictionary(run) -> None:  # type: ignore[no-untyped-def]
    rec = run("Fighting resumed in Chechnya on Monday.")
    assert codes(rec) == [("Chechnya", "RU")]


def test_collisions_with_other_senses(run) -> None:  # type: ignore[no-untyped-def]
    assert codes(run("Jordan Peterson spoke in Toronto.")) == [("Toronto", "CA")]
    assert codes(run("The governor of Georgia met voters in Atlanta.")) == [("Atlanta", "US")]
    assert codes(run("Georgia and Armenia signed a border treaty.")) == [
        ("Georgia", "GE"), ("Armenia", "AM")]
    assert codes(run("She bought a Guinea pig.")) == []


def test_title_gives_a_person_a_country(run) -> None:  # type: ignore[no-untyped-def]
    rec = run("French finance minister Herve Gaymard met Hans Eichel, the German finance "
              "minister, in Berlin.")
    people = {e["canonical"]: e["country"] for e in rec["entities"] if e["label"] == "PERSON"}
    assert people == {"Herve Gaymard": "FR", "Hans Eichel": "DE"}
