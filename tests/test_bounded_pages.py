"""Bounded pages: however large the dossier, every page stays small and every link still lands.

A synthetic dossier (no spaCy) with thousands of entries: a pair with thousands of facts, a
person quoted hundreds of times, an article of thousands of sentences, a table "sentence" with no
full stop, very long titles. The index pages, pair, person and source pages are split; the
citation links and the links to facts go to the page that holds them.
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
# The Markdown of a page; the theme adds ~15 KB around it (make bench reports real HTML sizes).
MAX_MARKDOWN = 120_000


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


@pytest.mark.parametrize("directory_urls", [True, False])
def test_split_pages_build_strictly_and_citations_land(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, directory_urls: bool) -> None:
    """With a tiny budget a small dossier is split everywhere: MkDocs finds every link and anchor
    (``--strict``), and each citation lands on its sentence on the right part of the article."""
    monkeypatch.setattr(paging, "BUDGET", 4_000)
    docs, site = tmp_path / "docs", tmp_path / "site"
    render_site(docs, TEMPLATES, directory_urls=directory_urls,
                **synthetic(30, facts=60, quotes=20, entities=30, long=300))
    config = read_mkdocs_config(ROOT / "mkdocs.yml")
    config.update(docs_dir=str(docs), site_dir=str(site), use_directory_urls=directory_urls)
    config["plugins"] = ["search"]
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                             str(tmp_path / "mkdocs.yml")], capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
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
