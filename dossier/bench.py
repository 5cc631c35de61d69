"""Benchmark: how fast and how big a Dossier build is for N real articles (``make bench``).

    python -m dossier.bench --corpus PATH -n N [--workdir DIR] [--keep] [--json]

PATH is a folder of article files (copied as they are), the Reuters-21578 folder (``reut2-*.sgm``:
each story with a body becomes a dated ``.txt``) or the BBC folder (``<category>/*.txt``, title on
line 1: each becomes a ``.md`` with a ``title:``; categories are interleaved so a sample mixes them).
The corpora are research-only, so articles are written to a throwaway project in a temporary
folder (removed unless ``--keep``), never into the repository.

Measured, in one process on the same texts:

* the spaCy model load, then raw ``nlp.pipe`` throughput and the extraction stage (``nlp.pipe`` +
  ``extract``) over the same texts: their ratio is what our rules cost on top of the parser;
* a cold build, a warm rebuild with nothing changed and a rebuild after adding one article, each
  split into ingest / extract / merge / render / site: the incremental runs show whether the cache
  keeps rebuilds cheap, and what does not shrink with it;
* ``mkdocs build`` alone on the same site: a rebuild can never beat it, so it is the yardstick;
* peak RSS of this process and of its children (the mkdocs subprocesses), the site size, its
  largest page and the search index, which grow with the corpus and are what a reader downloads.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from itertools import islice, zip_longest
from pathlib import Path
from typing import Any

from . import ingest, nlp
from .build import Report, build
from .config import Config

REPO = Path(__file__).resolve().parent.parent
STAGES = ("ingest", "extract", "merge", "render", "site")
RUNS = ("cold", "warm", "add-one")
BATCH_SIZE = 16          # the same batch size the build uses, so the throughputs compare
Item = tuple[str, bytes]  # (relative file name, file content)

_STORY = re.compile(r"<REUTERS\b(.*?)</REUTERS>", re.S)
_REUTER_END = re.compile(r"\s*reuter\s*(?:&#3;)?\s*\Z", re.I)
# mkdocs run in a child that prints its own peak RSS (VmHWM: per address space, reset at exec).
_MKDOCS_HWM = ("import re, runpy, sys\nsys.argv[0] = 'mkdocs'\ntry:\n"
               "    runpy.run_module('mkdocs', run_name='__main__')\nfinally:\n"
               "    print(re.search(r'VmHWM.*', open('/proc/self/status').read())[0],"
               " file=sys.stderr)\n")


def log(msg: str) -> None:
    print(f"bench: {msg}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------- corpora

def _tag(text: str, name: str) -> str | None:
    m = re.search(rf"<{name}>(.*?)</{name}>", text, re.S)
    return m.group(1) if m else None


def reuters(folder: Path) -> Iterator[Item]:
    for sgm in sorted(folder.glob("reut2-*.sgm")):
        # latin-1: a few stories carry stray non-ASCII bytes; every byte decodes.
        for m in _STORY.finditer(sgm.read_text(encoding="latin-1")):
            story, body = m.group(1), _tag(m.group(1), "BODY")
            if not body:
                continue
            newid = re.search(r'NEWID="(\d+)"', story)
            title = html.unescape(_tag(story, "TITLE") or "").strip()
            body = html.unescape(_REUTER_END.sub("", body)).strip()
            prefix = ""
            try:
                day = dt.datetime.strptime((_tag(story, "DATE") or "").split()[0], "%d-%b-%Y")
                prefix = f" date {day.date().isoformat()} "
            except (ValueError, IndexError):
                pass   # an undated article is still an article
            text = f"{prefix}{title}\n\n{body}\n" if title else f"{prefix}{body}\n"
            yield f"reuters-{newid.group(1) if newid else sgm.stem}.txt", text.encode("utf-8")


def bbc(folder: Path) -> Iterator[Item]:
    cats = [sorted(d.glob("*.txt")) for d in sorted(folder.iterdir()) if d.is_dir()]
    for row in zip_longest(*cats):
        for path in filter(None, row):
            raw = path.read_bytes()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("cp1252", errors="replace")
            title, _, body = text.strip().partition("\n")
            # json.dumps gives a valid YAML double-quoted scalar whatever the title holds.
            md = f"---\ntitle: {json.dumps(title.strip())}\n---\n\n{body.strip()}\n"
            yield f"bbc-{path.parent.name}-{path.stem}.md", md.encode("utf-8")


def plain(folder: Path) -> Iterator[Item]:
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if (path.is_file() and path.suffix.lower() in ingest.SUPPORTED_SUFFIXES
                and not any(p.startswith(".") for p in rel.parts)):
            yield rel.as_posix(), path.read_bytes()


def detect(folder: Path) -> tuple[str, Iterator[Item]]:
    """Which corpus this is, judged by content rather than by the folder's name."""
    sgm = next(iter(sorted(folder.glob("*.sgm"))), None)
    if sgm is not None and "<REUTERS" in sgm.read_text(encoding="latin-1")[:5000]:
        return "reuters", reuters(folder)
    nested = [p for p in folder.glob("*/*.txt")][:20]
    if nested and not list(folder.glob("*.txt")) and all(
            (p.read_bytes().split(b"\n") + [b"", b""])[1].strip() == b""
            and not p.read_bytes().lstrip().lower().startswith(b"date") for p in nested):
        return "bbc", bbc(folder)   # category folders, title line, blank line, body
    return "articles", plain(folder)


def changed_copy(item: Item) -> Item:
    """The first article again with one sentence added: an edit the cache has never seen."""
    name, raw = item
    extra = b"\n\nThe benchmark added this sentence to change the article.\n"
    if name.lower().endswith((".html", ".htm")) and b"</body>" in raw:
        raw = raw.replace(b"</body>", b"<p>The benchmark added this sentence.</p></body>", 1)
    else:
        raw = raw.rstrip() + extra
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}-bench-copy{dot}{suffix}", raw


# ---------------------------------------------------------------------------- measuring

def timed_build(work: Path) -> dict[str, Any]:
    t0 = time.perf_counter()
    report: Report = build(Config.load(work), site=True, quiet=True)
    wall = time.perf_counter() - t0
    return {**report.timings, "total": wall, "read": report.read,
            "extracted": report.extracted, "cached": report.cached,
            "warnings": len(report.warnings), "pairs": len(report.pairs)}


def throughput(cfg: Config) -> dict[str, Any]:
    t0 = time.perf_counter()
    # Positional, as extract_articles calls it: lru_cache keys load() and load(None) apart, and
    # the build must reuse this pipeline rather than load a second one.
    pipeline = nlp.load(cfg.model)
    load_s = time.perf_counter() - t0
    articles, _ = ingest.load_articles(cfg.articles, max_bytes=cfg.max_article_bytes)
    texts = [a.text for a in articles]
    # First-call set-up (the parser's, the gazetteer matcher's) is not throughput.
    list(nlp.extract_all(articles[:1], model=cfg.model))
    t0 = time.perf_counter()
    tokens = sum(len(doc) for doc in pipeline.pipe(texts, batch_size=BATCH_SIZE))
    raw_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in nlp.extract_all(articles, model=cfg.model):   # the build's own extraction loop
        pass
    ext_s = time.perf_counter() - t0
    return {"model_load_s": load_s, "articles": len(texts), "tokens": tokens,
            "raw_s": raw_s, "extract_s": ext_s,
            "raw_articles_per_s": len(texts) / raw_s, "raw_tokens_per_s": tokens / raw_s,
            "extract_articles_per_s": len(texts) / ext_s, "extract_tokens_per_s": tokens / ext_s,
            "ratio_extract_raw": ext_s / raw_s}


def site_sizes(site: Path) -> dict[str, Any]:
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    largest = max(pages, key=lambda p: p.stat().st_size, default=None)
    index = site / "search" / "search_index.json"
    return {"site_bytes": sum(p.stat().st_size for p in files), "site_files": len(files),
            "html_pages": len(pages),
            "largest_page": str(largest.relative_to(site)) if largest else None,
            "largest_page_bytes": largest.stat().st_size if largest else 0,
            "search_index_bytes": index.stat().st_size if index.exists() else 0}


def run(corpus: Path, n: int, work: Path) -> dict[str, Any]:
    kind, items = detect(corpus)
    chosen = list(islice(items, n + 1))
    extra = chosen.pop() if len(chosen) > n else (changed_copy(chosen[0]) if chosen else None)
    if extra is None:
        raise SystemExit(f"bench: no articles found in {corpus}")
    if len(chosen) < n:
        log(f"only {len(chosen)} article(s) in {corpus}, not {n}: using those")
    log(f"{kind} corpus: {len(chosen)} articles into {work}")
    shutil.copy2(REPO / "mkdocs.yml", work / "mkdocs.yml")
    shutil.copytree(REPO / "templates", work / "templates", dirs_exist_ok=True)
    articles = work / "content" / "articles"
    for name, raw in chosen:
        (articles / name).parent.mkdir(parents=True, exist_ok=True)
        (articles / name).write_bytes(raw)
    cfg = Config.load(work)
    log("loading the model and timing nlp.pipe vs extraction")
    result: dict[str, Any] = {"corpus": str(corpus), "kind": kind, "requested": n,
                              "articles": len(chosen), "throughput": throughput(cfg)}
    runs: dict[str, Any] = {}
    log("cold build")
    runs["cold"] = timed_build(work)
    log("warm rebuild (nothing changed)")
    runs["warm"] = timed_build(work)
    log(f"rebuild after adding {extra[0]}")
    (articles / extra[0]).parent.mkdir(parents=True, exist_ok=True)
    (articles / extra[0]).write_bytes(extra[1])
    runs["add-one"] = timed_build(work)
    result["runs"] = runs
    log("mkdocs build alone")
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _MKDOCS_HWM, "build", "-q", "-f",
                           str(work / "mkdocs.yml")], cwd=work, capture_output=True, text=True)
    mk = time.perf_counter() - t0
    if proc.returncode != 0:     # the figures below would describe a broken site
        raise SystemExit(f"bench: mkdocs build failed:\n{proc.stderr[-4000:]}")
    hwm = re.findall(r"VmHWM:\s*(\d+) kB", proc.stderr)
    result["mkdocs_alone_s"] = mk
    result["ratio_warm_mkdocs"] = runs["warm"]["total"] / mk
    result["ratio_add_one_mkdocs"] = runs["add-one"]["total"] / mk
    # ru_maxrss is KiB on Linux. A child's ru_maxrss starts from this process's size at the
    # fork, so RUSAGE_CHILDREN is at least our own peak; VmHWM, read inside mkdocs after exec,
    # is mkdocs' own peak.
    result["peak_rss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result["peak_rss_children_kib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result["mkdocs_vmhwm_kib"] = int(hwm[-1]) if hwm else None
    result.update(site_sizes(cfg.site))
    return result


# ------------------------------------------------------------------------------ reporting

def render(r: dict[str, Any]) -> str:
    t, runs = r["throughput"], r["runs"]
    lines = [f"Corpus: {r['corpus']} ({r['kind']}), {r['articles']} of {r['requested']} "
             f"requested articles, +1 for the add-one run", "",
             f"{'seconds':<10}" + "".join(f"{name:>10}" for name in RUNS)]
    for stage in (*STAGES, "total"):
        lines.append(f"{stage:<10}" + "".join(f"{runs[name][stage]:>10.2f}" for name in RUNS))
    for key in ("extracted", "cached", "warnings", "pairs"):
        lines.append(f"{key:<10}" + "".join(f"{runs[name][key]:>10}" for name in RUNS))
    mib = 1024
    lines += [
        "",
        f"model load        {t['model_load_s']:.2f} s",
        f"raw nlp.pipe      {t['raw_articles_per_s']:8.1f} articles/s {t['raw_tokens_per_s']:9.0f} "
        f"tokens/s ({t['tokens']} tokens in {t['raw_s']:.2f} s)",
        f"extraction        {t['extract_articles_per_s']:8.1f} articles/s "
        f"{t['extract_tokens_per_s']:9.0f} tokens/s ({t['extract_s']:.2f} s)",
        f"extraction / raw  {t['ratio_extract_raw']:.2f}x",
        f"mkdocs alone      {r['mkdocs_alone_s']:.2f} s; warm rebuild / mkdocs "
        f"{r['ratio_warm_mkdocs']:.2f}x; add-one rebuild / mkdocs {r['ratio_add_one_mkdocs']:.2f}x",
        f"peak RSS          {r['peak_rss_kib'] / mib:.0f} MiB this process; children "
        f"{r['peak_rss_children_kib'] / mib:.0f} MiB by getrusage (inherits ours at fork), "
        f"mkdocs' own {(r['mkdocs_vmhwm_kib'] or 0) / mib:.0f} MiB (VmHWM)",
        f"site              {r['site_bytes'] / 1e6:.2f} MB in {r['site_files']} files, "
        f"{r['html_pages']} HTML pages",
        f"largest page      {r['largest_page']} ({r['largest_page_bytes'] / 1024:.0f} KB)",
        f"search index      {r['search_index_bytes'] / 1024:.0f} KB",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m dossier.bench", description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=Path("content/articles"))
    ap.add_argument("-n", type=int, default=1000, help="number of articles (default 1000)")
    ap.add_argument("--workdir", type=Path, help="where the throwaway project goes")
    ap.add_argument("--keep", action="store_true", help="keep the work folder afterwards")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        ap.error(f"corpus folder not found: {args.corpus}")
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="dossier-bench-", dir=args.workdir)).resolve()
    try:
        result = run(args.corpus.resolve(), max(args.n, 1), work)
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result, indent=2) if args.json else render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
