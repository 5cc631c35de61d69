"""Render the relation files and articles into Markdown pages for MkDocs (or Zensical).

All pages are built and checked first (``pages.read_site`` and ``pages.build_pages``), then every
page is rendered through its Jinja template, and only then is anything written (MkDocs' build
order: gather all data "to ensure all data is consistent"). Given the digests of the pages whose
Markdown is on disk (``previous``), a page whose digest is the same is not rendered again.

Every value that comes from an article or a YAML file is untrusted: templates pass each one
through the ``md`` filter (``filters.py``), and paths and anchors are built only from validated
slugs.
"""

from __future__ import annotations

import copyreg
import hashlib
import io
import logging
import os
import pickle
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from dossier import export, paging
from dossier.errors import DossierError
from dossier.filters import http_url, make_environment, md  # re-exported (see __all__)
from dossier.page_data import Pair
from dossier.pages import Page, Site, build_pages, read_site

log = logging.getLogger(__name__)

MAX_WARNINGS = 10     # render warnings shown one by one; the rest are counted


@dataclass
class RenderReport:
    """What render_site did to the docs folder."""

    pages_written: int = 0
    pages_unchanged: int = 0
    pages_removed: int = 0
    warnings: list[str] = field(default_factory=list)


def render_all(pages: list[Page], env: jinja2.Environment, *,
               directory_urls: bool = True) -> dict[str, str]:
    """Relative path in docs_dir → Markdown text, for every page."""
    out: dict[str, str] = {}
    for page in pages:
        # Flag pictures are raw HTML, which MkDocs does not rewrite: their paths are relative to
        # the page's URL in the built site, as the charts' links are.
        context = {**page.context(), "root": paging.root_of(page.path),
                   "url_root": _url_root(page.path, directory_urls)}
        try:
            out[page.path] = env.get_template(page.template).render(context)
        except jinja2.TemplateSyntaxError as exc:
            raise DossierError(f"template syntax: {exc.message}", exc.filename or page.template,
                               exc.lineno) from exc
        except jinja2.TemplateError as exc:
            raise DossierError(f"cannot render {page.path}: {exc}", page.template,
                               hint="check the names the template uses") from exc
    return out


def page_digests(pages: list[Page], pairs: list[Pair], *,
                 directory_urls: bool = True) -> dict[str, str]:
    """Relative path in docs_dir → the digest of everything its Markdown is made from, but the
    templates and the code (the caller keys those): the page object (its path and template, and
    every value reachable from it, pickled) and ``directory_urls`` (its ``url_root``). A page
    that cannot be pickled has none, so it is always rendered.

    Many pages hold a pair (a row's link, a partner): each pair is pickled once and stands in
    every page by its own digest, else the pages would be pickled with whole pairs, 300 MB in all
    at 5,000 articles, which takes far longer than rendering them. Digests are equal only when
    the values are (pickle writes every field); a value pickled differently in another process
    only costs a render."""
    whole = {id(p): d for p in pairs if (d := _digest(p, None)) is not None}
    # The pickler asks this table only about objects of the types it names (a Python call per
    # pair it meets), not about every object, as a persistent_id function would.
    table = copyreg.dispatch_table.copy()
    table[Pair] = lambda pair: (_pair, (whole.get(id(pair)) or pickle.dumps(pair, protocol=5),))
    return {page.path: d for page in pages
            if (d := _digest((page, directory_urls), table)) is not None}


def _digest(value: object, table: dict[Any, Any] | None) -> str | None:
    """The SHA-256 of a value's pickle, or None if it cannot be pickled."""
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=5)
    if table is not None:
        pickler.dispatch_table = table
    try:
        pickler.dump(value)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return None
    return hashlib.sha256(buf.getbuffer()).hexdigest()


def _pair(digest: str | bytes) -> None:
    """Stands for a pair in ``page_digests`` (the pickles are hashed, never loaded)."""


def _url_root(path: str, directory_urls: bool) -> str:
    """From a page's URL back to the site's root: "pairs/KZ-US.md" is served as "pairs/KZ-US/"
    (two folders down) with directory URLs and as "pairs/KZ-US.html" (one) without."""
    nested = directory_urls and posixpath.basename(path) != "index.md"
    return paging.root_of(path) + ("../" if nested else "")


# ---------------------------------------------------------------------------------------- write

def _write_if_changed(path: Path, data: bytes) -> bool:
    """Write data to path unless it already holds exactly that (keeps the mtime of unchanged pages)."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


# The kinds of file a render makes (pages, and each pair's events as CSV): one of them that this
# render did not make is left from an earlier one, for a pair or page that is gone.
GENERATED = (".md", ".csv")


def _remove_stale(docs_dir: Path, keep: set[Path]) -> int:
    """Delete generated files (pages, CSV tables) in docs_dir that this render did not produce;
    the number of pages among them."""
    removed = 0
    for folder, _dirs, files in os.walk(docs_dir, topdown=False, followlinks=False):
        here = Path(folder)
        for name in files:
            path = here / name
            if name.endswith(GENERATED) and path not in keep and not path.is_symlink():
                path.unlink()
                removed += name.endswith(".md")
        if here != docs_dir and not any(here.iterdir()):
            here.rmdir()
    return removed


@dataclass
class Rendered:
    """Every page's Markdown by its path under the docs folder, made before anything is written,
    and the other files published beside the pages (each pair's events as CSV), which MkDocs
    copies to the site as they are. ``kept``: the pages not rendered because their Markdown on
    disk was made from the same values (``render_pages``' ``previous``); ``digests``: every
    page's, when asked for."""

    pages: dict[str, str]
    warnings: list[str]
    files: dict[str, str] = field(default_factory=dict)
    kept: set[str] = field(default_factory=set)
    digests: dict[str, str] = field(default_factory=dict)


def _pair_tables(site: Site, relations: list[dict[str, Any]]) -> dict[str, str]:
    """Each pair's facts as the CSV of ``dossier export``, beside its first page (the page links
    it): pairs/KZ-US.md, pairs/KZ-US.csv."""
    return {f"pairs/{p.slug}.csv": export.csv_text(export.records(p.slug, raw))
            for p, raw in zip(site.pairs, relations, strict=True)}


def render_pages(templates_dir: Path, *, relations: list[dict], articles: list[dict],
                 countries: dict[str, dict], directory_urls: bool = True,
                 search: str = "material", previous: Mapping[str, str] | None = None
                 ) -> Rendered:
    """Render every page in memory: a template or data error stops here, before any write.

    ``previous``: the ``page_digests`` of the pages in the docs folder, for the same templates
    and code, when the folder is as their render left it. A page with the same digest there is
    kept (``Rendered.kept``), not rendered; with ``previous`` (even empty), ``Rendered.digests``
    holds every page's digest."""
    templates_dir = Path(templates_dir)
    if not templates_dir.is_dir():
        raise DossierError("templates folder not found", templates_dir,
                           hint="run from the project root or pass the templates folder")
    flags = templates_dir / "assets" / "flags"
    shipped = frozenset(f.stem for f in flags.glob("*.svg")) if flags.is_dir() else frozenset()
    site = read_site(relations, articles, countries, shipped)
    every = build_pages(site, directory_urls=directory_urls, search=search)
    digests = ({} if previous is None
               else page_digests(every, site.pairs, directory_urls=directory_urls))
    kept = {path for path, d in digests.items() if previous and previous.get(path) == d}
    pages = render_all([p for p in every if p.path not in kept],
                       make_environment(templates_dir), directory_urls=directory_urls)
    return Rendered(pages, site.warnings, _pair_tables(site, relations), kept, digests)


def write_pages(docs_dir: Path, templates_dir: Path, rendered: Rendered) -> RenderReport:
    """Write the rendered pages and the theme's assets; only changed files, and remove pages no
    longer made."""
    docs_dir, templates_dir = Path(docs_dir), Path(templates_dir)
    report = RenderReport(warnings=rendered.warnings)
    for warning in rendered.warnings[:MAX_WARNINGS]:
        log.warning("%s", warning)
    if len(rendered.warnings) > MAX_WARNINGS:
        log.warning("… and %d more such warnings", len(rendered.warnings) - MAX_WARNINGS)
    docs_dir.mkdir(parents=True, exist_ok=True)
    keep = {docs_dir / rel for rel in rendered.kept}    # as the render that made them left them
    report.pages_unchanged = len(rendered.kept)
    for rel, text in rendered.pages.items():
        path = docs_dir / rel
        keep.add(path)
        if _write_if_changed(path, text.encode("utf-8")):
            report.pages_written += 1
        else:
            report.pages_unchanged += 1
    for rel, text in rendered.files.items():
        keep.add(docs_dir / rel)
        _write_if_changed(docs_dir / rel, text.encode("utf-8"))
    assets = templates_dir / "assets"
    for src in sorted(assets.rglob("*")) if assets.is_dir() else []:
        if src.is_file():
            keep.add(docs_dir / "assets" / src.relative_to(assets))
            _write_if_changed(docs_dir / "assets" / src.relative_to(assets), src.read_bytes())
    report.pages_removed = _remove_stale(docs_dir, keep)
    return report


def render_site(docs_dir: Path, templates_dir: Path, *, relations: list[dict],
                articles: list[dict], countries: dict[str, dict],
                directory_urls: bool = True, search: str = "material") -> RenderReport:
    """Render every page into docs_dir; write only changed files, remove pages no longer made."""
    rendered = render_pages(templates_dir, relations=relations, articles=articles,
                            countries=countries, directory_urls=directory_urls, search=search)
    return write_pages(docs_dir, templates_dir, rendered)


__all__ = ["RenderReport", "Rendered", "render_all", "render_pages", "write_pages", "render_site", "md",
           "http_url", "make_environment", "page_digests"]
