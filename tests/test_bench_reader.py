"""What the benchmark measures in a real browser: a first visit's bytes and a first query's time,
on the sample dossier built with each search."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from dossier import bench_reader
from dossier.build import build
from dossier.config import Config

pytestmark = pytest.mark.skipif(bench_reader.chromium() is None, reason="no chromium to measure with")


@pytest.mark.parametrize("search", ["material", "pagefind"])
def test_first_visit_and_first_query(project: Path, search: str) -> None:
    cfg = replace(Config.load(project), search=search)
    build(cfg, site=True, quiet=True)
    sizes = bench_reader.site_sizes(cfg.site)
    found = bench_reader.measure(cfg.site, search, "uranium", timeout_s=30)
    assert 0 < found["first_query_s"] < 30
    if search == "pagefind":             # the entry files and chunks come with the first query
        assert found["first_query_bytes"] > 0
    home = (cfg.site / "index.html").stat().st_size
    assert found["first_visit_bytes"] > home            # the page and the theme's assets
    if search == "material":
        # The theme's worker fetches its whole index on the first visit, before any query.
        assert found["first_visit_bytes"] > home + sizes["search_index_bytes"]
    else:
        assert sizes["pagefind_bytes"] > 0 and sizes["search_index_bytes"] == 0
    assert any("first visit" in line for line in bench_reader.render({**found, "search": search}))
