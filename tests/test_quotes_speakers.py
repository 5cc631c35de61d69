"""Speakers (``quotes.speakers`` and the record ``extract`` makes of them): the phrase that names
who speaks, the one a cue's subject stands for, and their name, role, country and pairs (the
tables in ``fixtures/quotes/speakers.yaml``)."""

from __future__ import annotations

import pytest
from quote_cases import Case, Run, expect, params


@pytest.mark.parametrize("c", params("speakers"))
def test_speakers(run: Run, c: Case) -> None:
    expect(run, c)
