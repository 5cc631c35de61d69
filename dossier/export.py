"""``dossier export``: every fact of every pair file as one table, for analysts.

One row per fact, rejected facts left out (``status: rejected`` drops an item everywhere, as on
the site); facts whose sources are all gone (``orphaned: true``) stay, with ``orphaned`` true, as
the pair pages show them too. Two files, written atomically after everything was read and checked:

- ``events.csv``: UTF-8, a header row, RFC 4180 quoting (CRLF line ends); ``sources`` holds the
  cited article ids joined by ``;``. A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab
  or a carriage return gets a leading apostrophe, so that a spreadsheet shows it as text instead
  of running it as a formula (OWASP's "CSV injection"); the numeric columns (``quad_class``,
  ``goldstein``, ``relevance``) are written as plain numbers and never altered.
- ``events.jsonl``: one JSON object per line with the values as they are (no apostrophe), nested
  where the pair file nests them: ``actor`` and ``target`` as ``{country, sector}``, ``event`` as
  ``{code, label, quad_class, goldstein}``, ``sources`` as a list of ``{article, sentence}``.

Pair files of both schema versions are read: ``actor: US`` as well as
``actor: {country: US, sector: GOV}`` (``schema.party``), and facts without ``event`` or
``relevance``. The same CSV, for one pair, is published beside its page (``render.py``).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .errors import DossierError
from .schema import EVENT_KEYS, event_of, is_rejected, party

COLUMNS = ("pair", "fact_id", "date", "actor_country", "actor_sector", "target_country",
           "target_sector", "cameo_code", "cameo_label", "quad_class", "goldstein", "topic", "tone",
           "status", "relevance", "text", "sources", "orphaned")
# Written as numbers; every other column is text and goes through the formula guard.
NUMERIC = frozenset({"quad_class", "goldstein", "relevance"})
FORMATS = ("csv", "jsonl", "both")
FILES = {"csv": "events.csv", "jsonl": "events.jsonl"}
# What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Line breaks that json.dumps leaves raw but str.splitlines() and some JSON Lines readers split on.
_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _number(value: Any) -> int | float | None:
    """A finite number, else None (the validator refuses anything else; JSON has no NaN)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value if math.isfinite(value) else None


def _party(value: Any) -> dict[str, str | None] | None:
    country, sector = party(value)
    return None if country is None and sector is None else {"country": country, "sector": sector}


def _sources(value: Any) -> list[dict[str, Any]]:
    return [{"article": _text(s.get("article")), "sentence": s.get("sentence")}
            for s in (value if isinstance(value, list) else []) if isinstance(s, Mapping)]


def record(slug: str, fact: Mapping[str, Any]) -> dict[str, Any]:
    """One fact of a pair file (plain data) as an exported record, nested as in JSON Lines."""
    event = event_of(fact.get("event"))
    if event is not None:
        event = {"code": _text(event["code"]), "label": _text(event["label"]),
                 "quad_class": _number(event["quad_class"]),
                 "goldstein": _number(event["goldstein"])}
    return {
        "pair": slug, "fact_id": _text(fact.get("id")), "date": _text(fact.get("date")),
        "actor": _party(fact.get("actor")), "target": _party(fact.get("target")),
        "event": event, "topic": _text(fact.get("topic")), "tone": _text(fact.get("tone")),
        # An entry without a status is the machine's, as the merge reads it.
        "status": _text(fact.get("status")) or "extracted",
        "relevance": _number(fact.get("relevance")), "text": _text(fact.get("text")) or "",
        "sources": _sources(fact.get("sources")), "orphaned": fact.get("orphaned") is True,
    }


def _order(rec: Mapping[str, Any]) -> tuple[str, bool, str, str]:
    """Pair, then date with undated facts last, then id. Partial ISO dates sort as text: 1991
    before 1991-03 before 1991-03-02."""
    return rec["pair"], rec["date"] is None, rec["date"] or "", rec["fact_id"] or ""


def records(slug: str, data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every fact of one pair file (plain data) that is not rejected, in export order."""
    facts = data.get("facts")
    return sorted((record(slug, f) for f in (facts if isinstance(facts, list) else [])
                   if isinstance(f, Mapping) and not is_rejected(f)), key=_order)


def flat(rec: Mapping[str, Any]) -> dict[str, Any]:
    """A record as one CSV row: nested values in columns of their own, sources as ids."""
    actor, target = rec["actor"] or {}, rec["target"] or {}
    event = rec["event"] or dict.fromkeys(EVENT_KEYS)
    ids = [s["article"] for s in rec["sources"] if s["article"]]
    return {
        "pair": rec["pair"], "fact_id": rec["fact_id"], "date": rec["date"],
        "actor_country": actor.get("country"), "actor_sector": actor.get("sector"),
        "target_country": target.get("country"), "target_sector": target.get("sector"),
        "cameo_code": event["code"], "cameo_label": event["label"],
        "quad_class": event["quad_class"], "goldstein": event["goldstein"],
        "topic": rec["topic"], "tone": rec["tone"], "status": rec["status"],
        "relevance": rec["relevance"], "text": rec["text"],
        "sources": ";".join(dict.fromkeys(ids)),      # each article once, in citation order
        "orphaned": rec["orphaned"],
    }


def cell(column: str, value: Any) -> Any:
    """One CSV cell: numbers stay numbers in the numeric columns; text that a spreadsheet would
    run as a formula is prefixed with an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if column in NUMERIC and isinstance(value, (int, float)):
        return value
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(recs: Iterable[Mapping[str, Any]]) -> str:
    """The CSV of some records, header first (RFC 4180: CRLF, quotes only where needed)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for rec in recs:
        row = flat(rec)
        writer.writerow([cell(c, row[c]) for c in COLUMNS])
    return out.getvalue()


def jsonl_text(recs: Iterable[Mapping[str, Any]]) -> str:
    """One JSON object a line, keys in column order."""
    lines = []
    for rec in recs:
        line = json.dumps(rec, ensure_ascii=False, allow_nan=False)
        for raw, escaped in _LINE_BREAKS.items():
            line = line.replace(raw, escaped)
        lines.append(line + "\n")
    return "".join(lines)


def read_all(relations: Path) -> list[dict[str, Any]]:
    """The records of every pair file, read and checked as the build reads them: any problem
    (a YAML syntax error, an unknown key, a broken base) stops the export with every message."""
    from . import countries, store

    if not relations.is_dir():
        raise DossierError("pair files folder not found", relations,
                           hint="run `make build` first, in the project folder (or pass --root)")
    files, errors = store.load_relations(relations, set(countries.load().names))
    if errors:
        raise DossierError("the dossier's files have problems; nothing was written:\n"
                           + "\n".join(f"  {e}" for e in errors))
    return sorted((rec for rel in files.values() for rec in records(rel.path.stem, rel.data)),
                  key=_order)


def export(relations: Path, out: Path, fmt: str = "both") -> tuple[list[Path], int, int]:
    """Write the events table(s) into ``out``: (files written, facts, pairs). Everything is read
    and made in memory first, so a refusal writes nothing."""
    from .store import atomic_write

    if fmt not in FORMATS:
        raise DossierError(f"unknown format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}")
    recs = read_all(relations)
    texts: dict[Path, str] = {}
    if fmt in ("csv", "both"):
        texts[out / FILES["csv"]] = csv_text(recs)
    if fmt in ("jsonl", "both"):
        texts[out / FILES["jsonl"]] = jsonl_text(recs)
    for path, text in texts.items():
        try:
            atomic_write(path, text)
        except OSError as exc:
            raise DossierError(f"cannot write the file: {exc.strerror or exc}", path,
                               hint="choose another folder with --out") from exc
    return list(texts), len(recs), len({r["pair"] for r in recs})
