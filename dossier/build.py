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
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from itertools import combinations
from pathlib import Path
from typing import Any, TextIO, TypeVar

from . import countries, ingest, manifest, nlp, store
from .config import Config, read_mkdocs_config
from .errors import DossierError
from .models import Article

HERE = Path(__file__).resolve().parent
MAX_SOURCES = 25       # per entity: more citations add nothing a reader can use
MAX_MEMBERS = 60       # longer member lists (the UN's) say nothing a reader can use
MAX_QUOTE_COUNTRIES = 4  # a statement naming more countries is not put in every pair of them
PROGRESS_FROM = 20     # fewer articles than this are parsed too quickly for a progress bar
SEARCH_ENGINES = ("material", "pagefind")
T = TypeVar("T")


@dataclass
class Report:
    read: int = 0
    extracted: int = 0
    cached: int = 0
    warnings: list[str] = field(default_factory=list)
    # Articles read fine that gave the dossier nothing (no two countries in one sentence): worth
    # knowing, but common in any real collection, so not a warning and not fatal with --strict.
    unused: list[str] = field(default_factory=list)
    unused_list: Path | None = None
    pairs: list[str] = field(default_factory=list)
    pairs_changed: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    pages: str = ""

    def summary(self, shown: int = 10) -> str:
        lines = [f"Read {self.read} article(s): {self.extracted} new or changed, "
                 f"{self.cached} unchanged (cached), {len(self.warnings)} skipped or warned, "
                 f"{len(self.unused)} with nothing for the dossier."]
        lines += [f"  warning: {w}" for w in self.warnings]
        lines += [f"  note: {n}" for n in self.unused[:shown]]
        if len(self.unused) > shown:
            lines.append(f"  note: … and {len(self.unused) - shown} more articles with nothing "
                         f"for the dossier, all listed in {self.unused_list}")
        changed = ", ".join(self.pairs_changed[:shown * 3]) or "none"
        if len(self.pairs_changed) > shown * 3:
            changed += f" and {len(self.pairs_changed) - shown * 3} more"
        lines.append(f"Pairs: {len(self.pairs)} in the dossier; updated: {changed}.")
        if self.pages:
            lines.append(self.pages)
        return "\n".join(lines)


@contextmanager
def build_lock(root: Path) -> Iterator[None]:
    """One build at a time: a second one stops with a message instead of interleaving writes.
    The lock lives beside mkdocs.yml, not in the cache, so that `make clean` during a build
    cannot remove it and let a second build in."""
    path = root / LOCK_NAME
    with open(path, "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DossierError("another build is running in this folder",
                               path, hint="wait for it to finish") from None
        yield


LOCK_NAME = ".dossier-build.lock"


# ------------------------------------------------------------------------------ extraction

@lru_cache(maxsize=1)
def _gazetteer_digest() -> str:
    h = hashlib.sha256(countries.DATA.read_bytes())
    if countries.DERIVED.exists():
        h.update(countries.DERIVED.read_bytes())
    return h.hexdigest()[:12]


@lru_cache(maxsize=1)
def _extractor_digest() -> str:
    """The extractor's own source (EXTRACTOR_VERSION included): a change to any extraction rule
    invalidates the cache even if nobody remembered to bump the version."""
    return manifest.sources_digest(*sorted((HERE / "extract").glob("*.py")))[:12]


def cache_key(article: Article, model: str) -> str:
    h = hashlib.sha256()
    for part in (_extractor_digest(), model, _gazetteer_digest(), article.date or "",
                 article.text):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def progress(items: Iterable[T], total: int, *, file: TextIO | None = None) -> Iterator[T]:
    """A progress bar with counts and rate on a terminal; nothing at all in CI, pipes and logs."""
    from tqdm import tqdm  # only when there is something to parse: importing it takes time

    out = file if file is not None else sys.stderr
    quiet = total < PROGRESS_FROM or not getattr(out, "isatty", lambda: False)()
    return iter(tqdm(items, total=total, desc="extract", unit="article", file=out, disable=quiet,
                     leave=False, mininterval=0.5, smoothing=0.1))


def extract_articles(articles: list[Article], cache: Path | None, *, model: str | None = None,
                     report: Report | None = None) -> dict[str, dict[str, Any]]:
    """Extraction records by article id, from the cache where the text and extractor are unchanged.

    spaCy is loaded only when some article is not in the cache. New records are written to the
    cache as they come, so an interrupted build keeps what it had done.
    """
    mid = nlp.installed_model_id(model)
    records: dict[str, dict[str, Any]] = {}
    todo: list[tuple[Article, Path | None]] = []
    for a in articles:
        path = cache / "extract" / f"{cache_key(a, mid)}.json" if cache else None
        if path is not None:
            try:
                records[a.id] = json.loads(path.read_text(encoding="utf-8"))
                continue
            except (OSError, ValueError):
                pass          # not cached yet, or a damaged entry: extracted (again)
        todo.append((a, path))
    failed = 0
    if todo:
        nlp.use_cache(cache)
        fresh = nlp.extract_all([a for a, _ in todo], model=model)
        for (a, path), rec in zip(todo, progress(fresh, len(todo)), strict=True):
            if isinstance(rec, DossierError):
                failed += 1
                if report is not None:
                    report.warnings.append(str(rec))
                continue
            records[a.id] = rec
            if path is not None:
                manifest.write_cache(path, json.dumps(rec, ensure_ascii=False))
    if report is not None:
        report.extracted, report.cached = len(todo) - failed, len(articles) - len(todo)
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
            elif len(q["countries"]) > MAX_QUOTE_COUNTRIES:
                # A list or a table (a quota for each of 39 countries) is no statement on every
                # pair of them: only on the speaker's country and each of the others.
                speaker = q.get("speaker_country")
                qpairs = [p for p in qpairs if speaker in p] if speaker else (
                    [main] if main in qpairs else [])
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


def unused(articles: list[Article], records: dict[str, dict[str, Any]],
           fresh: dict[tuple[str, str], dict[str, dict[str, Any]]]) -> list[str]:
    """A warning for every article read that gave the dossier nothing: it names no two countries
    in one sentence (or none at all), so a person knows why it is not cited anywhere."""
    cited = {s["article"] for sections in fresh.values() for items in sections.values()
             for item in items.values() for s in item["fields"]["sources"]}
    return [str(DossierError(
        "no sentence names two countries, so nothing was taken from this article"
        if records[a.id].get("mentions", records[a.id]["countries"])
        else "names no country, so nothing was taken from it",
        a.path)) for a in articles if a.id in records and a.id not in cited]


def _list_unused(cache: Path, notes: list[str]) -> Path:
    path = cache / "unused.txt"
    manifest.write_cache(path, "".join(n + "\n" for n in notes))
    return path


# -------------------------------------------------------------------------------- relations

@dataclass
class Relation:
    """One pair file as found on disk: the digest of its bytes, its content as plain data, and the
    round-trip document when it had to be parsed (a file known from the cache is parsed only if
    it has to be merged)."""

    path: Path
    pair: tuple[str, str]
    sha: str
    data: dict[str, Any]
    pf: store.PairFile | None = None


@lru_cache(maxsize=1)
def _merge_code() -> str:
    """The code that validates and merges pair files: a change to it is a change of input."""
    return manifest.sources_digest(HERE / "store.py", HERE / "models.py")


def load_relations(relations: Path, known: set[str], cache: manifest.RelationCache
                   ) -> tuple[dict[tuple[str, str], Relation], list[DossierError]]:
    """Every pair file, checked; one whose exact text was checked and read before comes from the
    cache, any other is parsed with ruamel.yaml and validated (``store.read_pair_file``)."""
    files: dict[tuple[str, str], Relation] = {}
    errors: list[DossierError] = []
    if not relations.is_dir():
        return files, errors
    for path in sorted(relations.glob("*.yaml")):
        try:
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            sha = ""
        data = cache.get(path, sha) if sha else None
        if data is not None:
            a, b = path.stem.split("-")
            files[(a, b)] = Relation(path, (a, b), sha, data)
            continue
        pf, errs = store.read_pair_file(path, known)
        errors.extend(errs)
        if pf is not None:
            data = store.plain(pf.doc)
            files[pf.pair] = Relation(path, pf.pair, sha, data, pf)
            if not errs and sha:
                cache.put(path, sha, data)
    return files, errors


def _merge_key(path: Path, yaml_sha: str, fresh: dict[str, Any], names: tuple[str, str],
               live: list[str]) -> str:
    """Everything a pair's merge reads: equal keys, equal result. ``live``: the articles its
    entries cite that still exist (an entry citing none is flagged orphaned)."""
    return manifest.digest([_merge_code(), yaml_sha, manifest.file_sha(store.base_path(path)),
                            manifest.digest(fresh), list(names), live])


# ------------------------------------------------------------------------------------ build

def check(cfg: Config) -> list[DossierError]:
    """Every problem of every pair file (``make check``): always a full read, never the cache."""
    gaz = countries.load()
    _, errors = store.load_relations(cfg.relations, set(gaz.names))
    return errors


def build(cfg: Config, *, site: bool = True, strict: bool = False, quiet: bool = False) -> Report:
    report = Report()
    _check_search(cfg)
    with build_lock(cfg.root):
        state = manifest.Manifest.load(cfg.cache / "build.json")
        t0 = time.perf_counter()
        articles, warnings = ingest.load_articles(cfg.articles, max_bytes=cfg.max_article_bytes)
        report.read, report.warnings = len(articles), warnings
        gaz = countries.load()
        known = set(gaz.names)
        rel_cache = manifest.RelationCache(cfg.cache / "relations",
                                           rules=manifest.digest([_merge_code(), sorted(known)]))
        files, errors = load_relations(cfg.relations, known, rel_cache)
        if errors:
            raise DossierError(
                "the dossier's YAML has problems; nothing was written:\n"
                + "\n".join(f"  {e}" for e in errors))
        t1 = time.perf_counter()
        records = extract_articles(articles, cfg.cache, model=cfg.model, report=report)
        t2 = time.perf_counter()
        fresh = fresh_entries(articles, records, gaz)
        report.unused = unused(articles, records, fresh)
        report.unused_list = _list_unused(cfg.cache, report.unused)
        relations = _merge(cfg, files, fresh, gaz, state, rel_cache, report, strict,
                           {a.id for a in articles})
        t3 = time.perf_counter()
        _render(cfg, relations, articles, records, gaz, state, report)
        state.save()
        t4 = time.perf_counter()
        if site:
            _site(cfg, state, report, quiet=quiet)
            state.save()
        t5 = time.perf_counter()
        report.timings = {"ingest": t1 - t0, "extract": t2 - t1, "merge": t3 - t2,
                          "render": t4 - t3, "site": t5 - t4}
    return report


def _merge(cfg: Config, files: dict[tuple[str, str], Relation],
           fresh: dict[tuple[str, str], dict[str, dict[str, Any]]], gaz: countries.Gazetteer,
           state: manifest.Manifest, rel_cache: manifest.RelationCache, report: Report,
           strict: bool, ids: set[str]) -> list[tuple[str, dict[str, Any]]]:
    """Merge fresh extraction into every pair file whose inputs changed since the last build;
    the others are known to give the same bytes again. Returns (pair slug, data) to render."""
    unchanged: list[tuple[str, dict[str, Any]]] = []
    results: list[tuple[store.MergeResult, dict[str, Any], tuple[str, str]]] = []
    vacant: list[Path] = []
    for pair in sorted(set(fresh) | set(files)):
        path = store.pair_file(cfg.relations, pair)
        rel = files.get(pair)
        if rel is None and store.base_path(path).exists():
            report.warnings.append(
                f"{path}: deleted by hand, so its entries stay deleted (delete "
                f"{store.base_path(path)} as well to extract this pair again)")
            continue
        names = (gaz.name(pair[0]), gaz.name(pair[1]))
        pair_fresh = fresh.get(pair, {})
        if rel is not None and state.pairs.get(path.stem) == _merge_key(
                path, rel.sha, pair_fresh, names, sorted(store.cited(rel.data) & ids)):
            unchanged.append((path.stem, rel.data))
            continue
        pf = None
        if rel is not None:
            pf = rel.pf or store.read_pair_file(path, set(gaz.names))[0]
        res = store.merge(pf, path, pair, pair_fresh, names=names, articles=ids)
        if store.is_vacant(res, pf):
            vacant.append(path)   # the extraction no longer relates this pair: no empty page
        else:
            results.append((res, pair_fresh, names))
    if strict and report.warnings:
        raise DossierError("warnings are fatal with --strict:\n"
                           + "\n".join(f"  {w}" for w in report.warnings))
    for path in vacant:
        state.pairs.pop(path.stem, None)
        if path.exists() or store.base_path(path).exists():
            store.remove(path)
            report.pairs_changed.append(path.stem + " (removed: nothing left)")
    out = list(unchanged)
    for res, pair_fresh, names in results:
        store.write(res)
        out.append((res.path.stem, res.data))
        if res.changed:
            report.pairs_changed.append(res.path.stem)
        sha = manifest.file_sha(res.path)
        state.pairs[res.path.stem] = _merge_key(res.path, sha, pair_fresh, names,
                                                sorted(store.cited(res.data) & ids))
        if not store.validate(res.data, res.path, set(gaz.names)):
            rel_cache.put(res.path, sha, res.data)
    live = {slug for slug, _ in out}
    state.pairs = {k: v for k, v in state.pairs.items() if k in live}
    rel_cache.drop_except(live)
    report.pairs = sorted(live)
    return sorted(out)


def _render(cfg: Config, relations: list[tuple[str, dict[str, Any]]], articles: list[Article],
            records: dict[str, dict[str, Any]], gaz: countries.Gazetteer,
            state: manifest.Manifest, report: Report) -> None:
    """Render the pages, unless nothing they are made from changed and the docs folder is as the
    last build left it. Either way only pages whose text changed are written."""
    from .render import render_site

    page_articles = [{
        "id": a.id, "title": a.title, "date": a.date, "url": a.url,
        "publisher": a.publisher, "path": _rel(a.path, cfg.root),
        "sentences": [a.text[s:e] for s, e in records[a.id]["sentences"]],
    } for a in articles if a.id in records]
    key = manifest.digest([
        _render_code(cfg.templates), cfg.offline, cfg.search, _gazetteer_digest(),
        [(slug, manifest.digest(data)) for slug, data in relations],
        [{k: v for k, v in a.items() if k != "sentences"} | {"text": manifest.digest(a["sentences"])}
         for a in page_articles]])
    where = _rel(cfg.docs, cfg.root)
    if state.render == key and state.docs and state.docs == manifest.tree_state(cfg.docs):
        report.pages = f"Pages: unchanged in {where}/."
        return
    rr = render_site(cfg.docs, cfg.templates, relations=[data for _, data in relations],
                     articles=page_articles, countries=gaz.country_info(),
                     directory_urls=not cfg.offline, search=cfg.search)
    state.render, state.docs = key, manifest.tree_state(cfg.docs)
    report.pages = (f"Pages: {rr.pages_written} written, {rr.pages_unchanged} unchanged, "
                    f"{rr.pages_removed} removed in {where}/.")


def _render_code(templates: Path) -> str:
    return manifest.sources_digest(HERE / "render.py", HERE / "charts.py", templates)


def _site_inputs(cfg: Config) -> str:
    """What the site is built from: the docs folder, mkdocs.yml (and any theme folder or hook it
    names), the mode, and the versions of MkDocs and its theme."""
    extra: list[str] = []
    try:
        mk = read_mkdocs_config(cfg.mkdocs_yml)
    except Exception:  # noqa: BLE001 - mkdocs itself will report a broken mkdocs.yml
        mk = {}
    theme = mk.get("theme")
    theme = theme if isinstance(theme, dict) else {}
    for name in [theme.get("custom_dir"), *(mk.get("hooks") or [])]:
        if isinstance(name, str):
            target = cfg.root / name
            extra.append(manifest.tree_state(target) if target.is_dir()
                         else manifest.file_sha(target))
    versions = []
    for dist in ("mkdocs", "mkdocs-material", "pagefind-bin"):
        try:
            versions.append(metadata.version(dist))
        except metadata.PackageNotFoundError:
            versions.append("")
    return manifest.digest([manifest.tree_state(cfg.docs), manifest.file_sha(cfg.mkdocs_yml),
                            cfg.offline, cfg.search, versions, extra])


def _site(cfg: Config, state: manifest.Manifest, report: Report, *, quiet: bool) -> None:
    """``mkdocs build``, unless the site was built from exactly these inputs and is untouched.

    The site is built into a fresh folder beside it and swapped in when complete: a failed or
    interrupted build leaves the previous site whole, and the old files are deleted by a
    background process after the build rather than one by one before it (deleting thousands
    of files can take longer than writing them)."""
    inputs = _site_inputs(cfg)
    where = _rel(cfg.site, cfg.root)
    if state.site.get("inputs") == inputs and state.site.get("output") == manifest.tree_state(
            cfg.site):
        report.pages += f" Site: {where}/ is up to date."
        return
    state.site = {}
    fresh = cfg.site.with_name(f".{cfg.site.name}.building")
    if fresh.exists():
        _discard(fresh, cfg)
    run_mkdocs(cfg, quiet=quiet, site_dir=fresh)
    if cfg.search == "pagefind":
        run_pagefind(cfg, fresh)
    if cfg.site.exists():
        _discard(cfg.site, cfg)
    os.replace(fresh, cfg.site)
    state.site = {"inputs": inputs, "output": manifest.tree_state(cfg.site)}
    report.pages += f" Site: {where}/."


def _discard(folder: Path, cfg: Config) -> None:
    """Move a folder out of the way at once and delete it in a background process."""
    trash = cfg.cache / "trash" / f"{folder.name.strip('.')}-{time.time_ns()}"
    trash.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(folder, trash)
    except OSError:                       # another file system: delete it here
        shutil.rmtree(folder, ignore_errors=True)
        return
    subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], True)",
                      str(trash.parent)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, start_new_session=True)


def run_mkdocs(cfg: Config, *, quiet: bool = False, site_dir: Path | None = None) -> None:
    """``mkdocs build --strict`` in a process of its own; its messages (warnings included, which
    fail a strict build) are shown only if it fails, so ``quiet`` changes nothing."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(cfg.mkdocs_yml)]
    if site_dir is not None:
        cmd += ["--site-dir", str(site_dir)]
    # mkdocs.yml reads these: Material's offline plugin, and page.html rather than page/ URLs,
    # which a browser cannot resolve to index.html from disk; the theme's search or Pagefind's.
    env = {**os.environ, "OFFLINE": "true" if cfg.offline else "false",
           "DIRECTORY_URLS": "false" if cfg.offline else "true",
           "MATERIAL_SEARCH": "false" if cfg.search == "pagefind" else "true",
           "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(cmd, cwd=cfg.root, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise DossierError("the site build failed:\n" + (proc.stderr or proc.stdout)[-4000:],
                           cfg.mkdocs_yml)


def _check_search(cfg: Config) -> None:
    if cfg.search not in SEARCH_ENGINES:
        raise DossierError(f"unknown search {cfg.search!r}",
                           hint=f"use one of {', '.join(SEARCH_ENGINES)} (SEARCH=…)")
    if cfg.search == "pagefind" and cfg.offline:
        raise DossierError("Pagefind's search loads its index over HTTP, so it cannot work in a "
                           "site opened from disk", hint="drop OFFLINE=1 or SEARCH=pagefind")


def run_pagefind(cfg: Config, site_dir: Path) -> None:
    """Pagefind's chunked index of the built pages (their article text, not the theme's menus):
    a browser downloads only the chunks a query needs, however large the dossier."""
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--root-selector",
           "article.md-content__inner", "--quiet"]
    proc = subprocess.run(cmd, cwd=cfg.root, capture_output=True, text=True)
    if proc.returncode != 0:
        out = proc.stderr or proc.stdout
        hint = ("install it: pip install 'pagefind[bin]' (make build SEARCH=pagefind does)"
                if "No module named pagefind" in out else None)
        raise DossierError("the search index failed:\n" + out[-4000:], cfg.site, hint=hint)


def _rel(path: Path, root: Path) -> str:
    for candidate in (path, path.resolve()):      # resolving only when needed: it is slow
        try:
            return str(candidate.relative_to(root))
        except ValueError:
            continue
    return str(path)
