"""Facts: topic and tone from the lexicon, dates from the text and the article's date."""

from __future__ import annotations

import pytest
from conftest import Run
from spacy.language import Language


@pytest.mark.parametrize("sentence, topic, tone", [
    ("France and Germany signed a trade agreement to cut tariffs.", "economy", "cooperative"),
    ("Russia and Ukraine exchanged artillery fire as troops massed at the border.", "military",
     "neutral"),
    ("China condemned Japan over the dispute, warning of consequences.", "other", "conflictual"),
    ("Chevron will build a pipeline carrying oil from Kazakhstan to Russia.", "energy", "neutral"),
])
def test_word_count_topic_and_tone(pipeline: Language, sentence: str, topic: str, tone: str) -> None:
    """The topic and tone a sentence gets without a relevance model (and what the model reads)."""
    from dossier.extract.facts import tone as word_tone
    from dossier.extract.facts import topic as word_topic

    sent = next(pipeline(sentence).sents)
    assert (word_topic(sent), word_tone(sent)) == (topic, tone)


@pytest.mark.parametrize("sentence, pair, topics, tone", [
    ("Norway agreed to supply Poland with gas through the new pipeline.", ["NO", "PL"],
     {"energy"}, "cooperative"),
    ("Kazakhstan accused the United States of interference in its elections.", ["KZ", "US"],
     {"diplomacy", "security", "politics"}, "conflictual"),      # the labelling rules allow each
])
def test_the_model_keeps_a_relation_with_its_topic_and_tone(
        run: Run, sentence: str, pair: list[str], topics: set[str], tone: str) -> None:
    from dossier.extract.relevance import model

    if model() is None:
        pytest.skip("no relevance model in dossier/data")
    facts = run(sentence)["facts"]
    assert [(f["pair"], f["tone"]) for f in facts] == [(pair, tone)]
    assert facts[0]["topic"] in topics
    assert 0.5 <= facts[0]["relevance"] <= 1


@pytest.mark.parametrize("sentence", [
    "Brazil beat Argentina 2-1 in Saturday's qualifier.",
    "Shares fell in Tokyo and rose in Frankfurt.",
])
def test_a_co_mention_is_no_fact(run: Run, sentence: str) -> None:
    assert run(sentence)["facts"] == []


@pytest.mark.parametrize("sentence, date", [
    ("The United States recognised Kazakhstan in December 1991.", "1991-12"),
    ("The United States recognised Kazakhstan on 25 December 1991.", "1991-12-25"),
    ("In January, Kazakhstan asked Russia for troops.", "2022-01"),
    ("Kazakhstan asks Russia for help.", "2022-03-21"),
    ("Kazakhstan has long been a partner of Russia.", None),
])
def test_dates(run: Run, sentence: str, date: str | None) -> None:
    assert run(sentence, "2022-03-21")["facts"][0]["date"] == date


def test_relative_date_uses_the_article_date(run: Run) -> None:
    # 2024-06-12 is a Wednesday: "on Tuesday" is the day before.
    assert run("Japan and South Korea agreed on Tuesday to resume talks.",
               "2024-06-12")["facts"][0]["date"] == "2024-06-11"
