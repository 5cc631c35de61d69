"""The quote tables: cases read from ``tests/fixtures/quotes/<module>.yaml`` (one table per
rule), and the comparison of what ``extract`` finds with what a case wants.

A case is a mapping:

- ``id``: unique over all the tables;
- ``text``: the article text, or ``words``: a parse given word by word (``Word``), for a
  parser's slip;
- ``pick``: which quotes to look at, those with these fields (default: all);
- ``how``: ``exactly`` (default: these quotes in this order), ``first`` (the first ones, in
  order), ``any order`` (these quotes in any order) or ``among`` (these are some of them);
- ``want``: the fields wanted of each quote (none: no quote). A value ``!like "a*b"`` is any
  text with any text for ``*``, ``!one-of [a, b]`` any of these values.

A quote row has the extraction record's fields (``speaker``, ``cue``, ``content``, ``kind``
direct | indirect, ``speaker_country``, ``role``, ``countries`` …) and two more read from the
text: ``speaker_span`` (the words from ``speaker_start`` to ``speaker_end``) and
``content_span`` (from ``start`` to ``end``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

import pytest
import yaml

from dossier.models import Quote

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "quotes"
Run = Callable[..., dict[str, Any]]        # the `run` fixture: run(text, date=None) -> record
Row = dict[str, Any]
Want = Mapping[str, object]
# A parse given word by word: text, space after, tag, part of speech, dependency, head index,
# lemma, entity IOB.
Word = tuple[str, bool, str, str, str, int, str, str]
# How the quotes picked compare with those wanted: all of them in order ("exactly"), the first
# ones in order ("first"), all of them in any order ("any order"), or some of them ("among").
How = Literal["exactly", "first", "any order", "among"]


class Like:
    """Text matching a pattern in which ``*`` stands for any text: ``!like "The talks*"``."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._regex = re.compile(".*".join(map(re.escape, pattern.split("*"))), re.S)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and self._regex.fullmatch(other) is not None

    def __repr__(self) -> str:
        return f"Like({self.pattern!r})"


class OneOf:
    """Any of a few values: ``!one-of ["Ana Lopez", "President Ana Lopez"]``."""

    def __init__(self, *options: object) -> None:
        self.options = options

    def __eq__(self, other: object) -> bool:
        return other in self.options

    def __repr__(self) -> str:
        return f"OneOf{self.options!r}"


class _Loader(yaml.SafeLoader):
    """YAML with the two patterns a wanted value may be."""


def _like(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Like:
    return Like(loader.construct_scalar(node))


def _one_of(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> OneOf:
    return OneOf(*loader.construct_sequence(node))


_Loader.add_constructor("!like", _like)
_Loader.add_constructor("!one-of", _one_of)


@dataclass(frozen=True)
class Case:
    """A text (or a parse, ``words``), which of its quotes to look at (``pick``: fields they
    have) and what is wanted of them (``want``: the fields of each quote)."""

    id: str
    rule: str
    text: str
    want: tuple[Want, ...] = ()
    pick: Want = field(default_factory=dict)
    how: How = "exactly"
    words: tuple[Word, ...] = ()


def tables(module: str) -> dict[str, list[Case]]:
    """The tables of ``fixtures/quotes/<module>.yaml``, by rule."""
    data = yaml.load((FIXTURES / f"{module}.yaml").read_text(encoding="utf-8"), Loader=_Loader)
    return {rule: [_case(rule, row) for row in rows] for rule, rows in data.items()}


def _case(rule: str, row: dict[str, Any]) -> Case:
    unknown = set(row) - {"id", "text", "words", "pick", "how", "want"}
    assert not unknown and row.get("how", "exactly") in get_args(How), f"{row.get('id')}: {unknown}"
    words = tuple(tuple(w) for w in row.get("words", ()))
    text = row.get("text") or "".join(w[0] + " " * w[1] for w in words)
    return Case(row["id"], rule, text, tuple(row.get("want") or ()), row.get("pick") or {},
                row.get("how", "exactly"), words)


def params(module: str, *, parsed: bool = False) -> list[Any]:
    """The cases of a module's tables as ``pytest.param``s: those given as text or, when
    ``parsed``, those given as words."""
    return [pytest.param(c, id=c.id) for cases in tables(module).values() for c in cases
            if bool(c.words) == parsed]


def rows(record: dict[str, Any], text: str) -> list[Row]:
    """The quotes of an extraction record, with the words of their speaker and content spans."""
    return [{**q, "speaker_span": text[q["speaker_start"]:q["speaker_end"]],
             "content_span": text[q["start"]:q["end"]]} for q in record["quotes"]]


def quote_rows(quotes: list[Quote], text: str) -> list[Row]:
    """``rows`` of quotes found directly (``quotes.quotes``)."""
    return rows({"quotes": [asdict(q) for q in quotes]}, text)


def expect(run: Run, c: Case) -> None:
    """Extract from the case's text the way the build does and ``check`` its quotes."""
    check(rows(run(c.text), c.text), c)


def check(found: list[Row], c: Case) -> None:
    """Assert that the quotes ``c`` picks are those it wants, on the fields each one names."""
    picked = [q for q in found if _has(q, c.pick)]
    keys = list(dict.fromkeys(k for w in c.want for k in w)) or ["kind", "speaker", "cue", "content"]
    message = f"picked {[{k: q.get(k) for k in keys} for q in picked]}, wanted {list(c.want)}"
    if c.how in ("exactly", "first"):
        enough = len(picked) == len(c.want) if c.how == "exactly" else len(picked) >= len(c.want)
        assert enough and all(_has(q, w) for q, w in zip(picked, c.want, strict=False)), message
    else:
        assert all(any(_has(q, w) for q in picked) for w in c.want), message
        assert c.how == "among" or all(any(_has(q, w) for w in c.want) for q in picked), message


def _has(q: Row, fields: Want) -> bool:
    return all(q[k] == v for k, v in fields.items())     # (a field no quote has is an error)
