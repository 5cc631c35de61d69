"""What a reader sees, in a real browser: Debian's Chromium driven by Playwright.

Skipped when Chromium or Playwright is missing (`.ci/run` installs both). Screenshots of the home,
pair and source pages go to `test-artifacts/` (not committed).
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, make_project

from dossier.build import build
from dossier.config import Config

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")]
ARTIFACTS = ROOT / "test-artifacts"
# As the machine's probe runs it: no background traffic to hosts this closed network refuses.
# The regional-indicator letters that make emoji flags (U+1F1E6–U+1F1FF).
REGIONAL_INDICATORS = re.compile("[\U0001F1E6-\U0001F1FF]")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def project_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample dossier, built for real."""
    root = make_project(tmp_path_factory.mktemp("browser") / "project")
    build(Config.load(root), site=True, quiet=True)
    return root


@pytest.fixture(scope="module")
def site_url(project_root: Path) -> Iterator[str]:
    """The built sample dossier served on the loopback interface."""
    handler = functools.partial(_Quiet, directory=str(project_root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, site_url):  # type: ignore[no-untyped-def]
    """A fresh page that records console errors and every request it makes."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    p = context.new_page()
    p.errors = []
    p.requests = []
    p.on("console", lambda msg: msg.type == "error" and p.errors.append(msg.text))
    p.on("pageerror", lambda exc: p.errors.append(str(exc)))
    p.on("request", lambda req: p.requests.append(req.url))
    yield p
    context.close()


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_search_finds_a_fact_and_leads_to_its_pair(page, site_url) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_url)
    page.wait_for_load_state("networkidle")          # the search index is loaded by a worker
    page.keyboard.press("/")                          # Material's shortcut to the search box
    page.locator("input.md-search__input").press_sequentially("uranium", delay=30)
    page.locator("a.md-search-result__link").first.wait_for(timeout=15000)
    results = page.locator("a.md-search-result__link")
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    pair = next(i for i, h in enumerate(hrefs) if "pairs/KZ-US" in h)   # among the results
    results.nth(pair).click()
    page.wait_for_url("**/pairs/KZ-US/**")
    assert "Kazakhstan" in page.locator("h1").inner_text()


def test_citation_lands_on_its_highlighted_sentence(page, site_url) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_url + "pairs/KZ-US/")
    shot(page, "pair")
    link = page.locator("sup.cite a").first
    href = link.get_attribute("href") or ""
    anchor = href.split("#", 1)[1]
    link.click()
    page.wait_for_url(f"**#{anchor}")
    page.wait_for_function(f"document.querySelector(':target') && "
                           f"document.querySelector(':target').id === '{anchor}'")
    target = page.locator(f"span.sentence#{anchor}")
    assert target.is_visible()
    assert page.evaluate("document.querySelector(':target').id") == anchor
    background = target.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")      # visibly highlighted
    other = page.locator("span.sentence:not(:target)").first
    assert other.evaluate("el => getComputedStyle(el).backgroundColor") != background
    shot(page, "source")


def test_pages_load_without_errors_or_outside_requests(page, site_url) -> None:  # type: ignore[no-untyped-def]
    for path in ("", "pairs/", "pairs/KZ-US/", "countries/KZ/", "timeline/", "people/"):
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        if path == "":
            graph = page.locator("figure.dossier-chart svg").first
            assert graph.is_visible()                            # the relations graph renders
            assert graph.bounding_box()["width"] > 200
            assert page.locator("figure.dossier-chart svg circle").count() >= 2
            shot(page, "home")
    assert page.errors == []
    outside = [u for u in page.requests if not u.startswith(site_url) and not u.startswith("data:")]
    assert outside == []          # fonts, scripts and pictures all come from the site itself


def flags_shown(page) -> list[dict]:  # type: ignore[no-untyped-def]
    """Every flag picture of the page, once loaded: they load lazily, so each is scrolled to."""
    flags = page.locator("img.flag")
    for i in range(flags.count()):
        flags.nth(i).scroll_into_view_if_needed()
    page.wait_for_function("[...document.querySelectorAll('img.flag')].every(i => i.complete)")
    return page.eval_on_selector_all("img.flag", """els => els.map(e => ({
        file: e.currentSrc.split('/').pop(), width: e.naturalWidth,
        height: e.getBoundingClientRect().height}))""")


def test_flags_are_pictures_that_load(page, site_url, project_root) -> None:  # type: ignore[no-untyped-def]
    """Flags are the site's own pictures, not emoji (two boxed letters in Chromium on Linux and
    Windows): each one loads, sits at text size, and no page holds an emoji flag."""
    for path, title, in_heading in [("pairs/KZ-US/", "Kazakhstan – United States", 2),
                                    ("countries/KZ/", "Kazakhstan", 1)]:
        page.goto(site_url + path)
        flags = flags_shown(page)
        assert {"kz.svg", "us.svg"} <= {f["file"] for f in flags}, path
        assert all(f["width"] > 0 for f in flags), flags           # every picture loaded
        assert all(5 < f["height"] < 40 for f in flags), flags     # at the size of the text
        assert page.locator("h1 img.flag").count() == in_heading
        assert page.title() == f"{title} - Dossier"                # the tab: the plain name
        shot(page, "flags-" + path.split("/")[0])
    page.goto(site_url + "people/")               # an organisation's members: flags alone
    flags = flags_shown(page)
    assert all(f["width"] > 0 for f in flags), flags
    assert page.locator("img.flag[alt='KZ'][title='Kazakhstan']").count() >= 1
    assert page.errors == []
    generated = [*(project_root / "build" / "docs").rglob("*.md"),
                 *(project_root / "site").rglob("*.html")]
    assert len(generated) > 10
    for file in generated:
        found = REGIONAL_INDICATORS.search(file.read_text(encoding="utf-8"))
        assert found is None, f"{file}: U+{ord(found.group()):X}"


def test_pair_page_shows_events_by_type_with_their_quadclass(page, site_url) -> None:  # type: ignore[no-untyped-def]
    """The reader sees the facts grouped under CAMEO event types, each with a chip coloured by
    its QuadClass, and the cooperation and conflict chart drawn."""
    page.goto(site_url + "pairs/KZ-US/")
    chips = page.locator("article .quad-badge")
    assert chips.count() >= 3
    colours = {chips.nth(i).evaluate("e => getComputedStyle(e).borderLeftColor")
               for i in range(chips.count())}
    classes = {chips.nth(i).get_attribute("class") for i in range(chips.count())}
    assert len(colours) == len(classes)         # one colour per QuadClass
    assert all("CAMEO" in (chips.nth(i).get_attribute("title") or "")
               for i in range(chips.count()))
    headings = page.locator("article h3").all_inner_texts()
    assert any("(0" in h or "(1" in h for h in headings), headings    # "Consult (04)"
    chart = page.locator("article svg.dossier-quad")
    assert chart.count() == 1 and chart.bounding_box()["height"] > 100
    assert "cooperation" in (chart.get_attribute("aria-label") or "")
    shot(page, "pair-events")
    assert page.errors == []


def test_dark_mode_toggle(page, site_url) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_url)
    before = page.get_attribute("body", "data-md-color-scheme")
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    page.wait_for_timeout(300)
    after = page.get_attribute("body", "data-md-color-scheme")
    assert {before, after} == {"default", "slate"}
    shot(page, "home-dark" if after == "slate" else "home-light")


def test_offline_site_works_opened_from_disk(browser, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    root = make_project(tmp_path_factory.mktemp("offline") / "project")
    build(dataclasses.replace(Config.load(root), offline=True), site=True, quiet=True)
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto((root / "site" / "index.html").as_uri())
    page.locator("a[href='pairs/KZ-US.html']").first.click()
    page.wait_for_url("**/pairs/KZ-US.html")
    assert "Kazakhstan" in page.locator("h1").inner_text()
    flags = flags_shown(page)                     # from disk too, without directory URLs
    assert len(flags) >= 2 and all(f["width"] > 0 for f in flags), flags
    link = page.locator("sup.cite a").first
    anchor = (link.get_attribute("href") or "").split("#", 1)[1]
    link.click()
    page.wait_for_url(f"**#{anchor}")
    page.wait_for_load_state("load")
    page.wait_for_function(f"document.querySelector(':target') && "
                           f"document.querySelector(':target').id === '{anchor}'")
    assert errors == []
    context.close()
