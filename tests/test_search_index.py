"""The search index in shards: a build indexes again only the shards whose pages changed, and
the shards together hold exactly what one Pagefind run over the whole site holds.

The sites here are small folders of HTML pages shaped like the built site (Pagefind reads the
same ``article.md-content__inner``); the groups get a few pages per shard so that each has
several. Pagefind itself runs, for real.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from dossier import bench_reader, search_index
from dossier.build import build
from dossier.config import Config
from dossier.search_index import Group

pytestmark = pytest.mark.skipif(importlib.util.find_spec("pagefind") is None,
                                reason="pagefind is not installed (pip install 'pagefind[bin]')")

SMALL = (Group("lists", 10**9, 1), Group("countries", 2, 1), Group("pairs", 2, 3),
         Group("persons", 2, 2), Group("sources", 3, 3))


@pytest.fixture(autouse=True)
def small_shards(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_index, "GROUPS", SMALL)
    monkeypatch.setattr(search_index, "BY_NAME", {g.name: g for g in SMALL})
    monkeypatch.setattr(search_index, "TAIL_MOST", 2)


def page(title: str, text: str, *, href: str = "../", chart: str = "") -> str:
    return (f'<!doctype html><html lang="en"><head><title>{title}</title></head><body>'
            f'<nav><a href="/">menu words</a></nav>'
            f'<article class="md-content__inner md-typeset"><h1 id="t">{title}</h1>'
            f'<figure class="dossier-chart" data-pagefind-ignore><svg><title>{chart}</title>'
            f'</svg></figure><p>{text} <a href="{href}">a link</a></p></article></body></html>')


PAGES = {
    "index.html": page("Dossier", "Home of the dossier"),
    "pairs/index.html": page("Pairs", "All pairs listed"),
    "timeline/page-2/index.html": page("Timeline", "Dated facts listed"),
    **{f"countries/{c}/index.html": page(f"Country {c}", f"Partners of {c}", chart="US: 10")
       for c in ("KZ", "US", "UZ")},
    **{f"pairs/{p}/index.html": page(f"Pair {p}", f"Facts of {p} on wheat and oil")
       for p in ("KZ-US", "KZ-UZ", "US-UZ", "CN-US")},
    "pairs/KZ-US/part-2/index.html": page("Pair KZ-US", "More facts on uranium"),
    **{f"persons/{n}/index.html": page(f"Person {n}", f"Statements of {n}")
       for n in ("anna", "boris", "chen")},
    **{f"sources/a{i}/index.html": page(f"Article {i}", f"Text of article {i} about grain")
       for i in range(7)},
}


def write_site(folder: Path, pages: dict[str, str]) -> Path:
    for rel, html in pages.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(html, encoding="utf-8")
    return folder


def next_site(previous: Path, folder: Path, changes: dict[str, str | None]) -> Path:
    """The next build's site as the site build makes it: hard links to the previous pages, new
    files for the pages written again (``None``: removed)."""
    shutil.copytree(previous, folder, copy_function=os.link,
                    ignore=shutil.ignore_patterns(search_index.BUNDLE))
    for rel, html in changes.items():
        path = folder / rel
        if path.exists():
            path.unlink()
        if html is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(html, encoding="utf-8")
    return folder


def fragments(bundle_root: Path) -> dict[str, str]:
    """What the index holds: each page's URL and the text Pagefind took from it."""
    out = {}
    for f in bundle_root.rglob("*.pf_fragment"):
        data = json.loads(gzip.decompress(f.read_bytes())[len(b"pagefind_dcd"):])
        assert data["url"] not in out, data["url"]
        out[data["url"]] = data["content"]
    return out


def one_run(site: Path, out: Path) -> dict[str, str]:
    """One Pagefind run over the whole site, as the search was built before it had shards."""
    mirror = out / "site"
    shutil.copytree(site, mirror, ignore=shutil.ignore_patterns(search_index.BUNDLE))
    subprocess.run(search_index.pagefind_command(mirror), check=True)
    return fragments(mirror / "pagefind")


def index(site: Path, previous: Path | None, record: Path) -> dict[str, int]:
    return search_index.index(site, previous=previous, record_path=record,
                              work=record.parent / "work")


def inode(path: Path) -> int:
    return os.stat(path).st_ino


@pytest.mark.parametrize(("path", "group"), [
    ("index.html", "lists"), ("404.html", "lists"), ("search/index.html", "lists"),
    ("pairs/index.html", "lists"), ("pairs/page-3/index.html", "lists"),
    ("sources/page-2/index.html", "lists"), ("timeline/index.html", "lists"),
    ("timeline/page-2/index.html", "lists"), ("people/page-4/index.html", "lists"),
    ("pairs/KZ-US/index.html", "pairs"), ("pairs/KZ-US/part-2/index.html", "pairs"),
    ("pairs/KZ-US.html", "pairs"),                                  # a site opened from disk
    ("countries/KZ/index.html", "countries"), ("persons/anna/index.html", "persons"),
    ("sources/2024-01-02-talks/index.html", "sources"),
    ("sources/2024-01-02-talks/part-2/index.html", "sources"),
])
def test_pages_are_grouped_by_how_they_change(path: str, group: str) -> None:
    assert search_index.group_of(path) == group


@pytest.mark.parametrize(("group", "pages", "kept", "count"), [
    ("pairs", 5, None, 3),       # 2 a shard
    ("pairs", 50, None, 3),      # at most 3
    ("pairs", 3, 3, 3),          # kept within a factor two …
    ("pairs", 1, 3, 1),          # … and laid out again past it
    ("lists", 500, None, 1),
])
def test_shard_counts_follow_the_group_size(group: str, pages: int, kept: int | None,
                                            count: int) -> None:
    assert search_index.shard_count(group, pages, kept) == count


def test_the_shards_hold_what_one_index_of_the_site_holds(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", PAGES)
    done = index(site, None, tmp_path / "record.json")
    shards = json.loads((site / "pagefind" / "shards.js").read_text().split("=", 1)[1]
                        .rstrip().rstrip(";"))
    assert done["shards"] == len(shards) > 5 and done["indexed"] == len(shards)
    assert shards[0] == "lists-0" and all((site / "pagefind" / s / "pagefind-entry.json").is_file()
                                          for s in shards)
    assert (site / "pagefind" / "pagefind-ui.js").is_file()
    assert fragments(site / "pagefind") == one_run(site, tmp_path / "whole")
    held = json.dumps(fragments(site / "pagefind"))
    assert "menu words" not in held and "US: 10" not in held   # the root selector, no charts


def test_a_rebuild_indexes_only_the_shards_whose_pages_changed(tmp_path: Path) -> None:
    record = tmp_path / "record.json"
    first = write_site(tmp_path / "one", PAGES)
    index(first, None, record)
    before = search_index.Record.load(record)
    shard = {p: s for p, (s, _d) in before.pages.items()}
    changes: dict[str, str | None] = {
        "sources/a7/index.html": page("Article 7", "A new article about grain"),   # added
        "pairs/CN-US/index.html": page("Pair CN-US", "Facts of CN-US on soybeans"),  # edited
        "persons/chen/index.html": None,                                          # removed
        # Written again with other link targets and another chart only: the same text.
        "sources/a3/index.html": page("Article 3", "Text of article 3 about grain",
                                      href="../../pairs/KZ-US/part-2/"),
        "countries/UZ/index.html": page("Country UZ", "Partners of UZ", chart="US: 11"),
    }
    second = next_site(first, tmp_path / "two", changes)
    done = index(second, first, record)
    after = search_index.Record.load(record)
    expected = {"sources-new", shard["pairs/CN-US/index.html"],
                shard["persons/chen/index.html"]} & set(after.bundles)
    again = {s for s in after.bundles if s not in before.bundles
             or inode(second / "pagefind" / s / "pagefind-entry.json")
             != inode(first / "pagefind" / s / "pagefind-entry.json")}
    assert again == expected and done["indexed"] == len(expected)
    assert after.pages["sources/a7/index.html"][0] == "sources-new"
    assert fragments(second / "pagefind") == one_run(second, tmp_path / "whole")
    # The previous site's search is untouched: it stays whole until the new site replaces it.
    assert fragments(first / "pagefind") == one_run(first, tmp_path / "whole-before")


def test_a_bundle_that_is_not_the_recorded_one_is_indexed_again(tmp_path: Path) -> None:
    record = tmp_path / "record.json"
    first = write_site(tmp_path / "one", PAGES)
    index(first, None, record)
    entry = first / "pagefind" / "pairs-0" / "pagefind-entry.json"
    entry.write_text(entry.read_text().replace('"page_count"', '"page_count" '), encoding="utf-8")
    second = next_site(first, tmp_path / "two", {})
    assert index(second, first, record)["indexed"] == 1
    assert fragments(second / "pagefind") == one_run(second, tmp_path / "whole")


def test_added_articles_are_laid_out_again_past_the_tail(tmp_path: Path) -> None:
    """The tail shard takes the articles added since the layout; past ``TAIL_MOST`` the articles
    are laid out again and the tail is gone."""
    record = tmp_path / "record.json"
    site = write_site(tmp_path / "s0", PAGES)
    index(site, None, record)
    for k in range(1, 4):
        nxt = next_site(site, tmp_path / f"s{k}", {
            f"sources/b{k}/index.html": page(f"Added {k}", f"Added article {k} on grain")})
        index(nxt, site, record)
        site = nxt
        tail = [p for p, (s, _d) in search_index.Record.load(record).pages.items()
                if s == "sources-new"]
        assert len(tail) == (k if k <= 2 else 0), k
    assert fragments(site / "pagefind") == one_run(site, tmp_path / "whole")


def test_a_build_searches_every_shard(project: Path) -> None:
    """Through the real build: the search page names the shards, a second build with nothing
    changed indexes none again, and an edited article only its own."""
    cfg = replace(Config.load(project), search="pagefind")
    build(cfg, site=True, quiet=True)
    shards_js = (cfg.site / "pagefind" / "shards.js").read_text(encoding="utf-8")
    assert '"lists-0"' in shards_js and '"sources-0"' in shards_js
    page_html = (cfg.site / "search" / "index.html").read_text(encoding="utf-8")
    assert 'src="../pagefind/shards.js"' in page_html and "mergeIndex" in page_html
    article = next((project / "content" / "articles").iterdir())
    article.write_text(article.read_text(encoding="utf-8") + "\nA closing line about barley.\n",
                       encoding="utf-8")
    report = build(cfg, site=True, quiet=True)
    again = re.search(r"search: (\d+) of (\d+) shards", report.pages)
    assert again and 0 < int(again.group(1)) < int(again.group(2)), report.pages
    assert "barley" in json.dumps(fragments(cfg.site / "pagefind"))


@pytest.mark.skipif(bench_reader.chromium() is None, reason="no chromium to search with")
def test_a_query_finds_pages_of_every_shard_in_a_browser(project: Path) -> None:
    """In Chromium, Pagefind's interface searches all shards at once: one query lists the
    article (a ``sources`` shard), the pair (a ``pairs`` shard) and the home page (``lists``)."""
    from playwright import sync_api

    cfg = replace(Config.load(project), search="pagefind")
    build(cfg, site=True, quiet=True)
    with bench_reader.served(cfg.site) as url, sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=bench_reader.chromium(), headless=True,
                                     args=bench_reader.ARGS)
        try:
            page = browser.new_page()
            page.goto(url + "search/")
            page.locator("input.pagefind-ui__search-input").press_sequentially("Almaty")
            links = page.locator("a.pagefind-ui__result-link")
            links.first.wait_for(timeout=30_000)
            page.wait_for_timeout(500)                   # every shard's results are in
            hrefs = {links.nth(i).get_attribute("href") or "" for i in range(links.count())}
        finally:
            browser.close()
    assert any(h.startswith("/sources/") for h in hrefs), hrefs
    assert any(h.startswith("/pairs/") for h in hrefs), hrefs


def test_a_site_built_in_place_reuses_its_own_shards(tmp_path: Path) -> None:
    """The live preview builds into the folder it serves: pages written again there have a new
    modification time, and the shards of the others are kept."""
    record = tmp_path / "record.json"
    site = write_site(tmp_path / "site", PAGES)
    index(site, None, record)
    entries = {p.parent.name: inode(p) for p in (site / "pagefind").glob("*/pagefind-entry.json")}
    target = site / "pairs/KZ-UZ/index.html"
    with target.open("w", encoding="utf-8") as f:          # the same file, as MkDocs writes
        f.write(page("Pair KZ-UZ", "Facts of KZ-UZ on water"))
    done = index(site, site, record)
    shard = search_index.Record.load(record).pages["pairs/KZ-UZ/index.html"][0]
    assert done["indexed"] == 1
    assert {p.parent.name for p in (site / "pagefind").glob("*/pagefind-entry.json")
            if inode(p) != entries.get(p.parent.name)} == {shard}
    assert fragments(site / "pagefind") == one_run(site, tmp_path / "whole")
