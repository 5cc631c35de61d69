"""Filters: untrusted values become inert text, titles, slugs and links only when safe."""

from __future__ import annotations

import random
import re
import string
from pathlib import Path

import jinja2
import pytest

from dossier.filters import is_slug, make_environment, md, one_line, yaml_title

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


@pytest.mark.parametrize(("value", "expected"), [
    ("Plain words", "Plain words"),
    ("*bold* [x](y)", "&#42;bold&#42; &#91;x&#93;&#40;y&#41;"),
    ("  two\n\nlines  ", "two lines"),
    ("bidi\u202eoverride\x07", "bidioverride"),
    (None, ""), (7, "7"),
])
def test_md(value: object, expected: str) -> None:
    assert md(value) == expected


def test_md_gives_what_its_definition_gives_for_any_text() -> None:
    """``md`` is written for speed; it must give exactly what the plain definition gives:
    control and bidirectional characters removed, every run of whitespace one space, none at the
    ends, and every ASCII punctuation character a numeric character reference."""
    def definition(text: str) -> str:
        text = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]", "", text)
        text = re.sub(r"\s+", " ", text).strip()
        return "".join(f"&#{ord(ch)};" if ch in string.punctuation else ch for ch in text)

    rng = random.Random(5)
    alphabet = (string.printable + "\x00\x0b\x0c\x1c\x1f\x7f\x85\xa0\u2007\u2028\u3000"
                "\u202a\u2066\u200e\ufeffé中🙂")
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert md(text) == definition(text), repr(text)


@pytest.mark.parametrize(("value", "expected"), [
    ("Kazakhstan – Uzbekistan", '"Kazakhstan – Uzbekistan"'),
    ("<script>alert(1)</script>", '"scriptalert(1)/script"'),
    ('Say "hi": {{ x }}', '"Say hi:  x"'),             # braces and quotes go, spaces stay
    ("", '"Untitled"'), (None, '"Untitled"'), ("<>", '"Untitled"'),
])
def test_yaml_title_keeps_harmless_characters(value: object, expected: str) -> None:
    assert yaml_title(value) == expected


@pytest.mark.parametrize(("value", "ok"), [
    ("KZ", True), ("2023-05-02-pact", True), ("index", False), ("INDEX", False),
    ("a b", False), ("../x", False), ("x.md", False), ("", False), (5, False), (None, False),
])
def test_is_slug(value: object, ok: bool) -> None:
    assert is_slug(value) is ok


@pytest.mark.parametrize(("value", "expected"), [
    ("  Anna \n Bekova ", "Anna Bekova"), ("", ""), (None, ""), (0, ""), (5, "5"),
])
def test_one_line(value: object, expected: str) -> None:
    assert one_line(value) == expected


def test_the_environment_escapes_nothing_itself_and_fails_on_unknown_names() -> None:
    env = make_environment(TEMPLATES)
    assert env.from_string("{{ x|md }} {{ x }}").render(x="<b>") == "&#60;b&#62; <b>"
    with pytest.raises(jinja2.UndefinedError, match="undefined"):
        env.from_string("{{ missing }}").render()
