"""The gazetteer matcher: the same matches as spaCy's PhraseMatcher, from a cached tokenisation."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from spacy.matcher import PhraseMatcher

from dossier import nlp

TEXTS = [
    "The U.S. and the UK met in New York; Nur-Sultan and Côte d'Ivoire sent envoys.",
    "MOSCOW, March 2 - Russian officials said Kazakhstan's Tokayev spoke to the Kremlin.",
    "us and china are not countries here, but US and China are. New  York has two spaces.",
    "Americans, Britons and the Dutch; Bosnia and Herzegovina; the Democratic Republic of the Congo.",
]


def test_same_matches_as_spacys_phrase_matcher(pipeline: Language) -> None:
    ours, forms = nlp.matcher(pipeline)
    theirs = PhraseMatcher(pipeline.vocab, attr="ORTH")
    for text in forms:
        theirs.add(text, [pipeline.tokenizer(text)])
    found = 0
    for doc in pipeline.pipe(TEXTS):
        assert sorted(ours(doc)) == sorted(theirs(doc))
        found += len(ours(doc))
    assert found >= 15


def test_the_tokenisation_of_the_forms_is_cached(pipeline: Language, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    nlp.use_cache(tmp_path)
    try:
        texts = ["United States", "Nur-Sultan", "U.S."]
        first = nlp._form_tokens(pipeline, texts)
        assert first["Nur-Sultan"] == ["Nur", "-", "Sultan"]
        assert len(list(tmp_path.glob("forms-*.json"))) == 1
        monkeypatch.setattr(pipeline, "tokenizer", None)     # not needed a second time
        assert nlp._form_tokens(pipeline, texts) == first
    finally:
        nlp.use_cache(None)
