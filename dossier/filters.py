"""The Jinja environment of the page templates, its filters, and the checks of untrusted values.

Every value that comes from an article or a YAML file is untrusted. Templates pass each one through
the ``md`` filter, which collapses whitespace and turns every ASCII punctuation character into a
numeric HTML character reference. Python-Markdown leaves character references alone, so no data can
form Markdown syntax (links, emphasis, headings, attribute lists), HTML tags or attributes; the
browser shows the characters literally. Paths and anchors are built only from validated slugs
(``is_slug``), and a link target only from an http(s) URL (``http_url``).
"""

from __future__ import annotations

import json
import re
import string
from functools import lru_cache
from pathlib import Path
from typing import TypeGuard

import jinja2

SLUG = re.compile(r"[A-Za-z0-9-]+")
HTTP_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]+", re.IGNORECASE)
WHITESPACE = re.compile(r"\s+")
# Control characters, and the bidirectional overrides, embeddings and isolates (U+202A–U+202E,
# U+2066–U+2069): untrusted text could use those to show a reader something other than what it
# says ("txt.exe" displayed as "exe.txt"). Marks (U+200E, U+200F) stay: right-to-left text needs
# them and they override nothing.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
# Every ASCII punctuation character becomes a character reference: a superset of what Markdown,
# its extensions (attr_list, tables, emoji …), HTML and Jinja treat as syntax.
_ESCAPES = {ch: f"&#{ord(ch)};" for ch in string.punctuation}
_PUNCTUATION = re.compile(f"[{re.escape(string.punctuation)}]")
_TITLE_PUNCTUATION = " -–—.,:;()!?/"


def md(value: object) -> str:
    """Untrusted value → inline Markdown that displays exactly that text and nothing else."""
    if value is None:
        return ""
    return _md_text(value if isinstance(value, str) else str(value))


@lru_cache(maxsize=1 << 16)
def _md_text(text: str) -> str:
    # Cached: page sizes are estimated from the escaped text before the pages render it.
    text = _CONTROL.sub("", text)
    # What WHITESPACE.sub(" ", text).strip() gives (\s is str.isspace), in a third of the time;
    # and a regular expression finds the few punctuation characters faster than str.translate
    # looks up every character (the pages escape tens of thousands of texts).
    text = " ".join(text.split())
    return _PUNCTUATION.sub(_escape, text)


def _escape(found: re.Match[str]) -> str:
    return _ESCAPES[found.group()]


def yaml_title(value: object) -> str:
    """Untrusted value → a quoted YAML scalar for a page's front-matter title.

    MkDocs themes put the page title into <title> and the header without escaping it, so only
    letters, digits, spaces and harmless punctuation are kept.
    """
    text = WHITESPACE.sub(" ", str(value or "")).strip()
    text = "".join(ch for ch in text if ch.isalnum() or ch in _TITLE_PUNCTUATION
                   or (ord(ch) > 127 and ch.isprintable())).strip()
    return json.dumps(text or "Untitled", ensure_ascii=False)


def http_url(value: object) -> str | None:
    """The value if it is an http(s) URL safe to use as a link target, otherwise None."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    return url if HTTP_URL.fullmatch(url) else None


def is_slug(value: object) -> TypeGuard[str]:
    """True for a string usable as a file name and anchor ("index" is taken by the index pages)."""
    return (isinstance(value, str) and SLUG.fullmatch(value) is not None
            and value.lower() != "index")


def one_line(value: object) -> str:
    """A name as one line of text, the form in which names are compared ("Anna  Bekova" is
    "Anna Bekova")."""
    return WHITESPACE.sub(" ", str(value or "")).strip()


def make_environment(templates_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,          # Markdown output: every data value goes through |md instead
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,         # one build: no need to check the template files per page
    )
    env.filters["md"] = md
    env.filters["yaml_title"] = yaml_title
    return env


__all__ = ["http_url", "is_slug", "make_environment", "md", "one_line", "yaml_title"]
