"""What a reader pays for a built site (``make bench``): its size, its largest page and search
index, the bytes a first visit to the home page transfers, and how long the first query takes
to show its results.

The site is served on the loopback interface and opened in Debian's Chromium through Playwright,
a fresh profile each time (nothing cached). The first visit counts every response the page and
its workers receive until the network is idle, headers included: Material's search fetches its
whole index in a worker at that moment, before any query. The first query is typed into the
search box of the site's search (the theme's in the header, or Pagefind's on the search page)
and timed from the first key to the first result shown, index download included.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking"]
# The search box and a result, by search engine (see site.py for how each is built).
SEARCH_UI = {
    "material": ("", "input.md-search__input", "a.md-search-result__link"),
    "pagefind": ("search/", "input.pagefind-ui__search-input", ".pagefind-ui__result-link"),
}


# A word most news dossiers hold many times: the query's results take their longest to rank.
QUERY = "trade"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def served(site: Path) -> Iterator[str]:
    """The site over HTTP on a free loopback port, for as long as the block runs."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def site_sizes(site: Path) -> dict[str, Any]:
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    largest = max(pages, key=lambda p: p.stat().st_size, default=None)
    index = site / "search" / "search_index.json"
    pagefind = site / "pagefind"
    chunks = [p for p in pagefind.rglob("*") if p.is_file()] if pagefind.is_dir() else []
    return {"site_bytes": sum(p.stat().st_size for p in files), "site_files": len(files),
            "html_pages": len(pages),
            "largest_page": str(largest.relative_to(site)) if largest else None,
            "largest_page_bytes": largest.stat().st_size if largest else 0,
            "search_index_bytes": index.stat().st_size if index.exists() else 0,
            "pagefind_bytes": sum(p.stat().st_size for p in chunks),
            "pagefind_largest_file_bytes": max((p.stat().st_size for p in chunks), default=0)}


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def measure(site: Path, search: str, query: str = QUERY, timeout_s: float = 60) -> dict[str, Any]:
    """``first_visit_bytes`` and ``first_query_s`` of a built site; an empty dict and the reason
    (``browser_skipped``) where there is no Chromium or Playwright to measure with."""
    browser_path = chromium()
    try:
        from playwright import sync_api
    except ImportError:
        return {"browser_skipped": "Playwright is not installed (make install)"}
    if browser_path is None:
        return {"browser_skipped": "no chromium on PATH (apt install chromium)"}
    with served(site) as url, sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=browser_path, headless=True, args=ARGS)
        try:
            visit = _first_visit(browser, url, timeout_s)
            query_s, query_bytes = _first_query(browser, url, search, query, timeout_s)
        finally:
            browser.close()
    return {"first_visit_bytes": visit, "first_query_s": query_s, "first_query": query,
            "first_query_bytes": query_bytes}


def _first_visit(browser: Any, url: str, timeout_s: float) -> int:
    context = browser.new_context()
    page = context.new_page()
    sizes: list[int] = []

    def finished(request: Any) -> None:
        s = request.sizes()
        sizes.append(s["responseBodySize"] + s["responseHeadersSize"])

    page.on("requestfinished", finished)
    page.goto(url, wait_until="networkidle", timeout=timeout_s * 1000)
    context.close()
    return sum(sizes)


def _first_query(browser: Any, url: str, search: str, query: str, timeout_s: float
                 ) -> tuple[float, int]:
    """Seconds from the first key to the first result, and the bytes fetched meanwhile (the
    index's entry files, WebAssembly and chunks)."""
    path, box, result = SEARCH_UI[search]
    context = browser.new_context()
    page = context.new_page()
    page.goto(url + path, wait_until="load", timeout=timeout_s * 1000)
    field = page.locator(box)
    if search == "material":
        page.keyboard.press("/")             # the theme's shortcut that opens the search box
    field.wait_for(timeout=timeout_s * 1000)
    sizes: list[int] = []
    page.on("requestfinished", lambda request: sizes.append(
        request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"]))
    start = time.perf_counter()
    field.press_sequentially(query)
    page.locator(result).first.wait_for(timeout=timeout_s * 1000)
    elapsed = time.perf_counter() - start
    fetched = sum(sizes)
    context.close()
    return elapsed, fetched


def render(r: dict[str, Any]) -> list[str]:
    """The report's lines on the first visit and query."""
    if "first_visit_bytes" not in r:
        return [f"first visit       not measured: {r.get('browser_skipped', 'no browser')}"]
    return [f"first visit       {r['first_visit_bytes'] / 1024:.0f} KB transferred to show the "
            f"home page (search index included where the theme loads it then)",
            f"first query       {r['first_query_s']:.2f} s from the first key of "
            f"\"{r['first_query']}\" to the first result ({r.get('search', 'material')} search), "
            f"{r.get('first_query_bytes', 0) / 1024:.0f} KB fetched meanwhile"]
