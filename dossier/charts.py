"""Build-time pictures: small static SVG drawn from the site's data, embedded inline in the pages.

Pure, deterministic functions (same input → same string; no JavaScript, no external request).

Safety: names and labels come from articles and YAML files and are untrusted; they enter a
picture only through ``chart_parts`` (text escaped, links checked, numbers formatted), so the
output is markup built only from escaped parts.

Colours come from CSS classes (``tone-cooperative`` …, ``quad-1`` … ``quad-4`` for CAMEO's
QuadClass) and ``currentColor``; the rules live in ``templates/assets/dossier.css`` so the
pictures follow Material's light and dark schemes.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from dossier.chart_parts import num, period_of, safe_href, svg_element, time_axis, xml_text

MAX_NODES = 40
MAX_EDGES = 150          # the strongest pairs among the drawn countries: more is unreadable, and heavy
TONES = ("cooperative", "neutral", "conflictual")     # bar stacking order, bottom to top


@dataclass(frozen=True)
class Node:
    """A country in the relations graph."""

    code: str
    label: str                 # shown next to the circle
    title: str = ""            # tooltip; the label when empty
    volume: int = 0            # facts + quotes of all its pairs
    href: str | None = None    # relative link to its page


@dataclass(frozen=True)
class Edge:
    """A country pair: width by volume, colour by tone balance."""

    a: str
    b: str
    volume: int = 0            # facts + quotes
    cooperative: int = 0
    conflictual: int = 0
    neutral: int = 0
    title: str = ""
    href: str | None = None

    @property
    def tone(self) -> str:
        if self.cooperative > self.conflictual:
            return "cooperative"
        if self.conflictual > self.cooperative:
            return "conflictual"
        return "neutral"


# ------------------------------------------------------------------------------- relations graph

def most_active(nodes: Sequence[Node], limit: int = MAX_NODES, *,
                keep: str | None = None) -> list[Node]:
    """The ``limit`` nodes with the highest volume (ties by code); ``keep`` is always included."""
    ranked = sorted(nodes, key=lambda n: (n.code != keep, -n.volume, n.code))
    return ranked[:max(limit, 1)]


def relations_graph(nodes: Sequence[Node], edges: Sequence[Edge], *, width: int = 720,
                    height: int = 520, center: str | None = None,
                    max_nodes: int = MAX_NODES, max_edges: int = MAX_EDGES) -> str:
    """Countries on an ellipse (most active first, clockwise from the top), pairs as lines.

    ``center`` puts that country in the middle (a country and its partners). Only the
    ``max_nodes`` most active countries are drawn, and between them the ``max_edges`` pairs with
    the most facts and quotes; "" when there is nothing to draw.
    """
    shown = most_active(nodes, max_nodes, keep=center)
    if not shown:
        return ""
    ring = [n for n in shown if n.code != center]
    middle = [n.code for n in shown if n.code == center or not ring]
    where = _places(ring, middle, width, height)
    top_node = max([n.volume for n in shown] + [1])
    radius = {n.code: 5 + 9 * math.sqrt(max(n.volume, 0) / top_node) for n in shown}
    body = _edge_marks(edges, where, max_edges)
    body.append('<g class="nodes">')
    body += [_node_mark(n, where[n.code], radius[n.code], n.code in middle) for n in shown]
    body.append("</g>")
    body += _legend(12, 16, vertical=True)
    label = (f"Relations between {len(shown)} countries: line width by facts and quotes, "
             "colour by tone")
    return svg_element("dossier-graph", width, height, label, body)


def _places(ring: Sequence[Node], middle: Sequence[str], width: int, height: int
            ) -> dict[str, tuple[float, float, float]]:
    """Code → x, y and angle: the ``middle`` codes in the centre, the ``ring`` on an ellipse."""
    cx, cy = width / 2, height / 2
    rx, ry = max(width / 2 - 120, 40), max(height / 2 - 40, 40)
    where = {code: (cx, cy, -math.pi / 2) for code in middle}
    for i, n in enumerate(ring):
        # around a centre, half a step on: no partner straight above it, two side by side
        start = -math.pi / 2 + (math.pi / len(ring) if middle else 0)
        angle = start + 2 * math.pi * i / len(ring)
        where[n.code] = (cx + rx * math.cos(angle), cy + ry * math.sin(angle), angle)
    return where


def _edge_marks(edges: Sequence[Edge], where: dict[str, tuple[float, float, float]],
                max_edges: int) -> list[str]:
    """The strongest pairs between the placed countries as lines, linked to their pages."""
    drawn = sorted((e for e in edges if e.a in where and e.b in where and e.a != e.b),
                   key=lambda e: (-e.volume, e.a, e.b))[:max_edges]  # thin drawn over thick
    top_edge = max([e.volume for e in drawn] + [1])
    body = ['<g class="edges">']
    for e in drawn:
        (x1, y1, _), (x2, y2, _) = where[e.a], where[e.b]
        stroke = 1 + 9 * math.sqrt(max(e.volume, 0) / top_edge)
        tip = e.title or (f"{e.a} – {e.b}: {e.volume} facts and quotes; {e.cooperative} "
                          f"cooperative, {e.neutral} neutral, {e.conflictual} conflictual")
        line = (f'<line class="edge tone-{e.tone}" x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" '
                f'y2="{num(y2)}" stroke="currentColor" stroke-width="{num(stroke)}" '
                f'stroke-linecap="round"><title>{xml_text(tip)}</title></line>')
        href = safe_href(e.href)
        body.append(f'<a href="{href}">{line}</a>' if href else line)
    body.append("</g>")
    return body


def _node_mark(n: Node, place: tuple[float, float, float], r: float, centred: bool) -> str:
    """A country's circle and label (below it in the centre, outside the ring elsewhere),
    linked to its page."""
    x, y, angle = place
    cos, sin = math.cos(angle), math.sin(angle)
    if centred:
        lx, ly, anchor = x, y + r + 14, "middle"
    else:
        lx, ly = x + (r + 5) * cos, y + (r + 5) * sin + 4 + 6 * sin
        anchor = "start" if cos > 0.2 else "end" if cos < -0.2 else "middle"
    tip = n.title or f"{n.label}: {n.volume} facts and quotes"
    parts = (f'<title>{xml_text(tip)}</title>'
             f'<circle class="node-dot" cx="{num(x)}" cy="{num(y)}" r="{num(r)}" '
             f'fill="currentColor"/>'
             f'<text class="chart-label" x="{num(lx)}" y="{num(ly)}" text-anchor="{anchor}" '
             f'fill="currentColor">{xml_text(n.label)}</text>')
    href = safe_href(n.href)
    return f'<a class="node" href="{href}">{parts}</a>' if href else f'<g class="node">{parts}</g>'


def _legend(x: float, y: float, *, anchor_right: bool = False, vertical: bool = False) -> list[str]:
    """Three tone swatches; ``x`` is the left edge, or the right edge if anchor_right."""
    widths = [30 + 7 * len(tone) for tone in TONES]           # swatch, gap, ~7px a letter
    left = x - sum(widths) if anchor_right else x
    out = ['<g class="chart-legend">']
    for i, tone in enumerate(TONES):
        sx, sy = (left, y + 16 * i) if vertical else (left + sum(widths[:i]), y)
        out.append(f'<rect class="swatch tone-{tone}" x="{num(sx)}" y="{num(sy - 9)}" width="12" '
                   f'height="10" rx="2" fill="currentColor"/>'
                   f'<text class="chart-label" x="{num(sx + 16)}" y="{num(sy)}" '
                   f'fill="currentColor">{tone}</text>')
    out.append("</g>")
    return out


# --------------------------------------------------------------------------------- activity chart

def activity_buckets(points: Sequence[tuple[str, str]]) -> tuple[str, list[tuple[str, Counter]]]:
    """("month" or "year", [(period label, tone counts)]) covering every period in the range.

    Months when every date has one and they span at most 24 months, otherwise years.
    """
    dated = [(p, tone if tone in TONES else "neutral") for d, tone in points
             if (p := period_of(d)) is not None]
    unit, labels, where = time_axis([p for p, _ in dated])
    counts = [Counter(dict.fromkeys(TONES, 0)) for _ in labels]
    for i, (_p, tone) in zip(where, dated, strict=True):
        counts[i][tone] += 1
    return unit, list(zip(labels, counts, strict=True))


def activity_chart(points: Sequence[tuple[str, str]], *, width: int = 640,
                   height: int = 220) -> str:
    """Dated facts per year (per month within two years), stacked by tone; "" without dates.

    ``points`` are (ISO date "YYYY", "YYYY-MM" or "YYYY-MM-DD", tone) pairs. Every period of the
    range has its place on the x axis, but only a period with facts draws a group (tooltip, hover
    area, bars), so the picture grows with the periods that have data, not with the span.
    """
    unit, buckets = activity_buckets(points)
    if not buckets:
        return ""
    left, right, top, bottom = 36, 12, 28, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(sum(c.values()) for _, c in buckets) or 1
    slot = plot_w / len(buckets)
    bar = max(min(slot * 0.7, 48), 1)
    every = math.ceil(len(buckets) / max(plot_w // 64, 1))    # x labels that fit
    base = top + plot_h

    body = ['<g class="chart-axis">']
    for tick in sorted({0, peak // 2, peak} if peak >= 4 else {0, peak}):
        ty = base - plot_h * tick / peak
        body.append(f'<line class="chart-grid" x1="{left}" y1="{num(ty)}" x2="{left + plot_w}" '
                    f'y2="{num(ty)}" stroke="currentColor"/>'
                    f'<text class="chart-label" x="{left - 6}" y="{num(ty + 4)}" text-anchor="end" '
                    f'fill="currentColor">{tick}</text>')
    body.append("</g>")
    for i, (name, counts) in enumerate(buckets):
        x = left + slot * i + (slot - bar) / 2
        label = (f'<text class="chart-label" x="{num(x + bar / 2)}" y="{base + 18}" '
                 f'text-anchor="middle" fill="currentColor">{xml_text(name)}</text>'
                 if i % every == 0 else "")
        total = sum(counts.values())
        if not total:
            # An empty period draws nothing but its axis label: one fact dated a century before
            # the others would otherwise add a hundred tooltips and hover areas to the page.
            if label:
                body.append(label)
            continue
        tip = f"{name}: {total} dated facts (" + ", ".join(
            f"{counts[t]} {t}" for t in TONES) + ")"
        group = [f'<g class="bar-group"><title>{xml_text(tip)}</title>'
                 f'<rect class="bar-hit" x="{num(left + slot * i)}" y="{top}" width="{num(slot)}" '
                 f'height="{plot_h}" fill="transparent"/>']
        y = float(base)
        for tone in TONES:
            if counts[tone]:
                h = plot_h * counts[tone] / peak
                y -= h
                group.append(f'<rect class="bar tone-{tone}" x="{num(x)}" y="{num(y)}" '
                             f'width="{num(bar)}" height="{num(h)}" fill="currentColor"/>')
        group.append(label)
        group.append("</g>")
        body.append("".join(group))
    body += _legend(width - right, 14, anchor_right=True)
    body.append(f'<text class="chart-label chart-unit" x="{left - 6}" y="14" text-anchor="end" '
                f'fill="currentColor">facts</text>')
    label = f"Dated facts per {unit}, by tone"
    return svg_element("dossier-activity", width, height, label, body)


# ------------------------------------------------------------------ cooperation and conflict chart

QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
         4: "material conflict"}                   # CAMEO QuadClass
GOLDSTEIN_MAX = 10.0                               # the Goldstein scale runs from -10 to +10


@dataclass(frozen=True)
class QuadBucket:
    """One period of the cooperation and conflict chart."""

    label: str                                     # "Mar 2023" or "2023"
    counts: tuple[int, int, int, int]              # events of QuadClass 1, 2, 3 and 4
    goldstein: float | None = None                 # mean Goldstein score, None without one
    scored: int = 0                                # how many events had a score

    @property
    def cooperation(self) -> int:
        return self.counts[0] + self.counts[1]

    @property
    def conflict(self) -> int:
        return self.counts[2] + self.counts[3]


def _quad(value: object) -> int | None:
    """QuadClass 1..4, or None (bools, strings and other numbers are not a class)."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value in QUADS else None


def _goldstein(value: object) -> float | None:
    """A finite score, clamped to the scale; None for anything else."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return max(-GOLDSTEIN_MAX, min(GOLDSTEIN_MAX, float(value)))


def _signed(score: float) -> str:
    """A Goldstein score as text: "+1.5", "-3", "0" (never "-0")."""
    text = f"{score:+.1f}".removesuffix(".0")
    return "0" if text in ("+0", "-0") else text


def _coded(iso_date: str, quad: object, score: object
           ) -> tuple[tuple[int, int | None], int | None, float | None] | None:
    """(period, QuadClass, score) of a dated point with a class or a score, else None."""
    period, q, g = period_of(iso_date), _quad(quad), _goldstein(score)
    return (period, q, g) if period is not None and (q is not None or g is not None) else None


def quad_buckets(points: Sequence[tuple[str, int | None, float | None]]
                 ) -> tuple[str, list[QuadBucket]]:
    """("month" or "year", one QuadBucket for every period in the range), as activity_buckets.

    A point with neither a QuadClass nor a Goldstein score, or without a date, is left out.
    """
    coded = [c for point in points if (c := _coded(*point)) is not None]
    unit, labels, where = time_axis([p for p, _q, _g in coded])
    counts = [[0, 0, 0, 0] for _ in labels]
    scores: list[list[float]] = [[] for _ in labels]
    for i, (_p, q, g) in zip(where, coded, strict=True):
        if q is not None:
            counts[i][q - 1] += 1
        if g is not None:
            scores[i].append(g)
    return unit, [QuadBucket(label, (c[0], c[1], c[2], c[3]),
                             sum(s) / len(s) if s else None, len(s))
                  for label, c, s in zip(labels, counts, scores, strict=True)]


@dataclass(frozen=True)
class _Frame:
    """Where the quad chart's plot sits: the axis in the middle, counts and scores share it."""

    left: float
    top: float
    width: float
    height: float
    peak: int                                      # events at the top (and bottom) edge
    slots: int

    @property
    def axis(self) -> float:
        return self.top + self.height / 2

    @property
    def slot(self) -> float:
        return self.width / self.slots

    def count_y(self, count: float) -> float:
        """y of ``count`` events above the axis (negative: below)."""
        return self.axis - self.height / 2 * count / self.peak

    def score_y(self, score: float) -> float:
        return self.axis - self.height / 2 * score / GOLDSTEIN_MAX

    def centre(self, i: int) -> float:
        return self.left + self.slot * (i + 0.5)


def _quad_tip(b: QuadBucket) -> str:
    counts = ", ".join(f"{n} {QUADS[q]}" for q, n in zip(QUADS, b.counts, strict=True))
    mean = (f"mean Goldstein {_signed(b.goldstein)} over {b.scored}" if b.goldstein is not None
            else "no Goldstein score")
    return f"{b.label}: {sum(b.counts)} coded events ({counts}); {mean}"


def _quad_axes(f: _Frame) -> list[str]:
    """Grid at 0, ±half and ±peak; counts on the left, the Goldstein scale on the right."""
    right = f.left + f.width
    out = ['<g class="chart-axis">']
    for share in (1, 0.5, 0, -0.5, -1):
        y = f.axis - f.height / 2 * share
        kind = "chart-axis-line" if share == 0 else "chart-grid"
        out.append(f'<line class="{kind}" x1="{num(f.left)}" y1="{num(y)}" x2="{num(right)}" '
                   f'y2="{num(y)}" stroke="currentColor"/>')
        events = abs(share) * f.peak
        if events == int(events) and (share != 0.5 or f.peak >= 4):
            out.append(f'<text class="chart-label" x="{num(f.left - 6)}" y="{num(y + 4)}" '
                       f'text-anchor="end" fill="currentColor">{int(events)}</text>')
        out.append(f'<text class="chart-label goldstein-tick" x="{num(right + 6)}" y="{num(y + 4)}" '
                   f'fill="currentColor">{_signed(share * GOLDSTEIN_MAX)}</text>')
    out.append("</g>")
    return out


def _quad_bar(f: _Frame, i: int, b: QuadBucket, bar: float, every: int) -> str:
    """A period's group: its tooltip, a hover area, bars stacked away from the axis, a label.
    A period without events or a score is only its label, if it has one (see activity_chart)."""
    label = (f'<text class="chart-label" x="{num(f.centre(i))}" '
             f'y="{num(f.top + f.height + 18)}" text-anchor="middle" '
             f'fill="currentColor">{xml_text(b.label)}</text>' if i % every == 0 else "")
    if not sum(b.counts) and b.goldstein is None:
        return label
    x = f.centre(i) - bar / 2
    out = [f'<g class="bar-group"><title>{xml_text(_quad_tip(b))}</title>'
           f'<rect class="bar-hit" x="{num(f.left + f.slot * i)}" y="{num(f.top)}" '
           f'width="{num(f.slot)}" height="{num(f.height)}" fill="transparent"/>']
    # verbal next to the axis, material beyond it: the stronger the event, the further out
    for quads, sign in (((1, 2), 1), ((3, 4), -1)):
        stacked = 0
        for q in quads:
            n = b.counts[q - 1]
            if n:
                y1, y2 = f.count_y(sign * stacked), f.count_y(sign * (stacked + n))
                out.append(f'<rect class="bar quad-{q}" x="{num(x)}" y="{num(min(y1, y2))}" '
                           f'width="{num(bar)}" height="{num(abs(y2 - y1))}" fill="currentColor"/>')
                stacked += n
    out.append(label)
    out.append("</g>")
    return "".join(out)


def _goldstein_line(f: _Frame, buckets: Sequence[QuadBucket]) -> list[str]:
    """The mean score per period: lines through consecutive periods that have one, and dots."""
    runs: list[list[str]] = [[]]
    dots = []
    for i, b in enumerate(buckets):
        if b.goldstein is None:
            runs.append([])
            continue
        x, y = num(f.centre(i)), num(f.score_y(b.goldstein))
        runs[-1].append(f"{x},{y}")
        dots.append(f'<circle class="goldstein-dot" cx="{x}" cy="{y}" r="3" fill="currentColor">'
                    f'<title>{xml_text(f"{b.label}: mean Goldstein {_signed(b.goldstein)}")}</title>'
                    "</circle>")
    lines = [f'<polyline class="goldstein-line" points="{" ".join(run)}" fill="none" '
             'stroke="currentColor" stroke-width="2" stroke-linejoin="round"/>'
             for run in runs if len(run) > 1]
    return ['<g class="goldstein">', *lines, *dots, "</g>"]


def _quad_legend(x: float, y: float) -> list[str]:
    """Cooperation on the first row, conflict on the second (as above and below the axis)."""
    out = ['<g class="chart-legend">']
    for row, quads in enumerate(((1, 2), (3, 4))):
        sx = x
        for q in quads:
            sy = y + 16 * row
            out.append(f'<rect class="swatch quad-{q}" x="{num(sx)}" y="{num(sy - 9)}" width="12" '
                       f'height="10" rx="2" fill="currentColor"/>'
                       f'<text class="chart-label" x="{num(sx + 16)}" y="{num(sy)}" '
                       f'fill="currentColor">{QUADS[q]}</text>')
            sx += 32 + 7 * len(QUADS[q])
    gx = x + 2 * 32 + 7 * len(QUADS[1] + QUADS[2])
    out.append(f'<line class="goldstein-line" x1="{num(gx)}" y1="{num(y - 4)}" x2="{num(gx + 12)}" '
               f'y2="{num(y - 4)}" stroke="currentColor" stroke-width="2"/>'
               f'<circle class="goldstein-dot" cx="{num(gx + 6)}" cy="{num(y - 4)}" r="3" '
               f'fill="currentColor"/>'
               f'<text class="chart-label" x="{num(gx + 16)}" y="{num(y)}" '
               f'fill="currentColor">mean Goldstein score (right scale)</text>')
    out.append("</g>")
    return out


def _quad_label(unit: str, buckets: Sequence[QuadBucket]) -> str:
    """The chart's accessible summary: range, totals and the overall mean score."""
    span = buckets[0].label + (f" to {buckets[-1].label}" if len(buckets) > 1 else "")
    totals = [sum(b.counts[q] for b in buckets) for q in range(4)]
    scored = sum(b.scored for b in buckets)
    mean = sum((b.goldstein or 0) * b.scored for b in buckets) / scored if scored else None
    score = f"mean Goldstein score {_signed(mean)}" if mean is not None else "no Goldstein score"
    return (f"Cooperation and conflict per {unit}, {span}: {totals[0] + totals[1]} cooperation "
            f"events ({totals[0]} verbal, {totals[1]} material) above the axis, "
            f"{totals[2] + totals[3]} conflict events ({totals[2]} verbal, {totals[3]} material) "
            f"below it; {score}")


def quad_chart(points: Sequence[tuple[str, int | None, float | None]], *, width: int = 640,
               height: int = 260) -> str:
    """Cooperation above the axis and conflict below it, per month (or year), with the Goldstein line.

    ``points`` are (ISO date, CAMEO QuadClass 1..4 or None, Goldstein score -10..10 or None), one
    per fact with an event. Bars stack QuadClass 1 (verbal cooperation) and 2 (material
    cooperation) upwards, 3 (verbal conflict) and 4 (material conflict) downwards, on one count
    scale; the mean Goldstein score per period is a line on a -10..+10 scale that shares the axis.
    Periods follow activity_buckets' rule, and as in activity_chart an empty period draws no
    group; "" without a dated, coded point.
    """
    unit, buckets = quad_buckets(points)
    if not buckets:
        return ""
    left, right, top, bottom = 36, 36, 48, 30
    peak = max(max(b.cooperation, b.conflict) for b in buckets) or 1
    f = _Frame(left, top, width - left - right, height - top - bottom, peak, len(buckets))
    bar = max(min(f.slot * 0.7, 48), 1)
    every = math.ceil(len(buckets) / max(f.width // 64, 1))    # x labels that fit
    body = _quad_axes(f)
    body += [group for i, b in enumerate(buckets) if (group := _quad_bar(f, i, b, bar, every))]
    body += _goldstein_line(f, buckets)
    body += _quad_legend(left, 14)
    body.append(f'<text class="chart-label chart-unit" x="12" y="{num(f.axis)}" text-anchor="middle" '
                f'fill="currentColor" transform="rotate(-90 12 {num(f.axis)})">events</text>')
    return svg_element("dossier-quad", width, height, _quad_label(unit, buckets), body)


__all__ = ["GOLDSTEIN_MAX", "MAX_EDGES", "MAX_NODES", "QUADS", "Edge", "Node", "QuadBucket",
           "activity_buckets", "activity_chart", "most_active", "quad_buckets", "quad_chart",
           "relations_graph"]
