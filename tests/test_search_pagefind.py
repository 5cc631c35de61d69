"""SEARCH=pagefind: a chunked static search instead of the theme's one-file index."""

from __future__ import annotations

import importlib.util
from dataclasses import replace
from pathlib import Path

import pytest

from dossier.build import build
from dossier.config import PAGEFIND_FROM_ARTICLES, Config, resolve_search
from dossier.errors import DossierError

needs_pagefind = pytest.mark.skipif(importlib.util.find_spec("pagefind") is None,
                                    reason="pagefind is not installed (pip install 'pagefind[bin]')")


@needs_pagefind
def test_pagefind_indexes_the_site_instead_of_the_theme(project: Path) -> None:
    cfg = replace(Config.load(project), search="pagefind")
    report = build(cfg, site=True, quiet=True)
    assert "Site:" in report.pages
    assert not (cfg.site / "search" / "search_index.json").exists()
    bundle = cfg.site / "pagefind"
    assert (bundle / "pagefind-ui.js").exists() and list(bundle.glob("*/index/*.pf_index"))
    page = (cfg.site / "search" / "index.html").read_text(encoding="utf-8")
    assert "new PagefindUI" in page and 'src="../pagefind/pagefind-ui.js"' in page
    assert 'href="search/"' in (cfg.site / "index.html").read_text(encoding="utf-8")
    # Back to the theme's search: the site is built again, with its index.
    build(replace(cfg, search="material"), site=True, quiet=True)
    assert (cfg.site / "search" / "search_index.json").exists()
    assert not (cfg.docs / "search.md").exists()


def test_pagefind_is_refused_for_a_site_opened_from_disk(project: Path) -> None:
    cfg = replace(Config.load(project), search="pagefind", offline=True)
    with pytest.raises(DossierError, match="cannot work in a site opened from disk"):
        build(cfg, site=False)


def test_an_unknown_search_is_refused(project: Path) -> None:
    with pytest.raises(DossierError, match="unknown search 'lunr'"):
        build(replace(Config.load(project), search="lunr"), site=False)


@pytest.mark.parametrize("search, offline, articles, chosen", [
    ("auto", False, 1, "material"),                       # the sample: the theme's search
    ("auto", False, PAGEFIND_FROM_ARTICLES - 1, "material"),
    ("auto", False, PAGEFIND_FROM_ARTICLES, "pagefind"),
    ("auto", True, 10_000, "material"),                   # opened from disk: no HTTP for Pagefind
    ("material", False, 10_000, "material"),              # an explicit choice stands
    ("pagefind", False, 1, "pagefind"),
])
def test_auto_search_picks_by_size(search: str, offline: bool, articles: int, chosen: str) -> None:
    assert resolve_search(search, offline=offline, articles=articles) == chosen


@needs_pagefind
def test_a_large_dossier_gets_the_chunked_search_by_default(project: Path) -> None:
    folder = project / "content" / "articles"
    for i in range(PAGEFIND_FROM_ARTICLES):
        (folder / f"2024-01-{i % 28 + 1:02d}-note-{i}.txt").write_text(
            f"Norway and Sweden held talks on fishing quota number {i}.\n", encoding="utf-8")
    cfg = Config.load(project)
    assert cfg.search == "auto"
    build(cfg, site=True, quiet=True)
    assert (cfg.site / "pagefind").is_dir()
    assert not (cfg.site / "search" / "search_index.json").exists()
    build(replace(cfg, offline=True), site=True, quiet=True)      # OFFLINE=1 keeps a search
    assert (cfg.site / "search" / "search_index.js").exists() or (
        cfg.site / "search" / "search_index.json").exists()
