"""Pairs (``extract/pairs.py``): which countries of a sentence the parse relates, who acted, and
sentences that continue a pair's story. One table per rule of the README's "Pairs" paragraph."""

from __future__ import annotations

import pytest
from conftest import SAMPLE, Related, Run

from dossier.ingest import read_article

Pair = tuple[str, str]

# With three or more countries only those the parse relates pair up; two always do.
PARSE_RELATES: list[tuple[str, list[Pair]]] = [
    ("Despite strong trade relations with the US, Kazakhstan remained a close ally of Russia.",
     [("KZ", "RU"), ("KZ", "US")]),                        # not Russia – United States
    ("Talks between Russia and Ukraine stalled as China watched.", [("RU", "UA")]),
    ("France and Germany signed a treaty.", [("DE", "FR")]),
    ("An Israeli-Syrian border incident was reported.", [("IL", "SY")]),
]

# (text, actor, target): the subject of a verb acts on the countries in its complements;
# coordinated subjects act together (no actor).
DIRECTION: list[tuple[str, str | None, str | None]] = [
    ("Kazakhstan accused the United States of interference in its elections.", "KZ", "US"),
    ("Chile recalled its ambassador from Peru over the fishing dispute.", "CL", "PE"),
    ("France and Germany signed a treaty.", None, None),
]

# A sentence that names one country joins the pair of the sentence before when it says so.
CONTINUATION: list[tuple[str, list[tuple[int, Pair]], str]] = [
    ("Japan protested to China on Monday. The two countries have argued over the islands for "
     "decades. Tourism fell.", [(0, ("CN", "JP")), (1, ("CN", "JP"))], "the two countries"),
    ("Russia accused Ukraine of shelling on Monday. Both sides agreed to talk.",
     [(0, ("RU", "UA")), (1, ("RU", "UA"))], "both sides"),
    ("Japan protested to China on Monday. Bilateral trade fell by a third.",
     [(0, ("CN", "JP")), (1, ("CN", "JP"))], "bilateral"),
]


@pytest.mark.parametrize("text, pairs", PARSE_RELATES)
def test_the_parse_decides_the_pairs(related: Related, text: str, pairs: list[Pair]) -> None:
    assert sorted({c.link.pair for c in related(text)}) == pairs


@pytest.mark.parametrize("text, actor, target", DIRECTION)
def test_who_acts_on_whom(related: Related, text: str, actor: str | None,
                          target: str | None) -> None:
    link = related(text)[0].link
    assert (link.actor, link.target) == (actor, target)


@pytest.mark.parametrize("text, sentences, cue", CONTINUATION)
def test_a_sentence_continuing_a_pair_joins_it_with_its_reason(
        related: Related, text: str, sentences: list[tuple[int, Pair]], cue: str) -> None:
    found = related(text)
    assert [(c.sentence, c.link.pair) for c in found] == sentences
    assert cue in found[-1].link.why.lower()


@pytest.mark.parametrize("text", ["Kazakhstan held an election. The vote was calm."])
def test_one_country_makes_no_pair(run: Run, text: str) -> None:
    rec = run(text)
    assert rec["pairs"] == [] and rec["facts"] == []


def test_a_fact_says_why_and_who_acted(run: Run) -> None:
    fact = run("Kazakhstan accused the United States of interference in its elections.")["facts"][0]
    assert fact["pair"] == ["KZ", "US"] and fact["why"].startswith("KZ acts on US")
    assert (fact["actor"]["country"], fact["target"]["country"]) == ("KZ", "US")
    assert fact["tone"] == "conflictual"


def test_sample_has_the_kazakhstan_us_pair(run: Run) -> None:
    art = read_article(SAMPLE)
    pairs = {tuple(p["pair"]): p["sentences"] for p in run(art.text, art.date)["pairs"]}
    assert len(pairs[("KZ", "US")]) >= 4
    for start, end in pairs[("KZ", "US")]:
        assert any(w in art.text[start:end] for w in ("Kazakh", "Nur-Sultan", "Almaty"))
