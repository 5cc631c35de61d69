"""What the pages show, read once from the pair files and the articles into typed records.

Every record is built complete by one function and never changed afterwards. What a record needs
from elsewhere is known before it is built: a citation's link needs the page that holds its
sentence, so the articles are split over pages first (from the texts that cite each sentence,
``citing_texts``); a person's link needs the slug of their page (``across_pairs.person_slugs``).
Where a fact or quote sits among a pair's pages is known only once the pair is read, so the rows
of ``across_pairs`` that link to one carry that link themselves.

Values from the files are untrusted and checked here: slugs, flags, URLs, CAMEO codes, citations
(one that points nowhere is shown unlinked, with a warning).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from dossier import charts, paging
from dossier.errors import DossierError
from dossier.extract.events import codebook
from dossier.filters import http_url, is_slug, one_line
from dossier.models import TONES
from dossier.schema import is_rejected

# A flag picture's name: a two-letter code in lower case (templates/assets/flags/kz.svg).
FLAG = re.compile(r"[a-z]{2}")
ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_CAMEO_CODE = re.compile(r"(0[1-9]|1\d|20)\d{0,2}")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"

Raw = Mapping[str, Any]


# -------------------------------------------------------------------------- articles, countries

@dataclass(frozen=True, eq=False)
class Article:
    """A source article: its metadata and its sentences."""

    id: str                        # a checked slug: the source page's file name
    title: str
    short_title: str               # the title clipped for index tables and lists of sources
    date: str | None
    url: str | None                # the original's address, when it is a safe http(s) link
    raw_url: str | None            # the address as given, shown as text when it is not
    publisher: str | None
    path: str | None
    sentences: tuple[str, ...]


def read_articles(raw: Iterable[Raw]) -> dict[str, Article]:
    """Article id → Article; an id that is not a slug, or is used twice, stops the render."""
    out: dict[str, Article] = {}
    for a in raw:
        aid = a.get("id")
        if not is_slug(aid):
            raise DossierError(f"article id {aid!r} is not a URL-safe slug ([A-Za-z0-9-]+, "
                               "not 'index')",
                               a.get("path"), hint="the ingest stage must produce slugs")
        if aid in out:
            raise DossierError(f"article id {aid!r} is used twice", a.get("path"))
        title = str(a.get("title") or aid)
        out[aid] = Article(
            id=aid, title=title, short_title=paging.clip(title, paging.MAX_TITLE),
            date=_optional(a.get("date")), url=http_url(a.get("url")),
            raw_url=_optional(a.get("url")), publisher=_optional(a.get("publisher")),
            path=_optional(a.get("path")),
            sentences=tuple(s if isinstance(s, str) else "" for s in a.get("sentences") or []))
    return out


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    flag: str                      # a shipped picture's two-letter name, or "" for none
    historical: bool
    page: bool                     # a pair names it, so it has a page


@dataclass(frozen=True)
class Countries:
    """Country records by code: names from the gazetteer, the flags that ship with the site, and
    a page for every code of a pair."""

    info: Mapping[str, Raw]
    flags: frozenset[str]
    paged: frozenset[str]

    def get(self, code: str) -> Country:
        info = self.info.get(code) or {}
        return Country(code=code, name=str(info.get("name") or code),
                       flag=self._flag(code, info.get("flag")),
                       historical=bool(info.get("historical")), page=code in self.paged)

    def optional(self, code: object) -> Country | None:
        return self.get(code) if isinstance(code, str) and code.strip() else None

    def _flag(self, code: str, flag: object) -> str:
        """The country's flag picture, only when it is the code's own and ships with the site: the
        picture's path is made from a two-letter code, never from text a file supplies, and a
        country without a picture (a historical state) shows none rather than a broken image."""
        stem = code.lower()
        return stem if flag == stem and FLAG.fullmatch(stem) and stem in self.flags else ""


def pair_codes(relations: Iterable[Raw]) -> list[tuple[str, str]]:
    """Each pair file's two country codes, sorted; bad or repeated pairs stop the render."""
    out = []
    for raw in relations:
        codes = raw.get("pair")
        if (not isinstance(codes, (list, tuple)) or len(codes) != 2
                or not all(is_slug(c) for c in codes) or codes[0] == codes[1]):
            raise DossierError(f"pair {codes!r} is not two different country codes "
                               "([A-Za-z0-9-]+)", hint="fix the 'pair:' line of the relation file")
        a, b = sorted(codes)
        out.append((a, b))
    seen = Counter(f"{a}-{b}" for a, b in out)
    twice = sorted(s for s, n in seen.items() if n > 1)
    if twice:
        raise DossierError(f"pair {twice[0]} is given more than once",
                           f"content/relations/{twice[0]}.yaml")
    return out


# ------------------------------------------------------------------------------------- entries

@dataclass(frozen=True)
class Cite:
    """One citation: its label ("1", "2a"), and the article, sentence and link of the sentence
    it points to; one that points nowhere is shown unlinked, labelled "?"."""

    label: str
    article: str | None = None
    sentence: int | None = None
    href: str | None = None


@dataclass(frozen=True, eq=False)
class Entry:
    """What facts, quotes and entities share. Compared by identity: two entries with the same
    text are still two places on the pages."""

    kind: ClassVar[str]
    anchor: str | None             # its id on the pair page, when the id is a slug
    sources: tuple[Cite, ...]

    @property
    def cites(self) -> tuple[Cite, ...]:
        """The citations a page shows; the rest are counted (``more_cites``)."""
        return self.sources[:paging.MAX_CITES]

    @property
    def more_cites(self) -> int:
        return max(0, len(self.sources) - paging.MAX_CITES)


@dataclass(frozen=True)
class Event:
    """A fact's CAMEO event, as far as it is well formed: a code, a QuadClass 1–4 and a
    Goldstein weight in range count (a person may have written anything there)."""

    code: str | None = None
    root: str | None = None
    quad: int | None = None
    goldstein: float | None = None
    label: str = ""
    quad_name: str = ""


@dataclass(frozen=True, eq=False)
class Statement(Entry):
    """A fact or a quote: an entry with a text, of which pages show the first
    ``paging.MAX_TEXT`` characters."""

    text: str

    @property
    def shown_text(self) -> str:
        return paging.clip(self.text, paging.MAX_TEXT)


@dataclass(frozen=True, eq=False)
class Fact(Statement):
    kind: ClassVar[str] = "fact"
    topic: str
    tone: str
    date: str | None
    iso_date: str | None           # the date, when it is one (YYYY, YYYY-MM or YYYY-MM-DD)
    event: Event
    sources_count: int             # how many articles report it


@dataclass(frozen=True, eq=False)
class Quote(Statement):
    kind: ClassVar[str] = "quote"
    speaker: str
    speaker_country: Country | None
    role: str | None               # the speaker's, as the sentence gives it
    cue: str                       # the reporting verb: "said", "warned" …
    direct: bool                   # quoted in their words, not reported


@dataclass(frozen=True, eq=False)
class Entity(Entry):
    kind: ClassVar[str] = "entity"
    name: str
    label: str                     # PERSON or ORG
    country: Country | None
    members: tuple[str, ...]       # an international organisation's member codes
    page: str | None               # the slug of a person's own page


def kept_entries(raw: Raw, key: str) -> tuple[list[Raw], list[str]]:
    """The non-rejected mapping entries of one list of a pair file, and what was left out."""
    entries = raw.get(key) or []
    if not isinstance(entries, list):
        return [], [f"'{key}' is not a list; ignored"]
    kept: list[Raw] = []
    problems: list[str] = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, Mapping):
            problems.append(f"{key}[{i}] is not a mapping; ignored")
        elif not is_rejected(entry):
            kept.append(entry)
    return kept, problems


def sources_of(entry: Raw) -> list[object]:
    """An entry's citations as written (anything but a list counts as none)."""
    raw = entry.get("sources") or []
    return raw if isinstance(raw, list) else []


def _cited(src: object) -> tuple[object, object]:
    """The article and sentence a citation names, as written."""
    return ((src.get("article"), src.get("sentence")) if isinstance(src, Mapping)
            else (None, None))


def cited_sentence(src: object, articles: Mapping[str, Article]) -> tuple[str, int] | None:
    """(article id, sentence index) of a citation, or None when there is no such sentence."""
    aid, n = _cited(src)
    article = articles.get(aid) if isinstance(aid, str) else None
    if (article is None or not isinstance(aid, str) or not isinstance(n, int)
            or isinstance(n, bool) or not 0 <= n < len(article.sentences)):
        return None
    return aid, n


def entry_text(entry: Raw) -> str:
    """A fact's or quote's text."""
    return str(entry.get("text") or "")


def citing_texts(relations: Iterable[Raw], articles: Mapping[str, Article]
                 ) -> dict[str, dict[int, list[str]]]:
    """Article id → sentence → the text of each fact and quote citing it, in the order its
    source page lists them. It sizes the source pages, before any entry is built."""
    out: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for raw in relations:
        for key in ("facts", "quotes"):
            for entry in kept_entries(raw, key)[0]:
                for src in sources_of(entry):
                    if (hit := cited_sentence(src, articles)) is not None:
                        out[hit[0]][hit[1]].append(entry_text(entry))
    return out


def _optional(value: object) -> str | None:
    return str(value) if value else None


def _event(value: object) -> Event:
    ev = value if isinstance(value, Mapping) else {}
    code = str(ev.get("code") or "")
    code = code if _CAMEO_CODE.fullmatch(code) else ""
    quad = ev.get("quad_class")
    quad = quad if isinstance(quad, int) and not isinstance(quad, bool) and quad in charts.QUADS else None
    g = ev.get("goldstein")
    g = float(g) if isinstance(g, (int, float)) and not isinstance(g, bool) \
        and abs(g) <= charts.GOLDSTEIN_MAX else None
    return Event(code=code or None, root=code[:2] or None, quad=quad, goldstein=g,
                 label=str(ev.get("label") or "") if code else "",
                 quad_name=charts.QUADS.get(quad or 0, ""))


# ---------------------------------------------------------------------------------------- pairs

@dataclass(frozen=True)
class Tones:
    cooperative: int = 0
    conflictual: int = 0
    neutral: int = 0


@dataclass(frozen=True, eq=False)
class Pair:
    """A country pair and everything its file says, as its pages show it."""

    slug: str
    a: Country
    b: Country
    summary: tuple[str, ...]               # paragraphs
    facts: tuple[Fact, ...]
    # Facts by event type, cooperation first, as CAMEO orders them; uncoded ones last.
    groups: tuple[tuple[str, tuple[Fact, ...]], ...]
    quotes: tuple[Quote, ...]
    entities: tuple[Entity, ...]           # people and organisations, as the file lists them
    tones: Tones
    goldstein: float | None                # the mean weight of its coded events
    sources: tuple[Article, ...]           # in order of first citation
    dated: tuple[Fact, ...]                # the latest dated facts, oldest first
    dated_total: int
    period: tuple[str, str] | None         # the first and last date of its facts

    @property
    def codes(self) -> tuple[str, str]:
        return self.a.code, self.b.code

    @property
    def name(self) -> str:
        return f"{self.a.name} – {self.b.name}"

    @property
    def title(self) -> str:
        return self.name                   # plain text: the flags are pictures in the page body

    @property
    def href(self) -> str:
        return f"pairs/{self.slug}.md"

    @property
    def people(self) -> tuple[Entity, ...]:
        return tuple(e for e in self.entities if e.label == "PERSON")

    @property
    def organisations(self) -> tuple[Entity, ...]:
        return tuple(e for e in self.entities if e.label != "PERSON")

    @property
    def volume(self) -> int:
        return len(self.facts) + len(self.quotes)


class PairReader:
    """Reads pair files into Pairs. A citation links to the page that holds its sentence
    (``sentence_pages``), a person to their own page (``person_pages``); what had to be left out
    or shown unlinked is told in ``warnings``."""

    def __init__(self, articles: Mapping[str, Article], countries: Countries,
                 sentence_pages: Mapping[tuple[str, int], str],
                 person_pages: Mapping[str, str]) -> None:
        self.articles = articles
        self.countries = countries
        self.sentence_pages = sentence_pages
        self.person_pages = person_pages
        self.warnings: list[str] = []

    def pair(self, raw: Raw, codes: tuple[str, str]) -> Pair:
        slug = f"{codes[0]}-{codes[1]}"
        where = f"content/relations/{slug}.yaml"
        cited: list[str] = []      # article ids in order of first citation on the pair page
        facts = tuple(self._fact(f, where, cited) for f in self._kept(raw, "facts", where))
        quotes = tuple(self._quote(q, where, cited) for q in self._kept(raw, "quotes", where))
        entities = tuple(self._entity(e, where, cited)
                         for e in self._kept(raw, "entities", where))
        groups: dict[tuple[int, str], list[Fact]] = {}
        for f in facts:
            groups.setdefault((f.event.quad or 5, f.event.root or "99"), []).append(f)
        tones = Counter(f.tone for f in facts)
        dated = sorted((f for f in facts if f.iso_date), key=lambda f: f.iso_date or "")
        scores = [f.event.goldstein for f in facts if f.event.goldstein is not None]
        return Pair(
            slug=slug, a=self.countries.get(codes[0]), b=self.countries.get(codes[1]),
            summary=tuple(part for part in PARAGRAPH_BREAK.split(str(raw.get("summary") or ""))
                          if part.strip()),
            facts=facts,
            groups=tuple((_root_heading(root), tuple(fs))
                         for (_, root), fs in sorted(groups.items())),
            quotes=quotes, entities=entities,
            tones=Tones(**{t: tones.get(t, 0) for t in TONES}),
            goldstein=round(sum(scores) / len(scores), 1) if scores else None,
            sources=tuple(self.articles[aid] for aid in cited),
            dated=tuple(dated[-paging.MAX_DATED:]), dated_total=len(dated),
            period=(dated[0].iso_date or "", dated[-1].iso_date or "") if dated else None)

    def _kept(self, raw: Raw, key: str, where: str) -> list[Raw]:
        kept, problems = kept_entries(raw, key)
        self.warnings += [f"{where}: {problem}" for problem in problems]
        return kept

    def _cites(self, entry: Raw, where: str, cited: list[str]) -> tuple[Cite, ...]:
        """An entry's citations, labelled by the article's place among the pair's sources, and
        a letter for each of several sentences of one article (1a, 1b …)."""
        found: list[tuple[str, int] | None] = []
        for src in sources_of(entry):
            hit = cited_sentence(src, self.articles)
            if hit is None:
                aid, n = _cited(src)
                self.warnings.append(f"{where}: entry {entry.get('id')!r} cites {aid!r} "
                                     f"sentence {n!r}, which does not exist; shown unlinked")
            elif hit[0] not in cited:
                cited.append(hit[0])
            found.append(hit)
        per_article = Counter(hit[0] for hit in found if hit)
        seen: Counter[str] = Counter()
        out = []
        for hit in found:
            if hit is None:
                out.append(Cite("?"))
                continue
            aid, n = hit
            label = str(cited.index(aid) + 1)
            if per_article[aid] > 1:
                label += _LETTERS[seen[aid] % 26]
                seen[aid] += 1
            out.append(Cite(label, aid, n, f"{self.sentence_pages[hit]}#s{n}"))
        return tuple(out)

    def _fact(self, f: Raw, where: str, cited: list[str]) -> Fact:
        date = f.get("date")
        sources = self._cites(f, where, cited)
        return Fact(anchor=_anchor("fact", f), sources=sources, text=entry_text(f),
                    topic=str(f.get("topic") or "other"),
                    tone=f["tone"] if f.get("tone") in TONES else "neutral",
                    date=str(date) if date is not None else None,
                    iso_date=str(date) if ISO_DATE.fullmatch(str(date)) else None,
                    event=_event(f.get("event")),
                    sources_count=len({c.article for c in sources if c.article}))

    def _quote(self, q: Raw, where: str, cited: list[str]) -> Quote:
        return Quote(anchor=_anchor("quote", q), sources=self._cites(q, where, cited),
                     speaker=str(q.get("speaker") or "unknown speaker"),
                     speaker_country=self.countries.optional(q.get("speaker_country")),
                     role=_optional(q.get("role")), cue=str(q.get("cue") or "said"),
                     text=entry_text(q), direct=q.get("kind") == "direct")

    def _entity(self, e: Raw, where: str, cited: list[str]) -> Entity:
        name = str(e.get("name") or "")
        person = e.get("label") == "PERSON"
        members = e.get("members")
        return Entity(anchor=_anchor("entity", e), sources=self._cites(e, where, cited),
                      name=name, label="PERSON" if person else "ORG",
                      country=self.countries.optional(e.get("country")),
                      members=tuple(c for c in members if is_slug(c))
                      if isinstance(members, list) else (),
                      page=self.person_pages.get(one_line(name).casefold()) if person else None)


def _anchor(kind: str, entry: Raw) -> str | None:
    eid = str(entry.get("id"))
    return f"{kind}-{eid}" if is_slug(eid) else None


def _root_heading(root: str) -> str:
    """The heading of a group of facts: the CAMEO root's label and code."""
    label = codebook().get(root, ("", 0, 0.0))[0]
    return f"{label} ({root})" if label else "Other facts"
