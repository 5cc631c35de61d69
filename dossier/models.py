"""The data model shared by the stages: articles in, mentions, facts, quotes and entities out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

TOPICS = ("diplomacy", "economy", "energy", "security", "military", "politics", "culture",
          "society", "health", "environment", "technology", "legal", "other")
TONES = ("cooperative", "conflictual", "neutral")
STATUSES = ("extracted", "edited", "verified", "rejected")
QUOTE_KINDS = ("direct", "indirect")


@dataclass(frozen=True)
class Article:
    """One source article after ingest: metadata plus the body text that all offsets refer to."""

    id: str                  # stable URL-safe slug: date + title words
    path: Path               # where it was read from
    title: str
    date: str | None         # ISO date YYYY-MM-DD or None
    text: str                # the body; every offset in the extraction is an index into it
    body_start: int = 0      # index in the file's (decoded) text where the body begins
    url: str | None = None
    publisher: str | None = None
    language: str | None = None
    digest: str = ""         # sha256 of the normalised body, for duplicate detection and the cache


@dataclass(frozen=True)
class Mention:
    """A span of text that names a country (by name, alias, demonym, capital or city)."""

    code: str
    text: str
    start: int
    end: int
    kind: str = "name"       # name | demonym | capital | city | leader | org


@dataclass(frozen=True)
class Entity:
    """A person or organisation named in the text."""

    text: str
    label: str               # PERSON | ORG | NORP | GPE …
    start: int
    end: int
    canonical: str
    country: str | None = None


@dataclass(frozen=True)
class Fact:
    """A sentence that states something about a pair of countries."""

    pair: tuple[str, str]
    sentence: int            # index of the sentence in the article
    start: int
    end: int
    text: str
    topic: str
    tone: str
    date: str | None
    countries: tuple[str, ...]
    actor: str | None = None
    target: str | None = None
    why: str = ""            # why the sentence is in the pair
    event: dict[str, Any] | None = None   # CAMEO code, label, quad_class, goldstein
    relevance: float | None = None        # the model's probability that it is about the pair
    actor_sector: str | None = None       # Phoenix sector (GOV, MIL, BUS …) of actor and target
    target_sector: str | None = None


@dataclass(frozen=True)
class Quote:
    """A statement attributed to a speaker, in quotation marks (direct) or reported (indirect)."""

    speaker: str
    speaker_start: int
    speaker_end: int
    speaker_country: str | None
    cue: str
    content: str
    start: int
    end: int
    kind: str                # direct | indirect
    sentence: int = 0
    speaker_head: int = -1   # offset of the word that names the speaker ("Murphy" in "the
                             # head of the PAC, Mike Murphy"); the span may say more
