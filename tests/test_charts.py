"""Charts: deterministic inline SVG, hostile names kept inert, and a picture on the main pages."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from test_render import TEMPLATES, inputs, mkdocs_build

from dossier.charts import (
    MAX_EDGES,
    MAX_NODES,
    QUADS,
    Edge,
    Node,
    activity_chart,
    quad_buckets,
    quad_chart,
    relations_graph,
)
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


def groups(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == "bar-group"]


def group_titles(root: ET.Element) -> list[str]:
    return [g.find(f"{SVG}title").text or "" for g in groups(root)]  # type: ignore[union-attr]


def axis_labels(root: ET.Element) -> dict[str, float]:
    """The x axis's labels (periods) → their x."""
    return {t.text or "": float(t.get("x", 0)) for t in root.iter(f"{SVG}text")
            if re.fullmatch(r"\d{4}|[A-Z][a-z]{2} \d{4}", t.text or "")}


def hit_areas(root: ET.Element) -> list[tuple[float, float]]:
    """(x, width) of each period's hover area."""
    return [(float(r.get("x", 0)), float(r.get("width", 0))) for r in root.iter(f"{SVG}rect")
            if r.get("class") == "bar-hit"]


def test_activity_chart_draws_a_group_only_for_years_with_facts() -> None:
    points = [("2019-01-05", "cooperative"), ("2019", "conflictual"), ("2021-11", "neutral"),
              ("2023", "cooperative"), ("not a date", "cooperative")]
    root = ET.fromstring(activity_chart(points))
    assert [t.split(":")[0] for t in group_titles(root)] == ["2019", "2021", "2023"]
    bars = [len([r for r in g.iter(f"{SVG}rect") if "bar " in (r.get("class") or "") + " "])
            for g in groups(root)]
    assert bars == [2, 1, 1]                             # stacked by tone
    # the empty years keep their place and their label: the axis still runs 2019 to 2023
    labels = axis_labels(root)
    assert list(labels) == ["2019", "2020", "2021", "2022", "2023"]
    (x0, slot), *others = hit_areas(root)
    assert [x for x, _w in others] == [pytest.approx(x0 + 2 * slot), pytest.approx(x0 + 4 * slot)]
    xs = list(labels.values())
    assert [b - a for a, b in zip(xs, xs[1:], strict=False)] == [pytest.approx(slot, abs=0.1)] * 4
    assert activity_chart([]) == "" and activity_chart([("undated", "neutral")]) == ""


def test_a_chart_grows_with_the_periods_that_have_data_not_with_the_span() -> None:
    """One fact dated in 1066 beside facts of the 2010s: nine and a half centuries on the axis,
    but a group only for the five years with facts, and the labels that fit."""
    recent = [(f"{y}-03-01", "cooperative") for y in range(2015, 2020)]
    near = activity_chart(recent)
    wide = activity_chart([("1066", "conflictual"), *recent])
    root = ET.fromstring(wide)
    assert [t.split(":")[0] for t in group_titles(root)] == [
        "1066", "2015", "2016", "2017", "2018", "2019"]
    labels = list(axis_labels(root))
    every = math.ceil(len(range(1066, 2020)) / ((640 - 36 - 12) // 64))
    assert labels == [str(y) for y in range(1066, 2020, every)] and len(labels) > 5
    assert len(wide) < len(near) + 2_000                  # not ~300 characters a year
    quads = quad_chart([("1066", 4, -9.0), ("1500", None, 2.5),
                        *[(f"{y}-03-01", 1, 3.0) for y in range(2015, 2020)]])
    root = ET.fromstring(quads)
    assert [t.split(":")[0] for t in group_titles(root)] == [
        "1066", "1500", "2015", "2016", "2017", "2018", "2019"]   # a score alone is data
    assert len(axis_labels(root)) > 5 and len(quads) < 12_000


def test_activity_chart_counts_months_within_two_years() -> None:
    root = ET.fromstring(activity_chart([("2023-05-02", "cooperative"), ("2023-07", "neutral")]))
    assert [t.split(":")[0] for t in group_titles(root)] == ["May 2023", "Jul 2023"]
    assert list(axis_labels(root)) == ["May 2023", "Jun 2023", "Jul 2023"]


# (date, QuadClass, Goldstein): May cooperates, June is empty, July fights
QUAD_POINTS = [("2023-05-02", 1, 3.0), ("2023-05-20", 2, 7.0), ("2023-05", 1, None),
               ("2023-07-01", 3, -4.0), ("2023-07-09", 4, -10.0), ("2023-07-30", 4, -9.0)]


def quad_root(points: list[tuple[str, object, object]] = QUAD_POINTS) -> ET.Element:
    return ET.fromstring(quad_chart(points))  # type: ignore[arg-type]


def rects(root: ET.Element, cls: str) -> list[tuple[float, float]]:
    """(top, bottom) of every rect whose class names ``cls``."""
    return [(float(r.get("y", 0)), float(r.get("y", 0)) + float(r.get("height", 0)))
            for r in root.iter(f"{SVG}rect") if cls in (r.get("class") or "").split()]


def hlines(root: ET.Element, cls: str) -> list[float]:
    return [float(line.get("y1", 0)) for line in root.iter(f"{SVG}line") if line.get("class") == cls]


def test_quad_buckets_follow_the_activity_rule() -> None:
    unit, buckets = quad_buckets(QUAD_POINTS)
    assert unit == "month" and [b.label for b in buckets] == ["May 2023", "Jun 2023", "Jul 2023"]
    assert [b.counts for b in buckets] == [(2, 1, 0, 0), (0, 0, 0, 0), (0, 0, 1, 2)]
    assert [b.goldstein for b in buckets] == [5.0, None, pytest.approx(-23 / 3)]
    assert [b.scored for b in buckets] == [2, 0, 3]
    # a year-only date, or more than 24 months, counts per year; uncoded or undated points do not
    unit, buckets = quad_buckets([("2019", 1, 1.0), ("2021-03-04", 4, -9.0), ("2024-01", None, None),
                                  ("someday", 3, -2.0)])
    assert unit == "year" and [b.label for b in buckets] == ["2019", "2020", "2021"]
    assert [sum(b.counts) for b in buckets] == [1, 0, 1]


def test_quad_chart_puts_cooperation_above_the_axis_and_conflict_below() -> None:
    root = quad_root()
    [axis] = hlines(root, "chart-axis-line")
    grid = hlines(root, "chart-grid")
    top, bottom = min(grid), max(grid)
    coop = rects(root, "quad-1") + rects(root, "quad-2")
    conflict = rects(root, "quad-3") + rects(root, "quad-4")
    bars = [r for r in coop + conflict if r in rects(root, "bar")]
    assert len(bars) == 4                                   # May: 1, 2 / July: 3, 4 (stacked)
    assert all(top - 0.1 <= y0 < y1 <= axis + 0.1 for y0, y1 in coop if (y0, y1) in bars)
    assert all(axis - 0.1 <= y0 < y1 <= bottom + 0.1 for y0, y1 in conflict if (y0, y1) in bars)
    # the tallest side fills half the plot; verbal touches the axis, material stacks beyond it
    [(v1_top, v1_bottom)] = [r for r in rects(root, "quad-1") if r in bars]
    [(m2_top, m2_bottom)] = [r for r in rects(root, "quad-2") if r in bars]
    assert v1_bottom == pytest.approx(axis, abs=0.1) and m2_bottom == pytest.approx(v1_top, abs=0.1)
    assert m2_top == pytest.approx(top, abs=0.1)
    [(v3_top, v3_bottom)] = [r for r in rects(root, "quad-3") if r in bars]
    [(m4_top, m4_bottom)] = [r for r in rects(root, "quad-4") if r in bars]
    assert v3_top == pytest.approx(axis, abs=0.1) and m4_top == pytest.approx(v3_bottom, abs=0.1)
    assert m4_bottom == pytest.approx(bottom, abs=0.1)
    # bar heights are proportional to counts: two verbal cooperation, two material conflict, ...
    assert v1_bottom - v1_top == pytest.approx(2 * (m2_bottom - m2_top), abs=0.2)
    assert m4_bottom - m4_top == pytest.approx(2 * (v3_bottom - v3_top), abs=0.2)


def test_quad_chart_draws_the_mean_goldstein_within_its_scale() -> None:
    points = QUAD_POINTS + [("2023-08-01", 1, 50.0), ("2023-09-01", 3, float("nan"))]
    root = quad_root(points)
    [axis] = hlines(root, "chart-axis-line")
    grid = hlines(root, "chart-grid")
    top, bottom = min(grid), max(grid)
    dots = [float(c.get("cy", 0)) for c in root.iter(f"{SVG}circle")
            if c.get("class") == "goldstein-dot" and c.find(f"{SVG}title") is not None]
    assert len(dots) == 3                                   # May, July, August (June and NaN none)
    assert all(top - 0.1 <= y <= bottom + 0.1 for y in dots)
    may, july, august = dots
    assert may == pytest.approx(axis - (axis - top) * 5 / 10, abs=0.1)
    assert july > axis and august == pytest.approx(top, abs=0.1)   # 50 is clamped to +10
    lines = [line for line in root.iter(f"{SVG}polyline") if line.get("class") == "goldstein-line"]
    assert [len((line.get("points") or "").split()) for line in lines] == [2]   # a gap at June
    titles = group_titles(root)
    assert [t.split(":")[0] for t in titles] == ["May 2023", "Jul 2023", "Aug 2023", "Sep 2023"]
    assert titles[0] == ("May 2023: 3 coded events (2 verbal cooperation, 1 material cooperation, "
                         "0 verbal conflict, 0 material conflict); mean Goldstein +5 over 2")
    assert "-7.7 over 3" in titles[1] and titles[3].endswith("no Goldstein score")
    # June has no events: no group, but its label, and the periods around it keep their places
    labels = axis_labels(root)
    assert list(labels) == ["May 2023", "Jun 2023", "Jul 2023", "Aug 2023", "Sep 2023"]
    (x_may, slot), (x_july, _w), *_rest = hit_areas(root)
    assert x_july == pytest.approx(x_may + 2 * slot)
    assert labels["Jun 2023"] == pytest.approx(x_may + 1.5 * slot, abs=0.1)


def test_quad_chart_is_accessible() -> None:
    root = quad_root()
    assert root.get("role") == "img"
    assert root.get("aria-label") == (
        "Cooperation and conflict per month, May 2023 to Jul 2023: 3 cooperation events (2 verbal, "
        "1 material) above the axis, 3 conflict events (1 verbal, 2 material) below it; "
        "mean Goldstein score -2.6")
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "chart-legend")
    assert [t.text for t in legend.iter(f"{SVG}text")] == [
        *QUADS.values(), "mean Goldstein score (right scale)"]


def test_quad_chart_is_deterministic_and_lets_no_text_in() -> None:
    ignored = [(f"2023-05{h}", h, h) for h in HOSTILE] + [
        ("<script>", 1, 1.0), ("2023-06", "1", "5"), ("2023-06", True, float("inf")),
        ("2023-06", 2.0, None)]
    svg = quad_chart(QUAD_POINTS + ignored)  # type: ignore[arg-type]
    assert svg == quad_chart(list(reversed(QUAD_POINTS + ignored)))  # type: ignore[arg-type]
    assert svg == quad_chart(QUAD_POINTS)                  # none of them was coded
    # a date followed by anything counts as that date; only the module's label is shown
    svg = quad_chart([(f"2023-05{h}", 1, 3.0) for h in HOSTILE])
    assert svg == quad_chart([("2023-05", 1, 3.0)] * len(HOSTILE))
    assert "\n\n" not in svg and "<script" not in svg and "alert" not in svg
    root = ET.fromstring(svg)
    allowed = {"svg", "title", "g", "line", "polyline", "circle", "text", "rect"}
    assert {el.tag.removeprefix(SVG) for el in root.iter()} <= allowed
    assert all(not k.startswith("on") for el in root.iter() for k in el.attrib)
    # every text is a number, a month, or one of the module's own words
    words = {"events", "mean Goldstein score (right scale)", *QUADS.values()}
    for t in root.iter(f"{SVG}text"):
        assert t.text in words or re.fullmatch(r"[+-]?\d+(\.\d)?|[A-Z][a-z]{2} \d{4}", t.text or "")


def test_quad_chart_is_empty_without_dated_coded_points() -> None:
    assert quad_chart([]) == ""
    assert quad_chart([("undated", 1, 2.0), ("2023-05", None, None), ("2023", 7, None)]) == ""
    assert quad_chart([("2023", None, -2.0)]).startswith("<svg")   # a score alone is enough


def test_rendered_pages_embed_the_pictures(tmp_path: Path) -> None:
    data = inputs()
    data["countries"]["US"] = {"name": HOSTILE[1], "flag": ""}
    render_site(tmp_path, TEMPLATES, **data)
    home = (tmp_path / "index.md").read_text(encoding="utf-8")
    country = (tmp_path / "countries" / "KZ.md").read_text(encoding="utf-8")
    pair = (tmp_path / "pairs" / "KZ-UZ.md").read_text(encoding="utf-8")
    for page in (home, country, pair):
        figure = re.search(r"\n\n<figure class=\"dossier-chart\"[^>]*>\n<svg .*?</figure>\n\n", page,
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
        figure = re.search(r'<figure class="dossier-chart"[^>]*>\s*<svg [^>]*class="(.*?)".*?</figure>',
                           html_page, re.S)
        assert figure and figure.group(1) == kind, url_path
        assert "<p>" not in figure.group(0)              # Markdown left the block alone
        html_page = FLAG_IMG.sub("", html_page)            # the flags are the only pictures
        assert "<img" not in html_page and "onerror=alert" not in html_page.replace(
            "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;", "")
