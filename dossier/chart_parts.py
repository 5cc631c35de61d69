"""What the pictures of ``charts.py`` share: untrusted text made safe for SVG, checked links,
numbers, the ``<svg>`` element, and the time axis of the charts over time.

Safety: names and labels come from articles and YAML files and are untrusted. Every piece of text
that enters a picture goes through ``xml_text`` (control characters dropped, whitespace collapsed
so no blank line can end the Markdown raw-HTML block early, then XML-escaped with quotes), and a
link target must be a relative path made of ``[A-Za-z0-9-]`` segments, ``../`` and ``/``
(``safe_href``). Numbers are formatted here (``num``). So a picture is markup built only from
escaped parts.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_SAFE_HREF = re.compile(r"(\.\./)*([A-Za-z0-9-]+/)*([A-Za-z0-9-]+(?:/|\.html)?)?")
# Control characters and bidirectional overrides (see filters._CONTROL).
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_WHITESPACE = re.compile(r"\s+")
_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?")


def xml_text(value: object) -> str:
    """Untrusted value → one line of XML-escaped text, safe in an element or a quoted attribute."""
    line = _WHITESPACE.sub(" ", _CONTROL.sub(" ", str(value or ""))).strip()
    return html.escape(line, quote=True)


def safe_href(value: str | None) -> str | None:
    """A relative link of slug segments, or None (anything else never becomes an href)."""
    return value if value and _SAFE_HREF.fullmatch(value) else None


def num(x: float) -> str:
    """A coordinate with at most one decimal (stable text, small files)."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


def svg_element(kind: str, width: int, height: int, label: str, body: list[str]) -> str:
    """The picture: ``label`` is its accessible name and its tooltip."""
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="{kind}" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-label="{xml_text(label)}">')
    return "\n".join([head, f"<title>{xml_text(label)}</title>", *body, "</svg>"])


def period_of(iso_date: str) -> tuple[int, int | None] | None:
    """(year, month or None) of an ISO date "YYYY", "YYYY-MM" or "YYYY-MM-DD"; None otherwise."""
    m = _DATE.match(str(iso_date or ""))
    if not m:
        return None
    month = int(m.group(2)) if m.group(2) else None
    return int(m.group(1)), month if month and 1 <= month <= 12 else None


def time_axis(periods: Sequence[tuple[int, int | None]]) -> tuple[str, list[str], list[int]]:
    """("month" or "year", a label for every period in the range, each input's index in it).

    Months when every date has one and they span at most 24 months, otherwise years: one rule
    for every chart over time, so charts of the same dates share their x axis.
    """
    if not periods:
        return "year", [], []
    months = [y * 12 + m - 1 for y, m in periods if m is not None]
    if len(months) == len(periods) and max(months) - min(months) < 24:
        first = min(months)
        return ("month", [f"{_MONTHS[k % 12]} {k // 12}" for k in range(first, max(months) + 1)],
                [k - first for k in months])
    years = [y for y, _m in periods]
    first = min(years)
    return "year", [str(y) for y in range(first, max(years) + 1)], [y - first for y in years]


__all__ = ["num", "period_of", "safe_href", "svg_element", "time_axis", "xml_text"]
