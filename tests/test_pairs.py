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
    assert (fact["actor"]["country"], fact["target"]["country"]) == ("KZ", "US")
    assert fact["tone"] == "conflictual"


def pairs_of(found) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return sorted({c.link.pair for c in found})


def test_three_countries_pair_only_those_the_parse_relates(related) -> None:  # type: ignore[no-untyped-def]
    rec = related("Despite strong trade relations with the US, Kazakhstan remained a close ally of "
              "Russia.")
    assert pairs_of(rec) == [("KZ", "RU"), ("KZ", "US")]        # not Russia – United States


def test_one_phrase_and_joint_action(related) -> None:  # type: ignore[no-untyped-def]
    assert pairs_of(related("Talks between Russia and Ukraine stalled as China watched.")) == [
        ("RU", "UA")]
    found = related("France and Germany signed a treaty.")
    assert pairs_of(found) == [("DE", "FR")] and found[0].link.actor is None


def test_why_an_item_is_in_its_pair(run) -> None:  # type: ignore[no-untyped-def]
    fact = run("Kazakhstan accused the United States of interference.")["facts"][0]
    assert fact["why"].startswith("KZ acts on US")


def test_sentence_continuing_a_pair_is_attached_with_its_reason(related) -> None:  # type: ignore[no-untyped-def]
    found = related("Japan protested to China on Monday. The two countries have argued over the "
                    "islands for decades. Tourism fell.")
    assert [(c.sentence, c.link.pair) for c in found] == [(0, ("CN", "JP")), (1, ("CN", "JP"))]
    assert "the two countries" in found[1].link.why.lower()
