"""People and organisations: names are trimmed to what a reader would call them."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from dossier.extract.entities import _strip


def test_an_unclosed_bracket_glued_to_a_word_is_cut(pipeline: Language) -> None:
    # "(SCO" as one token: cutting must not look for a "(" token that is not there.
    doc = Doc(pipeline.vocab, words=["Shanghai", "Cooperation", "Organization", "(SCO"])
    assert _strip(doc[0:4]).text == "Shanghai Cooperation Organization"


def test_an_unclosed_bracket_token_is_cut(pipeline: Language) -> None:
    doc = Doc(pipeline.vocab, words=["Shanghai", "Cooperation", "Organization", "(", "SCO"])
    assert _strip(doc[0:5]).text == "Shanghai Cooperation Organization"
