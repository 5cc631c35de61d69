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
