"""MkDocs run for the dossier in a process of its own: a full ``mkdocs build --strict``, or a
build that renders again only the pages whose Markdown changed since the site on disk was built.

    python -m dossier.sitebuild MKDOCS_YML SITE_DIR RECORD [--previous OLD_SITE]

``SITE_DIR`` is a fresh folder. ``RECORD`` says what the previous site was built from and is
replaced by what this one was built from: every docs file's digest; for every page the files its
links looked up, the anchors it holds and the anchors it links to in other pages; and the
navigation as every page shows it. With ``--previous``, MkDocs runs in its dirty mode and
renders only what the result needs to equal a full build (``docs/architecture.md`` says why
that holds):

* pages whose Markdown changed, and the pages of the navigation (a handful, read anyway for what
  other pages show of them);
* unchanged pages whose links looked up a file that has since appeared or gone (their HTML, or
  MkDocs' warning about them, changes);
* static files (CSS, each pair's CSV) whose bytes changed.

Everything else is hard-linked from the previous site into ``SITE_DIR`` before MkDocs writes
anything, so the previous site is never written to and an interrupted build leaves it whole.
Links are checked as a full build checks them: pages not rendered get their recorded anchors;
an unchanged page whose anchor link lost its target makes this a full build, which reports it
with MkDocs' own message. Material's search index keeps the entries of the pages not rendered,
in page order, so it is the full build's. Anything this cannot vouch for (another plugin or a
hook, extra templates, a changed navigation, a missing record, most files changed) makes it a
full build. The last line on stdout says what was done, as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError, ConfigurationError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import DuplicateFilter

from . import manifest
from .site import show_mkdocs_log

# Plugins whose output is known to depend on each page alone: Material's search (whose index is
# kept whole below) and offline mode (which copies that index into a script). Any other plugin or
# hook may tie pages together (tags, blog, git dates): its sites are always built in full.
KNOWN_PLUGINS = frozenset({"material/search", "material/offline"})
# A file written this recently may change again within the file system's time stamp resolution
# without its size or time changing: it is not trusted by size and time ("racy git").
RACY_NS = 2_000_000_000
# Past this share of changed files a full build is about as fast, and simpler.
MOST = 0.5
DIRTY_WARNING = "A 'dirty' build is being performed"


class NeedsFullBuild(Exception):
    """What was found during an incremental build makes a full build necessary."""


@dataclass
class Record:
    """What a site was built from. ``files``: docs file → [size, mtime_ns, SHA-256]; ``pages``:
    page → {"lookups": files its links looked up, "anchors": its anchor ids,
    "links": {other page: anchors it links to there}}; ``nav``: the digest of what every page
    shows of the navigation."""

    files: dict[str, list[Any]] = field(default_factory=dict)
    pages: dict[str, dict[str, Any]] = field(default_factory=dict)
    nav: str = ""

    @classmethod
    def load(cls, path: Path) -> Record | None:
        data = manifest.read_cache_json(path)
        if not (isinstance(data, dict) and isinstance(data.get("files"), dict)
                and isinstance(data.get("pages"), dict) and isinstance(data.get("nav"), str)):
            return None
        return cls(data["files"], data["pages"], data["nav"])

    def save(self, path: Path) -> None:
        manifest.write_cache(path, json.dumps(
            {"files": self.files, "pages": self.pages, "nav": self.nav}, sort_keys=True,
            separators=(",", ":")))


def docs_files(docs: Path, known: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """[size, mtime_ns, SHA-256] of every file under ``docs`` (not hidden ones, which MkDocs
    leaves out); a file whose size and time are those recorded keeps its recorded digest (the
    build writes this folder, and only files whose text changed)."""
    out: dict[str, list[Any]] = {}
    racy = time.time_ns() - RACY_NS
    for folder, dirs, names in os.walk(docs):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.startswith("."):
                continue
            path = os.path.join(folder, name)
            uri = os.path.relpath(path, docs).replace(os.sep, "/")
            st = os.stat(path)
            old = known.get(uri)
            if isinstance(old, list) and old[:2] == [st.st_size, st.st_mtime_ns]:
                out[uri] = old
            else:
                stamp = [st.st_size, st.st_mtime_ns] if st.st_mtime_ns < racy else [-1, -1]
                out[uri] = [*stamp, manifest.file_sha(Path(path))]
    return out


@dataclass
class Plan:
    """An incremental build: the files that changed since the previous site, and that site."""

    previous: Path
    old: Record
    changed: set[str]           # docs files added or whose bytes changed
    appeared_or_gone: set[str]  # docs files added or removed


def plan(config: MkDocsConfig, old: Record | None, files: dict[str, list[Any]],
         previous: Path | None) -> tuple[Plan | None, str]:
    """The incremental build to make, or None and why a full build is made instead."""
    if previous is None or old is None:
        return None, "no previous site" if previous is None else "no record of the previous site"
    others = set(config.plugins) - KNOWN_PLUGINS
    if others or config.extra_templates:
        return None, f"plugins or templates a page may depend on: {sorted(others) or 'extra'}"
    if _search(config) is not None and not (previous / "search" / "search_index.json").is_file():
        return None, "the previous search index is missing"
    changed = {k for k, v in files.items() if old.files.get(k, [None] * 3)[2] != v[2]}
    gone = set(old.files) - set(files)
    if len(changed) + len(gone) > MOST * max(len(files), 1):
        return None, "most files changed"
    return Plan(previous, old, changed, (changed - set(old.files)) | gone), ""


def _search(config: MkDocsConfig) -> Any:
    """Material's search plugin, when enabled (from its ``on_config`` on, it holds the index
    being built)."""
    plugin = config.plugins.get("material/search")
    return plugin if plugin is not None and plugin.config.get("enabled", True) else None


class _LookupFiles(Files):
    """MkDocs' files, noting which paths each page's links look up while it is rendered."""

    def __init__(self, files: Iterable[File], recorder: Recorder) -> None:
        super().__init__(files)
        self.recorder = recorder

    def get_file_from_path(self, path: str) -> File | None:
        if self.recorder.current is not None:
            self.recorder.current.add(Path(path).as_posix())
        return super().get_file_from_path(path)


class Recorder(BasePlugin):
    """Added to MkDocs' plugins for every build: notes what each rendered page depends on and,
    in an incremental build, decides what is written and assembles the rest."""

    def __init__(self, plan: Plan | None) -> None:
        super().__init__()
        self.plan = plan
        self.current: set[str] | None = None
        self.lookups: dict[str, set[str]] = {}   # by page rendered in this build
        self.writes: set[str] = set()            # files MkDocs writes (the others are linked)
        self.files = Files([])
        self.navigation = Navigation([], [])
        self.nav = ""

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.files = _LookupFiles(files, self)
        return self.files

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        self.current = self.lookups.setdefault(page.file.src_uri, set())
        return page

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        self.current = None
        return html

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.navigation = nav
        if self.plan is not None:
            self.writes = _writes(self.plan, nav, files)
            _assemble(self.plan.previous, config, files, self.writes)
        return nav

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Once every page to render is read (the navigation's among them)."""
        self.nav = manifest.digest(_shown(self.navigation.items))
        if self.plan is not None:
            if self.nav != self.plan.old.nav:
                raise NeedsFullBuild("the navigation every page shows changed")
            _use_recorded_anchors(self.plan.old, self.pages(), set(self.lookups))
        return env

    @event_priority(100)   # before the search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        search = _search(config)
        if self.plan is not None and search is not None:
            index = self.plan.previous / "search" / "search_index.json"
            old = json.loads(index.read_text(encoding="utf-8"))["docs"]
            search.search_index.entries = _merge_index(self.pages(), set(self.lookups), old,
                                                       search.search_index.entries)

    def pages(self) -> list[Page]:
        """Every page, in the order MkDocs builds them."""
        return [f.page for f in self.files.documentation_pages() if f.page is not None]

    def record(self, files: dict[str, list[Any]]) -> Record:
        """What this site was built from: rendered pages as found now, others as recorded."""
        pages: dict[str, dict[str, Any]] = {}
        old = self.plan.old.pages if self.plan is not None else {}
        for page in self.pages():
            uri = page.file.src_uri
            if uri not in self.lookups:
                pages[uri] = old[uri]
                continue
            links = page.links_to_anchors or {}
            pages[uri] = {"lookups": sorted(self.lookups[uri] - {uri}),
                          "anchors": sorted(page.present_anchor_ids or ()),
                          "links": {t.src_uri: sorted(a) for t, a in links.items()
                                    if t.src_uri != uri}}
        return Record(files, pages, self.nav)


def _shown(items: list[Any]) -> list[Any]:
    """What a page shows of the navigation: its entries' kinds, titles and addresses, and the
    metadata of its pages (the theme shows their icons and status)."""
    return [[type(item).__name__, item.title, getattr(item, "url", None),
             getattr(item, "meta", None), _shown(getattr(item, "children", None) or [])]
            for item in items]


def _writes(plan: Plan, nav: Navigation, files: Files) -> set[str]:
    """The files MkDocs must write: changed ones, the navigation's pages, pages that are new to
    the record or whose links looked up a file that has since appeared or gone."""
    writes = {f.src_uri for f in files if f.src_uri in plan.changed or f.generated_by}
    writes |= {page.file.src_uri for page in nav.pages}
    for f in files.documentation_pages():
        entry = plan.old.pages.get(f.src_uri)
        if entry is None or not plan.appeared_or_gone.isdisjoint(entry["lookups"]):
            writes.add(f.src_uri)
    return writes


def _assemble(previous: Path, config: MkDocsConfig, files: Files, writes: set[str]) -> None:
    """Hard-link into the new site every output of the previous one that is not to be written.

    MkDocs' dirty mode writes a file whose output is missing or older than its source: the
    outputs of ``writes`` are left out, so they are written; a file is linked only when that
    test says it is unchanged (its output, missing or older, is else written and added to
    ``writes``), so MkDocs never writes to a linked file, which the previous site shares."""
    made: set[str] = set()
    for f in files:
        if f.src_uri in writes or not f.inclusion.is_included():
            continue
        old = previous / f.dest_uri
        if (f.dest_uri in config.theme.static_templates or not old.is_file()
                or os.path.getmtime(old) < os.path.getmtime(f.abs_src_path or "")):
            writes.add(f.src_uri)
            continue
        new = os.path.join(config.site_dir, f.dest_uri)
        folder = os.path.dirname(new)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        try:
            os.link(old, new)
        except FileExistsError:      # two files of one name: MkDocs warns, as in a full build
            continue
        except OSError:              # a file system without hard links
            shutil.copy2(old, new)


def _use_recorded_anchors(old: Record, pages: list[Page], read: set[str]) -> None:
    """Give pages not rendered their recorded anchors, so that MkDocs checks the links of
    rendered pages into them; and check the recorded anchor links of pages not rendered into
    pages that were (a link whose anchor is gone: a full build says which)."""
    by_uri = {page.file.src_uri: page for page in pages}
    for page in pages:
        uri = page.file.src_uri
        if uri in read:
            continue
        page.present_anchor_ids = set(old.pages[uri]["anchors"])
        for target, anchors in old.pages[uri]["links"].items():
            linked = by_uri.get(target)
            if target in read and linked is not None and not set(anchors) <= (
                    linked.present_anchor_ids or set()):
                raise NeedsFullBuild(f"{uri} links to an anchor of {target} that may be gone")


def _merge_index(pages: list[Page], read: set[str], old: list[dict[str, Any]],
                 new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The search index of a full build: each page's entries (located at its URL, or below it
    with an anchor) from this build if it was rendered, else from the previous index, in the
    order a full build adds them."""
    def by_page(entries: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for entry in entries:
            out.setdefault(str(entry["location"]).split("#", 1)[0], []).append(entry)
        return out

    fresh, kept = by_page(new), by_page(old)
    return [entry for page in pages
            for entry in (fresh if page.file.src_uri in read else kept).get(page.url, [])]


def _load(config_file: Path, site_dir: Path) -> MkDocsConfig:
    return load_config(config_file=str(config_file), strict=True, site_dir=str(site_dir))


def _build(config: MkDocsConfig, plan: Plan | None) -> Recorder:
    """MkDocs' build with the recorder; with a plan, of the files it says to write only."""
    recorder = Recorder(plan)
    config.plugins["dossier/record"] = recorder
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build.build(config, dirty=plan is not None)
    finally:
        config.plugins.on_shutdown()
    return recorder


def _logging() -> None:
    """MkDocs' messages on stderr, as its command line shows them; its warning that a dirty
    build may be inaccurate is dropped (it would fail the strict build, and here it is not)."""
    show_mkdocs_log()
    mkdocs_build.log.addFilter(DuplicateFilter())
    mkdocs_build.log.addFilter(lambda record: not record.getMessage().startswith(DIRTY_WARNING))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dossier.sitebuild")
    parser.add_argument("config_file", type=Path)
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("record", type=Path)
    parser.add_argument("--previous", type=Path)
    args = parser.parse_args(argv)
    _logging()
    old = Record.load(args.record) if args.previous else None
    try:
        config = _load(args.config_file, args.site_dir)
        files = docs_files(Path(config.docs_dir), old.files if old else {})
        chosen, why = plan(config, old, files, args.previous)
        try:
            recorder = _build(config, chosen)
        except (Abort, BuildError, ConfigurationError):
            raise
        except Exception as exc:
            if chosen is None:
                raise
            # What the record cannot vouch for, or anything unforeseen on the page-by-page path
            # (a damaged previous index): a full build, which MkDocs alone decides.
            chosen, why = None, (str(exc) if isinstance(exc, NeedsFullBuild) else
                                 f"the page-by-page build failed: {type(exc).__name__}: {exc}")
            recorder = _build(_load(args.config_file, args.site_dir), None)
    except (Abort, BuildError, ConfigurationError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    recorder.record(files).save(args.record)
    pages = recorder.pages()
    print(json.dumps({"mode": "full" if chosen is None else "incremental", "reason": why,
                      "pages": len(pages), "rendered": len(recorder.lookups)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
