"""Quotation marks (``quotes.marks``): which marks open and close a quote, quotes over several
paragraphs, and quoted words that are a title or a scare quote rather than a statement (the
tables in ``fixtures/quotes/marks.yaml``)."""

from __future__ import annotations

import pytest
from quote_cases import Case, Run, expect, params

from dossier.extract.quotes import quote_marks

# The words between the marks, straight from the text.
MARKED = [
    pytest.param("“We will win,” she said.", ["We will win,"], id="curly"),
    pytest.param("She said: ‘We will win’ and left.", ["We will win"], id="single-curly"),
    pytest.param("«Nunca,» dijo.", ["Nunca,"], id="guillemets"),
    pytest.param("He said ''We won.'' Then left.", ["We won."], id="two-apostrophes"),
    pytest.param("They don’t know the Lopezes’ house.", [], id="apostrophes-are-no-marks"),
    pytest.param("We will not accept the Lopezes’ terms, ‘never’.", ["never"],
                 id="plural-possessive-closes-nothing"),
    pytest.param("It is 6\" long", [], id="inch-sign"),
    pytest.param("“We won.\n\n“We left.”", ["We won.\n\n“We left."], id="reopened-paragraph"),
    pytest.param("“We won.\n\nThe end.", [], id="unclosed-at-paragraph-end"),
]


@pytest.mark.parametrize("text, quoted", MARKED)
def test_quote_marks(text: str, quoted: list[str]) -> None:
    assert [text[start:end] for start, end in quote_marks(text)] == quoted


@pytest.mark.parametrize("c", params("marks"))
def test_what_marks_make_a_quote(run: Run, c: Case) -> None:
    expect(run, c)
