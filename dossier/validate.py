"""Checking a pair file: its name, its YAML syntax, what no file may hold, and its schema.

Every problem is reported, not only the first, each on the line a person can fix it
(``path:line: message (hint)``). What each key must hold comes from ``schema``: a key is checked
by its kind (text, one of a closed list, a date, country codes, an actor, an event …). Reading the
file and its base is ``store``'s.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from typing import Any, Protocol, cast

from ruamel.yaml.error import MarkedYAMLError

from .errors import DossierError
from .schema import (
    CHOICES,
    ENTRY_KEYS,
    EVENT_KEYS,
    FIELDS,
    PARTY_KEYS,
    SECTIONS,
    TEXT_FIELDS,
    TOP_KEYS,
    named,
    plain,
)

_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
# What each key of an `event` (``schema.EVENT_KEYS``) holds: its types, in words, and its range
# (CAMEO's QuadClass 1–4, the Goldstein scale -10..+10; a NaN is outside every range).
_EVENT_SHAPES: dict[str, tuple[tuple[type, ...], str, tuple[float, float] | None]] = {
    "code": ((str,), "text", None), "label": ((str,), "text", None),
    "quad_class": ((int,), "a whole number from 1 to 4", (1, 4)),
    "goldstein": ((int, float), "a number from -10 to 10", (-10, 10)),
}


class _Report(Protocol):
    """Records one problem at a node of the document (on the line of ``key`` when given)."""

    def __call__(self, msg: str, node: Any = None, key: Any = None,
                 hint: str | None = None) -> None: ...


def _line(node: Any, key: Any = None) -> int | None:
    try:
        if key is not None:
            return int(node.lc.key(key)[0]) + 1
        return int(node.lc.line) + 1
    except (AttributeError, KeyError, TypeError):
        return None


# ------------------------------------------------------------------------- name and syntax

def pair_of(path: Path, known_codes: set[str]) -> tuple[tuple[str, str] | None, list[DossierError]]:
    """The pair a file name stands for, or why it stands for none."""
    parts = path.stem.split("-")
    if len(parts) != 2 or parts != sorted(parts) or not all(p.isupper() for p in parts):
        return None, [DossierError("the file name must be <A>-<B>.yaml with two country codes in "
                                   "alphabetical order", path, hint="e.g. KZ-US.yaml")]
    if parts[0] == parts[1]:
        return None, [DossierError("a pair needs two different countries", path,
                                   hint="rename the file to the pair it is about, e.g. KZ-US.yaml")]
    unknown = [p for p in parts if p not in known_codes]
    if unknown:
        return None, [DossierError(f"unknown country code {unknown[0]!r} in the file name", path,
                                   hint="use ISO 3166-1 alpha-2 codes such as KZ, or a historical "
                                        "code from the README")]
    return (parts[0], parts[1]), []


# What a YAML scanner's context says when the error is where something was opened, not where the
# scanner noticed (at the end of the file, for an unclosed quote): the opening line is given.
_OPENED = {"while scanning a quoted": "the quoted text that starts on this line is never closed",
           "while scanning a simple key": "this line has no ':' after its key",
           "while parsing a flow": "the [ or { opened on this line is never closed",
           "while scanning a block scalar": "the block text that starts on this line is broken"}


def yaml_error(exc: MarkedYAMLError, path: Path) -> DossierError:
    """A YAML syntax error on the line where the person can fix it."""
    context = (exc.context or "").strip()
    problem = (exc.problem or context).strip()
    opened = next((what for start, what in _OPENED.items() if context.startswith(start)), None)
    if opened is not None and exc.context_mark is not None and exc.problem_mark is not None:
        return DossierError(f"YAML syntax error: {opened} ({problem} on line "
                            f"{exc.problem_mark.line + 1})", path, exc.context_mark.line + 1,
                            hint="close the quote or bracket, or add the missing ':'")
    mark = exc.problem_mark or exc.context_mark
    return DossierError(f"YAML syntax error: {problem}", path,
                        mark.line + 1 if mark is not None else None,
                        hint="fix the line (check indentation and quotes)")


def unsafe(doc: Any, path: Path) -> list[DossierError]:
    """What no pair file may hold, whatever the schema: explicit tags (``!!python/object`` and
    the like: ruamel keeps them inert, but they are never data), binary values and sets, and
    aliases (``*name``), which could make a few lines expand into millions of entries."""
    errs: list[DossierError] = []
    seen: set[int] = set()
    stack: list[tuple[Any, Any, Any]] = [(doc, None, None)]
    while stack:
        node, parent, key = stack.pop()
        line = _line(parent, key) if parent is not None else _line(node)
        tag = getattr(getattr(node, "tag", None), "value", None)
        if tag:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            errs.append(DossierError(f"the tag {shown!r} is not allowed", path, line,
                                     hint="a pair file holds plain text, numbers, lists and "
                                          "mappings; remove the tag"))
            continue
        if isinstance(node, (bytes, set, frozenset)):
            errs.append(DossierError(f"{type(node).__name__} values are not allowed", path, line,
                                     hint="write plain text, numbers, lists and mappings"))
            continue
        if not isinstance(node, (dict, list)):
            continue
        if id(node) in seen:
            errs.append(DossierError("aliases (*name) are not allowed", path, line,
                                     hint="write the value out instead of referring to it"))
            continue
        seen.add(id(node))
        children = list(node.items() if isinstance(node, dict) else enumerate(node))
        stack.extend((v, node, k) for k, v in reversed(children))    # document order
    return sorted(errs, key=lambda e: e.line or 0)


# ---------------------------------------------------------------------------------- schema

def validate(doc: Any, path: Path, known_codes: set[str]) -> list[DossierError]:
    """Every schema problem of one pair document (not only the first)."""
    errs: list[DossierError] = []

    def err(msg: str, node: Any = None, key: Any = None, hint: str | None = None) -> None:
        errs.append(DossierError(msg, path, _line(node, key) if node is not None else None, hint))

    if not isinstance(doc, dict):
        err(f"the file must be a mapping with {', '.join(f'`{k}`' for k in TOP_KEYS)}",
            hint="restore it from version control or delete it to regenerate it")
        return errs
    _check_top(doc, path.stem.split("-"), err)
    for section in SECTIONS:
        items = doc.get(section)
        if items is None:
            continue
        if not isinstance(items, list):
            err(f"`{section}` must be a list", doc, section)
            continue
        seen: dict[str, int | None] = {}
        for entry in items:
            if not isinstance(entry, dict):
                err(f"each item of `{section}` must be a mapping", items)
                continue
            _check_entry(section, entry, err, known_codes, seen)
    return errs


def _check_top(doc: dict[Any, Any], expected: list[str], err: _Report) -> None:
    """The keys at the top of the file: the pair its name says, a text summary, no other key."""
    pair = doc.get("pair")
    if plain(pair) != expected:
        err(f"pair {plain(pair)} does not match the file name (expected {expected})", doc, "pair",
            hint=f"set `pair: [{', '.join(expected)}]` or rename the file")
    if "summary" in doc and doc["summary"] is not None and not isinstance(doc["summary"], str):
        err("summary must be text", doc, "summary", hint="put it in quotes")
    for key in doc:
        if str(key) not in TOP_KEYS:
            err(_unknown_key(key, TOP_KEYS, "the file"), doc, key,
                hint=f"a pair file holds {', '.join(TOP_KEYS)}; write a note of your own as a "
                     "comment (# …)")


def _unknown_key(key: Any, allowed: tuple[str, ...], where: str) -> str:
    """The message for a key no pair file knows, with the likely intended one."""
    close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
    guess = f" (did you mean `{close[0]}`?)" if close else ""
    return f"unknown key `{key}` in {where}{guess}: it would be kept but ignored"


def _real_date(value: str) -> bool:
    """An ISO date (YYYY, YYYY-MM or YYYY-MM-DD) that is on the calendar: no 30 February."""
    if not _DATE.match(value):
        return False
    if len(value) == 10:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return False
    return True


def _check_entry(section: str, entry: dict[Any, Any], err: _Report, known_codes: set[str],
                 seen: dict[str, int | None]) -> None:
    """One entry: its keys and id, its values by kind, its country codes, its sources."""
    allowed = ENTRY_KEYS[section]
    for key in entry:
        if str(key) not in allowed:
            err(_unknown_key(key, allowed, f"an item of `{section}`"), entry, key,
                hint=f"an item of `{section}` holds {', '.join(allowed)}; write a note of your "
                     "own as a comment (# …)")
    _check_id(section, entry, err, seen)
    _check_values(section, entry, err)
    codes = _codes(entry, err)
    for f in FIELDS[section]:
        if f.kind == "event":
            _check_event(entry, f.name, err)
        elif f.kind == "score":
            _check_score(entry, f.name, err)
    for key, code in codes:
        if str(code) not in known_codes:
            err(f"unknown country code {str(code)!r}", entry, key,
                hint="use an ISO 3166-1 alpha-2 code such as KZ, or a historical code from the README")
    if "orphaned" in entry and not isinstance(entry["orphaned"], bool):
        err("`orphaned` must be true or false", entry, "orphaned")
    for key in named("sources"):
        _check_sources(entry, key, err)


def _check_id(section: str, entry: dict[Any, Any], err: _Report,
              seen: dict[str, int | None]) -> None:
    """An entry's id: present, and unique in its section (``seen``: the ids before, by line)."""
    eid = entry.get("id")
    if not isinstance(eid, (str, int)) or not str(eid):
        err(f"an item of `{section}` has no `id`", entry,
            hint="give it any unique id, e.g. `id: my-note-1`")
    elif str(eid) in seen:
        err(f"duplicate id {eid!r} in `{section}` (first on line {seen[str(eid)]})", entry, "id",
            hint="ids must be unique within a section")
    else:
        seen[str(eid)] = _line(entry, "id")


def _check_values(section: str, entry: dict[Any, Any], err: _Report) -> None:
    """The values of a closed list, the dates and the texts of an entry."""
    for key, allowed in CHOICES.items():
        if key in entry and entry[key] is not None and str(entry[key]) not in allowed:
            err(f"{key} {str(entry[key])!r} is not one of {', '.join(allowed)}", entry, key)
    for key in named("date"):
        if entry.get(key) is not None and not _real_date(str(entry[key])):
            err(f"{key} {str(entry[key])!r} is not an ISO 8601 date on the calendar (YYYY, "
                "YYYY-MM or YYYY-MM-DD)", entry, key,
                hint=f'write it in quotes, e.g. {key}: "1991-12-16", or null')
    for key in TEXT_FIELDS[section]:
        if entry.get(key) is not None and not isinstance(entry[key], str):
            err(f"`{key}` must be text, not {type(plain(entry[key])).__name__} "
                f"{plain(entry[key])!r}", entry, key, hint="put it in quotes")


def _codes(entry: dict[Any, Any], err: _Report) -> list[tuple[str, Any]]:
    """Every country code an entry names, by key (lists of codes, codes, actors and targets, in
    that order), for the caller to check; a value of the wrong shape is reported here."""
    codes: list[tuple[str, Any]] = []
    for key in named("codes"):
        if key not in entry or entry[key] is None:
            continue
        if isinstance(entry[key], list):
            codes += [(key, code) for code in entry[key]]
        else:
            err(f"`{key}` must be a list of country codes, e.g. [KZ, US]", entry, key)
    for key in named("code"):
        if entry.get(key) is not None:
            codes.append((key, entry[key]))
    for key in named("party"):
        if entry.get(key) is not None:
            codes += [(key, code) for code in _party_codes(entry, key, err)]
    return codes


def _party_codes(entry: dict[Any, Any], key: str, err: _Report) -> list[Any]:
    """The country code of a fact's `actor` or `target` (a code, or {country, sector}), for the
    caller to check; a mapping of another shape is reported here."""
    value = entry[key]
    if not isinstance(value, dict):
        return [value]
    for inner in value:
        if str(inner) not in PARTY_KEYS:
            err(_unknown_key(inner, PARTY_KEYS, f"`{key}`"), value, inner,
                hint=f"write `{key}: {{country: US, sector: GOV}}` or just `{key}: US`")
    sector = value.get("sector")
    if sector is not None and not isinstance(sector, str):
        err(f"`{key}.sector` must be text, e.g. GOV", value, "sector", hint="put it in quotes")
    return [value["country"]] if value.get("country") is not None else []


def _fits(value: Any, kinds: tuple[type, ...], bounds: tuple[float, float] | None) -> bool:
    """Whether a value is of one of the types (a boolean is no number) and within the bounds."""
    if isinstance(value, bool) or not isinstance(value, kinds):
        return False
    return bounds is None or bounds[0] <= cast(float, value) <= bounds[1]


def _check_event(entry: dict[Any, Any], key: str, err: _Report) -> None:
    """A fact's `event`: {code, label, quad_class, goldstein} or null."""
    event = entry.get(key)
    if isinstance(event, dict):
        for inner in event:
            if str(inner) not in EVENT_KEYS:
                err(_unknown_key(inner, EVENT_KEYS, f"`{key}`"), event, inner)
        for inner in EVENT_KEYS:
            kinds, what, bounds = _EVENT_SHAPES[inner]
            value = event.get(inner)
            if value is not None and not _fits(value, kinds, bounds):
                err(f"`{key}.{inner}` must be {what}, not {plain(value)!r}", event, inner,
                    hint='a CAMEO code keeps its leading zero in quotes: code: "0231"'
                    if inner == "code" else None)
    elif event is not None:
        err(f"`{key}` must be a mapping {{{', '.join(EVENT_KEYS)}}} or null", entry, key)


def _check_score(entry: dict[Any, Any], key: str, err: _Report) -> None:
    """A probability (a fact's `relevance`): a number from 0 to 1, or null."""
    score = entry.get(key)
    if score is not None and not _fits(score, (int, float), (0, 1)):
        err(f"{key} {plain(score)!r} is not a number from 0 to 1", entry, key)


def _check_sources(entry: dict[Any, Any], key: str, err: _Report) -> None:
    """The articles an entry cites: [{article: <id>, sentence: <number>}, …] or nothing."""
    sources = entry.get(key)
    if isinstance(sources, list):
        for s in sources:
            if not (isinstance(s, dict) and isinstance(s.get("article"), str)
                    and isinstance(s.get("sentence"), int)):
                err("each source must be {article: <article id>, sentence: <number>}", entry, key)
    elif sources is not None:
        err(f"`{key}` must be a list of {{article: …, sentence: …}}", entry, key)
