"""Render the relation files and articles into Markdown pages for MkDocs (or Zensical).

All page contexts are built and checked first, then every page is rendered, and only then is
anything written (MkDocs' build order: gather all data "to ensure all data is consistent").

Every value that comes from an article or a YAML file is untrusted. Templates pass each one through
the ``md`` filter, which collapses whitespace and turns every ASCII punctuation character into a
numeric HTML character reference. Python-Markdown leaves character references alone, so no data can
form Markdown syntax (links, emphasis, headings, attribute lists), HTML tags or attributes; the
browser shows the characters literally. Paths and anchors are built only from validated slugs.
"""

from __future__ import annotations

import json
import logging
import os
import posixpath
import re
import string
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeGuard

import jinja2

from dossier import charts, export, paging
from dossier.errors import DossierError
from dossier.extract.events import codebook
from dossier.models import TONES

log = logging.getLogger(__name__)

SLUG = re.compile(r"[A-Za-z0-9-]+")
# A flag picture's name: a two-letter code in lower case (templates/assets/flags/kz.svg).
FLAG = re.compile(r"[a-z]{2}")
ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
HTTP_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]+", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")
# Control characters, and the bidirectional overrides, embeddings and isolates (U+202A–U+202E,
# U+2066–U+2069): untrusted text could use those to show a reader something other than what it
# says ("txt.exe" displayed as "exe.txt"). Marks (U+200E, U+200F) stay: right-to-left text needs
# them and they override nothing.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
# Every ASCII punctuation character becomes a character reference: a superset of what Markdown,
# its extensions (attr_list, tables, emoji …), HTML and Jinja treat as syntax.
_ESCAPES = {ord(ch): f"&#{ord(ch)};" for ch in string.punctuation}
_TITLE_PUNCTUATION = " -–—.,:;()!?/"
TOP_PAIRS = 10
MAX_WARNINGS = 10     # render warnings shown one by one; the rest are counted


@dataclass
class RenderReport:
    """What render_site did to the docs folder."""

    pages_written: int = 0
    pages_unchanged: int = 0
    pages_removed: int = 0
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------- filters

def md(value: object) -> str:
    """Untrusted value → inline Markdown that displays exactly that text and nothing else."""
    if value is None:
        return ""
    return _md_text(value if isinstance(value, str) else str(value))


@lru_cache(maxsize=1 << 16)
def _md_text(text: str) -> str:
    # Cached: page sizes are estimated from the escaped text before the pages render it.
    text = _CONTROL.sub("", text)
    text = _WHITESPACE.sub(" ", text).strip()
    return text.translate(_ESCAPES)


def yaml_title(value: object) -> str:
    """Untrusted value → a quoted YAML scalar for a page's front-matter title.

    MkDocs themes put the page title into <title> and the header without escaping it, so only
    letters, digits, spaces and harmless punctuation are kept.
    """
    text = _WHITESPACE.sub(" ", str(value or "")).strip()
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


# ------------------------------------------------------------------------------------ the model

def _entries(pair: Mapping[str, Any], key: str, where: str, warn: list[str]) -> list[dict]:
    """The non-rejected dict entries of one list of a pair file."""
    raw = pair.get(key) or []
    if not isinstance(raw, list):
        warn.append(f"{where}: '{key}' is not a list; ignored")
        return []
    kept = []
    for i, entry in enumerate(raw):
        if not isinstance(entry, Mapping):
            warn.append(f"{where}: {key}[{i}] is not a mapping; ignored")
            continue
        if str(entry.get("status") or "").strip().lower() == "rejected":
            continue
        kept.append(dict(entry))
    return kept


class _Site:
    """Every page context, built from the inputs before anything is rendered."""

    def __init__(self, relations: list[dict], articles: list[dict],
                 countries: Mapping[str, Mapping[str, Any]],
                 flags: frozenset[str] = frozenset()) -> None:
        self.warnings: list[str] = []
        self.flags = flags
        self._cited: list[str] = []
        self.articles = self._articles(articles)
        self.raw_countries = countries
        self.pairs = [self._pair(p) for p in relations]
        self._check_unique_pairs()
        self.country_pairs: dict[str, list[dict]] = defaultdict(list)
        for p in self.pairs:
            for code in p["codes"]:
                self.country_pairs[code].append(p)
        self.countries = {c: self.country(c) for c in sorted(self.country_pairs)}
        for p in self.pairs:
            p["a"], p["b"] = self.country(p["codes"][0]), self.country(p["codes"][1])
            for q in p["quotes"]:
                q["speaker_country"] = self.country_or_none(q["speaker_country"])
            for e in p["entities"]:
                e["country"] = self.country_or_none(e["country"])
            p["name"] = f"{p['a']['name']} – {p['b']['name']}"
            p["title"] = p["name"]        # plain text: the flags are pictures in the page body
        self.extractions = self._extractions()

    # articles ---------------------------------------------------------------------------------
    def _articles(self, articles: list[dict]) -> dict[str, dict]:
        out: dict[str, dict] = {}
        for a in articles:
            aid = a.get("id")
            if not is_slug(aid):
                raise DossierError(f"article id {aid!r} is not a URL-safe slug ([A-Za-z0-9-]+, "
                                   "not 'index')",
                                   a.get("path"), hint="the ingest stage must produce slugs")
            if aid in out:
                raise DossierError(f"article id {aid!r} is used twice", a.get("path"))
            sentences = [s if isinstance(s, str) else "" for s in a.get("sentences") or []]
            out[aid] = {
                "id": aid,
                "title": a.get("title") or aid,
                "date": a.get("date"),
                "url": http_url(a.get("url")),
                "raw_url": a.get("url"),
                "publisher": a.get("publisher"),
                "path": a.get("path"),
                "sentences": sentences,
            }
        return out

    def country(self, code: str) -> dict:
        info = self.raw_countries.get(code) or {}
        return {
            "code": code,
            "name": info.get("name") or code,
            "flag": self._flag(code, info.get("flag")),
            "historical": bool(info.get("historical")),
            "page": code in self.country_pairs,
        }

    def _flag(self, code: str, flag: object) -> str:
        """The country's flag picture, only when it is the code's own and ships with the site: the
        picture's path is made from a two-letter code, never from text a file supplies, and a
        country without a picture (a historical state) shows none rather than a broken image."""
        stem = code.lower()
        return stem if flag == stem and FLAG.fullmatch(stem) and stem in self.flags else ""

    def country_or_none(self, code: object) -> dict | None:
        return self.country(code) if isinstance(code, str) and code.strip() else None

    # pairs ------------------------------------------------------------------------------------
    def _pair(self, raw: Mapping[str, Any]) -> dict:
        codes = raw.get("pair")
        if (not isinstance(codes, (list, tuple)) or len(codes) != 2
                or not all(is_slug(c) for c in codes) or codes[0] == codes[1]):
            raise DossierError(f"pair {codes!r} is not two different country codes "
                               "([A-Za-z0-9-]+)", hint="fix the 'pair:' line of the relation file")
        a, b = sorted(codes)
        slug = f"{a}-{b}"
        where = f"content/relations/{slug}.yaml"
        self._cited = []   # article ids in order of first citation on the pair page
        facts = [self._fact(f, where) for f in _entries(raw, "facts", where, self.warnings)]
        quotes = [self._quote(q, where) for q in _entries(raw, "quotes", where, self.warnings)]
        entities = [self._entity(e, where)
                    for e in _entries(raw, "entities", where, self.warnings)]
        tones = Counter(f["tone"] for f in facts)
        groups: dict[tuple[int, str], list[dict]] = {}
        for f in facts:
            groups.setdefault((f["quad"] or 5, f["root"] or "99"), []).append(f)
        return {
            "slug": slug,
            "codes": (a, b),
            "summary": [part for part in _PARAGRAPH_BREAK.split(str(raw.get("summary") or ""))
                        if part.strip()],
            "facts": facts,
            # Facts by event type, cooperation first, as CAMEO orders them; uncoded ones last.
            "groups": [(_root_heading(root), facts) for (_, root), facts in sorted(groups.items())],
            "quotes": quotes,
            "people": [e for e in entities if e["label"] == "PERSON"],
            "organisations": [e for e in entities if e["label"] != "PERSON"],
            "entities": entities,
            "tones": {t: tones.get(t, 0) for t in TONES},
            "goldstein": _mean([f["goldstein"] for f in facts if f["goldstein"] is not None]),
            "volume": len(facts) + len(quotes),
            "sources": [self.articles[aid] for aid in self._cited],
        }

    def _check_unique_pairs(self) -> None:
        seen = Counter(p["slug"] for p in self.pairs)
        twice = sorted(s for s, n in seen.items() if n > 1)
        if twice:
            raise DossierError(f"pair {twice[0]} is given more than once",
                               f"content/relations/{twice[0]}.yaml")

    def _citations(self, entry: Mapping[str, Any], where: str) -> list[dict]:
        cites: list[dict[str, Any]] = []
        raw = entry.get("sources") or []
        for src in raw if isinstance(raw, list) else []:
            aid = src.get("article") if isinstance(src, Mapping) else None
            n = src.get("sentence") if isinstance(src, Mapping) else None
            article = self.articles.get(aid) if isinstance(aid, str) else None
            if (article is None or not isinstance(n, int) or isinstance(n, bool)
                    or not 0 <= n < len(article["sentences"])):
                self.warnings.append(f"{where}: entry {entry.get('id')!r} cites {aid!r} "
                                     f"sentence {n!r}, which does not exist; shown unlinked")
                cites.append({"article": None, "sentence": None, "label": "?"})
                continue
            assert isinstance(aid, str)
            if aid not in self._cited:
                self._cited.append(aid)
            cites.append({"article": aid, "sentence": n,
                          "label": str(self._cited.index(aid) + 1)})
        return cites

    def _common(self, entry: Mapping[str, Any], kind: str, where: str) -> dict:
        eid = entry.get("id")
        cites = self._citations(entry, where)
        per_article = Counter(c["article"] for c in cites if c["article"])
        seen: Counter[str] = Counter()
        for c in cites:     # several sentences of one article: 1a, 1b …
            if c["article"] and per_article[c["article"]] > 1:
                c["label"] += "abcdefghijklmnopqrstuvwxyz"[seen[c["article"]] % 26]
                seen[c["article"]] += 1
        return {"id": eid, "anchor": f"{kind}-{eid}" if is_slug(str(eid)) else None,
                "kind": kind, "sources": cites}

    def _fact(self, f: Mapping[str, Any], where: str) -> dict:
        topic = str(f.get("topic") or "other")
        date = f.get("date")
        common = self._common(f, "fact", where)
        return {**common,
                "sources_count": len({c["article"] for c in common["sources"] if c["article"]}),
                "text": f.get("text") or "",
                "topic": topic,
                "tone": f.get("tone") if f.get("tone") in TONES else "neutral",
                "date": str(date) if date is not None else None,
                "iso_date": str(date) if ISO_DATE.fullmatch(str(date)) else None,
                "actor": f.get("actor"), "target": f.get("target"), "why": f.get("why"),
                **_event(f.get("event"))}

    def _quote(self, q: Mapping[str, Any], where: str) -> dict:
        return {**self._common(q, "quote", where),
                "speaker": q.get("speaker") or "unknown speaker",
                "speaker_country": q.get("speaker_country"),
                "role": q.get("role"),
                "cue": q.get("cue") or "said",
                "text": q.get("text") or "",
                "direct": q.get("kind") == "direct"}

    def _entity(self, e: Mapping[str, Any], where: str) -> dict:
        return {**self._common(e, "entity", where),
                "name": e.get("name") or "",
                "label": "PERSON" if e.get("label") == "PERSON" else "ORG",
                "country": e.get("country"),
                "members": [c for c in _as_list(e.get("members")) if is_slug(c)]}

    # cross-page views -------------------------------------------------------------------------
    def _extractions(self) -> dict[str, dict[int, list[dict]]]:
        """article id → sentence → what was extracted from it (for the source pages)."""
        out: dict[str, dict[int, list[dict]]] = defaultdict(lambda: defaultdict(list))
        for p in self.pairs:
            for entry in p["facts"] + p["quotes"]:
                for c in entry["sources"]:
                    if c["article"] is not None:
                        out[c["article"]][c["sentence"]].append({"pair": p, "entry": entry})
        return out

    def timeline(self) -> list[dict]:
        rows = [{"fact": f, "pair": p, "year": f["iso_date"][:4]}
                for p in self.pairs for f in p["facts"] if f["iso_date"]]
        return sorted(rows, key=lambda r: (r["fact"]["iso_date"], r["pair"]["slug"]))

    def people(self) -> list[dict]:
        found: dict[tuple[str, str], dict] = {}

        def add(name: object, label: str, country: dict | None, pair: dict) -> None:
            shown = _WHITESPACE.sub(" ", str(name or "")).strip()
            if not shown:
                return
            row = found.setdefault((shown.casefold(), label), {
                "name": shown, "label": label, "countries": {}, "pairs": {}, "members": []})
            if country:
                row["countries"][country["code"]] = country
            row["pairs"][pair["slug"]] = pair

        for p in self.pairs:
            for e in p["entities"]:
                add(e["name"], e["label"], e["country"], p)
                if e["members"]:        # an international organisation: its members, no country
                    found[(_WHITESPACE.sub(" ", e["name"]).strip().casefold(),
                           e["label"])]["members"] = [self.country(c) for c in e["members"]]
        rows = sorted(found.values(), key=lambda r: (r["name"].casefold(), r["label"]))
        said: dict[str, list[dict]] = defaultdict(list)
        for p in self.pairs:
            for q in p["quotes"]:
                said[_WHITESPACE.sub(" ", str(q["speaker"])).strip().casefold()].append(
                    {"pair": p, "quote": q})
        slugs: set[str] = set()
        for r in rows:
            r["countries"] = [r["countries"][c] for c in sorted(r["countries"])]
            r["pairs"] = sorted(r["pairs"].values(), key=lambda p: p["slug"])
            r["quotes"] = said.get(r["name"].casefold(), []) if r["label"] == "PERSON" else []
            r["slug"] = None
            if r["label"] == "PERSON":        # a page of their own: what they said, where
                base = _person_slug(r["name"])
                slug, n = base, 2
                while slug in slugs:
                    slug, n = f"{base}-{n}", n + 1
                slugs.add(slug)
                r["slug"] = slug
        return rows


_CAMEO_CODE = re.compile(r"(0[1-9]|1\d|20)\d{0,2}")


def _event(value: object) -> dict[str, Any]:
    """A fact's CAMEO event as the page shows it: only a well-formed code, a QuadClass 1–4 and a
    Goldstein weight in range count (a person may have written anything there)."""
    ev = value if isinstance(value, Mapping) else {}
    code = str(ev.get("code") or "")
    code = code if _CAMEO_CODE.fullmatch(code) else ""
    quad = ev.get("quad_class")
    quad = quad if isinstance(quad, int) and not isinstance(quad, bool) and quad in charts.QUADS else None
    g = ev.get("goldstein")
    g = float(g) if isinstance(g, (int, float)) and not isinstance(g, bool) \
        and abs(g) <= charts.GOLDSTEIN_MAX else None
    return {"code": code or None, "root": code[:2] or None, "quad": quad, "goldstein": g,
            "event_label": str(ev.get("label") or "") if code else "",
            "quad_name": charts.QUADS.get(quad or 0, "")}


def _root_heading(root: str) -> str:
    """The heading of a group of facts: the CAMEO root's label and code."""
    label = codebook().get(root, ("", 0, 0.0))[0]
    return f"{label} ({root})" if label else "Other facts"


def _person_slug(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:60] or "person"


def _as_list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _paragraphs(sentences: list[str] | list[tuple[int, str]]
                ) -> list[list[tuple[int | None, str]]]:
    """Sentences → paragraphs of (sentence index or None for a continuation, text).

    A blank line inside a sentence starts a new paragraph; the sentence's anchor stays on its first
    non-empty part, and a sentence with no text still gets an (empty) anchor. Sentences may be
    given with their index, for a part of an article.
    """
    paragraphs: list[list[tuple[int | None, str]]] = [[]]
    numbered = [s if isinstance(s, tuple) else (i, s) for i, s in enumerate(sentences)]
    for i, sentence in numbered:
        anchor: int | None = i
        for n, part in enumerate(_PARAGRAPH_BREAK.split(sentence)):
            if n and paragraphs[-1]:
                paragraphs.append([])
            if part.strip():
                paragraphs[-1].append((anchor, part))
                anchor = None
        if anchor is not None:
            paragraphs[-1].append((anchor, ""))
    return [p for p in paragraphs if p]


# --------------------------------------------------------------------------------------- charts
# The pictures are inline SVG in raw HTML, which MkDocs does not rewrite: their links are written
# as the URLs of the built site (use_directory_urls), relative to the page's URL ``url_root``.

def _graph(site: _Site, url_root: str, center: str | None = None, *,
           directory_urls: bool = True) -> dict[str, Any]:
    """The relations graph of every pair, or of one country and its partners."""
    pairs = site.country_pairs[center] if center else site.pairs
    codes = sorted({c for p in pairs for c in p["codes"]})
    many = len(codes) > 16          # short labels (codes) when the picture is crowded
    nodes = []
    for code in codes:
        c = site.countries[code]
        volume = sum(p["volume"] for p in site.country_pairs[code])
        nodes.append(charts.Node(
            code=code, label=code if many else c["name"], volume=volume,
            title=f"{c['name']}: {volume} facts and quotes in {len(site.country_pairs[code])} "
                  "pairs", href=_url(url_root, f"countries/{code}", directory_urls)))
    edges = [charts.Edge(
        a=p["codes"][0], b=p["codes"][1], volume=p["volume"],
        href=_url(url_root, f"pairs/{p['slug']}", directory_urls),
        title=(f"{p['name']}: {len(p['facts'])} facts, {len(p['quotes'])} quotes; "
               f"{p['tones']['cooperative']} cooperative, {p['tones']['neutral']} neutral, "
               f"{p['tones']['conflictual']} conflictual"), **p["tones"]) for p in pairs]
    small = center is not None
    svg = charts.relations_graph(nodes, edges, center=center, width=560 if small else 720,
                                 height=(380 if len(nodes) > 3 else 220) if small else 520)
    return {"svg": svg, "countries": len(nodes), "shown": min(len(nodes), charts.MAX_NODES)}


def _url(root: str, page: str, directory_urls: bool) -> str:
    """A built page's URL: "countries/KZ/" on a served site, "countries/KZ.html" offline."""
    return f"{root}{page}/" if directory_urls else f"{root}{page}.html"


def _activity(pair: Mapping[str, Any]) -> str:
    """The pair's dated facts per year or month, or "" when none is dated."""
    return charts.activity_chart([(f["iso_date"], f["tone"]) for f in pair["facts"]
                                  if f["iso_date"]])


# ---------------------------------------------------------------------------------------- pages
# Every list that grows with the corpus is split over pages of bounded size (dossier/paging.py):
# the index pages, a pair's facts and quotes, a person's statements, a long article's text.
# Links to an entry or a sentence therefore go to the page that holds it (its "href").

def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _quads(pair: Mapping[str, Any]) -> str:
    """The cooperation and conflict chart of a pair's coded events."""
    return charts.quad_chart([(f["iso_date"], f["quad"], f["goldstein"]) for f in pair["facts"]
                              if f["iso_date"] and (f["quad"] or f["goldstein"] is not None)])


def _cite_cost(entry: Mapping[str, Any]) -> int:
    return paging.CITE_COST * min(len(entry["sources"]), paging.MAX_CITES)


def _entry_cost(entry: Mapping[str, Any]) -> int:
    text = paging.clip(str(entry.get("text") or entry.get("name") or ""), paging.MAX_TEXT)
    return len(md(text)) + len(md(entry.get("speaker"))) + _cite_cost(entry) + paging.ROW_COST


def _show(entry: dict) -> None:
    """What a page shows of an entry: its text clipped, its first citations."""
    entry["shown_text"] = paging.clip(str(entry.get("text") or ""), paging.MAX_TEXT)
    entry["cites"] = entry["sources"][:paging.MAX_CITES]
    entry["more_cites"] = max(0, len(entry["sources"]) - paging.MAX_CITES)


def _source_parts(site: _Site, articles: list[dict]) -> dict[str, list[tuple[str, list[int]]]]:
    """Each article's text split into parts: [(docs path, sentence indices)]; every citation
    gets the path of the part that holds its sentence."""
    out: dict[str, list[tuple[str, list[int]]]] = {}
    where: dict[tuple[str, int], str] = {}
    for a in articles:
        found = site.extractions.get(a["id"], {})

        def cost(i: int, a: dict = a, found: dict = found) -> int:
            text = a["sentences"][i][:paging.MAX_SENTENCE]
            return len(md(text)) + 45 + sum(
                len(md(paging.clip(x["entry"]["text"], paging.MAX_TEXT))) + paging.ROW_COST
                for x in found.get(i, [])[:paging.MAX_ITEMS])

        groups = paging.split(range(len(a["sentences"])), cost, first=2_000)
        base = f"sources/{a['id']}"
        parts = [(paging.page_path(base + ".md", k, folder=base), list(g))
                 for k, g in enumerate(groups, 1)]
        out[a["id"]] = parts
        for path, indices in parts:
            for i in indices:
                where[(a["id"], i)] = path
    for p in site.pairs:
        for entry in p["facts"] + p["quotes"] + p["entities"]:
            for c in entry["sources"]:
                if c["article"] is not None:
                    c["href"] = f"{where[(c['article'], c['sentence'])]}#s{c['sentence']}"
            _show(entry)
    return out


def _pair_parts(p: dict) -> list[dict]:
    """A pair's facts, quotes, people and organisations over as many pages as they need; the
    first page also has the overview. Every entry learns the page it is on."""
    items: list[tuple[str, Any, dict]] = [("fact", g, f) for g, facts in p["groups"] for f in facts]
    items += [("quote", str(q["speaker"]), q)
              for q in sorted(p["quotes"], key=lambda q: str(q["speaker"]))]
    items += [("person", None, e) for e in p["people"]]
    items += [("organisation", None, e) for e in p["organisations"]]
    dated = sorted((f for f in p["facts"] if f["iso_date"]), key=lambda f: f["iso_date"])
    overview = 6_000 + sum(len(md(f["text"][:160])) + _cite_cost(f) + paging.ROW_COST
                           for f in dated[-paging.MAX_DATED:])
    overview += sum(len(md(x)) for x in p["summary"])
    titles = {a["id"]: str(a["title"]) for a in p["sources"]}

    def shared(it: tuple[str, Any, dict]) -> list[tuple[Hashable, int]]:
        kind, key, entry = it
        # The heading of a topic or speaker, and each source listed at the page's foot.
        heading = [((kind, key), paging.HEADING_COST + 3 * len(md(key)))] if key else []
        return heading + [(("source", c["article"]), paging.SOURCE_COST
                           + len(md(titles.get(c["article"], ""))))
                          for c in entry["cites"] if c["article"]]

    groups = paging.split(items, lambda it: _entry_cost(it[2]), first=overview, once=shared)
    base = f"pairs/{p['slug']}"
    parts = []
    for k, group in enumerate(groups, 1):
        path = paging.page_path(base + ".md", k, folder=base)
        for _kind, _key, entry in group:
            entry["href"] = path + (f"#{entry['anchor']}" if entry["anchor"] else "")
        by_event: dict[str, list[dict]] = {}
        for kind, key, entry in group:
            if kind == "fact":
                by_event.setdefault(key, []).append(entry)
        entries = [e for _, _, e in group]
        cited = {c["article"] for e in entries for c in e["cites"] if c["article"]}
        parts.append({
            "path": path, "number": k, "total": len(groups),
            "groups": list(by_event.items()),
            "quotes": [e for kind, _, e in group if kind == "quote"],
            "people": [e for kind, _, e in group if kind == "person"],
            "organisations": [e for kind, _, e in group if kind == "organisation"],
            "sources": [{**a, "label": n} for n, a in enumerate(p["sources"], 1)
                        if a["id"] in cited],
        })
    p["href"] = base + ".md"
    p["dated"], p["dated_total"] = dated[-paging.MAX_DATED:], len(dated)
    p["period"] = (dated[0]["iso_date"], dated[-1]["iso_date"]) if dated else None
    return parts


def _listing(jobs: list[tuple[str, str, dict[str, Any]]], base: str, template: str,
             rows: list[Any], cost: Any, context: dict[str, Any]) -> None:
    """An index list over as many pages as it needs: ``base`` is the first page."""
    groups = paging.split(rows, cost)
    paths = [paging.page_path(base, k) for k in range(1, len(groups) + 1)]
    for path, group, pager in zip(paths, groups, paging.pagers(paths), strict=True):
        jobs.append((path, template, {**context, "root": paging.root_of(path), "rows": group,
                                      "pager": pager, "total": len(rows)}))


def _person_cost(r: dict) -> int:
    shown, flag = r["pairs"][:paging.MAX_LINKS], paging.FLAG_COST
    return (paging.ROW_COST + 2 * len(md(r["name"])) + (120 + flag) * len(r["countries"])
            + sum(len(md(p["title"])) + 130 + 2 * flag for p in shown)
            + (12 + flag) * len(r["members"]))


def _pages(site: _Site, env: jinja2.Environment, *, directory_urls: bool = True,
           search: str = "material") -> dict[str, str]:
    """Relative path in docs_dir → Markdown text, for every page of the site."""
    pairs_by_volume = sorted(site.pairs, key=lambda p: (-p["volume"], p["slug"]))
    people = site.people()
    person_pages = {r["name"].casefold(): r["slug"] for r in people if r["slug"]}
    for p in site.pairs:                 # a named person on a pair page links to their page
        for e in p["people"]:
            e["page"] = person_pages.get(_WHITESPACE.sub(" ", str(e["name"])).strip().casefold())
    articles = sorted(site.articles.values(),
                      key=lambda a: (str(a["date"] or ""), a["id"]), reverse=True)
    for a in articles:
        a["short_title"] = paging.clip(str(a["title"]), paging.MAX_TITLE)
    totals = {
        "pairs": len(site.pairs), "countries": len(site.countries), "articles": len(articles),
        "facts": sum(len(p["facts"]) for p in site.pairs),
        "quotes": sum(len(p["quotes"]) for p in site.pairs),
        "people": len(people),
    }
    source_parts = _source_parts(site, articles)
    pair_parts = {p["slug"]: _pair_parts(p) for p in site.pairs}
    for r in people:
        r["shown_pairs"] = r["pairs"][:paging.MAX_LINKS]
        r["more_pairs"] = len(r["pairs"]) - len(r["shown_pairs"])

    pagefind = search == "pagefind"
    jobs: list[tuple[str, str, dict[str, Any]]] = [
        ("index.md", "home.md.j2",
         {"root": "", "totals": totals, "top_pairs": pairs_by_volume[:TOP_PAIRS],
          "graph": _graph(site, "", directory_urls=directory_urls), "pagefind": pagefind}),
        ("countries/index.md", "countries_index.md.j2",
         {"root": "../", "countries": sorted(
             ({**c, "pairs": len(site.country_pairs[code]),
               "volume": sum(p["volume"] for p in site.country_pairs[code])}
              for code, c in site.countries.items()), key=lambda c: c["name"].casefold())}),
    ]
    if pagefind:      # the search page; the bundle is made after the site build
        jobs.append(("search.md", "search.md.j2",
                     {"root": "", "bundle": "../pagefind/" if directory_urls else "pagefind/"}))
    _listing(jobs, "pairs/index.md", "pairs_index.md.j2",
             sorted(site.pairs, key=lambda p: p["name"].casefold()),
             lambda p: len(md(p["title"])) + 450 + 2 * paging.FLAG_COST, {})
    cited = {aid: sum(len(v) for v in sents.values()) for aid, sents in site.extractions.items()}
    _listing(jobs, "sources/index.md", "sources_index.md.j2", articles,
             lambda a: (len(md(a["short_title"])) + len(md(a["publisher"])) + len(a["id"])
                        + paging.ROW_COST), {"cited": cited})
    _listing(jobs, "timeline.md", "timeline.md.j2", site.timeline(),
             lambda r: (_entry_cost(r["fact"]) + len(md(r["pair"]["title"])) + 150
                        + 2 * paging.FLAG_COST), {})
    _listing(jobs, "people.md", "people.md.j2", people, _person_cost, {})

    for person in people:
        if not person["slug"]:
            continue
        base = f"persons/{person['slug']}"
        groups = paging.split(person["quotes"], lambda row: _entry_cost(row["quote"]),
                              first=_person_cost(person))
        paths = [paging.page_path(base + ".md", k, folder=base) for k in range(1, len(groups) + 1)]
        for path, group, pager in zip(paths, groups, paging.pagers(paths), strict=True):
            jobs.append((path, "person.md.j2", {"root": paging.root_of(path), "person": person,
                                                "quotes": group, "pager": pager}))
    for p in site.pairs:
        parts = pair_parts[p["slug"]]
        for part, pager in zip(parts, paging.pagers([x["path"] for x in parts]), strict=True):
            jobs.append((part["path"], "pair.md.j2",
                         {"root": paging.root_of(part["path"]), "pair": p, "part": part,
                          "pager": pager, "activity": _activity(p) if part["number"] == 1 else "",
                          "quads": _quads(p) if part["number"] == 1 else ""}))
    for code, c in site.countries.items():
        # Partners by relevant events (the facts), then by quotes; the mean Goldstein says how.
        ranked = sorted(site.country_pairs[code],
                        key=lambda p: (-len(p["facts"]), -p["volume"], p["slug"]))
        rows = [{"pair": p, "partner": p["b"] if p["codes"][0] == code else p["a"]}
                for p in ranked]
        jobs.append((f"countries/{code}.md", "country.md.j2",
                     {"root": "../", "country": c, "rows": rows[:paging.MAX_PARTNERS],
                      "more": rows[paging.MAX_PARTNERS:],
                      "graph": _graph(site, "../../" if directory_urls else "../", center=code,
                                      directory_urls=directory_urls)}))
    for a in articles:
        found = site.extractions.get(a["id"], {})
        chunks = source_parts[a["id"]]
        for (path, indices), pager in zip(chunks, paging.pagers([x[0] for x in chunks]),
                                          strict=True):
            shown = [(i, _clip_sentence(a["sentences"][i])) for i in indices]
            jobs.append((path, "source.md.j2",
                         {"root": paging.root_of(path), "article": a, "pager": pager,
                          "paragraphs": _paragraphs(shown),
                          "extracted": [(n, found[n][:paging.MAX_ITEMS],
                                         len(found[n]) - len(found[n][:paging.MAX_ITEMS]))
                                        for n in indices if n in found]}))
    pages: dict[str, str] = {}
    for path, template, context in jobs:
        # Flag pictures are raw HTML, which MkDocs does not rewrite: their paths are relative to
        # the page's URL in the built site, as the charts' links are.
        url_root = _url_root(path, directory_urls)
        try:
            pages[path] = env.get_template(template).render({**context, "url_root": url_root})
        except jinja2.TemplateSyntaxError as exc:
            raise DossierError(f"template syntax: {exc.message}", exc.filename or template,
                               exc.lineno) from exc
        except jinja2.TemplateError as exc:
            raise DossierError(f"cannot render {path}: {exc}", template,
                               hint="check the names the template uses") from exc
    return pages


def _url_root(path: str, directory_urls: bool) -> str:
    """From a page's URL back to the site's root: "pairs/KZ-US.md" is served as "pairs/KZ-US/"
    (two folders down) with directory URLs and as "pairs/KZ-US.html" (one) without."""
    nested = directory_urls and posixpath.basename(path) != "index.md"
    return paging.root_of(path) + ("../" if nested else "")


def _clip_sentence(text: str) -> str:
    if len(text) <= paging.MAX_SENTENCE:
        return text
    return (text[:paging.MAX_SENTENCE] + f" … ({len(text) - paging.MAX_SENTENCE} more characters "
            "not shown: see the original file)")


# ---------------------------------------------------------------------------------------- write

def _write_if_changed(path: Path, data: bytes) -> bool:
    """Write data to path unless it already holds exactly that (keeps the mtime of unchanged pages)."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


# The kinds of file a render makes (pages, and each pair's events as CSV): one of them that this
# render did not make is left from an earlier one, for a pair or page that is gone.
GENERATED = (".md", ".csv")


def _remove_stale(docs_dir: Path, keep: set[Path]) -> int:
    """Delete generated files (pages, CSV tables) in docs_dir that this render did not produce;
    the number of pages among them."""
    removed = 0
    for folder, _dirs, files in os.walk(docs_dir, topdown=False, followlinks=False):
        here = Path(folder)
        for name in files:
            path = here / name
            if name.endswith(GENERATED) and path not in keep and not path.is_symlink():
                path.unlink()
                removed += name.endswith(".md")
        if here != docs_dir and not any(here.iterdir()):
            here.rmdir()
    return removed


@dataclass
class Rendered:
    """Every page's Markdown by its path under the docs folder, made before anything is written,
    and the other files published beside the pages (each pair's events as CSV), which MkDocs
    copies to the site as they are."""

    pages: dict[str, str]
    warnings: list[str]
    files: dict[str, str] = field(default_factory=dict)


def _pair_tables(site: _Site, relations: list[dict]) -> dict[str, str]:
    """Each pair's facts as the CSV of ``dossier export``, beside its first page (the page links
    it): pairs/KZ-US.md, pairs/KZ-US.csv."""
    return {f"pairs/{p['slug']}.csv": export.csv_text(export.records(p["slug"], raw))
            for p, raw in zip(site.pairs, relations, strict=True)}


def render_pages(templates_dir: Path, *, relations: list[dict], articles: list[dict],
                 countries: dict[str, dict], directory_urls: bool = True,
                 search: str = "material") -> Rendered:
    """Render every page in memory: a template or data error stops here, before any write."""
    templates_dir = Path(templates_dir)
    if not templates_dir.is_dir():
        raise DossierError("templates folder not found", templates_dir,
                           hint="run from the project root or pass the templates folder")
    flags = templates_dir / "assets" / "flags"
    shipped = frozenset(f.stem for f in flags.glob("*.svg")) if flags.is_dir() else frozenset()
    site = _Site(relations, articles, countries, shipped)
    pages = _pages(site, make_environment(templates_dir), directory_urls=directory_urls,
                   search=search)
    return Rendered(pages, site.warnings, _pair_tables(site, relations))


def write_pages(docs_dir: Path, templates_dir: Path, rendered: Rendered) -> RenderReport:
    """Write the rendered pages and the theme's assets; only changed files, and remove pages no
    longer made."""
    docs_dir, templates_dir = Path(docs_dir), Path(templates_dir)
    report = RenderReport(warnings=rendered.warnings)
    for warning in rendered.warnings[:MAX_WARNINGS]:
        log.warning("%s", warning)
    if len(rendered.warnings) > MAX_WARNINGS:
        log.warning("… and %d more such warnings", len(rendered.warnings) - MAX_WARNINGS)
    docs_dir.mkdir(parents=True, exist_ok=True)
    keep = set()
    for rel, text in rendered.pages.items():
        path = docs_dir / rel
        keep.add(path)
        if _write_if_changed(path, text.encode("utf-8")):
            report.pages_written += 1
        else:
            report.pages_unchanged += 1
    for rel, text in rendered.files.items():
        keep.add(docs_dir / rel)
        _write_if_changed(docs_dir / rel, text.encode("utf-8"))
    assets = templates_dir / "assets"
    for src in sorted(assets.rglob("*")) if assets.is_dir() else []:
        if src.is_file():
            keep.add(docs_dir / "assets" / src.relative_to(assets))
            _write_if_changed(docs_dir / "assets" / src.relative_to(assets), src.read_bytes())
    report.pages_removed = _remove_stale(docs_dir, keep)
    return report


def render_site(docs_dir: Path, templates_dir: Path, *, relations: list[dict],
                articles: list[dict], countries: dict[str, dict],
                directory_urls: bool = True, search: str = "material") -> RenderReport:
    """Render every page into docs_dir; write only changed files, remove pages no longer made."""
    rendered = render_pages(templates_dir, relations=relations, articles=articles,
                            countries=countries, directory_urls=directory_urls, search=search)
    return write_pages(docs_dir, templates_dir, rendered)


__all__ = ["RenderReport", "Rendered", "render_pages", "write_pages", "render_site", "md",
           "http_url", "make_environment"]
