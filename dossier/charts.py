"""Build-time pictures: small static SVG drawn from the site's data, embedded inline in the pages.

Pure, deterministic functions (same input → same string; no JavaScript, no external request).

Safety: names and labels come from articles and YAML files and are untrusted. Every piece of text
that enters the SVG goes through ``_text`` (control characters dropped, whitespace collapsed so no
blank line can end the Markdown raw-HTML block early, then XML-escaped with quotes), and a link
target must be a relative path made of ``[A-Za-z0-9-]`` segments, ``../`` and ``/`` (``_href``).
Numbers are formatted by this module. So the output is markup built only from escaped parts.

Colours come from CSS classes (``tone-cooperative`` …) and ``currentColor``; the rules live in
``templates/assets/dossier.css`` so the pictures follow Material's light and dark schemes.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

MAX_NODES = 40
MAX_EDGES = 150          # the strongest pairs among the drawn countries: more is unreadable, and heavy
TONES = ("cooperative", "neutral", "conflictual")     # bar stacking order, bottom to top
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_SAFE_HREF = re.compile(r"(\.\./)*([A-Za-z0-9-]+/)*([A-Za-z0-9-]+(?:/|\.html)?)?")
# Control characters and bidirectional overrides (see render._CONTROL).
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_WHITESPACE = re.compile(r"\s+")
_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?")


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


# --------------------------------------------------------------------------------------- helpers

def _text(value: object) -> str:
    """Untrusted value → one line of XML-escaped text, safe in an element or a quoted attribute."""
    line = _WHITESPACE.sub(" ", _CONTROL.sub(" ", str(value or ""))).strip()
    return html.escape(line, quote=True)


def _href(value: str | None) -> str | None:
    """A relative link of slug segments, or None (anything else never becomes an href)."""
    return value if value and _SAFE_HREF.fullmatch(value) else None


def _n(x: float) -> str:
    """A coordinate with at most one decimal (stable text, small files)."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _svg(kind: str, width: int, height: int, label: str, body: list[str]) -> str:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="{kind}" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-label="{_text(label)}">')
    return "\n".join([head, f"<title>{_text(label)}</title>", *body, "</svg>"])


def most_active(nodes: Sequence[Node], limit: int = MAX_NODES, *,
                keep: str | None = None) -> list[Node]:
    """The ``limit`` nodes with the highest volume (ties by code); ``keep`` is always included."""
    ranked = sorted(nodes, key=lambda n: (n.code != keep, -n.volume, n.code))
    return ranked[:max(limit, 1)]


# --------------------------------------------------------------------------------- relations graph

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
    cx, cy = width / 2, height / 2
    rx, ry = max(width / 2 - 120, 40), max(height / 2 - 40, 40)
    where: dict[str, tuple[float, float, float]] = {}      # code → x, y, angle
    for n in shown:
        if n.code == center or len(ring) == 0:
            where[n.code] = (cx, cy, -math.pi / 2)
    for i, n in enumerate(ring):
        # around a centre, half a step on: no partner straight above it, two side by side
        start = -math.pi / 2 + (math.pi / len(ring) if center in where else 0)
        angle = start + 2 * math.pi * i / len(ring)
        where[n.code] = (cx + rx * math.cos(angle), cy + ry * math.sin(angle), angle)

    top_node = max([n.volume for n in shown] + [1])
    radius = {n.code: 5 + 9 * math.sqrt(max(n.volume, 0) / top_node) for n in shown}
    drawn = sorted((e for e in edges if e.a in where and e.b in where and e.a != e.b),
                   key=lambda e: (-e.volume, e.a, e.b))[:max_edges]  # thin drawn over thick
    top_edge = max([e.volume for e in drawn] + [1])

    body = ['<g class="edges">']
    for e in drawn:
        (x1, y1, _), (x2, y2, _) = where[e.a], where[e.b]
        stroke = 1 + 9 * math.sqrt(max(e.volume, 0) / top_edge)
        tip = e.title or (f"{e.a} – {e.b}: {e.volume} facts and quotes; {e.cooperative} "
                          f"cooperative, {e.neutral} neutral, {e.conflictual} conflictual")
        line = (f'<line class="edge tone-{e.tone}" x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" '
                f'y2="{_n(y2)}" stroke="currentColor" stroke-width="{_n(stroke)}" '
                f'stroke-linecap="round"><title>{_text(tip)}</title></line>')
        href = _href(e.href)
        body.append(f'<a href="{href}">{line}</a>' if href else line)
    body.append("</g>")

    body.append('<g class="nodes">')
    for n in shown:
        x, y, angle = where[n.code]
        r = radius[n.code]
        cos, sin = math.cos(angle), math.sin(angle)
        if n.code == center or len(ring) == 0:
            lx, ly, anchor = x, y + r + 14, "middle"
        else:
            lx, ly = x + (r + 5) * cos, y + (r + 5) * sin + 4 + 6 * sin
            anchor = "start" if cos > 0.2 else "end" if cos < -0.2 else "middle"
        tip = n.title or f"{n.label}: {n.volume} facts and quotes"
        parts = (f'<title>{_text(tip)}</title>'
                 f'<circle class="node-dot" cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" '
                 f'fill="currentColor"/>'
                 f'<text class="chart-label" x="{_n(lx)}" y="{_n(ly)}" text-anchor="{anchor}" '
                 f'fill="currentColor">{_text(n.label)}</text>')
        href = _href(n.href)
        if href:
            body.append(f'<a class="node" href="{href}">{parts}</a>')
        else:
            body.append(f'<g class="node">{parts}</g>')
    body.append("</g>")
    body += _legend(12, 16, vertical=True)
    label = (f"Relations between {len(shown)} countries: line width by facts and quotes, "
             "colour by tone")
    return _svg("dossier-graph", width, height, label, body)


def _legend(x: float, y: float, *, anchor_right: bool = False, vertical: bool = False) -> list[str]:
    """Three tone swatches; ``x`` is the left edge, or the right edge if anchor_right."""
    widths = [30 + 7 * len(tone) for tone in TONES]           # swatch, gap, ~7px a letter
    left = x - sum(widths) if anchor_right else x
    out = ['<g class="chart-legend">']
    for i, tone in enumerate(TONES):
        sx, sy = (left, y + 16 * i) if vertical else (left + sum(widths[:i]), y)
        out.append(f'<rect class="swatch tone-{tone}" x="{_n(sx)}" y="{_n(sy - 9)}" width="12" '
                   f'height="10" rx="2" fill="currentColor"/>'
                   f'<text class="chart-label" x="{_n(sx + 16)}" y="{_n(sy)}" '
                   f'fill="currentColor">{tone}</text>')
    out.append("</g>")
    return out


# --------------------------------------------------------------------------------- activity chart

def _period(iso_date: str) -> tuple[int, int | None] | None:
    m = _DATE.match(str(iso_date or ""))
    if not m:
        return None
    month = int(m.group(2)) if m.group(2) else None
    return int(m.group(1)), month if month and 1 <= month <= 12 else None


def activity_buckets(points: Sequence[tuple[str, str]]) -> tuple[str, list[tuple[str, Counter]]]:
    """("month" or "year", [(period label, tone counts)]) covering every period in the range.

    Months when every date has one and they span at most 24 months, otherwise years.
    """
    dated = [(p, tone if tone in TONES else "neutral") for d, tone in points
             if (p := _period(d)) is not None]
    if not dated:
        return "year", []
    months = [y * 12 + m - 1 for (y, m), _ in dated if m is not None]
    if len(months) == len(dated) and max(months) - min(months) < 24:
        counts = Counter((y * 12 + (m or 1) - 1, t) for (y, m), t in dated)
        keys = range(min(months), max(months) + 1)
        return "month", [(f"{_MONTHS[k % 12]} {k // 12}",
                          Counter({t: counts[(k, t)] for t in TONES})) for k in keys]
    counts = Counter((y, t) for (y, _m), t in dated)
    years = [y for (y, _m), _ in dated]
    return "year", [(str(y), Counter({t: counts[(y, t)] for t in TONES}))
                    for y in range(min(years), max(years) + 1)]


def activity_chart(points: Sequence[tuple[str, str]], *, width: int = 640,
                   height: int = 220) -> str:
    """Dated facts per year (per month within two years), stacked by tone; "" without dates.

    ``points`` are (ISO date "YYYY", "YYYY-MM" or "YYYY-MM-DD", tone) pairs.
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
        body.append(f'<line class="chart-grid" x1="{left}" y1="{_n(ty)}" x2="{left + plot_w}" '
                    f'y2="{_n(ty)}" stroke="currentColor"/>'
                    f'<text class="chart-label" x="{left - 6}" y="{_n(ty + 4)}" text-anchor="end" '
                    f'fill="currentColor">{tick}</text>')
    body.append("</g>")
    for i, (name, counts) in enumerate(buckets):
        x = left + slot * i + (slot - bar) / 2
        total = sum(counts.values())
        tip = f"{name}: {total} dated facts (" + ", ".join(
            f"{counts[t]} {t}" for t in TONES) + ")"
        group = [f'<g class="bar-group"><title>{_text(tip)}</title>'
                 f'<rect class="bar-hit" x="{_n(left + slot * i)}" y="{top}" width="{_n(slot)}" '
                 f'height="{plot_h}" fill="transparent"/>']
        y = float(base)
        for tone in TONES:
            if counts[tone]:
                h = plot_h * counts[tone] / peak
                y -= h
                group.append(f'<rect class="bar tone-{tone}" x="{_n(x)}" y="{_n(y)}" '
                             f'width="{_n(bar)}" height="{_n(h)}" fill="currentColor"/>')
        if i % every == 0:
            group.append(f'<text class="chart-label" x="{_n(x + bar / 2)}" y="{base + 18}" '
                         f'text-anchor="middle" fill="currentColor">{_text(name)}</text>')
        group.append("</g>")
        body.append("".join(group))
    body += _legend(width - right, 14, anchor_right=True)
    body.append(f'<text class="chart-label chart-unit" x="{left - 6}" y="14" text-anchor="end" '
                f'fill="currentColor">facts</text>')
    label = f"Dated facts per {unit}, by tone"
    return _svg("dossier-activity", width, height, label, body)


__all__ = ["MAX_EDGES", "MAX_NODES", "Edge", "Node", "activity_buckets", "activity_chart", "most_active",
           "relations_graph"]
