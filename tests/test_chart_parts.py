"""Chart parts: what may enter a picture (escaped text, checked links, formatted numbers) and the
time axis the charts over time share."""

from __future__ import annotations

import pytest

from dossier.chart_parts import num, period_of, safe_href, svg_element, time_axis, xml_text


@pytest.mark.parametrize(("value", "expected"), [
    ("Kazakhstan", "Kazakhstan"),
    ('<script>"x" & \'y\'</script>', "&lt;script&gt;&quot;x&quot; &amp; &#x27;y&#x27;&lt;/script&gt;"),
    ("a\n\nblank line", "a blank line"),                   # no blank line ends the HTML block
    ("bidi\u202eoverride\x00", "bidi override"),
    (None, ""), (0, ""), (12, "12"),
])
def test_xml_text(value: object, expected: str) -> None:
    assert xml_text(value) == expected


@pytest.mark.parametrize(("href", "kept"), [
    ("countries/KZ/", True), ("../../pairs/KZ-US/", True), ("countries/KZ.html", True),
    ("javascript:alert(1)", False), ("https://example.org/", False), ('x" onclick="y', False),
    ("../a b/", False), ("", False), (None, False),
])
def test_only_relative_slug_links_are_kept(href: str | None, kept: bool) -> None:
    assert safe_href(href) == (href if kept else None)


@pytest.mark.parametrize(("x", "text"), [(3, "3"), (2.5, "2.5"), (2.04, "2"), (-0.25, "-0.2"),
                                         (100.0, "100")])
def test_numbers_have_at_most_one_decimal(x: float, text: str) -> None:
    assert num(x) == text


@pytest.mark.parametrize(("date", "period"), [
    ("2023", (2023, None)), ("2023-05", (2023, 5)), ("2023-05-02", (2023, 5)),
    ("2023-13", (2023, None)), ("soon", None), ("", None),
])
def test_period_of(date: str, period: tuple[int, int | None] | None) -> None:
    assert period_of(date) == period


@pytest.mark.parametrize(("periods", "axis"), [
    ([], ("year", [], [])),
    ([(2023, 11), (2024, 1)], ("month", ["Nov 2023", "Dec 2023", "Jan 2024"], [0, 2])),
    ([(2023, 1), (2025, 1)], ("year", ["2023", "2024", "2025"], [0, 2])),   # over 24 months
    ([(2023, 5), (2023, None)], ("year", ["2023"], [0, 0])),                # a date without month
])
def test_time_axis(periods: list[tuple[int, int | None]],
                   axis: tuple[str, list[str], list[int]]) -> None:
    assert time_axis(periods) == axis


def test_the_svg_element_names_the_picture() -> None:
    svg = svg_element("dossier-x", 10, 20, "A <b> label", ["<g/>"])
    assert svg.splitlines() == [
        '<svg xmlns="http://www.w3.org/2000/svg" class="dossier-x" viewBox="0 0 10 20" width="10" '
        'height="20" role="img" aria-label="A &lt;b&gt; label">',
        "<title>A &lt;b&gt; label</title>", "<g/>", "</svg>"]
