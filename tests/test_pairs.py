"""Sentences assigned to country pairs, with the direction when the parse shows who acted."""

from __future__ import annotations

from conftest import SAMPLE

from dossier.ingest import read_article


def test_sample_has_the_kazakhstan_us_pair(run) -> None:  # type: ignore[no-untyped-def]
    art = read_article(SAMPLE)
    rec = run(art.text, art.date)
    pairs = {tuple(p["pair"]): p["sentences"] for p in rec["pairs"]}
    assert ("KZ", "US") in pairs
    assert len(pairs[("KZ", "US")]) >= 4
    for start, end in pairs[("KZ", "US")]:
        sentence = art.text[start:end]
        assert any(w in sentence for w in ("Kazakh", "Nur-Sultan", "Almaty"))


def test_one_sentence_one_country_makes_no_pair(run) -> None:  # type: ignore[no-untyped-def]
    rec = run("Kazakhstan held an election. The vote was calm.")
    assert rec["pairs"] == [] and rec["facts"] == []


def test_direction_of_an_accusation(run) -> None:  # type: ignore[no-untyped-def]
    rec = run("Kazakhstan accused the United States of interference in its elections.")
    fact = rec["facts"][0]
    assert fact["pair"] == ["KZ", "US"]
    assert (fact["actor"], fact["target"]) == ("KZ", "US")
    assert fact["tone"] == "conflictual"


def pairs_of(rec) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return sorted(tuple(p["pair"]) for p in rec["pairs"])


def test_three_countries_pair_only_those_the_parse_relates(run) -> None:  # type: ignore[no-untyped-def]
    rec = run("Despite strong trade relations with the US, Kazakhstan remained a close ally of "
              "Russia.")
    assert pairs_of(rec) == [("KZ", "RU"), ("KZ", "US")]        # not Russia – United States


def test_one_phrase_and_joint_action(run) -> None:  # type: ignore[no-untyped-def]
    assert pairs_of(run("Talks between Russia and Ukraine stalled as China watched.")) == [
        ("RU", "UA")]
    rec = run("France and Germany signed a treaty.")
    assert pairs_of(rec) == [("DE", "FR")] and rec["facts"][0]["actor"] is None


def test_why_an_item_is_in_its_pair(run) -> None:  # type: ignore[no-untyped-def]
    fact = run("Kazakhstan accused the United States of interference.")["facts"][0]
    assert fact["why"].startswith("KZ acts on US")


def test_sentence_continuing_a_pair_is_attached_with_its_reason(run) -> None:  # type: ignore[no-untyped-def]
    rec = run("Japan protested to China on Monday. The two countries have argued over the islands "
              "for decades. Tourism fell.")
    facts = [(f["sentence"], f["pair"]) for f in rec["facts"]]
    assert facts == [(0, ["CN", "JP"]), (1, ["CN", "JP"])]
    assert "the two countries" in rec["facts"][1]["why"].lower()
