"""Charts: deterministic inline SVG, hostile names kept inert, and a picture on the main pages."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from test_render import TEMPLATES, inputs, mkdocs_build

from dossier.charts import MAX_EDGES, MAX_NODES, Edge, Node, activity_chart, relations_graph
from dossier.render import render_site

SVG = "{http://www.w3.org/2000/svg}"
FLAG_IMG = re.compile(r'<img class="flag" src="(\.\./)*assets/flags/[a-z]{2}\.svg" alt="" '
                      r'width="20" height="15" loading="lazy">')
HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>',
           "a\n\nblank line ends the HTML block", "' onmouseover='alert(1)"]


def graph(names: list[str] | None = None, volumes: tuple[int, ...] = (9, 4, 1)) -> str:
    names = names or ["Kazakhstan", "United States", "Uzbekistan", "Russia"]
    nodes = [Node(code=f"C{i}", label=name, volume=10 - i, href=f"countries/C{i}/")
             for i, name in enumerate(names)]
    edges = [Edge(a="C0", b=f"C{i + 1}", volume=v, cooperative=v, href=f"pairs/C0-C{i + 1}/")
             for i, v in enumerate(volumes)]
    return relations_graph(nodes, edges)


def test_output_is_deterministic_well_formed_svg() -> None:
    points = [("2021-03-01", "cooperative"), ("2023", "conflictual"), ("2022-07", "neutral")]
    assert graph() == graph()
    assert activity_chart(points) == activity_chart(list(points))
    for svg in (graph(), activity_chart(points)):
        assert ET.fromstring(svg).tag == f"{SVG}svg"      # parses as XML
        assert "\n\n" not in svg                          # one Markdown HTML block


@pytest.mark.parametrize("name", HOSTILE)
def test_untrusted_names_appear_only_escaped(name: str) -> None:
    svg = graph([name, "B", "C", "D"])
    assert "<script" not in svg and "<img" not in svg and "onmouseover='" not in svg
    assert "\n\n" not in svg
    root = ET.fromstring(svg)
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert " ".join(name.split()) in labels             # shown literally, as text
    # no element or attribute other than the ones the generator writes
    allowed = {"svg", "title", "g", "a", "line", "circle", "text", "rect"}
    assert {el.tag.removeprefix(SVG) for el in root.iter()} <= allowed
    assert all(not k.startswith("on") for el in root.iter() for k in el.attrib)


def test_only_slug_paths_become_links() -> None:
    nodes = [Node("A", "A", href="javascript:alert(1)"), Node("B", "B", href='x" onclick="y'),
             Node("C", "C", href="../../countries/C/")]
    svg = relations_graph(nodes, [Edge("A", "B", volume=1, href="https://evil.example/")])
    assert re.findall(r'href="([^"]*)"', svg) == ["../../countries/C/"]


def test_edge_width_grows_with_volume() -> None:
    root = ET.fromstring(graph(volumes=(1, 4, 9)))
    widths = {float(line.get("stroke-width", 0)): line.find(f"{SVG}title").text  # type: ignore[union-attr]
              for line in root.iter(f"{SVG}line")}
    by_volume = [w for w, _ in sorted(widths.items(), key=lambda kv: kv[0])]
    assert len(by_volume) == 3 and by_volume == sorted(by_volume)
    assert [int(re.search(r": (\d+) facts", t).group(1)) for _, t in  # type: ignore[union-attr]
            sorted(widths.items())] == [1, 4, 9]


def test_edge_colour_follows_tone_balance() -> None:
    nodes = [Node("A", "A"), Node("B", "B"), Node("C", "C"), Node("D", "D")]
    svg = relations_graph(nodes, [Edge("A", "B", 3, cooperative=2, conflictual=1),
                                  Edge("A", "C", 3, cooperative=1, conflictual=2),
                                  Edge("A", "D", 2, cooperative=1, conflictual=1)])
    assert sorted(re.findall(r'class="edge tone-(\w+)"', svg)) == [
        "conflictual", "cooperative", "neutral"]


def test_graph_keeps_the_most_active_countries() -> None:
    nodes = [Node(f"C{i}", f"Country {i}", volume=i) for i in range(MAX_NODES + 10)]
    edges = [Edge("C0", f"C{i}", volume=1) for i in range(1, MAX_NODES + 10)]
    root = ET.fromstring(relations_graph(nodes, edges, center="C0"))
    labels = [t.text for t in root.iter(f"{SVG}text") if t.text and t.text.startswith("Country")]
    assert len(labels) == MAX_NODES
    assert "Country 0" in labels and "Country 49" in labels and "Country 1" not in labels
    assert relations_graph([], []) == ""


def test_graph_draws_only_the_strongest_pairs() -> None:
    nodes = [Node(f"C{i}", f"Country {i}", volume=100) for i in range(MAX_NODES)]
    edges = [Edge(f"C{i}", f"C{j}", volume=i + j) for i in range(MAX_NODES)
             for j in range(i + 1, MAX_NODES)]
    assert len(edges) > MAX_EDGES
    root = ET.fromstring(relations_graph(nodes, edges))
    lines = list(root.iter(f"{SVG}line"))
    assert len(lines) == MAX_EDGES
    strongest = f"C{MAX_NODES - 2} – C{MAX_NODES - 1}"
    assert any(strongest in (t.text or "") for t in root.iter(f"{SVG}title"))


def test_activity_chart_has_one_bar_group_per_year() -> None:
    points = [("2019-01-05", "cooperative"), ("2019", "conflictual"), ("2021-11", "neutral"),
              ("2023", "cooperative"), ("not a date", "cooperative")]
    root = ET.fromstring(activity_chart(points))
    groups = [g for g in root.iter(f"{SVG}g") if g.get("class") == "bar-group"]
    assert [g.find(f"{SVG}title").text.split(":")[0] for g in groups] == [  # type: ignore[union-attr]
        "2019", "2020", "2021", "2022", "2023"]
    bars = [len([r for r in g.iter(f"{SVG}rect") if "bar " in (r.get("class") or "") + " "])
            for g in groups]
    assert bars == [2, 0, 1, 0, 1]                       # stacked by tone, empty years empty
    assert activity_chart([]) == "" and activity_chart([("undated", "neutral")]) == ""


def test_activity_chart_counts_months_within_two_years() -> None:
    root = ET.fromstring(activity_chart([("2023-05-02", "cooperative"), ("2023-07", "neutral")]))
    titles = [g.find(f"{SVG}title").text for g in root.iter(f"{SVG}g")  # type: ignore[union-attr]
              if g.get("class") == "bar-group"]
    assert [t.split(":")[0] for t in titles] == ["May 2023", "Jun 2023", "Jul 2023"]


def test_rendered_pages_embed_the_pictures(tmp_path: Path) -> None:
    data = inputs()
    data["countries"]["US"] = {"name": HOSTILE[1], "flag": ""}
    render_site(tmp_path, TEMPLATES, **data)
    home = (tmp_path / "index.md").read_text(encoding="utf-8")
    country = (tmp_path / "countries" / "KZ.md").read_text(encoding="utf-8")
    pair = (tmp_path / "pairs" / "KZ-UZ.md").read_text(encoding="utf-8")
    for page in (home, country, pair):
        figure = re.search(r"\n\n<figure class=\"dossier-chart\">\n<svg .*?</figure>\n\n", page,
                           re.S)
        assert figure and "\n\n" not in figure.group(0).strip("\n")
        assert "<img" not in figure.group(0) and "&quot;&gt;&lt;img" in home + country
    assert 'href="countries/KZ/"' in home and 'href="../../countries/UZ/"' in country
    assert "bar-group" in pair


def test_built_site_shows_the_pictures_as_html(tmp_path: Path) -> None:
    data = inputs()
    data["countries"]["US"] = {"name": HOSTILE[1], "flag": ""}
    render_site(tmp_path / "docs", TEMPLATES, **data)
    result = mkdocs_build(tmp_path / "docs", tmp_path / "site", tmp_path)
    assert result.returncode == 0, result.stderr
    for url_path, kind in [("", "dossier-graph"), ("countries/KZ", "dossier-graph"),
                           ("pairs/KZ-UZ", "dossier-activity")]:
        html_page = (tmp_path / "site" / url_path / "index.html").read_text(encoding="utf-8")
        figure = re.search(r'<figure class="dossier-chart">\s*<svg [^>]*class="(.*?)".*?</figure>',
                           html_page, re.S)
        assert figure and figure.group(1) == kind, url_path
        assert "<p>" not in figure.group(0)              # Markdown left the block alone
        html_page = FLAG_IMG.sub("", html_page)            # the flags are the only pictures
        assert "<img" not in html_page and "onerror=alert" not in html_page.replace(
            "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;", "")
