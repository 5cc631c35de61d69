"""The gazetteer: country codes, names, aliases, demonyms, capitals, renamed places and leaders.

Data comes from two places: ISO 3166-1 names from the maintained ``pycountry`` package, and the
curated ``dossier/data/gazetteer.yaml`` (aliases, demonyms, seats of government, cities, renamed
places with date ranges, historical states, organisations and office-holders with term dates).
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pycountry
import yaml

from .errors import DossierError

# DOSSIER_GAZETTEER points at another gazetteer file (for trying additions before sharing them).
DATA = Path(os.environ.get("DOSSIER_GAZETTEER") or Path(__file__).parent / "data" / "gazetteer.yaml")

# Kinds of surface forms, from the most to the least specific evidence of a country.
KINDS = ("name", "demonym", "capital", "city", "leader")


@dataclass(frozen=True)
class Form:
    """One surface form ("Nur-Sultan") that stands for a country within an optional date range."""

    text: str
    code: str
    kind: str
    valid_from: str | None = None
    valid_to: str | None = None
    role: str | None = None          # for leaders: "President", "Foreign Minister" …
    canonical: str | None = None     # for leaders: the full name

    def valid_on(self, date: str | None) -> bool:
        """True when the form names its country on ``date`` (ISO, partial allowed); always without a date."""
        if date is None:
            return True
        if self.valid_from and date < str(self.valid_from)[: len(date)]:
            return False
        if self.valid_to and date > str(self.valid_to)[: len(date)]:
            return False
        return True


@dataclass(frozen=True)
class Organisation:
    key: str
    name: str
    aliases: tuple[str, ...]
    members: tuple[str, ...]


@dataclass(eq=False)
class Gazetteer:
    names: dict[str, str] = field(default_factory=dict)        # code -> display name
    historical: dict[str, dict] = field(default_factory=dict)  # code -> entry (successors, note …)
    forms: list[Form] = field(default_factory=list)
    ambiguous: set[str] = field(default_factory=set)
    organisations: list[Organisation] = field(default_factory=list)

    def name(self, code: str) -> str:
        return self.names.get(code, code)

    def flag(self, code: str) -> str:
        """The emoji flag of a current ISO code; empty for historical states."""
        if code in self.historical or len(code) != 2 or not code.isalpha():
            return ""
        return "".join(chr(0x1F1E6 + ord(c) - ord("A")) for c in code.upper())

    def is_code(self, code: str) -> bool:
        return code in self.names

    def country_info(self) -> dict[str, dict]:
        return {c: {"name": n, "flag": self.flag(c), "historical": c in self.historical}
                for c, n in self.names.items()}


def _ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _variants(text: str, kind: str) -> set[str]:
    """The spellings under which a form is matched: as written, without accents, and in capitals
    for datelines ("LONDON") — but never lower case, which would turn "us" or "china" into countries."""
    if text.lower().startswith("the "):
        text = text[4:]      # the article is not part of the name: "the Kremlin" matches "Kremlin"
    out = {text, _ascii_fold(text)}
    if kind in ("name", "demonym", "capital", "city") and len(text) > 3:
        out |= {text.upper(), _ascii_fold(text).upper()}
    return {v for v in out if v.strip()}


def _str(value: object) -> str | None:
    return None if value is None else str(value)


@lru_cache(maxsize=4)
def load(path: Path | None = None) -> Gazetteer:
    """Load the gazetteer once per process (it is read-only)."""
    path = path or DATA
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise DossierError(f"invalid gazetteer YAML: {exc}", path,
                           None if line is None else line + 1) from exc
    gaz = Gazetteer()
    seen: set[tuple[str, str, str]] = set()

    def add(text: str, code: str, kind: str, **kw: object) -> None:
        for v in _variants(text, kind):
            key = (v, code, kind)
            if key not in seen:
                seen.add(key)
                gaz.forms.append(Form(v, code, kind, **kw))  # type: ignore[arg-type]

    for c in pycountry.countries:
        code = c.alpha_2
        gaz.names[code] = getattr(c, "common_name", None) or c.name
        for n in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            # "Korea, Republic of" is a catalogue name, not one that news text uses.
            if n and "," not in n and "(" not in n:
                add(n, code, "name")
    for code, entry in (data.get("countries") or {}).items():
        _add_entry(gaz, add, code, entry)
    for code, entry in (data.get("historical") or {}).items():
        gaz.historical[code] = entry
        # A historical state's own names are valid whenever they are written: no date range.
        _add_entry(gaz, add, code, entry)
    for key, entry in (data.get("organisations") or {}).items():
        members = entry.get("members") or []
        if members == "all":
            members = [c for c in gaz.names if c not in gaz.historical]
        gaz.organisations.append(Organisation(
            key, entry.get("name", key), tuple(entry.get("aliases") or [key]), tuple(members)))
    return gaz


def _add_entry(gaz: Gazetteer, add, code: str, entry: dict) -> None:  # type: ignore[no-untyped-def]
    if entry.get("name"):
        gaz.names[code] = entry["name"]
        add(entry["name"], code, "name")
    for kind, key in (("name", "aliases"), ("demonym", "demonyms"), ("capital", "capitals"),
                      ("city", "cities")):
        for text in entry.get(key) or []:
            add(str(text), code, kind)
    for r in entry.get("renamed") or []:
        add(str(r["name"]), code, r.get("kind", "name"),
            valid_from=_str(r.get("from")), valid_to=_str(r.get("to")))
    for text in entry.get("ambiguous") or []:
        gaz.ambiguous.add(str(text))
    for person in entry.get("leaders") or []:
        full = str(person["name"])
        for text in {full, *map(str, person.get("aliases") or [])}:
            add(text, code, "leader", valid_from=_str(person.get("from")),
                valid_to=_str(person.get("to")), role=person.get("role"), canonical=full)


def pair_key(a: str, b: str) -> tuple[str, str]:
    """An unordered pair in its canonical (alphabetical) order."""
    return (a, b) if a <= b else (b, a)
