"""The fields of a pair file's entries, declared once.

Every stage that touches an entry reads this table rather than its own list: the extraction's
record (``dossier extract --json``) and the proposals (``propose``) take a fact's fields from
it; the merge knows from it which fields the machine proposes, which make two proposals the same
claim, which a person may remove, which are written as null, and the order of an entry's keys;
validation which keys exist and what each must hold (by its kind: text, one of a closed list, a
date, country codes …); rendering and ``dossier export`` the shape of the values (``party``,
``event_of``).

A fact's ``actor`` and ``target`` were country codes before events were coded (``actor: US``);
they are now ``{country, sector}``. Both shapes are read everywhere (``party``), and a file
written before is upgraded by the merge like any proposal nobody edited: a field newer than
the file's base is filled in, a field a person changed is kept as they wrote it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from .models import QUOTE_KINDS, STATUSES, TONES, TOPICS

SECTIONS = ("facts", "quotes", "entities")
# Every key a pair file may hold at the top: anything else is a slip that would otherwise be kept
# and silently ignored.
TOP_KEYS = ("pair", "summary", *SECTIONS)


@dataclass(frozen=True)
class Field:
    """One field of an entry."""

    name: str
    kind: str                # text | choice | date | codes | code | party | event | score | sources
    machine: bool = True     # proposed by the extraction (a person may change it; then it is kept)
    identity: int = 0        # its place in what makes two proposals the same claim (0: no part)
    doc: str = ""
    optional: bool = False   # a person may remove it without that counting as a value ("no actor")
    null: bool = False       # written as null when unknown (`date: null`), not left out


FIELDS: dict[str, tuple[Field, ...]] = {
    "facts": (
        Field("text", "text", identity=1, doc="the sentence, as the claim"),
        Field("topic", "choice", doc="diplomacy, economy, … (models.TOPICS)"),
        Field("tone", "choice", doc="cooperative | conflictual | neutral"),
        Field("date", "date", doc="when it happened (ISO 8601, partial allowed) or null",
              null=True),
        Field("countries", "codes", doc="every country the sentence names"),
        Field("actor", "party", doc="who acts: {country, sector} (Phoenix sector) or null",
              optional=True),
        Field("target", "party", doc="who is acted on: {country, sector} or null", optional=True),
        Field("event", "event", doc="CAMEO {code, label, quad_class, goldstein} or null",
              optional=True),
        Field("relevance", "score", doc="the model's probability that it is about the pair",
              optional=True),
        Field("why", "text", doc="why the sentence is on the pair's page", optional=True),
        Field("sources", "sources", doc="[{article, sentence}], one per report of the event"),
    ),
    "quotes": (
        Field("speaker", "text", identity=1),
        Field("speaker_country", "code", null=True),
        Field("role", "text", optional=True),
        Field("cue", "text"),
        Field("text", "text", identity=2),
        Field("kind", "choice"),
        Field("sources", "sources"),
    ),
    "entities": (
        Field("name", "text", identity=2),
        Field("label", "text", identity=1),
        Field("country", "code", null=True),
        Field("members", "codes"),
        Field("sources", "sources"),
    ),
}
# What the machine proposes per section; a person may change any of it.
MACHINE_FIELDS = {s: tuple(f.name for f in fields if f.machine) for s, fields in FIELDS.items()}
# Fields that hold text (a number or a list there is a slip a person should hear about).
TEXT_FIELDS = {s: tuple(f.name for f in fields if f.kind == "text")
               for s, fields in FIELDS.items()}
# What makes two proposals the same claim whatever their id.
# The order is part of the key that bases store for deleted entries: never change it.
IDENTITY = {s: tuple(f.name for f in sorted(fields, key=lambda f: f.identity) if f.identity)
            for s, fields in FIELDS.items()}
# Fields a person may remove from an entry without it counting as a value ("no actor").
OPTIONAL = tuple(dict.fromkeys(f.name for fields in FIELDS.values() for f in fields if f.optional))
# Fields the machine writes as null when it knows no value; it leaves out the others.
NULL = tuple(dict.fromkeys(f.name for fields in FIELDS.values() for f in fields if f.null))
# Every key an entry may hold: anything else is a slip ("stauts").
ENTRY_KEYS = {s: ("id", *(f.name for f in fields), "status", "orphaned")
              for s, fields in FIELDS.items()}
FACT_FIELDS = MACHINE_FIELDS["facts"]
EVENT_KEYS = ("code", "label", "quad_class", "goldstein")
PARTY_KEYS = ("country", "sector")
# The closed lists a `choice` field (and an entry's `status`) takes its value from, in the order
# validation reports a value outside them.
CHOICES = {"topic": TOPICS, "tone": TONES, "status": STATUSES, "kind": QUOTE_KINDS}


@cache
def named(kind: str) -> tuple[str, ...]:
    """The fields of one kind in any section, each once, in the order declared. Validation checks
    a key by its name wherever it is written: a fact's `members` is an unknown key, and its codes
    are still checked."""
    return tuple(dict.fromkeys(f.name for fields in FIELDS.values() for f in fields
                               if f.kind == kind))


def is_rejected(entry: Mapping[str, Any]) -> bool:
    """Whether a person rejected an entry: it stays in the file and shows nowhere. Read leniently
    (" Rejected" too), as pages and export show what a person meant."""
    return str(entry.get("status") or "").strip().lower() == "rejected"


def plain(value: Any) -> Any:
    """ruamel's commented containers as plain Python, for comparison and rendering."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return str(value)


def _code(value: Any) -> str | None:
    """A code as text, None for a missing or blank one."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def party(value: Any) -> tuple[str | None, str | None]:
    """A fact's ``actor`` or ``target`` as (country, sector), whatever its shape: a country code
    (files written before events were coded), ``{country, sector}``, or null."""
    if isinstance(value, Mapping):
        return _code(value.get("country")), _code(value.get("sector"))
    if isinstance(value, (list, tuple, set, bool)):
        return None, None            # no shape of either version: nothing to read
    return _code(value), None


def party_dict(country: str | None, sector: str | None) -> dict[str, str | None] | None:
    """The ``actor``/``target`` value written for a country and its sector (None without one)."""
    return {"country": country, "sector": sector} if country else None


def event_of(value: Any) -> dict[str, Any] | None:
    """A fact's ``event`` as {code, label, quad_class, goldstein} (a missing key as None), or
    None when the fact has none (null, absent, or not a mapping)."""
    if not isinstance(value, Mapping):
        return None
    return {key: value.get(key) for key in EVENT_KEYS}


def fact_fields(record: Mapping[str, Any]) -> dict[str, Any]:
    """The machine fields of a fact from the extraction's record of it (``sources`` and
    ``countries`` are the caller's: they gather every report of the event)."""
    return {name: record.get(name) for name in FACT_FIELDS}
