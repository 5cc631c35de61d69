"""SEARCH=pagefind: a chunked static search instead of the theme's one-file index."""

from __future__ import annotations

import importlib.util
from dataclasses import replace
from pathlib import Path

import pytest

from dossier.build import build
from dossier.config import Config
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
    assert (bundle / "pagefind-ui.js").exists() and list(bundle.glob("index/*.pf_index"))
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
