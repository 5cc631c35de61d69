"""Facts: topic and tone from the lexicon, dates from the text and the article's date."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("sentence, topic, tone", [
    ("France and Germany signed a trade agreement to cut tariffs.", "economy", "cooperative"),
    ("Russia and Ukraine exchanged artillery fire as troops massed at the border.", "military",
     "neutral"),
    ("China condemned Japan over the dispute, warning of consequences.", "other", "conflictual"),
    ("Chevron will build a pipeline carrying oil from Kazakhstan to Russia.", "energy", "neutral"),
])
def test_topic_and_tone(run, sentence, topic, tone) -> None:  # type: ignore[no-untyped-def]
    fact = run(sentence)["facts"][0]
    assert (fact["topic"], fact["tone"]) == (topic, tone)


@pytest.mark.parametrize("sentence, date", [
    ("The United States recognised Kazakhstan in December 1991.", "1991-12"),
    ("The United States recognised Kazakhstan on 25 December 1991.", "1991-12-25"),
    ("In January, Kazakhstan asked Russia for troops.", "2022-01"),
    ("Kazakhstan asks Russia for help.", "2022-03-21"),
    ("Kazakhstan has long been a partner of Russia.", None),
])
def test_dates(run, sentence, date) -> None:  # type: ignore[no-untyped-def]
    assert run(sentence, "2022-03-21")["facts"][0]["date"] == date


def test_relative_date_uses_the_article_date(run) -> None:  # type: ignore[no-untyped-def]
    # 2024-06-12 is a Wednesday: "on Tuesday" is the day before.
    assert run("Japan and South Korea agreed on Tuesday to resume talks.",
               "2024-06-12")["facts"][0]["date"] == "2024-06-11"
