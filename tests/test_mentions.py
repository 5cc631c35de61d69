"""Country mentions (``extract/mentions.py``): names, aliases, demonyms, capitals and cities on top
of the NER, the date deciding renamed places, context deciding the rest.

Each table is one rule of the README's "Countries" section, as ``(text, date, expected)``;
``expected`` lists the places reported, in order, as ``(text as written, ISO code)``.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import SAMPLE, Record, Run

from dossier.ingest import read_article

Case = tuple[str, str | None, list[tuple[str, str]]]

NAMES_AND_ALIASES: list[Case] = [
    ("America and the U.S. agreed. Kazakh officials met in Almaty, then flew to Moscow.", None,
     [("America", "US"), ("U.S.", "US"), ("Kazakh", "KZ"), ("Almaty", "KZ"), ("Moscow", "RU")]),
    ("The USA, the UK, the UAE, the DPRK and the PRC voted.", None,
     [("USA", "US"), ("UK", "GB"), ("UAE", "AE"), ("DPRK", "KP"), ("PRC", "CN")]),
    ("Americans, Britons and the Dutch voted.", None,
     [("Americans", "US"), ("Britons", "GB"), ("Dutch", "NL")]),
    ("Kazakhstani officials met Kazakh ministers.", None, [("Kazakhstani", "KZ"), ("Kazakh", "KZ")]),
    ("The Kremlin and the White House spoke, as did Downing Street.", None,
     [("Kremlin", "RU"), ("White House", "US"), ("Downing Street", "GB")]),
]

# Matching is case-sensitive: the pronoun is no country.
CASE_SENSITIVE: list[Case] = [
    ("Let us talk about trade with them.", None, []),
]

RENAMED_BY_DATE: list[Case] = [
    ("Officials gathered in Nur-Sultan for the talks.", "2021-05-01", [("Nur-Sultan", "KZ")]),
    ("Officials in Kyiv met envoys from Astana.", "2023-01-01", [("Kyiv", "UA"), ("Astana", "KZ")]),
    ("Officials in Burma and Swaziland agreed.", "2010-01-01", [("Burma", "MM"), ("Swaziland", "SZ")]),
    ("Officials in Myanmar and Eswatini agreed.", "2020-01-01",
     [("Myanmar", "MM"), ("Eswatini", "SZ")]),
]

# Historical states keep codes of their own; never a successor.
HISTORICAL_STATES: list[Case] = [
    ("The Soviet Union and Zaire signed a deal in Kiev.", "1985-06-01",
     [("Soviet Union", "SU"), ("Zaire", "CD"), ("Kiev", "UA")]),
]

DERIVED_PLACES: list[Case] = [
    ("Fighting resumed in Chechnya on Monday.", None, [("Chechnya", "RU")]),
    ("Fighting in British Columbia and Chechnya.", None, [("British Columbia", "CA"), ("Chechnya", "RU")]),
]

# Agency datelines name the country only there: resolved through GeoNames' cities.
DATELINES: list[Case] = [
    ("HOUSTON, March 2 - Texaco Inc said it raised crude oil prices.", "1987-03-02",
     [("HOUSTON", "US")]),
    ("NEW YORK 1996-08-22\nShares rose on Thursday.", None, [("NEW YORK", "US")]),
    ("LONDON (Reuters) - Shares rose on Thursday.", None, [("LONDON", "GB")]),
]

# A country inside a longer name tells the pair (see below) but is no place.
INSIDE_OTHER_NAMES: list[Case] = [
    ("The Bank of Japan raised rates on Tuesday, the governor said.", None, []),
    ("The US Embassy in Astana protested to Kazakhstan.", None,
     [("Astana", "KZ"), ("Kazakhstan", "KZ")]),
    ("A State Department spokesman criticised Kazakhstan.", None, [("Kazakhstan", "KZ")]),
    ("An Israeli-Syrian border incident was reported.", None, []),
    ("Kazakhstan joined the Shanghai Cooperation Organization and promotes English-language media.",
     None, [("Kazakhstan", "KZ")]),
]

# Places inside team, club, person and event names are dropped.
TEAMS_PEOPLE_EVENTS: list[Case] = [
    ("Results on Sunday:\nBayern Munich 2 Hamburg 1\nNEW YORK 72 53 .576\n"
     "-- Moscow Newsroom +7095 941 8520", None, []),
    ("Second seed D. Cork beat MaliVai Washington in the final.", None, []),
    ("Serena Williams won the U.S. Open.", None, []),
]

OTHER_SENSES: list[Case] = [
    ("Jordan Peterson spoke in Toronto.", None, [("Toronto", "CA")]),
    ("The governor of Georgia met voters in Atlanta.", None, [("Atlanta", "US")]),
    ("Georgia and Armenia signed a border treaty.", None, [("Georgia", "GE"), ("Armenia", "AM")]),
    ("She bought a Guinea pig.", None, []),
]

# Heads of state and government and foreign ministers, with their terms.
OFFICE_HOLDERS: list[tuple[str, str, set[tuple[str, str]]]] = [
    ("Tokayev met the Biden administration.", "2022-03-21", {("Tokayev", "KZ"), ("Biden", "US")}),
]

TABLES: dict[str, list[Case]] = {
    "names and aliases": NAMES_AND_ALIASES, "case-sensitive": CASE_SENSITIVE,
    "renamed by date": RENAMED_BY_DATE, "historical states": HISTORICAL_STATES,
    "derived places": DERIVED_PLACES, "datelines": DATELINES,
    "inside other names": INSIDE_OTHER_NAMES, "teams, people, events": TEAMS_PEOPLE_EVENTS,
    "other senses": OTHER_SENSES,
}


def codes(rec: Record) -> list[tuple[str, str]]:
    return [(c["text"], c["code"]) for c in rec["countries"]]


def kinds(rec: Record) -> set[tuple[str, str, str]]:
    return {(m["text"], m["code"], m["kind"]) for m in rec["mentions"]}


@pytest.mark.parametrize("text, date, expected", [
    pytest.param(*case, id=f"{rule}: {case[0][:40]}")
    for rule, table in TABLES.items() for case in table])
def test_places_a_text_names(run: Run, text: str, date: str | None,
                             expected: list[tuple[str, str]]) -> None:
    assert codes(run(text, date)) == expected


@pytest.mark.parametrize("text, date, expected", OFFICE_HOLDERS)
def test_office_holders_count_for_their_country(run: Run, text: str, date: str,
                                                expected: set[tuple[str, str]]) -> None:
    found = {(m["text"], m["code"]) for m in run(text, date)["mentions"] if m["kind"] == "leader"}
    assert found >= expected


INSIDE_FOR_PAIRS: list[tuple[str, tuple[str, str], list[str]]] = [
    ("The US Embassy in Astana protested to Kazakhstan.", ("US", "US"), ["KZ", "US"]),
    ("A State Department spokesman criticised Kazakhstan.", ("State Department", "US"), ["KZ", "US"]),
    ("An Israeli-Syrian border incident was reported.", ("Israeli", "IL"), ["IL", "SY"]),
]


@pytest.mark.parametrize("text, inside, pair", INSIDE_FOR_PAIRS)
def test_a_country_inside_a_name_still_counts_for_pairs(run: Run, text: str,
                                                        inside: tuple[str, str],
                                                        pair: list[str]) -> None:
    rec = run(text)
    assert (*inside, "inside") in kinds(rec)
    assert [p["pair"] for p in rec["pairs"]] == [pair]


def test_sample_names_its_countries(run: Run) -> None:
    art = read_article(SAMPLE)
    rec = run(art.text, art.date)
    assert {"US", "KZ", "RU", "SU"} <= {code for _, code in codes(rec)}   # SU is not silently RU
    for c in rec["countries"]:                # offsets point at the text they name
        assert art.text[c["start"]:c["end"]] == c["text"]


@pytest.mark.parametrize("text, people", [
    ("French finance minister Herve Gaymard met Hans Eichel, the German finance minister, in Berlin.",
     {"Herve Gaymard": "FR", "Hans Eichel": "DE"}),
])
def test_title_gives_a_person_a_country(run: Run, text: str, people: dict[str, Any]) -> None:
    found = {e["canonical"]: e["country"] for e in run(text)["entities"] if e["label"] == "PERSON"}
    assert found == people
