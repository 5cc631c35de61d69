"""Reported speech (``quotes.reported``): a cue and what it reports, participles, quoted
fragments inside reported speech, nested cues, and clauses that report nothing (the tables in
``fixtures/quotes/reported.yaml``)."""

from __future__ import annotations

import pytest
from quote_cases import Case, Run, expect, params


@pytest.mark.parametrize("c", params("reported"))
def test_reported_speech(run: Run, c: Case) -> None:
    expect(run, c)
