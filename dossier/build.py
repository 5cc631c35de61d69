"""The stages in order: ingest → extract (cached) → merge → render → site.

Like MkDocs' own build, everything is read and checked before anything is written: a broken
YAML file stops the build before any file changes; a bad article is skipped with a warning.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from pathlib import Path
from typing import Any

from tqdm import tqdm

from . import countries, ingest, nlp, store
from .config import Config
from .errors import DossierError
from .extract import EXTRACTOR_VERSION
from .models import Article

MAX_SOURCES = 25       # per entity: more citations add nothing a reader can use
MAX_MEMBERS = 60       # longer member lists (the UN's) say nothing a reader can use


@dataclass
class Report:
    read: int = 0
    extracted: int = 0
    cached: int = 0
    warnings: list[str] = field(default_factory=list)
    pairs: list[str] = field(default_factory=list)
    pairs_changed: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    pages: str = ""

    def summary(self) -> str:
        lines = [f"Read {self.read} article(s): {self.extracted} new or changed, "
                 f"{self.cached} unchanged (cached), {len(self.warnings)} skipped or warned."]
        lines += [f"  warning: {w}" for w in self.warnings]
        changed = ", ".join(self.pairs_changed) or "none"
        lines.append(f"Pairs: {len(self.pairs)} in the dossier; updated: {changed}.")
        if self.pages:
            lines.append(self.pages)
        return "\n".join(lines)


@contextmanager
def build_lock(cache: Path) -> Iterator[None]:
    """One build at a time: a second one stops with a message instead of interleaving writes."""
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / "build.lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DossierError("another build is running in this folder",
                               cache / "build.lock", hint="wait for it to finish") from None
        yield


# ------------------------------------------------------------------------------ extraction

@lru_cache(maxsize=1)
def _gazetteer_digest() -> str:
    h = hashlib.sha256(countries.DATA.read_bytes())
    if countries.DERIVED.exists():
        h.update(countries.DERIVED.read_bytes())
    return h.hexdigest()[:12]


@lru_cache(maxsize=1)
def _extractor_digest() -> str:
    """The extractor's own source: a change to any extraction rule invalidates the cache even
    if nobody remembered to bump EXTRACTOR_VERSION."""
    h = hashlib.sha256(EXTRACTOR_VERSION.encode())
    for path in sorted((Path(__file__).parent / "extract").glob("*.py")):
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


def cache_key(article: Article, model: str) -> str:
    h = hashlib.sha256()
    for part in (_extractor_digest(), model, _gazetteer_digest(), article.date or "",
                 article.text):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def extract_articles(articles: list[Article], cache: Path | None, *, model: str | None = None,
                     report: Report | None = None) -> dict[str, dict[str, Any]]:
    """Extraction records by article id, from the cache where the text and extractor are unchanged."""
    pipeline = nlp.load(model)
    mid = nlp.model_id(pipeline)
    records: dict[str, dict[str, Any]] = {}
    todo: list[tuple[Article, Path | None]] = []
    for a in articles:
        path = cache / "extract" / f"{cache_key(a, mid)}.json" if cache else None
        if path is not None and path.exists():
            try:
                records[a.id] = json.loads(path.read_text(encoding="utf-8"))
                continue
            except ValueError:
                pass          # a damaged cache entry is simply extracted again
        todo.append((a, path))
    if todo:
        fresh = nlp.extract_all((a for a, _ in todo), model=model)
        # Counts and rate on a terminal; silent in CI and pipes (disable=None checks for a tty).
        bar = tqdm(zip(todo, fresh, strict=True), total=len(todo), desc="extract", unit="article",
                   disable=None if len(todo) > 20 else True, leave=False)
        for (a, path), rec in bar:
            records[a.id] = rec
            if path is not None:
                store.atomic_write(path, json.dumps(rec, ensure_ascii=False))
    if report is not None:
        report.extracted, report.cached = len(todo), len(articles) - len(todo)
    return records


# ------------------------------------------------------------------------- fresh entries

def _main_pair(rec: dict[str, Any]) -> tuple[str, str] | None:
    """The pair an article is mostly about: the one named in the most sentences."""
    ranked = sorted(rec["pairs"], key=lambda p: (-len(p["sentences"]), p["pair"]))
    best = ranked[0] if ranked else None
    return (best["pair"][0], best["pair"][1]) if best else None


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" .,;:\"'“”").casefold()


def short_id(*parts: str) -> str:
    """A stable 8-hex id from the article id and normalised text (DESIGN.md, contract 1)."""
    return hashlib.sha1("\n".join(parts).encode("utf-8")).hexdigest()[:8]


def fresh_entries(articles: list[Article], records: dict[str, dict[str, Any]],
                  gaz: countries.Gazetteer) -> dict[tuple[str, str], dict[str, dict[str, Any]]]:
    """What the extraction proposes for every pair, grouped so that the same sentence or quote
    from several articles becomes one entry citing all of them."""
    out: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
    organisations = {o.name: o for o in gaz.organisations}
    groups: dict[tuple[str, tuple[str, str], str], list[tuple[Article, dict[str, Any]]]] = {}
    for a in sorted(articles, key=lambda a: (a.date or "", a.id)):
        rec = records.get(a.id)
        if rec is None:
            continue
        pair_sentences: dict[tuple[str, str], set[int]] = {}
        for f in rec["facts"]:
            pair = (f["pair"][0], f["pair"][1])
            pair_sentences.setdefault(pair, set()).add(f["sentence"])
            groups.setdefault(("facts", pair, _norm(f["text"])), []).append((a, f))
        main = _main_pair(rec)
        for q in rec["quotes"]:
            qpairs = [countries.pair_key(x, y) for x, y in combinations(q["countries"], 2)]
            if len(q["countries"]) == 1 and main and q["countries"][0] in main:
                # A statement about one country belongs to the pair the article is about:
                # the Kazakh president's accusation in a story on Kazakhstan and the US.
                qpairs = [main]
            for pair in qpairs:
                pair_sentences.setdefault(pair, set()).add(q["sentence"])
                key = _norm(q["speaker"]) + "\n" + _norm(q["content"])
                groups.setdefault(("quotes", pair, key), []).append((a, q))
                if q.get("speaker_person"):   # the speaker is one of the pair's people
                    person = {"canonical": q["speaker"], "label": "PERSON",
                              "country": q["speaker_country"], "sentence": q["sentence"]}
                    groups.setdefault(("entities", pair, "PERSON\n" + q["speaker"]),
                                      []).append((a, person))
        for e in rec["entities"]:
            for pair, sents in pair_sentences.items():
                if e["sentence"] in sents:
                    key = e["label"] + "\n" + e["canonical"]
                    groups.setdefault(("entities", pair, key), []).append((a, e))
    for (section, pair, key), items in groups.items():
        sources: list[dict[str, Any]] = []
        for a, item in items:
            s = {"article": a.id, "sentence": item["sentence"]}
            if s not in sources:
                sources.append(s)
        first_a, first = items[0]
        if section == "facts":
            eid = short_id(first_a.id, key)
            alt = [short_id(a.id, key) for a, _ in items[1:]]
            why = first.get("why") or "named in the same sentence"
            fields = {"text": first["text"], "topic": first["topic"], "tone": first["tone"],
                      "date": first["date"],
                      "countries": sorted({c for _, f in items for c in f["countries"]}),
                      "actor": first.get("actor"), "target": first.get("target"), "why": why,
                      "sources": sources}
        elif section == "quotes":
            eid = short_id(first_a.id, key)
            alt = [short_id(a.id, key) for a, _ in items[1:]]
            fields = {"speaker": first["speaker"], "speaker_country": first["speaker_country"],
                      "role": first.get("role"), "cue": first["cue"], "text": first["content"],
                      "kind": first["kind"], "sources": sources}
        else:
            eid, alt = short_id(key), []
            country = next((e["country"] for _, e in items if e["country"]), None)
            fields = {"name": first["canonical"], "label": first["label"], "country": country,
                      "sources": sources[:MAX_SOURCES]}
            org = organisations.get(first["canonical"])
            if org is not None and len(org.members) <= MAX_MEMBERS:
                fields["members"] = sorted(org.members)   # shown on pages; never a country
        out.setdefault(pair, {}).setdefault(section, {})[eid] = {"fields": fields, "alt": alt}
    return out


# ------------------------------------------------------------------------------------ build

def check(cfg: Config) -> list[DossierError]:
    """Every problem of every pair file (``make check``)."""
    gaz = countries.load()
    _, errors = store.load_relations(cfg.relations, set(gaz.names))
    return errors


def build(cfg: Config, *, site: bool = True, strict: bool = False, quiet: bool = False) -> Report:
    report = Report()
    with build_lock(cfg.cache):
        t0 = time.perf_counter()
        articles, warnings = ingest.load_articles(cfg.articles, max_bytes=cfg.max_article_bytes)
        report.read, report.warnings = len(articles), warnings
        gaz = countries.load()
        files, errors = store.load_relations(cfg.relations, set(gaz.names))
        if errors:
            raise DossierError(
                "the dossier's YAML has problems; nothing was written:\n"
                + "\n".join(f"  {e}" for e in errors))
        t1 = time.perf_counter()
        records = extract_articles(articles, cfg.cache, model=cfg.model, report=report)
        t2 = time.perf_counter()
        fresh = fresh_entries(articles, records, gaz)
        results: list[store.MergeResult] = []
        vacant: list[Path] = []
        for pair in sorted(set(fresh) | set(files)):
            path = store.pair_file(cfg.relations, pair)
            pf = files.get(pair)
            if pf is None and store.base_path(path).exists():
                report.warnings.append(
                    f"{path}: deleted by hand, so its entries stay deleted (delete "
                    f"{store.base_path(path)} as well to extract this pair again)")
                continue
            res = store.merge(pf, path, pair, fresh.get(pair, {}),
                              names=(gaz.name(pair[0]), gaz.name(pair[1])))
            if store.is_vacant(res, pf):
                vacant.append(path)   # the extraction no longer relates this pair: no empty page
            else:
                results.append(res)
        if strict and report.warnings:
            raise DossierError("warnings are fatal with --strict:\n"
                               + "\n".join(f"  {w}" for w in report.warnings))
        for path in vacant:
            if path.exists() or store.base_path(path).exists():
                store.remove(path)
                report.pairs_changed.append(path.stem + " (removed: nothing left)")
        for res in results:
            store.write(res)
            report.pairs.append(res.path.stem)
            if res.changed:
                report.pairs_changed.append(res.path.stem)
        t3 = time.perf_counter()
        from .render import render_site
        relations = [res.data for res in results]
        page_articles = [{
            "id": a.id, "title": a.title, "date": a.date, "url": a.url,
            "publisher": a.publisher, "path": _rel(a.path, cfg.root),
            "sentences": [a.text[s:e] for s, e in records[a.id]["sentences"]],
        } for a in articles if a.id in records]
        rr = render_site(cfg.docs, cfg.templates, relations=relations, articles=page_articles,
                         countries=gaz.country_info(), directory_urls=not cfg.offline)
        t4 = time.perf_counter()
        report.pages = (f"Pages: {rr.pages_written} written, {rr.pages_unchanged} unchanged, "
                        f"{rr.pages_removed} removed in {_rel(cfg.docs, cfg.root)}/.")
        if site:
            run_mkdocs(cfg, quiet=quiet)
            report.pages += f" Site: {_rel(cfg.site, cfg.root)}/."
        t5 = time.perf_counter()
        report.timings = {"ingest": t1 - t0, "extract": t2 - t1, "merge": t3 - t2,
                          "render": t4 - t3, "site": t5 - t4}
    return report


def run_mkdocs(cfg: Config, *, quiet: bool = False) -> None:
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(cfg.mkdocs_yml)]
    if quiet:
        cmd.append("-q")
    # mkdocs.yml reads these: Material's offline plugin, and page.html rather than page/ URLs,
    # which a browser cannot resolve to index.html from disk.
    env = {**os.environ, "OFFLINE": "true" if cfg.offline else "false",
           "DIRECTORY_URLS": "false" if cfg.offline else "true"}
    proc = subprocess.run(cmd, cwd=cfg.root, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise DossierError("the site build failed:\n" + (proc.stderr or proc.stdout)[-4000:],
                           cfg.mkdocs_yml)


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root))
    except ValueError:
        return str(path)
