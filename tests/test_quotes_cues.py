"""The learned cue tables (``quotes.cues``): a doubtful cue needs a subject that can speak, and a
rare cue whose reports mostly matched nothing in annotated news is left out (the table in
``fixtures/quotes/cues.yaml``)."""

from __future__ import annotations

import pytest
from quote_cases import Case, Run, expect, params


@pytest.mark.parametrize("c", params("cues"))
def test_doubtful_and_rare_cues(run: Run, c: Case) -> None:
    expect(run, c)
