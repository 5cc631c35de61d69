"""The stages in order: ingest → extract (cached) → merge → render → site.

Like MkDocs' own build, everything is read and checked before anything is written: a broken
YAML file stops the build before any file changes; a bad article is skipped with a warning.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from . import articles as articles_module
from . import cluster, countries, manifest, merge, nlp, propose, store, validate
from . import site as site_module
from .config import Config, resolve_search
from .errors import DossierError
from .models import Article
from .runner import build_lock, fewer_collections, progress

if TYPE_CHECKING:
    from .render import Rendered  # render imports Jinja: only when pages are made

HERE = Path(__file__).resolve().parent
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
    search: str = ""          # the search the pages were made for (SEARCH=auto resolved)
    written: list[Path] = field(default_factory=list)   # the pair files written or removed

    def summary(self, shown: int = 10) -> str:
        lines = [f"Read {self.read} article(s): {self.extracted} new or changed, "
                 f"{self.cached} unchanged (cached), {len(self.warnings)} skipped or warned, "
                 f"{len(self.unused)} with nothing for the dossier."]
        lines += [f"  warning: {w}" for w in self.warnings]
        lines += [f"  note: {n}" for n in self.unused[:shown]]
        if len(self.unused) > shown:
            lines.append(f"  note: … and {len(self.unused) - shown} more articles with nothing "
                         f"for the dossier, all listed in {self.unused_list}")
        lines.append(f"Pairs: {len(self.pairs)} in the dossier; updated: "
                     f"{self.changed_text(shown * 3)}.")
        if self.pages:
            lines.append(self.pages)
        return "\n".join(lines)

    def changed_text(self, shown: int) -> str:
        """The pairs a build changed, the first ``shown`` by name and the others counted."""
        changed = ", ".join(self.pairs_changed[:shown]) or "none"
        if len(self.pairs_changed) > shown:
            changed += f" and {len(self.pairs_changed) - shown} more"
        return changed


# ------------------------------------------------------------------------------ extraction

@lru_cache(maxsize=1)
def _gazetteer_digest() -> str:
    h = hashlib.sha256(countries.DATA.read_bytes())
    if countries.DERIVED.exists():
        h.update(countries.DERIVED.read_bytes())
    return h.hexdigest()[:12]


@lru_cache(maxsize=1)
def _extractor_digest() -> str:
    """The extractor's source, its thresholds and the data it reads (the relevance model, the
    CAMEO and cue tables): a change to any extraction rule or table invalidates the cache. The
    thresholds that only group records (``thresholds.EXTRACTION`` names the others) do not."""
    from . import thresholds

    numbers = repr([(name, getattr(thresholds, name)) for name in thresholds.EXTRACTION])
    return manifest.digest([manifest.sources_digest(
        *sorted((HERE / "extract").rglob("*.py")),
        *sorted(p for p in (HERE / "data").iterdir()
                if p.suffix in (".json", ".gz", ".tsv", ".txt"))), numbers])[:12]


def extractor_key() -> str:
    """What decides an article's record besides its text, date and the model: the extractor's
    code and data, and the gazetteer (a cluster's workers must agree on it)."""
    return _extractor_digest() + _gazetteer_digest()


def cache_key(article: Article, model: str) -> str:
    h = hashlib.sha256()
    for part in (_extractor_digest(), model, _gazetteer_digest(), article.date or "",
                 article.text):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def extract_articles(articles: list[Article], cache: Path | None, *, model: str | None = None,
                     report: Report | None = None, scheduler: str | None = None,
                     workers: int | None = None) -> dict[str, dict[str, Any]]:
    """Extraction records by article id, from the cache where the text and extractor are unchanged.

    spaCy is loaded only when some article is not in the cache. New records are written to the
    cache as they come, so an interrupted build keeps what it had done. ``scheduler``/``workers``:
    the Dask cluster that extracts them (``nlp.extract_each``).
    """
    mid = nlp.installed_model_id(model)
    records: dict[str, dict[str, Any]] = {}
    todo: list[tuple[Article, Path | None]] = []
    for a in articles:
        path = cache / "extract" / f"{cache_key(a, mid)}.json" if cache else None
        if path is not None:
            rec = manifest.read_cache_json(path)   # None: not cached yet, or damaged
            if _is_record(rec):
                records[a.id] = rec
                continue
        todo.append((a, path))
    failed: dict[int, DossierError] = {}
    if todo:
        nlp.use_cache(cache)
        fresh = nlp.extract_each([a for a, _ in todo], model=model, scheduler=scheduler,
                                 workers=workers)
        for i, rec in progress(fresh, len(todo)):
            a, path = todo[i]
            if isinstance(rec, DossierError):
                failed[i] = rec
                continue
            records[a.id] = rec
            if path is not None:
                manifest.write_cache(path, json.dumps(rec, ensure_ascii=False))
    if report is not None:
        report.warnings += [str(failed[i]) for i in sorted(failed)]  # in the articles' order
        report.extracted, report.cached = len(todo) - len(failed), len(articles) - len(todo)
    return records


RECORD_LISTS = ("sentences", "countries", "pairs", "facts", "quotes", "entities")


def _is_record(rec: Any) -> bool:
    """Whether a cache entry has the shape the extractor writes (else it is extracted again)."""
    return isinstance(rec, dict) and all(isinstance(rec.get(k), list) for k in RECORD_LISTS)


# ---------------------------------------------------------------------------- unused articles

def unused(articles: list[Article], records: dict[str, dict[str, Any]],
           fresh: propose.Proposals) -> list[str]:
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
    manifest.write_cache(path, "".join(n + "\n" for n in notes), checked=False)  # for people
    return path


# -------------------------------------------------------------------------------- relations

@lru_cache(maxsize=1)
def _merge_code() -> str:
    """The code that validates and merges pair files: a change to it is a change of input."""
    return manifest.sources_digest(HERE / "store.py", HERE / "validate.py", HERE / "merge.py",
                                   HERE / "models.py", HERE / "schema.py")


def _merge_key(path: Path, yaml_sha: str, fresh: dict[str, Any], names: tuple[str, str],
               live: list[str]) -> str:
    """Everything a pair's merge reads: equal keys, equal result. ``live``: the articles its
    entries cite that still exist (an entry citing none is flagged orphaned)."""
    return manifest.digest([_merge_code(), yaml_sha, manifest.file_sha(store.base_path(path)),
                            manifest.digest(fresh), list(names), live])


# ------------------------------------------------------------------------------------ build

def check(cfg: Config, *, site: bool = True) -> tuple[list[DossierError], list[str]]:
    """Everything ``build`` would refuse, found without writing anything (``make check``): every
    problem of every pair file and base (a full read, never the cache) and of mkdocs.yml; and,
    as warnings, what the build would skip or keep from an earlier reading (articles)."""
    _check_project(cfg)
    errors: list[DossierError] = []
    try:
        site_module.check_search(cfg)
    except DossierError as exc:
        errors.append(exc)
    gaz = countries.load()
    files, errs = store.load_relations(cfg.relations, set(gaz.names))
    errors += errs
    if site:
        errors += site_module.check_config(cfg)
    cites = {rel.path.stem: store.cited(rel.data) for rel in files.values()}
    found = articles_module.scan(cfg.articles, max_bytes=cfg.max_article_bytes,
                                 readings=_readings(cfg), cited=set().union(*cites.values()))
    warnings = list(found.warnings)
    if found.unknown:
        ids = {a.id for a in found.articles}
        held = sorted(slug for slug, cited in cites.items() if cited - ids)
        if held:
            warnings.append(_held_warning(cfg, held, found.unknown))
    return errors, warnings


def _check_project(cfg: Config) -> None:
    """Refuse a folder that is no dossier before anything (a lock file included) is written."""
    if not cfg.articles.is_dir():
        raise DossierError("articles folder not found", cfg.articles,
                           hint="run the build in the project folder (the one with mkdocs.yml "
                                "and content/), or pass --root; in a new project, create "
                                "content/articles/ and put the articles in it")


def _readings(cfg: Config) -> articles_module.Readings:
    return articles_module.Readings(cfg.cache / "readings", cfg.articles)


def build(cfg: Config, *, site: bool = True, strict: bool = False, quiet: bool = False) -> Report:
    """Read and check everything, extract, merge and render in memory, and only then write: a
    refusal (broken pair file, base or mkdocs.yml, --strict warnings, a template error) leaves
    every file as it was."""
    report = Report()
    site_module.check_search(cfg)
    _check_project(cfg)
    with build_lock(cfg.root), fewer_collections():
        state = manifest.Manifest.load(cfg.cache / "build.json")
        t0 = time.perf_counter()
        gaz = countries.load()
        known = set(gaz.names)
        rel_cache = manifest.RelationCache(cfg.cache / "relations",
                                           rules=manifest.digest([_merge_code(), sorted(known)]))
        files, errors = store.load_relations(cfg.relations, known, rel_cache)
        if site:
            errors += site_module.check_config(cfg, state)
        if errors:
            raise DossierError(
                "the dossier's files have problems; nothing was written:\n"
                + "\n".join(f"  {e}" for e in errors))
        readings = _readings(cfg)
        found = articles_module.scan(
            cfg.articles, max_bytes=cfg.max_article_bytes, readings=readings,
            cited={a for rel in files.values() for a in store.cited(rel.data)})
        articles = found.articles
        cfg = replace(cfg, search=resolve_search(cfg.search, offline=cfg.offline,
                                                 articles=len(articles)))
        report.search = cfg.search
        report.read, report.warnings = len(articles), found.warnings
        t1 = time.perf_counter()
        records = extract_articles(articles, cfg.cache, model=cfg.model, report=report,
                                   scheduler=cfg.scheduler, workers=cfg.workers)
        t2 = time.perf_counter()
        memory = cluster.Memory(cfg.cache / "clusters.json")
        fresh = propose.fresh_entries(articles, records, gaz, memory)
        memory.save()
        report.unused = unused(articles, records, fresh)
        plan = _plan(cfg, files, fresh, gaz, state, report, {a.id for a in articles},
                     found.unknown)
        if strict and report.warnings:
            raise DossierError("warnings are fatal with --strict; nothing was written:\n"
                               + "\n".join(f"  {w}" for w in report.warnings))
        relations = plan.relations()
        pages = _prepare_pages(cfg, relations, articles, records, gaz, state)
        t3 = time.perf_counter()
        _apply(plan, state, rel_cache, report, gaz)
        report.unused_list = _list_unused(cfg.cache, report.unused)
        _write_pages(cfg, pages, state, report)
        readings.save(articles)
        state.save()
        t4 = time.perf_counter()
        if site:
            # The docs folder is as the pages step found or left it: state.docs is its state.
            report.pages += site_module.build_site(cfg, state, quiet=quiet, docs_state=state.docs)
            state.save()
        t5 = time.perf_counter()
        report.timings = {"ingest": t1 - t0, "extract": t2 - t1, "merge": t3 - t2,
                          "render": t4 - t3, "site": t5 - t4}
    return report


@dataclass
class Plan:
    """What the merge will write, worked out before anything is written."""

    ids: set[str]                                   # the articles read (or recalled)
    unchanged: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    results: list[tuple[merge.MergeResult, dict[str, Any], tuple[str, str]]] = field(
        default_factory=list)
    vacant: list[Path] = field(default_factory=list)

    def relations(self) -> list[tuple[str, dict[str, Any]]]:
        """(pair slug, data) of every pair the dossier will hold, as the pages show them."""
        return sorted(self.unchanged + [(r.path.stem, read_back(r.data)) for r, _, _ in self.results])


def read_back(data: dict[str, Any]) -> dict[str, Any]:
    """A pair file's data as the next build reads it from the cache of pair files (JSON): equal
    values, but plain ints and floats where ruamel.yaml gave its own, and no value object shared
    by two fields. Pages made from either are the same, but not their pickles, which decide
    whether the next build renders a page again (``render.page_digests``)."""
    return json.loads(json.dumps(data, ensure_ascii=False))


def _as_read(rel: store.Relation) -> dict[str, Any]:
    """A pair's data as the next build reads it: from the cache of pair files as it is, else
    (parsed from its YAML this time) through ``read_back``."""
    return rel.data if rel.pf is None else read_back(rel.data)


def _plan(cfg: Config, files: dict[tuple[str, str], store.Relation],
          fresh: propose.Proposals, gaz: countries.Gazetteer,
          state: manifest.Manifest, report: Report, ids: set[str], unknown: list[Path]) -> Plan:
    """Merge fresh extraction into every pair file whose inputs changed since the last build, in
    memory; the others are known to give the same bytes again.

    ``unknown``: article files (or folders) that could not be read and whose last reading is not
    known. What they gave the dossier cannot be told from a deleted article's, so every pair that
    cites an article not read now is left exactly as it is until they read again."""
    plan = Plan(ids)
    held: list[str] = []
    for pair in sorted(set(fresh) | set(files)):
        path = store.pair_file(cfg.relations, pair)
        rel = files.get(pair)
        if rel is None and store.base_path(path).exists():
            report.warnings.append(_deleted_warning(path))
            continue
        if rel is not None and unknown and store.cited(rel.data) - ids:
            held.append(path.stem)
            plan.unchanged.append((path.stem, _as_read(rel)))
            continue
        names = (gaz.name(pair[0]), gaz.name(pair[1]))
        pair_fresh = fresh.get(pair, {})
        if rel is not None and state.pairs.get(path.stem) == _merge_key(
                path, rel.sha, pair_fresh, names, sorted(store.cited(rel.data) & ids)):
            plan.unchanged.append((path.stem, _as_read(rel)))
            continue
        pf = None
        if rel is not None:
            pf = rel.pf or store.read_pair_file(path, set(gaz.names))[0]
        res = merge.merge(pf, path, pair, pair_fresh, names=names, articles=ids)
        if merge.is_vacant(res, pf):
            plan.vacant.append(path)  # the extraction no longer relates this pair: no empty page
        else:
            plan.results.append((res, pair_fresh, names))
    if held:
        report.warnings.append(_held_warning(cfg, held, unknown))
    return plan


def _deleted_warning(path: Path) -> str:
    return (f"{path}: deleted by hand, so its entries stay deleted (delete "
            f"{store.base_path(path)} as well to extract this pair again)")


def _held_warning(cfg: Config, held: list[str], unknown: list[Path]) -> str:
    shown = ", ".join(held[:10]) + (f" and {len(held) - 10} more" if len(held) > 10 else "")
    files = ", ".join(str(p) for p in unknown[:3]) + (" …" if len(unknown) > 3 else "")
    return (f"{cfg.relations}: {shown} left as they are: they cite articles that were not read, "
            f"and what {files} gave the dossier is not known (no earlier reading: a new file, "
            "or the cache was cleared); make the files readable, or delete them, and build again")


def _apply(plan: Plan, state: manifest.Manifest, rel_cache: manifest.RelationCache,
           report: Report, gaz: countries.Gazetteer) -> None:
    """Write what ``_plan`` worked out: vacant pair files removed, merged ones written."""
    for path in plan.vacant:
        state.pairs.pop(path.stem, None)
        if path.exists() or store.base_path(path).exists():
            store.remove(path)
            report.pairs_changed.append(path.stem + " (removed: nothing left)")
            report.written.append(path)
    for res, pair_fresh, names in plan.results:
        store.write(res)
        if res.changed:
            report.pairs_changed.append(res.path.stem)
            report.written.append(res.path)
        sha = manifest.file_sha(res.path)
        state.pairs[res.path.stem] = _merge_key(res.path, sha, pair_fresh, names,
                                                sorted(store.cited(res.data) & plan.ids))
        if not validate.validate(res.data, res.path, set(gaz.names)):
            rel_cache.put(res.path, sha, res.data)
    live = {slug for slug, _ in plan.unchanged} | {r.path.stem for r, _, _ in plan.results}
    state.pairs = {k: v for k, v in state.pairs.items() if k in live}
    rel_cache.drop_except(live)
    report.pairs = sorted(live)


@dataclass
class Pages:
    """The pages to write, or None when nothing they are made from changed."""

    key: str
    rendered: Rendered | None = None
    code: str = ""                # what the page digests are for (``_page_code``)


# The digest of every page's values as the last render wrote it (render.page_digests), with the
# docs folder's state after that render and the code and templates the digests are for.
PAGE_DIGESTS = "pages.json"


def _prepare_pages(cfg: Config, relations: list[tuple[str, dict[str, Any]]],
                   articles: list[Article], records: dict[str, dict[str, Any]],
                   gaz: countries.Gazetteer, state: manifest.Manifest) -> Pages:
    """Render the pages in memory, unless nothing they are made from changed and the docs folder
    is as the last build left it; and then only the pages whose values changed, when the docs
    folder is as the last render left it."""
    page_articles = [{
        "id": a.id, "title": a.title, "date": a.date, "url": a.url,
        "publisher": a.publisher, "path": site_module.rel(a.path, cfg.root),
        "sentences": [a.text[s:e] for s, e in records[a.id]["sentences"]],
    } for a in articles if a.id in records]
    render_code = _render_code(cfg.templates)
    key = manifest.digest([
        render_code, cfg.offline, cfg.search, _gazetteer_digest(),
        [(slug, manifest.digest(data)) for slug, data in relations],
        [{k: v for k, v in a.items() if k != "sentences"} | {"text": manifest.digest(a["sentences"])}
         for a in page_articles]])
    docs = manifest.tree_state(cfg.docs)
    if state.render == key and state.docs and state.docs == docs:
        return Pages(key)
    # Imported only now: the pages read the CAMEO codebook in dossier.extract, which imports spaCy.
    from .render import render_pages

    code = _page_code(render_code)
    return Pages(key, render_pages(cfg.templates, relations=[data for _, data in relations],
                                   articles=page_articles, countries=gaz.country_info(),
                                   directory_urls=not cfg.offline, search=cfg.search,
                                   previous=_page_digests(cfg, docs, code)), code)


def _page_code(render_code: str) -> str:
    """What a page's Markdown is made from besides its values: the templates and the code (and
    Jinja, which compiles the templates)."""
    return manifest.digest([render_code, manifest.package_version("jinja2")])


def _page_digests(cfg: Config, docs: str, code: str) -> dict[str, str]:
    """The digests of the pages the last render wrote, when they are those of the Markdown in the
    docs folder now (``docs``, its tree_state, is the one that render left) and were made for
    the same code; else none."""
    data = manifest.read_cache_json(cfg.cache / PAGE_DIGESTS) if docs else None
    if not isinstance(data, dict) or data.get("docs") != docs or data.get("code") != code:
        return {}
    pages = data.get("pages")
    return pages if isinstance(pages, dict) else {}


def _write_pages(cfg: Config, pages: Pages, state: manifest.Manifest, report: Report) -> None:
    """Write the pages whose text changed, and remember their digests with the state of the docs
    folder they describe: the next build uses them only if the folder is still in that state."""
    where = site_module.rel(cfg.docs, cfg.root)
    if pages.rendered is None:
        report.pages = f"Pages: unchanged in {where}/."
        return
    from .render import write_pages

    rr = write_pages(cfg.docs, cfg.templates, pages.rendered)
    state.render, state.docs = pages.key, manifest.tree_state(cfg.docs)
    manifest.write_cache(cfg.cache / PAGE_DIGESTS, json.dumps(
        {"docs": state.docs, "code": pages.code, "pages": pages.rendered.digests},
        separators=(",", ":")))
    report.pages = (f"Pages: {rr.pages_written} written, {rr.pages_unchanged} unchanged, "
                    f"{rr.pages_removed} removed in {where}/.")


def _render_code(templates: Path) -> str:
    # export.py and schema.py make the CSV published beside each pair page; page_data reads the
    # CAMEO codebook (extract/events.py, data/cameo_codes.tsv) for the headings of fact groups.
    return manifest.sources_digest(HERE / "extract" / "events.py", HERE / "data" / "cameo_codes.tsv",
                                   HERE / "render.py", HERE / "filters.py", HERE / "page_data.py",
                                   HERE / "across_pairs.py", HERE / "page_sizes.py",
                                   HERE / "paging.py", HERE / "pages.py", HERE / "charts.py",
                                   HERE / "chart_parts.py", HERE / "export.py",
                                   HERE / "schema.py", HERE / "models.py", templates)
