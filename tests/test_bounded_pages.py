"""Bounded pages: however large the dossier, every page stays small and every link still lands.

A synthetic dossier (no spaCy) with thousands of entries: a pair with thousands of facts, a
person quoted hundreds of times, an article of thousands of sentences, a table "sentence" with no
full stop, very long titles. The index pages, pair, person and source pages are split; the
citation links and the links to facts go to the page that holds them. Built by MkDocs at the
default budget, with facts dated over nine centuries, no HTML page reaches 100 KB.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path
from posixpath import dirname, normpath
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from dossier import countries, paging
from dossier.config import read_mkdocs_config
from dossier.models import Article
from dossier.propose import fresh_entries
from dossier.render import render_site

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
CODES = ["DE", "FR", "GB", "IT", "JP", "KZ", "RU", "US", "UZ", "CN", "IN", "BR"]
# The Markdown of a page: no more than the HTML its content becomes (links, tables and lists only
# grow), which the budget bounds; test_no_html_page_reaches_100_kb checks the built HTML.
MAX_MARKDOWN = paging.BUDGET


def synthetic(n_articles: int = 600, *, facts: int = 3000, quotes: int = 500,
              entities: int = 1500, long: int = 4000) -> dict:
    articles = [{
        "id": f"2020-01-{i % 28 + 1:02d}-article-{i}",
        "title": f"Article {i} " + "with a very long title " * (60 if i % 50 == 0 else 1),
        "date": f"2020-01-{i % 28 + 1:02d}", "publisher": "Wire", "path": f"a{i}.txt",
        "sentences": [f"Sentence {s} of article {i}, about {CODES[s % 12]} and {CODES[(s + 1) % 12]}."
                      for s in range(20)],
    } for i in range(n_articles)]
    n_articles = len(articles)
    # One very long article, and one whose "sentence" is a table with no full stop.
    articles[1]["sentences"] = [f"Long article sentence {s}, with words: " + "word " * 30
                                for s in range(long)]
    articles[2]["sentences"] = ["| 1987 | 12.5 | 13.1 |" * 20_000, "After the table."]
    countries = {c: {"name": f"Country {c}", "flag": c.lower()} for c in CODES}   # with pictures
    relations = []
    for a_i, a in enumerate(CODES):
        for b in CODES[a_i + 1:]:
            relations.append({"pair": [a, b], "summary": "", "facts": [], "quotes": [],
                              "entities": []})
    big = relations[0]
    for k in range(facts):       # a pair that fills dozens of pages
        big["facts"].append({
            "id": f"f{k:05d}", "text": f"Fact number {k}: " + "and a long clause " * 8,
            "topic": ["economy", "diplomacy", "security"][k % 3], "tone": "neutral",
            "date": f"2020-01-{k % 28 + 1:02d}",
            "sources": [{"article": articles[(k + j) % n_articles]["id"], "sentence": j % 20}
                        for j in range(1 + k % 30)],      # up to 30 citations
            "status": "extracted"})
    for k in range(quotes):      # a person quoted on many pages
        big["quotes"].append({"id": f"q{k:04d}", "speaker": "Anna Example", "cue": "said",
                              "text": f"statement {k} " + "words " * 40, "kind": "indirect",
                              "sources": [{"article": articles[k % n_articles]["id"],
                                           "sentence": 3}],
                              "status": "extracted"})
    big["entities"].append({"id": "anna", "name": "Anna Example", "label": "PERSON",
                            "country": "DE", "sources": [{"article": articles[0]["id"],
                                                          "sentence": 3}], "status": "extracted"})
    for k in range(entities):    # many people and organisations, each in several pairs
        for rel in relations[k % 7:: 9][:12]:
            rel["entities"].append({"id": f"e{k:05d}", "name": f"Person {k} Name",
                                    "label": "PERSON" if k % 2 else "ORG", "country": "DE",
                                    "sources": [{"article": articles[k % n_articles]["id"],
                                                 "sentence": 1}],
                                    "status": "extracted"})
    for n, rel in enumerate(relations):      # one sentence cited in every pair: a table
        rel["facts"].append({"id": f"t{n:03d}", "text": "A table naming every country.",
                             "topic": "economy", "tone": "neutral", "date": None,
                             "sources": [{"article": articles[3]["id"], "sentence": 5}],
                             "status": "extracted"})
    big["facts"].append({"id": "long", "text": "A long sentence", "topic": "other",
                         "tone": "neutral", "date": None,
                         "sources": [{"article": articles[1]["id"], "sentence": long - 10},
                                     {"article": articles[2]["id"], "sentence": 1}],
                         "status": "extracted"})
    return {"relations": relations, "articles": articles, "countries": countries}


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bounded") / "docs"
    render_site(out, TEMPLATES, **synthetic())
    return out


def pages(docs: Path) -> dict[str, str]:
    return {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8")
            for p in docs.rglob("*.md")}


def test_every_page_stays_small(docs: Path) -> None:
    sizes = {path: len(text.encode("utf-8")) for path, text in pages(docs).items()}
    too_big = {p: s for p, s in sizes.items() if s > MAX_MARKDOWN}
    assert not too_big, too_big


def test_long_lists_continue_on_further_pages(docs: Path) -> None:
    names = set(pages(docs))
    for first, more in [("pairs/BR-CN.md", "pairs/BR-CN/part-2.md"),  # not the big one
                        ("sources/index.md", "sources/page-2.md"),
                        ("timeline.md", "timeline/page-2.md"),
                        ("people.md", "people/page-2.md"),
                        ("persons/anna-example.md", "persons/anna-example/part-2.md"),
                        ("sources/2020-01-02-article-1.md",
                         "sources/2020-01-02-article-1/part-2.md")]:
        assert first in names
        if first != "pairs/BR-CN.md":
            assert more in names, more
    assert "pairs/DE-FR/part-10.md" in names       # the pair with 3,000 facts
    text = pages(docs)["timeline/page-2.md"]
    assert "Page 2 of" in text and "[1](../timeline.md)" in text


def test_a_sentence_cited_in_many_pairs_lists_a_few(docs: Path) -> None:
    base = "sources/2020-01-04-article-3"
    text = next(t for p, t in pages(docs).items()          # the part that holds sentence 5
                if (p == base + ".md" or p.startswith(base + "/")) and 'id="s5"' in t)
    under = text.split("- [Sentence 5](#s5)\n", 1)[1].split("\n- [Sentence", 1)[0]
    assert under.count("fact in [") == paging.MAX_ITEMS       # of 66 pairs and 5 facts
    assert f"and {66 + 5 - paging.MAX_ITEMS} more in other pairs" in under


def test_a_quote_naming_many_countries_is_not_put_in_every_pair_of_them() -> None:
    codes = ["AR", "AU", "BR", "CA", "CO", "FJ", "US"]
    article = Article(id="1987-02-26-sugar", path=Path("a.txt"), title="Sugar", date="1987-02-26",
                      text="x")
    quote = {"speaker": "The Agriculture Department", "speaker_country": "US", "cue": "said",
             "content": "quotas for each country", "kind": "indirect", "sentence": 0,
             "countries": codes, "speaker_person": False}
    record = {"facts": [], "quotes": [quote], "entities": [], "pairs": []}
    fresh = fresh_entries([article], {article.id: record}, countries.load())
    assert sorted(fresh) == sorted((min(c, "US"), max(c, "US")) for c in codes if c != "US")
    quote["speaker_country"] = None
    assert fresh_entries([article], {article.id: record}, countries.load()) == {}
    quote["countries"] = codes[:4]        # a few countries: each pair of them
    assert len(fresh_entries([article], {article.id: record}, countries.load())) == 6


def test_a_huge_sentence_is_shown_cut(docs: Path) -> None:
    text = pages(docs)["sources/2020-01-03-article-2.md"]
    assert "more characters not shown" in text and 'id="s1"' in text


def _targets(path: str, text: str) -> list[tuple[str, str]]:
    """(docs path, fragment) of every relative .md link on a page."""
    out = []
    for href in re.findall(r"\]\(([^)\s]+\.md(?:#[^)\s]*)?)\)", text):
        target, _, fragment = href.partition("#")
        out.append((normpath(f"{dirname(path)}/{target}") if dirname(path) else normpath(target),
                    fragment))
    return out


def test_every_link_lands_on_a_page_that_holds_its_anchor(docs: Path) -> None:
    site = pages(docs)
    checked = 0
    for path, text in site.items():
        for target, fragment in _targets(path, text):
            assert target in site, f"{path} links to missing {target}"
            if fragment:
                assert f'id="{fragment}"' in site[target], f"{path} → {target}#{fragment}"
                checked += 1
    assert checked > 10_000


def test_citations_are_capped_with_a_count(docs: Path) -> None:
    text = pages(docs)["pairs/DE-FR.md"]
    assert re.search(r"\+18</sup>", "".join(pages(docs).values()))
    assert "Page 1 of" in text


def test_the_budget_is_what_splits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paging, "BUDGET", 10 ** 9)
    data = synthetic(120)
    render_site(tmp_path / "docs", TEMPLATES, **data)
    names = {p.relative_to(tmp_path / "docs").as_posix() for p in (tmp_path / "docs").rglob("*.md")}
    assert not any("/part-" in n or "/page-" in n for n in names)


def mkdocs_build(docs: Path, site: Path, *, directory_urls: bool = True) -> None:
    """``mkdocs build --strict`` with the project's mkdocs.yml (the theme's own search, whose
    form and dialog make every page's chrome the largest of the site's search modes)."""
    config = read_mkdocs_config(ROOT / "mkdocs.yml")
    config.update(docs_dir=str(docs), site_dir=str(site), use_directory_urls=directory_urls)
    config["plugins"] = ["search"]
    config_file = docs.parent / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                             str(config_file)], capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.mark.parametrize("directory_urls", [True, False])
def test_split_pages_build_strictly_and_citations_land(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, directory_urls: bool) -> None:
    """With a tiny budget a small dossier is split everywhere: MkDocs finds every link and anchor
    (``--strict``), and each citation lands on its sentence on the right part of the article."""
    monkeypatch.setattr(paging, "BUDGET", 4_000)
    docs, site = tmp_path / "docs", tmp_path / "site"
    render_site(docs, TEMPLATES, directory_urls=directory_urls,
                **synthetic(30, facts=60, quotes=20, entities=30, long=300))
    mkdocs_build(docs, site, directory_urls=directory_urls)
    checked = 0
    for page in site.rglob("*.html"):
        base = "/" + page.relative_to(site).as_posix()
        for cite in re.findall(r'<sup class="cite">(.*?)</sup>', page.read_text("utf-8")):
            for href in re.findall(r'href="([^"]+)"', cite):
                target = urlsplit(urljoin(base, html.unescape(href)))
                path = site / target.path.lstrip("/")
                path = path / "index.html" if target.path.endswith("/") else path
                assert f'id="{target.fragment}"' in path.read_text("utf-8"), (page, href)
                checked += 1
    assert checked > 100
    assert (site / ("pairs/DE-FR/part-2/index.html" if directory_urls
                    else "pairs/DE-FR/part-2.html")).exists()


# CAMEO roots by QuadClass (verbal and material cooperation, verbal and material conflict) with a
# Goldstein weight each, and a few facts dated centuries before the others.
ROOTS = {1: ("01", "03", "05"), 2: ("06", "07", "08"), 3: ("10", "12", "13"), 4: ("15", "17", "19")}
GOLDSTEIN = {1: 3.0, 2: 6.5, 3: -2.5, 4: -9.0}
EARLY = ["1066", "1215-06-15", "1492", "1648-10", "1789-07-14", "1815", "1914-07-28", "1945-05"]


def across_centuries(n_articles: int = 400) -> dict:
    """A dossier whose big pair has thousands of CAMEO-coded facts dated from 1066 to 2020 (most
    of them in 2000–2020), and hundreds of speakers, each a heading with a role and a country."""
    data = synthetic(n_articles, facts=2000, quotes=300, entities=400, long=1500)
    big = data["relations"][0]
    for k, f in enumerate(f for f in big["facts"] if f["id"].startswith("f")):
        quad = k % 4 + 1
        f["date"] = (EARLY[k] if k < len(EARLY)
                     else f"{2000 + k % 21}-{k % 12 + 1:02d}-{k % 28 + 1:02d}")
        f["event"] = {"code": ROOTS[quad][k % 3], "label": f"Event {ROOTS[quad][k % 3]}",
                      "quad_class": quad, "goldstein": GOLDSTEIN[quad]}
    for k in range(300):
        big["quotes"].append({
            "id": f"s{k:04d}", "speaker": f"Speaker Number {k}", "role": "deputy minister of trade",
            "speaker_country": CODES[k % len(CODES)], "cue": "warned",
            "text": f"remark {k} " + "words " * 30, "kind": "direct" if k % 2 else "indirect",
            "sources": [{"article": data["articles"][k % n_articles]["id"], "sentence": 4}],
            "status": "extracted"})
    return data


@pytest.fixture(scope="module")
def centuries_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of ``across_centuries`` at the default budget, built by MkDocs."""
    root = tmp_path_factory.mktemp("centuries")
    render_site(root / "docs", TEMPLATES, **across_centuries())
    mkdocs_build(root / "docs", root / "site")
    return root / "site"


def test_no_html_page_reaches_100_kb(centuries_site: Path) -> None:
    """Every built page stays under 100,000 bytes, and under the budget plus what the theme adds
    (``paging.CHROME``): the estimates do not undercount what a page becomes."""
    sizes = {p.relative_to(centuries_site).as_posix(): p.stat().st_size
             for p in centuries_site.rglob("*.html")}
    assert not {p: s for p, s in sizes.items() if s >= 100_000}
    assert not {p: s for p, s in sizes.items() if s > paging.BUDGET + paging.CHROME}
    # the budget is used, not wasted: the largest pages come near it
    assert max(sizes.values()) > paging.BUDGET * 0.9
    # every kind of long list was split
    for path in ["pairs/DE-FR/part-2/index.html", "persons/anna-example/part-2/index.html",
                 "sources/2020-01-02-article-1/part-2/index.html", "timeline/page-2/index.html",
                 "people/page-2/index.html", "sources/page-2/index.html"]:
        assert path in sizes, path


def test_the_charts_of_nine_centuries_are_drawn_on_the_first_page(centuries_site: Path) -> None:
    """Both charts span 1066 to 2020, with a group only for the 29 years that have facts."""
    page = (centuries_site / "pairs/DE-FR/index.html").read_text(encoding="utf-8")
    for kind in ("dossier-activity", "dossier-quad"):
        svg = re.search(rf'<svg [^>]*class="{kind}".*?</svg>', page, re.S)
        assert svg, kind
        years = re.findall(r'<g class="bar-group"><title>(\d{4}):', svg.group(0))
        assert years == ["1066", "1215", "1492", "1648", "1789", "1815", "1914", "1945",
                         *[str(y) for y in range(2000, 2021)]], kind
        assert ">1066</text>" in svg.group(0)                   # the axis starts there


def test_shared_costs_are_paid_once_per_page() -> None:
    """A heading or a source shared by several items on a page costs once on that page, and
    again on the next page that needs it."""
    items = list("abcacad")
    pages = paging.split(items, lambda it: 10, budget=150, once=lambda it: [(it, 50)])
    # Page 1: a 60, b 60; c would make 180. Page 2: c 60, a 60 (paid again), c 10, a 10 (140);
    # d would make 200.
    assert pages == [list("ab"), list("caca"), list("d")]


def test_speaker_headings_and_sources_count_towards_a_pair_page(tmp_path: Path) -> None:
    """Each speaker's heading adds a line to the page's table of contents, and each cited article
    a line to its sources: 400 quotes by 400 speakers from 400 articles need more pages than 400
    quotes by one speaker from one article."""
    def parts(many: bool) -> int:
        data = synthetic(400, facts=0, quotes=0, entities=0, long=30)
        rel = data["relations"][0]
        for k in range(400):
            rel["quotes"].append({
                "id": f"q{k:04d}", "speaker": f"Speaker Number {k}" if many else "Anna Example",
                "cue": "said", "text": f"statement {k} " + "words " * 20, "kind": "indirect",
                "sources": [{"article": data["articles"][k if many else 0]["id"],
                             "sentence": 3}], "status": "extracted"})
        out = tmp_path / ("many" if many else "one")
        render_site(out, TEMPLATES, **data)
        slug = "-".join(rel["pair"])
        return 1 + len(list((out / "pairs" / slug).glob("part-*.md")))

    assert parts(True) > parts(False)


def test_a_pager_links_a_few_pages_however_long_the_list() -> None:
    """Every page of a 500-page list links the first and last pages and its neighbours, not all
    500: linking them all puts a quarter of a million links into the site, which MkDocs
    checks one by one (a 20 MB pair file once took it over ten minutes)."""
    paths = [paging.page_path("timeline.md", n) for n in range(1, 501)]
    pagers = paging.pagers(paths)
    for pager in pagers:
        numbers = [n for n, _, _ in pager.links if n]
        assert len(pager.links) <= 2 * paging.EDGE + 2 * paging.AROUND + 3
        assert {1, 2, 499, 500, pager.current} <= set(numbers) and numbers == sorted(numbers)
        gaps = [i for i, (n, _, _) in enumerate(pager.links) if n == 0]
        assert all(pager.links[i - 1][0] + 1 < pager.links[i + 1][0] for i in gaps)
        assert pager.total == 500
    middle = pagers[249]
    assert (middle.previous, middle.next) == ("page-249.md", "page-251.md")
    assert [label for _, label, _ in middle.links] == ["1", "2", "…", "247", "248", "249", "250",
                                                      "251", "252", "253", "…", "499", "500"]
    assert [n for n, _, _ in pagers[0].links] == [1, 2, 3, 4, 0, 499, 500]
    assert pagers[0].previous is None and pagers[1].previous == "../timeline.md"
