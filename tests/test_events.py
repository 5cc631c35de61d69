"""Events: the verb (or noun) that relates two countries, coded in CAMEO with its QuadClass and
Goldstein weight; the sector of each side from the Phoenix agents."""

from __future__ import annotations

import pytest
from conftest import Related, Run
from spacy.language import Language

from dossier.extract.events import codebook, event


@pytest.mark.parametrize("sentence, code, quad, goldstein", [
    ("Chile recalled its ambassador from Peru over the fishing dispute.", "161", 4, -4.0),
    ("The United States imposed sanctions on Iran.", "163", 4, -8.0),
    ("Talks between Russia and Ukraine resumed on Monday.", "046", 1, 7.0),
    ("Kenya accused Tanzania of closing the border.", "112", 3, -2.0),
])
def test_the_relating_verb_is_coded_in_cameo(
        related: Related, sentence: str, code: str, quad: int, goldstein: float) -> None:
    ev = related(sentence)[0].event
    assert ev is not None and ev.as_dict() == {"code": code, "label": codebook()[code][0], "quad_class": quad,
                            "goldstein": goldstein}


def test_a_pattern_after_the_verb_gives_the_finer_code(related: Related) -> None:
    bare = related("Norway and Sweden signed.")[0].event
    treaty = related("Norway and Sweden signed a peace treaty.")[0].event
    assert bare is None and treaty is not None and treaty.code == "057"              # Sign formal agreement


def test_sectors_come_from_the_agent_words(run: Run) -> None:
    fact = run("American troops attacked Iraqi positions near the border.")["facts"][0]
    assert (fact["actor"], fact["target"]["country"]) == ({"country": "US", "sector": "MIL"}, "IQ")
    assert fact["event"]["code"][:2] == "19"                  # Fight


def test_a_sentence_without_an_event_word_has_no_event(pipeline: Language) -> None:
    from dossier.extract.events import code_sentence

    sent = next(pipeline("Shares fell in Tokyo and rose in Frankfurt.").sents)
    assert code_sentence(sent, None) is None


def test_the_facts_event_is_the_dictionarys_code_when_the_model_agrees_on_its_root(run: Run) -> None:
    from dossier.extract.relevance import model

    fact = run("Russia invaded Ukraine in February.")["facts"][0]
    ev = fact["event"]
    assert ev["label"] == codebook()[ev["code"]][0] and ev["quad_class"] == 4
    if model() is None:
        assert ev["code"] == "192"      # the dictionary alone: Occupy territory


def test_codes_fall_back_to_their_parent_and_carry_the_codebook_figures() -> None:
    assert codebook()["057"] == ("Sign formal agreement", 1, 8.0)
    assert codebook()["19"][1:] == (4, -10.0)
    found = event("0469", "met")                      # no such code: its parent's
    assert found is not None and (found.code, found.root) == ("046", "04")
    assert event("99", "x") is None
