"""Events: the verb (or noun) that relates two countries, coded in CAMEO with its QuadClass and
Goldstein weight; the sector of each side from the Phoenix agents."""

from __future__ import annotations

import pytest

from dossier.extract.events import codebook, event


@pytest.mark.parametrize("sentence, code, quad, goldstein", [
    ("Chile recalled its ambassador from Peru over the fishing dispute.", "161", 4, -4.0),
    ("The United States imposed sanctions on Iran.", "163", 4, -8.0),
    ("Talks between Russia and Ukraine resumed on Monday.", "046", 1, 7.0),
    ("Kenya accused Tanzania of closing the border.", "112", 3, -2.0),
])
def test_the_relating_verb_is_coded_in_cameo(run, sentence, code, quad, goldstein) -> None:  # type: ignore[no-untyped-def]
    fact = run(sentence)["facts"][0]
    assert fact["event"] == {"code": code, "label": codebook()[code][0], "quad_class": quad,
                             "goldstein": goldstein}


def test_a_pattern_after_the_verb_gives_the_finer_code(run) -> None:  # type: ignore[no-untyped-def]
    bare = run("Norway and Sweden signed.")["facts"][0]["event"]
    treaty = run("Norway and Sweden signed a peace treaty.")["facts"][0]["event"]
    assert bare is None and treaty["code"] == "057"           # Sign formal agreement


def test_sectors_come_from_the_agent_words(run) -> None:  # type: ignore[no-untyped-def]
    fact = run("American troops attacked Iraqi positions near the border.")["facts"][0]
    assert (fact["actor"], fact["actor_sector"], fact["target"]) == ("US", "MIL", "IQ")
    assert fact["event"]["code"][:2] == "19"                  # Fight


def test_a_sentence_without_an_event_word_has_no_event(run) -> None:  # type: ignore[no-untyped-def]
    assert run("Shares fell in Tokyo and rose in Frankfurt.")["facts"][0]["event"] is None


def test_codes_fall_back_to_their_parent_and_carry_the_codebook_figures() -> None:
    assert codebook()["057"] == ("Sign formal agreement", 1, 8.0)
    assert codebook()["19"][1:] == (4, -10.0)
    found = event("0469", "met")                      # no such code: its parent's
    assert found is not None and (found.code, found.root) == ("046", "04")
    assert event("99", "x") is None
