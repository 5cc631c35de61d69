"""Article text and YAML text are untrusted: on the published site they are only ever text.

One real project is built with a hostile article (script tags, event handlers, ``javascript:``
links, Markdown and HTML injection, Jinja syntax, in its body, front matter and file name) and
hostile hand edits of its pair file (summary, fact, quote, entity and an entry of a person's own),
then published with ``mkdocs build --strict``. The HTML is checked tag by tag, and the pages are
opened in Chromium, where every payload would set ``window.__pwned`` or open a dialog.
YAML is read safely: Python tags are refused with a message and never run.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import make_project
from ruamel.yaml import YAML

from dossier.articles import load_articles
from dossier.build import build
from dossier.config import Config
from dossier.errors import DossierError

JINJA = "{{ 7*191 }}"              # 1337 anywhere on the site would mean it was evaluated
ARTICLE = f"""---
title: "<script>window.__pwned='title'</script> *Evil* [t](javascript:window.__pwned='tl') {JINJA}"
date: 2023-06-10
url: "javascript:window.__pwned='url'"
publisher: "<img src=x onerror=\\"window.__pwned='publisher'\\">"
---
Kazakhstan accused the United States of spying <script>window.__pwned='script'</script> in Astana.

The United States sent aid to Kazakhstan <img src=x onerror="window.__pwned='img'"> on trade.

Kazakhstan recalled its envoy from the United States [click me](javascript:window.__pwned='link') today.

The US imposed sanctions on Kazakhstan over {JINJA} and {{% for x in range(3) %}}loop{{% endfor %}} twice.

Kazakhstan accused the United States of meddling <a href="javascript:window.__pwned='a'"
onclick="window.__pwned='click'">here</a> today.

# Kazakhstan expelled American diplomats | table | {{: onclick="window.__pwned='attr'"}}
<iframe src="javascript:window.__pwned='iframe'"></iframe> met.

The Kazakh foreign minister said "<svg onload=window.__pwned='svg'>" was a provocation by the United States.

Kazakhstan accused the United States of forging the file \u202etxt.exe\u202c and the \u2067annex\u2069 today.
"""
# Bidirectional overrides, embeddings and isolates: text that shows other than it reads.
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Hand edits of the pair file: every kind of field a person writes.
EDITS = {
    "summary": f"<script>window.__pwned='summary'</script> **bold** {JINJA} <b onmouseover=alert(1)>x</b>"
               " \u202egnp.exe\u202c",
    "fact": f"<img src=x onerror=alert('fact')> [x](javascript:alert('fact')) {JINJA} {{% raw %}}",
    "why": "<style>body{display:none}</style><a href='javascript:alert(1)'>why</a>",
    "speaker": "<script>alert('speaker')</script> Jane",
    "entity": "<iframe src=javascript:alert('entity')></iframe> Org",
    "own": "&lt;script&gt;window.__pwned='entity-ref'&lt;/script&gt; | # not a heading",
}
FILE_NAME = "<img src=x onerror=window.__pwned='name'>.txt"
BAD_URL = re.compile(r"^\s*(javascript|vbscript|data\s*:\s*text/html)", re.I)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("security") / "project")
    articles = root / "content" / "articles"
    (articles / "evil.md").write_text(ARTICLE, encoding="utf-8")
    (articles / FILE_NAME).write_text(" date 2023-06-11 Kazakhstan accused the United "
                                      "States of stealing water.\n", encoding="utf-8")
    build(Config.load(root), site=False, quiet=True)
    path = root / "content" / "relations" / "KZ-US.yaml"
    yaml = YAML()
    doc = yaml.load(path.read_text(encoding="utf-8"))
    doc["summary"] = EDITS["summary"]
    doc["facts"][0]["text"] = EDITS["fact"]
    doc["facts"][0]["why"] = EDITS["why"]
    doc["quotes"][0]["speaker"] = EDITS["speaker"]
    doc["entities"][0]["name"] = EDITS["entity"]
    doc["facts"].append({"id": "mine-1", "text": EDITS["own"], "topic": "other",
                         "tone": "neutral", "countries": ["KZ", "US"], "status": "verified",
                         "sources": [dict(doc["facts"][0]["sources"][0])]})
    with open(path, "w", encoding="utf-8") as fh:
        yaml.dump(doc, fh)
    build(Config.load(root), site=True, quiet=True)
    return root / "site"


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside each <script> and <style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.raw: list[tuple[str, str]] = []
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._open = tag if tag in ("script", "style") else None

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        if self._open:
            self.raw.append((self._open, data))

    def handle_endtag(self, tag: str) -> None:
        self._open = None


def _text(page: str) -> str:
    body = page.split('<article class="md-content__inner', 1)[-1].split("</article>", 1)[0]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_the_hostile_content_reached_the_pages(site: Path) -> None:
    """The attack is real: the payloads are in the dossier and on the pages (as text)."""
    pair = _text((site / "pairs" / "KZ-US" / "index.html").read_text(encoding="utf-8"))
    for payload in ("<script>window.__pwned='script'</script>", "<img src=x onerror=",
                    JINJA, "<script>window.__pwned='summary'</script> **bold**", EDITS["fact"],
                    EDITS["own"], EDITS["speaker"], EDITS["entity"],
                    "<svg onload=window.__pwned='svg'>", "<iframe src="):
        assert payload in pair, payload
    source = _text(next((site / "sources").glob("*evil*/index.html")).read_text("utf-8"))
    for payload in ("{% for x in range(3) %}loop{% endfor %}", "<a href=\"javascript:",
                    "[click me](javascript:window.__pwned='link')", "onclick="):
        assert payload in source, payload
    assert any(FILE_NAME in _text(p.read_text(encoding="utf-8"))
               for p in (site / "sources").glob("*/index.html"))


def test_built_html_has_no_live_markup_from_content(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "1337" not in html, f"{page}: Jinja was evaluated"
        parser = _Elements()
        parser.feed(html)
        for tag, attrs in parser.tags:
            assert tag not in ("iframe", "object", "embed", "form", "base", "img") or not any(
                "pwned" in (v or "") or "alert" in (v or "") for _, v in attrs), (page, tag)
            assert tag not in ("iframe", "object", "embed"), f"{page}: <{tag}>"
            for name, value in attrs:
                assert not name.startswith("on"), f"{page}: <{tag} {name}={value!r}>"
                if name in ("href", "src", "action", "formaction", "xlink:href", "data"):
                    assert not BAD_URL.match(value or ""), f"{page}: <{tag} {name}={value!r}>"
            if tag == "script":
                src = dict(attrs).get("src")
                assert src is None or "assets/javascripts/" in src, f"{page}: script {src}"
        for kind, data in parser.raw:         # the theme's own inline scripts and styles only
            assert "pwned" not in data and "alert" not in data, f"{page}: <{kind}> {data[:80]}"


def test_bidirectional_overrides_never_reach_the_site(site: Path) -> None:
    """U+202E and its kin from an article or a hand edit are dropped from every page, so no text
    on the site displays reversed; the words around them stay."""
    pair = (site / "pairs" / "KZ-US" / "index.html").read_text(encoding="utf-8")
    assert "txt.exe" in _text(pair) and "gnp.exe" in _text(pair)
    for page in sorted(site.rglob("*.html")) + sorted(site.rglob("*.json")):
        found = BIDI.search(page.read_text(encoding="utf-8"))
        assert found is None, f"{page}: U+{ord(found.group()):04X}"


def test_search_index_holds_the_payloads_as_text_only(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = " ".join(d.get("title", "") + " " + d.get("text", "") for d in index["docs"])
    assert "&lt;script&gt;window.__pwned" in texts          # there, escaped
    for raw in ("<script", "<img", "<iframe", "<svg", "<style", "<a href=\"javascript"):
        assert raw not in texts, raw                     # the search box shows it as HTML


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system [\"touch {marker}\"]",
                                 "!!python/object/new:os.system [\"touch {marker}\"]",
                                 "!!python/name:os.system",
                                 "!custom {{command: touch {marker}}}"])
def test_yaml_tags_are_refused_and_never_run(tmp_path: Path, tag: str) -> None:
    root = make_project(tmp_path / "project")
    marker = tmp_path / "PWNED"
    relations = root / "content" / "relations"
    relations.mkdir(parents=True)
    path = relations / "FR-KZ.yaml"
    path.write_text("pair: [FR, KZ]\nsummary: " + tag.format(marker=marker) + "\nfacts: []\n",
                    encoding="utf-8")
    with pytest.raises(DossierError) as caught:
        build(Config.load(root), site=False, quiet=True)
    shown = tag.split(" ", 1)[0]
    assert f"{path}:2: the tag '{shown}' is not allowed" in str(caught.value)
    proc = subprocess.run([sys.executable, "-m", "dossier", "check"], cwd=root,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and f"FR-KZ.yaml:2: the tag '{shown}' is not allowed" in proc.stderr
    (root / "content" / "articles" / "tagged.md").write_text(
        "---\ntitle: " + tag.format(marker=marker) + "\n---\nPeru recalled its ambassador from Chile.\n",
        encoding="utf-8")
    _, warnings = load_articles(root / "content" / "articles")
    assert any(w.startswith(f"{root / 'content/articles/tagged.md'}:2: front matter is not "
                            "valid YAML") for w in warnings)
    assert not marker.exists()


# ------------------------------------------------------------------------------------ browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def site_url(site: Path) -> Iterator[str]:
    from test_browser import _Quiet

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_no_script_runs_in_the_browser(site: Path, site_url: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    from test_browser import ARGS

    source = next((site / "sources").glob("*evil*/index.html")).parent.name
    persons = [f"persons/{p.parent.name}/" for p in (site / "persons").glob("*/index.html")]
    paths = ["", "pairs/", "pairs/KZ-US/", f"sources/{source}/", "sources/", *persons,
             "people/", "timeline/", "countries/KZ/", "countries/US/"]
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in paths:
            page.goto(site_url + path)
            page.wait_for_load_state("networkidle")
            assert page.evaluate("() => window.__pwned") is None, path
            handlers = page.evaluate("""() => [...document.querySelectorAll('*')].flatMap(
                el => [...el.attributes].filter(a => a.name.startsWith('on')).map(a => a.name))""")
            assert handlers == [], path
            assert page.locator("a[href^='javascript:' i], iframe, embed, object").count() == 0
        # The payloads are on the page as text a reader sees.
        page.goto(site_url + "pairs/KZ-US/")
        assert "<script>window.__pwned='script'</script>" in page.inner_text("article")
        # Hovering and clicking where the payloads are shown triggers nothing either.
        for path, text in (("pairs/KZ-US/", "onmouseover"), ("pairs/KZ-US/", "onclick="),
                           ("pairs/KZ-US/", "onerror="), (f"sources/{source}/", "click me")):
            page.goto(site_url + path)
            target = page.locator("article").get_by_text(text).first
            target.hover(timeout=5000)
            target.click(timeout=5000)
            assert page.evaluate("() => window.__pwned") is None, text
        # Search renders results from the index as HTML: they stay text as well.
        page.goto(site_url)
        page.wait_for_load_state("networkidle")
        page.keyboard.press("/")
        page.locator("input.md-search__input").press_sequentially("provocation", delay=30)
        page.locator("a.md-search-result__link").first.wait_for(timeout=15000)
        page.wait_for_timeout(300)
        assert page.evaluate("() => window.__pwned") is None
        assert dialogs == []
        browser.close()
