"""Benchmark: how fast and how big a Dossier build is for N real articles (``make bench``).

    python -m dossier.bench --corpus PATH -n N [--workdir DIR] [--keep] [--json]

PATH is a folder of article files (copied as they are), the Reuters-21578 folder (``reut2-*.sgm``:
each story with a body becomes a dated ``.txt``) or the BBC folder (``<category>/*.txt``, title on
line 1: each becomes a ``.md`` with a ``title:``; categories are interleaved so a sample mixes them).
The corpora are research-only, so articles are written to a throwaway project in a temporary
folder (removed unless ``--keep``), never into the repository.

Measured on the same texts in one run:

* raw ``nlp.pipe`` throughput of the model and the extraction stage (``nlp.extract_all``: the same
  ``nlp.pipe`` plus the extractors), with the same number of processes on both sides, taken in
  alternating slices so that other load on the machine falls on both alike; their ratio is what
  our rules cost on top of the parser. Wall-clock and CPU-time ratios are both given: on a shared
  machine the CPU ratio is the steadier one;
* in the same slices, the extraction through a Dask cluster of ``--cluster-workers`` (2) local
  worker processes (``dask_extract``, as ``make build WORKERS=2``) against raw ``nlp.pipe`` with
  as many processes; the cluster's start (processes, model loaded) is given apart;
* a cold build, a warm rebuild with nothing changed and a rebuild after adding one article, each
  run as ``python -m dossier build`` in a fresh process, as a person runs it (interpreter start
  and imports included, in "other"), split into ingest / extract / merge / render / site;
  ``--repeat K`` repeats the warm and add-one runs (a new article each time) and reports medians;
* ``mkdocs build`` alone on the same site, also a fresh process (the yardstick: a rebuild that
  changes a page cannot beat it), run as often as the add-one build, into an empty folder and
  over a copy of the previous site (as it runs for a person building again); the ratios use the
  faster, empty-folder time;
* peak RSS of each build (the largest process of its tree: the build, its parser workers, mkdocs)
  and of this process, the site size, its largest page and the search index, which grow with
  the corpus and are what a reader downloads;
* in Chromium (``bench_reader``), the bytes a first visit to the home page transfers and the time
  from the first key of a query to its first result.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, suppress
from itertools import islice, zip_longest
from pathlib import Path
from typing import Any

from . import bench_reader, ingest, nlp, search_index
from .articles import load_articles
from .config import SEARCH_ENGINES, Config, resolve_search
from .models import Article

REPO = Path(__file__).resolve().parent.parent
STAGES = ("ingest", "extract", "merge", "render", "site")
RUNS = ("cold", "warm", "add-one")
SLICES = 4               # the throughput runs alternate over this many slices of the texts
CLUSTER_WORKERS = 2      # the cluster column: extraction through this many local Dask workers
Item = tuple[str, bytes]  # (relative file name, file content)

_STORY = re.compile(r"<REUTERS\b(.*?)</REUTERS>", re.S)
_REUTER_END = re.compile(r"\s*reuter\s*(?:&#3;)?\s*\Z", re.I)


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

def run_process(cmd: list[str], cwd: Path, env: dict[str, str] | None = None
                ) -> tuple[float, int, str]:
    """Run a command; (wall seconds, peak RSS in KiB of its largest process, its stdout).

    This process stays small (the parsing is done in children), so that a child's peak RSS,
    which starts from this process's size at the fork, is its own.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, env=env)
        # wait4 gives the child's own usage and that of every process it waited for (mkdocs,
        # the parser workers): ru_maxrss is the largest of them.
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, tail = out.read().decode("utf-8", "replace"), err.read()[-4000:].decode(
            "utf-8", "replace")
    if proc.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd[:4])}… failed:\n{tail}")
    return wall, usage.ru_maxrss, stdout


def timed_build(work: Path, search: str = "material") -> dict[str, Any]:
    """``python -m dossier build`` in a fresh process, as a person runs it."""
    out = work.parent / f"{work.name}-timings.json"
    wall, rss, _ = run_process([sys.executable, "-m", "dossier", "--root", str(work), "build",
                                "-q", "--search", search, "--timings", str(out)], cwd=work)
    t = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    # The build deletes the previous site in a background process once it is done; that must
    # not slow down whatever is timed next, so wait for it (and report how long it took).
    t0, trash = time.perf_counter(), work / ".cache" / "dossier" / "trash"
    while trash.exists() and time.perf_counter() - t0 < 300:
        time.sleep(0.05)
    return {**t, "total": wall, "other": wall - sum(t[s] for s in STAGES), "rss_kib": rss,
            "deleting_old_site_after": time.perf_counter() - t0}


def mkdocs_alone(work: Path, search: str = "material") -> dict[str, float]:
    """The site generator's own build of the same docs, in a fresh process, as the build runs it
    (with SEARCH=pagefind: MkDocs without the theme's search, then Pagefind), timed twice:

    * "empty": into an empty folder, the least it can take;
    * "over": over a copy of the built site, as ``mkdocs build`` runs for a person who built
      before (it first deletes the old site file by file).

    Neither touches the project's site/, which would (rightly) make the next warm rebuild build
    the site again."""
    pagefind = search == "pagefind"
    env = {**os.environ, "OFFLINE": "false", "DIRECTORY_URLS": "true",
           "MATERIAL_SEARCH": "false" if pagefind else "true"}
    out: dict[str, float] = {}
    for how in ("empty", "over"):
        with tempfile.TemporaryDirectory(dir=work.parent) as tmp:
            site = Path(tmp) / "site"
            if how == "over":
                shutil.copytree(work / "site", site, symlinks=True)
            wall, rss, _ = run_process([sys.executable, "-m", "mkdocs", "build", "--strict",
                                        "-q", "-f", str(work / "mkdocs.yml"), "-d", str(site)],
                                       cwd=work, env=env)
            out[f"{how}_mkdocs"] = wall
            if pagefind:
                more, rss2, _ = run_process(search_index.pagefind_command(site), cwd=work)
                wall, rss = wall + more, max(rss, rss2)
        out[how], out[f"{how}_rss_kib"] = wall, rss
    return out


def _cpu() -> float:
    """CPU seconds of this process and its children, ended or running (a Dask cluster's workers
    run through all the slices)."""
    import psutil  # comes with Dask's distributed

    t, running = os.times(), 0.0
    for child in psutil.Process().children(recursive=True):
        with suppress(psutil.Error):   # it ended between the listing and the reading
            running += sum(child.cpu_times()[:2])
    return t.user + t.system + t.children_user + t.children_system + running


Side = Callable[[list[Article]], int]   # runs over some articles: their tokens, or records


def _sides(cfg: Config, n_process: int, client: Any) -> dict[str, Side]:
    """What is timed: raw ``nlp.pipe``, the build's extraction loop with as many processes, and,
    given a Dask client, the extraction through its workers and raw ``nlp.pipe`` with as many
    processes as it has workers ("raw_cluster", when that is not ``n_process``)."""
    from .dask_extract import extract_on

    pipeline, name = nlp.load(cfg.model), cfg.model or nlp.model_name()

    def raw(part: list[Article], processes: int = n_process) -> int:
        return sum(len(doc) for doc in pipeline.pipe(
            [a.text for a in part], batch_size=nlp.BATCH_SIZE, n_process=processes))

    sides: dict[str, Side] = {"raw": raw, "extract": lambda part: sum(
        1 for _ in nlp.extract_all(part, model=cfg.model, n_process=n_process))}
    if client is not None:
        sides["cluster"] = lambda part: sum(1 for _ in extract_on(client, part, name))
        if len(client.nthreads()) != n_process:
            sides["raw_cluster"] = lambda part: raw(part, len(client.nthreads()))
    return sides


def throughput(cfg: Config, cluster_workers: int = CLUSTER_WORKERS) -> dict[str, Any]:
    """Raw ``nlp.pipe`` and the build's extraction loop over the same texts, same processes; and
    the extraction through ``cluster_workers`` local Dask workers against raw ``nlp.pipe`` with
    as many processes. The sides alternate over slices of the texts."""
    t0 = time.perf_counter()
    nlp.load(cfg.model)
    load_s = time.perf_counter() - t0
    articles, _ = load_articles(cfg.articles, max_bytes=cfg.max_article_bytes)
    # First-call set-up (the parser's, the gazetteer matcher's) is not throughput.
    list(nlp.extract_all(articles[:1], model=cfg.model, n_process=1))
    size = max(1, -(-len(articles) // SLICES))
    slices = [articles[i:i + size] for i in range(0, len(articles), size)]
    n_process = nlp.processes(len(slices[0]))
    with ExitStack() as stack:
        client, start_s = (_start_cluster(stack, cfg, articles[:1], cluster_workers)
                           if cluster_workers else (None, 0.0))
        sides = _sides(cfg, n_process, client)
        sums = {f"{side}_{unit}": 0.0 for side in sides for unit in ("s", "cpu_s")}
        tokens = 0
        for i, part in enumerate(slices):
            for side in (list(sides) if i % 2 == 0 else list(reversed(sides))):
                w0, c0 = time.perf_counter(), _cpu()
                counted = sides[side](part)
                tokens += counted if side == "raw" else 0   # the others count records
                sums[f"{side}_s"] += time.perf_counter() - w0
                sums[f"{side}_cpu_s"] += _cpu() - c0
    n = len(articles)
    out = {"model_load_s": load_s, "articles": n, "tokens": tokens, "n_process": n_process,
           **sums, **{f"{side}_articles_per_s": n / sums[f"{side}_s"] for side in sides},
           "raw_tokens_per_s": tokens / sums["raw_s"],
           "extract_tokens_per_s": tokens / sums["extract_s"],
           # Throughput of the extraction as a share of raw nlp.pipe's (target: >= 0.8).
           "ratio_extract_raw": sums["raw_s"] / sums["extract_s"],
           "ratio_extract_raw_cpu": sums["raw_cpu_s"] / sums["extract_cpu_s"]}
    if client is not None:
        base = "raw_cluster" if "raw_cluster" in sides else "raw"
        out.update({"cluster_workers": cluster_workers, "cluster_start_s": start_s,
                    "ratio_cluster_raw": sums[f"{base}_s"] / sums["cluster_s"],
                    "ratio_cluster_raw_cpu": sums[f"{base}_cpu_s"] / sums["cluster_cpu_s"]})
    return out


def _start_cluster(stack: ExitStack, cfg: Config, warm_up: list[Article], workers: int
                   ) -> tuple[Any, float]:
    """A local Dask cluster of ``workers`` processes with the model loaded, and how long that
    took; one article through it, so that no first-task set-up counts as throughput."""
    from .dask_extract import cluster, extract_on

    t0, name = time.perf_counter(), cfg.model or nlp.model_name()
    client = stack.enter_context(cluster(None, workers, name))
    start_s = time.perf_counter() - t0
    list(extract_on(client, warm_up, name))
    return client, start_s


def _median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    return {k: statistics.median(r[k] for r in runs) if isinstance(runs[0][k], (int, float))
            else runs[0][k] for k in runs[0]}


def _ratios(runs: dict[str, Any], alone: list[dict[str, float]]) -> dict[str, Any]:
    """The site generator's own times and the rebuilds' ratios to them."""
    result: dict[str, Any] = {}
    # The yardstick is the faster of the two ways of running the site generator alone.
    mk = statistics.median(a["empty"] for a in alone)
    result["mkdocs_alone_s"] = mk
    result["mkdocs_alone_each_s"] = [a["empty"] for a in alone]
    result["mkdocs_over_site_s"] = statistics.median(a["over"] for a in alone)
    result["mkdocs_over_site_each_s"] = [a["over"] for a in alone]
    result["ratio_warm_mkdocs"] = runs["warm"]["total"] / mk
    result["ratio_add_one_mkdocs"] = runs["add-one"]["total"] / mk
    result["ratio_add_one_mkdocs_over_site"] = (runs["add-one"]["total"]
                                                / result["mkdocs_over_site_s"])
    # The strictest yardstick: MkDocs alone, without the search index a Pagefind site needs.
    result["mkdocs_only_s"] = statistics.median(a["empty_mkdocs"] for a in alone)
    result["ratio_add_one_mkdocs_only"] = runs["add-one"]["total"] / result["mkdocs_only_s"]
    return result


def run(corpus: Path, n: int, work: Path, repeat: int = 1, search: str = "auto",
        cluster_workers: int = CLUSTER_WORKERS) -> dict[str, Any]:
    kind, items = detect(corpus)
    chosen = list(islice(items, n + repeat))
    chosen, extras = chosen[:n], chosen[n:]
    if not chosen:
        raise SystemExit(f"bench: no articles found in {corpus}")
    while len(extras) < repeat:
        extras.append(changed_copy(chosen[len(extras) % len(chosen)]))
    search = resolve_search(search, offline=False, articles=len(chosen))   # as the builds pick it
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
    _, rss, out = run_process([sys.executable, "-m", "dossier.bench", "--throughput-of",
                               str(work), "--cluster-workers", str(cluster_workers)], cwd=work)
    result: dict[str, Any] = {"corpus": str(corpus), "kind": kind, "requested": n,
                              "articles": len(chosen), "repeat": repeat, "search": search,
                              "throughput": {**json.loads(out), "rss_kib": rss}}
    runs: dict[str, Any] = {}
    log("cold build")
    runs["cold"] = timed_build(work, search)
    warm, add_one, alone = [], [], []
    for i, (name, raw) in enumerate(extras):
        log(f"warm rebuild (nothing changed) {i + 1}/{repeat}")
        warm.append(timed_build(work, search))
        log(f"rebuild after adding {name}")
        (articles / name).parent.mkdir(parents=True, exist_ok=True)
        (articles / name).write_bytes(raw)
        add_one.append(timed_build(work, search))
        log(f"mkdocs build alone {i + 1}/{repeat}")
        alone.append(mkdocs_alone(work, search))
    runs["warm"], runs["add-one"] = _median_run(warm), _median_run(add_one)
    result["runs"] = runs
    result["runs_each"] = {"warm": [r["total"] for r in warm],
                           "add-one": [r["total"] for r in add_one]}
    result.update(_ratios(runs, alone))
    result["peak_rss_build_kib"] = max(r["rss_kib"] for r in [runs["cold"], *warm, *add_one])
    result["mkdocs_rss_kib"] = max(max(a["empty_rss_kib"], a["over_rss_kib"]) for a in alone)
    result.update(bench_reader.site_sizes(cfg.site))
    log("a first visit and a first query in Chromium")
    result.update(bench_reader.measure(cfg.site, search))
    return result


# ------------------------------------------------------------------------------ reporting

def render(r: dict[str, Any]) -> str:
    t, runs = r["throughput"], r["runs"]
    med = " (medians of {})".format(r["repeat"]) if r.get("repeat", 1) > 1 else ""
    lines = [f"Corpus: {r['corpus']} ({r['kind']}), {r['articles']} of {r['requested']} "
             f"requested articles, +1 for each add-one run; search: {r.get('search')}", "",
             f"{'seconds':<10}" + "".join(f"{name:>10}" for name in RUNS) + med]
    for stage in (*STAGES, "other", "total"):
        lines.append(f"{stage:<10}" + "".join(f"{runs[name][stage]:>10.2f}" for name in RUNS))
    lines.append(f"{'(after)':<10}" + "".join(f"{runs[name]['deleting_old_site_after']:>10.2f}"
                                              for name in RUNS)
                 + "  deleting the old site in the background, once the build is done")
    for key in ("extracted", "cached", "warnings", "pairs", "pairs_changed"):
        lines.append(f"{key:<10}" + "".join(f"{runs[name][key]:>10}" for name in RUNS))
    lines.append(f"{'RSS MiB':<10}" + "".join(f"{runs[name]['rss_kib'] / 1024:>10.0f}"
                                              for name in RUNS))
    mib = 1024
    each = ", ".join(f"{w:.2f}" for w in r["mkdocs_alone_each_s"])
    over = ", ".join(f"{w:.2f}" for w in r["mkdocs_over_site_each_s"])
    lines += [
        "('other': interpreter start, imports, lock and bookkeeping outside the stages)",
        "",
        f"model load        {t['model_load_s']:.2f} s; {t['n_process']} process(es) on both sides",
        f"raw nlp.pipe      {t['raw_articles_per_s']:8.1f} articles/s {t['raw_tokens_per_s']:9.0f} "
        f"tokens/s ({t['tokens']} tokens in {t['raw_s']:.2f} s, {t['raw_cpu_s']:.1f} CPU s)",
        f"extraction        {t['extract_articles_per_s']:8.1f} articles/s "
        f"{t['extract_tokens_per_s']:9.0f} tokens/s ({t['extract_s']:.2f} s, "
        f"{t['extract_cpu_s']:.1f} CPU s)",
        f"extraction / raw  {t['ratio_extract_raw']:.2f}x throughput "
        f"({t['ratio_extract_raw_cpu']:.2f}x by CPU time)",
        *_cluster_lines(t),
        f"site generator    {r['mkdocs_alone_s']:.2f} s into an empty folder (each: {each}); "
        f"warm rebuild / it {r['ratio_warm_mkdocs']:.2f}x; add-one rebuild / it "
        f"{r['ratio_add_one_mkdocs']:.2f}x",
        f"                  {r['mkdocs_over_site_s']:.2f} s over the previous site, as "
        f"`mkdocs build` runs again (each: {over}); add-one rebuild / it "
        f"{r['ratio_add_one_mkdocs_over_site']:.2f}x",
        *([f"                  {r['mkdocs_only_s']:.2f} s for `mkdocs build` alone, without "
           f"Pagefind's index; add-one rebuild / it {r['ratio_add_one_mkdocs_only']:.2f}x"]
          if r.get("search") == "pagefind" and "mkdocs_only_s" in r else []),
        f"peak RSS          builds {r['peak_rss_build_kib'] / mib:.0f} MiB (largest process of "
        f"each build's tree), mkdocs alone {r['mkdocs_rss_kib'] / mib:.0f} MiB, the "
        f"throughput run {t['rss_kib'] / mib:.0f} MiB",
        f"site              {r['site_bytes'] / 1e6:.2f} MB in {r['site_files']} files, "
        f"{r['html_pages']} HTML pages",
        f"largest page      {r['largest_page']} ({r['largest_page_bytes'] / 1024:.0f} KB)",
        f"search index      {r['search_index_bytes'] / 1024:.0f} KB (Material's, one file)",
    ]
    lines += bench_reader.render(r)
    if r.get("pagefind_bytes"):
        lines.append(f"pagefind          {r['pagefind_bytes'] / 1e6:.2f} MB in chunks, the largest "
                     f"{r['pagefind_largest_file_bytes'] / 1024:.0f} KB")
    return "\n".join(lines)


def _cluster_lines(t: dict[str, Any]) -> list[str]:
    """The cluster column: extraction through local Dask workers vs raw nlp.pipe, as many."""
    w, base = t.get("cluster_workers"), "raw_cluster" if "raw_cluster_s" in t else "raw"
    return [f"raw, {w} processes {t[f'{base}_articles_per_s']:8.1f} articles/s "
            f"({t[f'{base}_s']:.2f} s, {t[f'{base}_cpu_s']:.1f} CPU s)",
            f"Dask, {w} workers  {t['cluster_articles_per_s']:8.1f} articles/s "
            f"({t['cluster_s']:.2f} s, {t['cluster_cpu_s']:.1f} CPU s; the cluster started and "
            f"loaded the model in {t['cluster_start_s']:.2f} s)",
            f"Dask / raw        {t['ratio_cluster_raw']:.2f}x throughput "
            f"({t['ratio_cluster_raw_cpu']:.2f}x by CPU time), {w} workers vs {w} processes",
            ] if w else []


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m dossier.bench", description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=Path("content/articles"))
    ap.add_argument("-n", type=int, default=1000, help="number of articles (default 1000)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="warm and add-one rebuilds and mkdocs-alone runs, medians reported")
    ap.add_argument("--search", choices=SEARCH_ENGINES, default="auto",
                    help="the site's search, as make build SEARCH=… (auto: by the number of "
                         "articles)")
    ap.add_argument("--cluster-workers", type=int, default=CLUSTER_WORKERS, metavar="N",
                    help=f"local Dask workers of the cluster column (default {CLUSTER_WORKERS}; "
                         "0 leaves it out)")
    ap.add_argument("--workdir", type=Path, help="where the throwaway project goes")
    ap.add_argument("--keep", action="store_true", help="keep the work folder afterwards")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    ap.add_argument("--throughput-of", type=Path, help=argparse.SUPPRESS)   # the child's part
    args = ap.parse_args(argv)
    if args.throughput_of:
        print(json.dumps(throughput(Config.load(args.throughput_of), args.cluster_workers)))
        return 0
    if not args.corpus.is_dir():
        ap.error(f"corpus folder not found: {args.corpus}")
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="dossier-bench-", dir=args.workdir)).resolve()
    try:
        result = run(args.corpus.resolve(), max(args.n, 1), work, max(args.repeat, 1),
                     args.search, max(args.cluster_workers, 0))
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result, indent=2) if args.json else render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
