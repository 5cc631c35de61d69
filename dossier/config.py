"""Settings with defaults: where content, templates, cache and output live, and which model."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import DossierError


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml safely while ignoring the Python tags some MkDocs configs carry."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


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

    @classmethod
    def load(cls, root: Path | None = None) -> Config:
        root = (root or Path.cwd()).resolve()
        mk = root / "mkdocs.yml"
        docs, site = "build/docs", "site"
        if mk.exists():
            try:
                data = yaml.load(mk.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                raise DossierError(f"invalid YAML: {getattr(exc, 'problem', exc)}", mk,
                                   mark.line + 1 if mark else None) from exc
            docs = data.get("docs_dir", docs)
            site = data.get("site_dir", site)
        max_bytes = os.environ.get("DOSSIER_MAX_ARTICLE_BYTES")
        return cls(
            root=root,
            articles=root / "content" / "articles",
            relations=root / "content" / "relations",
            templates=root / "templates",
            docs=root / docs,
            site=root / site,
            cache=root / ".cache" / "dossier",
            mkdocs_yml=mk,
            model=os.environ.get("DOSSIER_MODEL") or None,
            max_article_bytes=int(max_bytes) if max_bytes else 5_000_000,
        )
