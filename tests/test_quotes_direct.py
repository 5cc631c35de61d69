"""Direct quotes (``quotes.direct``): who speaks the words in quotation marks — a cue before or
after, a colon, a headline's lead, a tag of any verb, "according to X" — and split quotes (the
tables in ``fixtures/quotes/direct.yaml``)."""

from __future__ import annotations

import pytest
from quote_cases import Case, Run, check, expect, params, quote_rows
from spacy.language import Language
from spacy.tokens import Doc

from dossier.extract.quotes import quotes


@pytest.mark.parametrize("c", params("direct"))
def test_direct_quotes(run: Run, c: Case) -> None:
    expect(run, c)


@pytest.mark.parametrize("c", params("direct", parsed=True))
def test_direct_quotes_the_parser_slips_on(pipeline: Language, c: Case) -> None:
    text, spaces, tags, pos, deps, heads, lemmas, ents = map(list, zip(*c.words, strict=True))
    doc = Doc(pipeline.vocab, words=text, spaces=spaces, tags=tags, pos=pos, deps=deps,
              heads=heads, lemmas=lemmas, ents=ents)
    check(quote_rows(list(quotes(doc, [])), c.text), c)
