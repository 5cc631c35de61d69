"""Render: pages from relation files, citations that land on their sentence, hostile text kept inert."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from dossier.config import read_mkdocs_config
from dossier.errors import DossierError
from dossier.render import RenderReport, http_url, md, render_pages, render_site

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
FIXTURES = Path(__file__).parent / "fixtures" / "render"
HOSTILE_HTML = ("<script>alert", "onerror=", 'href="javascript:', "onclick=")


def load(name: str):
    return yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))


def inputs() -> dict:
    return {
        "relations": [yaml.safe_load(p.read_text(encoding="utf-8"))
                      for p in sorted((FIXTURES / "relations").glob("*.yaml"))],
        "articles": load("articles.yaml"),
        "countries": load("countries.yaml"),
    }


def mkdocs_build(docs: Path, site: Path, config_dir: Path) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` with the repository's mkdocs.yml pointed at a temporary folder."""
    config = read_mkdocs_config(ROOT / "mkdocs.yml")
    config.update(docs_dir=str(docs), site_dir=str(site))
    config_file = config_dir / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                           str(config_file)], capture_output=True, text=True, env=env, timeout=300)


def visible_text(page: str) -> str:
    """The text a reader sees in the page's article (tags removed, references decoded)."""
    body = page.split('<article class="md-content__inner', 1)[-1].split("</article>", 1)[0]
    return html.unescape(re.sub(r"<[^>]+>", "", body))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("render")
    docs, site = tmp / "docs", tmp / "site"
    report = render_site(docs, TEMPLATES, **inputs())
    result = mkdocs_build(docs, site, tmp)
    assert result.returncode == 0, result.stderr
    return {"docs": docs, "site": site, "report": report}


def page(built: dict, url_path: str) -> str:
    return (built["site"] / url_path / "index.html").read_text(encoding="utf-8")


def test_every_page_kind_is_generated(built: dict) -> None:
    docs = built["docs"]
    expected = ["index.md", "pairs/index.md", "pairs/KZ-US.md", "pairs/KZ-UZ.md",
                "countries/index.md", "countries/KZ.md", "countries/US.md", "countries/UZ.md",
                "sources/index.md", "sources/2023-05-02-river-pact-signed.md",
                "sources/2023-06-10-evil-article.md", "timeline.md", "people.md",
                # a page per person; a hostile name becomes a harmless slug
                "persons/img-src-x-onerror-alert-1.md"]
    assert sorted(str(p.relative_to(docs)) for p in docs.rglob("*.md")) == sorted(expected)
    assert built["report"].pages_written == len(expected)
    assert ".sentence:target" in (docs / "assets" / "dossier.css").read_text(encoding="utf-8")


def test_pair_page_shows_title_facts_quotes_and_sources(built: dict) -> None:
    text = visible_text(page(built, "pairs/KZ-UZ"))
    assert "Kazakhstan – Uzbekistan" in text          # the flags are pictures, without text
    assert "Neighbours sharing the Syr Darya." in text
    assert "Uzbekistan and Kazakhstan signed a pact to share water from the Syr Darya." in text
    assert "“a turning point for the region”" in text and "Aigerim Bekova" in text
    assert "Syr Darya Basin Council" in text
    assert "River pact signed in Tashkent" in text


def test_citations_land_on_an_existing_sentence(built: dict) -> None:
    site = built["site"]
    checked = 0
    for pair_page in (site / "pairs").glob("*/index.html"):
        base = "/" + str(pair_page.parent.relative_to(site)) + "/"
        for cite in re.findall(r'<sup class="cite">(.*?)</sup>', pair_page.read_text("utf-8")):
            for href in re.findall(r'href="([^"]+)"', cite):
                target = urlsplit(urljoin(base, href))
                assert target.path.startswith("/sources/") and target.fragment.startswith("s")
                source = site / target.path.strip("/") / "index.html"
                assert f'<span class="sentence" id="{target.fragment}">' in source.read_text(
                    "utf-8"), href
                checked += 1
    assert checked >= 6


def test_cited_sentence_keeps_paragraphs_and_lists_what_was_extracted(built: dict) -> None:
    source = page(built, "sources/2023-05-02-river-pact-signed")
    paragraphs = re.findall(r"<p>(.*?)</p>", source, re.S)
    assert any('id="s0"' in p and 'id="s1"' in p for p in paragraphs)
    assert any(p.startswith('<span class="sentence" id="s2">') for p in paragraphs)
    assert 'href="../../pairs/KZ-UZ/#quote-c3d4e5f6"' in source
    hrefs = [html.unescape(h) for h in re.findall(r'href="([^"]+)"', source)]
    assert "https://example.org/news/river-pact" in hrefs


def test_rejected_entries_are_absent(built: dict) -> None:
    for html_file in built["site"].rglob("*.html"):
        assert "REJECTED-" not in html_file.read_text(encoding="utf-8"), html_file
    assert "REJECTED-" not in (built["site"] / "search" / "search_index.json").read_text("utf-8")


def test_hostile_text_is_inert_everywhere(built: dict) -> None:
    for html_file in built["site"].rglob("*.html"):
        content = html_file.read_text(encoding="utf-8")
        for bad in HOSTILE_HTML:
            assert bad not in content, f"{bad} in {html_file}"


@pytest.mark.parametrize("url_path", ["pairs/KZ-US", "sources/2023-06-10-evil-article", "timeline"])
def test_hostile_text_is_shown_literally(built: dict, url_path: str) -> None:
    text = visible_text(page(built, url_path))
    assert "{{ 7*7 }}" in text and "49" not in text
    assert "<script>alert(1)</script>" in text
    assert "[click](javascript:alert(1))" in text
    assert '{: onclick="alert(1)"}' in text


def test_hostile_article_metadata_is_inert(built: dict) -> None:
    source = page(built, "sources/2023-06-10-evil-article")
    title = re.search(r"<title>(.*?)</title>", source, re.S)
    assert title and "<" not in title.group(1)
    text = visible_text(source)
    assert "<script>alert(1)</script> *Evil* [title](javascript:alert(1))" in text
    assert "javascript:alert(1)" in text and 'href="javascript' not in source


def test_unchanged_pages_are_not_rewritten(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    first = render_site(docs, TEMPLATES, **inputs())
    mtimes = {p: p.stat().st_mtime_ns for p in docs.rglob("*")}
    second = render_site(docs, TEMPLATES, **inputs())
    assert second == RenderReport(0, first.pages_written, 0, second.warnings)
    assert {p: p.stat().st_mtime_ns for p in docs.rglob("*")} == mtimes


def test_a_page_made_from_the_same_values_is_not_rendered_again() -> None:
    first = render_pages(TEMPLATES, **inputs(), previous={})
    assert first.kept == set() and set(first.digests) == set(first.pages)
    again = render_pages(TEMPLATES, **inputs(), previous=first.digests)
    assert again.pages == {} and again.kept == set(first.pages)
    assert again.digests == first.digests
    changed = inputs()
    kz_uz = next(r for r in changed["relations"] if r["pair"] == ["KZ", "UZ"])
    kz_uz["summary"] = "A summary written by a person."
    full = render_pages(TEMPLATES, **changed)
    part = render_pages(TEMPLATES, **changed, previous=first.digests)
    assert "pairs/KZ-UZ.md" in part.pages and "pairs/KZ-US.md" in part.kept
    assert set(part.pages) | part.kept == set(full.pages)
    assert part.pages == {path: full.pages[path] for path in part.pages}
    # What is kept is what a full render makes again, byte for byte.
    assert all(full.pages[path] == first.pages[path] for path in part.kept)


def test_page_digests_do_not_depend_on_the_process() -> None:
    """Another build's digests are compared with this one's: no hash seed may change them."""
    code = ("import json, sys; sys.path.insert(0, 'tests'); from test_render import inputs, "
            "TEMPLATES; from dossier.render import render_pages; "
            "print(json.dumps(render_pages(TEMPLATES, **inputs(), previous={}).digests))")
    outputs = [subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                              text=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed}
                              ).stdout for seed in ("1", "2")]
    assert outputs[0] == outputs[1] and len(json.loads(outputs[0])) > 5


def test_pages_no_longer_generated_are_removed(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    data = inputs()
    render_site(docs, TEMPLATES, **data)
    (docs / "notes.txt").write_text("not ours", encoding="utf-8")
    data["relations"] = [r for r in data["relations"] if r["pair"] != ["KZ", "US"]]
    report = render_site(docs, TEMPLATES, **data)
    # the pair page, the US page and the page of the person only that pair named
    assert report.pages_removed == 3
    assert not (docs / "pairs" / "KZ-US.md").exists()
    assert not (docs / "countries" / "US.md").exists()
    assert (docs / "notes.txt").exists()


def test_missing_citation_is_reported_and_shown_unlinked(built: dict) -> None:
    warnings = built["report"].warnings
    assert any("sentence 99" in w for w in warnings)
    assert any("no-such-article" in w for w in warnings)


def test_bad_pair_code_stops_before_writing(tmp_path: Path) -> None:
    data = inputs()
    data["relations"].append({"pair": ["../etc", "US"]})
    with pytest.raises(DossierError, match="country codes"):
        render_site(tmp_path / "docs", TEMPLATES, **data)
    assert not (tmp_path / "docs").exists()


@pytest.mark.parametrize("article_id", ["../../etc/passwd", "index", "a b", "x.md"])
def test_unsafe_article_id_stops_before_writing(tmp_path: Path, article_id: str) -> None:
    data = inputs()
    data["articles"].append({"id": article_id, "title": "t", "sentences": ["s"]})
    with pytest.raises(DossierError, match="slug"):
        render_site(tmp_path / "docs", TEMPLATES, **data)
    assert not (tmp_path / "docs").exists()


def test_md_filter_leaves_no_markup() -> None:
    escaped = md('<a href="x">*b* _c_ [d](e) `f` {{ g }} {: h} # i | j & k\n\nl</a>')
    assert not set("<>\"'*_[]()`{}#|&\n") & set(re.sub(r"&#\d+;", "", escaped))
    assert html.unescape(escaped) == '<a href="x">*b* _c_ [d](e) `f` {{ g }} {: h} # i | j & k l</a>'


@pytest.mark.parametrize(("url", "ok"), [
    ("https://example.org/a?b=1", True), ("HTTP://example.org", True),
    ("javascript:alert(1)", False), (" javascript:alert(1)", False),
    ("data:text/html,x", False), ("https://exa mple.org", False), (None, False),
])
def test_only_http_urls_become_links(url: str | None, ok: bool) -> None:
    assert (http_url(url) is not None) is ok


def test_site_configuration_lists_only_index_pages() -> None:
    config = read_mkdocs_config(ROOT / "mkdocs.yml")
    pages = [next(iter(item.values())) for item in config["nav"]]
    assert pages == ["index.md", "pairs/index.md", "countries/index.md", "sources/index.md",
                     "timeline.md", "people.md"]
    assert config["docs_dir"] == "build/docs" and config["theme"]["font"] is False
    assert "navigation.instant" not in config["theme"]["features"]
    extensions = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    assert "attr_list" not in extensions and "md_in_html" not in extensions


FLAG_IMG = re.compile(r'<img class="flag" src="([^"]+)" alt="" width="20" height="15" '
                      r'loading="lazy">')


def test_flags_are_pictures_beside_plain_titles(built: dict) -> None:
    """Headings, country links and pair links show the shipped flag pictures; the page titles
    (browser tab, navigation) are the plain names."""
    pair = page(built, "pairs/KZ-UZ")
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", pair, re.S)
    assert heading and FLAG_IMG.findall(heading.group(1)) == [
        "../../assets/flags/kz.svg", "../../assets/flags/uz.svg"]
    assert "<title>Kazakhstan – Uzbekistan - Dossier</title>" in pair
    country = page(built, "countries/KZ")
    assert "<title>Kazakhstan - Dossier</title>" in country
    assert "../../assets/flags/us.svg" in FLAG_IMG.findall(country)     # a partner's link
    home = (built["site"] / "index.html").read_text(encoding="utf-8")
    assert "assets/flags/kz.svg" in FLAG_IMG.findall(home)             # a pair link, from the root
    for src in {s for f in built["site"].rglob("*.html")
                for s in FLAG_IMG.findall(f.read_text(encoding="utf-8"))}:
        assert re.fullmatch(r"(\.\./)*assets/flags/[a-z]{2}\.svg", src), src
    assert (built["site"] / "assets" / "flags" / "kz.svg").is_file()
    assert "MIT License" in (built["site"] / "assets" / "flags" / "LICENSE").read_text("utf-8")


def test_a_country_without_a_shipped_flag_shows_none(tmp_path: Path) -> None:
    """A historical state, a flag value that is not the code's own, or a code with no picture:
    no <img> at all (never a broken image, never a path made from a file's text)."""
    data = inputs()
    data["countries"]["US"] = {"name": "United States", "flag": "../../x"}
    data["countries"]["UZ"] = {"name": "Uzbekistan", "flag": "kz"}
    data["relations"][0]["quotes"][0]["speaker_country"] = "SU"
    render_site(tmp_path, TEMPLATES, **data)
    pages = "".join(p.read_text(encoding="utf-8") for p in tmp_path.rglob("*.md"))
    assert set(re.findall(r"assets/flags/([^\"]*)\"", pages)) == {"kz.svg"}
    assert "Soviet Union" in pages


def test_flag_paths_follow_the_page_urls_without_directory_urls(tmp_path: Path) -> None:
    render_site(tmp_path, TEMPLATES, **inputs(), directory_urls=False)
    pair = (tmp_path / "pairs" / "KZ-UZ.md").read_text(encoding="utf-8")   # pairs/KZ-UZ.html
    home = (tmp_path / "index.md").read_text(encoding="utf-8")
    assert FLAG_IMG.findall(pair)[0] == "../assets/flags/kz.svg"
    assert FLAG_IMG.findall(home)[0].startswith("assets/flags/")
