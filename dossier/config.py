"""Settings with defaults: where content, templates, cache and output live, and which model.

Every setting the environment gives is read here (``DOSSIER_MODEL``, ``DOSSIER_GAZETTEER``,
``DOSSIER_MAX_ARTICLE_BYTES``, ``OFFLINE``, ``SEARCH``, and ``!ENV`` in mkdocs.yml).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import DossierError

SEARCH_ENGINES = ("auto", "material", "pagefind")
# SEARCH=auto (the default) picks by size. The theme's search worker downloads its whole index on
# a reader's first visit, before any query: about 3 KB per article (1.57 MB for 500 BBC and
# Reuters articles) on top of some 360 KB of page and assets. Below this many articles a first
# visit stays under 500 KB and the theme's search, in the header, answers as one types; from it on
# Pagefind's chunked index, which a browser fetches only for a query and in pieces.
PAGEFIND_FROM_ARTICLES = 40


def model_from_env() -> str | None:
    """The spaCy model a person asked for with ``DOSSIER_MODEL``, if any."""
    return os.environ.get("DOSSIER_MODEL") or None


def gazetteer_from_env() -> Path | None:
    """Another gazetteer file a person named with ``DOSSIER_GAZETTEER`` (to try additions before
    sharing them), if any."""
    value = os.environ.get("DOSSIER_GAZETTEER")
    return Path(value) if value else None


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml safely: ``!ENV`` as MkDocs resolves it, other tags (Python names some
    MkDocs configs carry) ignored."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    """MkDocs' ``!ENV VAR`` / ``!ENV [VAR, OTHER, default]``: the first variable set, else the
    default (a YAML value, so "false" is a boolean)."""
    if not isinstance(node, yaml.SequenceNode):
        names, default = [loader.construct_scalar(node)], None  # type: ignore[arg-type]
    else:
        items = loader.construct_sequence(node)
        names, default = items[:-1], items[-1] if len(items) > 1 else None
        if len(items) == 1:
            names = items
    for name in names:
        if str(name) in os.environ:
            return yaml.safe_load(os.environ[str(name)])
    return default


_TolerantLoader.add_constructor("!ENV", _env)
_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_mkdocs_config(path: Path) -> dict:
    """mkdocs.yml as plain data, read safely; a file that cannot be read, is not YAML or not a
    mapping is a DossierError naming the file (and the line)."""
    from .store import read_text  # here: store loads ruamel.yaml, which only this needs

    text, errs = read_text(path)
    if text is None:
        raise errs[0]
    try:
        data = yaml.load(text, Loader=_TolerantLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        raise DossierError(f"invalid YAML: {getattr(exc, 'problem', None) or exc}", path,
                           mark.line + 1 if mark else None,
                           hint="fix the line (check indentation and quotes)") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise DossierError(f"the file must be a mapping of settings, not a {type(data).__name__}",
                           path, hint="restore it from version control (git checkout -- "
                                      "mkdocs.yml)")
    return data


@dataclass(frozen=True)
class Config:
    root: Path
    articles: Path
    relations: Path
    templates: Path
    docs: Path
    site: Path
    cache: Path
    mkdocs_yml: Path
    model: str | None = None
    max_article_bytes: int = 5_000_000
    offline: bool = False     # a site that works opened from disk (file://), no server needed
    search: str = "auto"      # "material": the theme's search; "pagefind": chunked; "auto": by size
    scheduler: str | None = None  # a Dask scheduler's address: extract on its cluster
    workers: int | None = None    # extract in this many Dask worker processes started here

    def __post_init__(self) -> None:
        if self.scheduler and self.workers is not None:
            raise DossierError("a scheduler's address and a number of workers were both given",
                               hint="--workers (WORKERS=) starts a cluster on this machine, "
                                    "--scheduler (SCHEDULER=) uses a running one: give one")
        if self.workers is not None and self.workers < 1:
            raise DossierError(f"the number of Dask workers must be at least 1, not "
                               f"{self.workers}", hint="leave it out to extract without Dask")

    @classmethod
    def load(cls, root: Path | None = None) -> Config:
        root = (root or Path.cwd()).resolve()
        mk = root / "mkdocs.yml"
        docs, site = "build/docs", "site"
        if mk.exists():
            data = read_mkdocs_config(mk)
            docs = data.get("docs_dir", docs)
            site = data.get("site_dir", site)
            for key, value in (("docs_dir", docs), ("site_dir", site)):
                if not isinstance(value, str) or not value.strip():
                    raise DossierError(f"`{key}` must be a folder name, not {value!r}", mk,
                                       hint=f"write e.g. `{key}: build/docs`")
        max_bytes = os.environ.get("DOSSIER_MAX_ARTICLE_BYTES")
        workers = os.environ.get("DOSSIER_WORKERS", "").strip()
        if workers and not workers.isdigit():
            raise DossierError(f"DOSSIER_WORKERS must be a number of worker processes, not "
                               f"{workers!r}")
        return cls(
            root=root,
            articles=root / "content" / "articles",
            relations=root / "content" / "relations",
            templates=root / "templates",
            docs=root / docs,
            site=root / site,
            cache=root / ".cache" / "dossier",
            mkdocs_yml=mk,
            model=model_from_env(),
            max_article_bytes=int(max_bytes) if max_bytes else 5_000_000,
            offline=os.environ.get("OFFLINE", "").lower() in ("1", "true", "yes"),
            search=(os.environ.get("SEARCH") or "auto").strip().lower(),
            scheduler=os.environ.get("DOSSIER_SCHEDULER", "").strip() or None,
            workers=int(workers) if workers else None,
        )


def resolve_search(search: str, *, offline: bool, articles: int) -> str:
    """The search a site gets: ``auto`` becomes the theme's for a site opened from disk (Pagefind
    loads its index over HTTP) or a small dossier, Pagefind's from ``PAGEFIND_FROM_ARTICLES`` on."""
    if search != "auto":
        return search
    return "material" if offline or articles < PAGEFIND_FROM_ARTICLES else "pagefind"
