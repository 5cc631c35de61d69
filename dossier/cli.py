"""The command line: parses options, calls one stage, turns errors into messages."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import SEARCH_ENGINES
from .errors import DossierError

if TYPE_CHECKING:
    from .config import Config

EXPORT_FORMATS = ("csv", "jsonl", "both")       # as dossier.export


def _extract_json(files: list[str], model: str | None) -> int:
    """``dossier extract --json FILE…``: JSON Lines on stdout, one object per file, in order."""
    from . import ingest, nlp
    from .schema import FACT_FIELDS

    status = 0
    read: list[tuple[str, Any]] = []
    for name in files:
        try:
            read.append((name, ingest.read_article(Path(name))))
        except DossierError as exc:
            print(f"error: {exc}", file=sys.stderr)
            read.append((name, exc))
            status = 1
    records = nlp.extract_all([a for _, a in read if not isinstance(a, DossierError)],
                              model=model)
    for name, art in read:
        if isinstance(art, DossierError):
            print(json.dumps({"path": name, "error": str(art)}, ensure_ascii=False))
            continue
        rec = next(records)
        if isinstance(rec, DossierError):
            print(f"error: {rec}", file=sys.stderr)
            print(json.dumps({"path": name, "error": str(rec)}, ensure_ascii=False))
            status = 1
            continue
        out = {
            "path": name, "article": art.id, "date": art.date, "body_start": art.body_start,
            "countries": [{k: c[k] for k in ("code", "text", "start", "end", "kind")}
                          for c in rec["countries"]],
            "pairs": rec["pairs"],
            # What goes on the pair page, after the relevance decision: where the sentence is,
            # then the fact's fields as a pair file holds them (schema.FIELDS), but its sources.
            "facts": [{k: f[k] for k in ("pair", "start", "end", *FACT_FIELDS) if k in f}
                      for f in rec["facts"]],
            "quotes": [{k: q[k] for k in ("speaker", "speaker_start", "speaker_end",
                                          "speaker_country", "cue", "content", "start", "end",
                                          "kind")} for q in rec["quotes"]],
            "entities": [{k: e[k] for k in ("text", "label", "start", "end", "canonical")}
                         for e in rec["entities"]],
        }
        print(json.dumps(out, ensure_ascii=False))
        sys.stdout.flush()
    return status


def _export(cfg: Config, out: Path | None, fmt: str) -> int:
    """``dossier export``: the events table(s), and what was written."""
    from .export import export
    from .site import rel

    written, facts, pairs = export(cfg.relations, out or cfg.root / "build" / "export", fmt)
    print(f"Exported {facts} fact(s) of {pairs} pair(s): "
          + ", ".join(rel(p, cfg.root) for p in written) + ".")
    return 0


def _parser() -> argparse.ArgumentParser:
    """The options and commands (``dossier --help``)."""
    parser = argparse.ArgumentParser(prog="dossier", description=__doc__)
    parser.add_argument("--root", type=Path, default=None,
                        help="project folder (default: the current one)")
    parser.add_argument("--model", default=None, help="spaCy model to load (or DOSSIER_MODEL)")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="extract, merge into content/relations, render, build site")
    b.add_argument("--no-site", action="store_true", help="stop after writing the Markdown pages")
    b.add_argument("--strict", action="store_true", help="treat warnings as errors")
    b.add_argument("-q", "--quiet", action="store_true")
    b.add_argument("--timings", type=Path, metavar="FILE",
                   help="write the time of each stage and the counts as JSON (make bench)")
    b.add_argument("--offline", action="store_true",
                   help="a site that works opened from disk (also OFFLINE=1)")
    b.add_argument("--search", choices=SEARCH_ENGINES,
                   help="auto (default): the theme's search below 40 articles or offline, "
                        "Pagefind's chunked index from 40 on; or either one (also SEARCH=)")
    b.add_argument("--scheduler", metavar="ADDRESS",
                   help="extract on the Dask cluster of this scheduler, e.g. tcp://host:8786 "
                        "(also DOSSIER_SCHEDULER; README, \"Running on a cluster\")")
    b.add_argument("--workers", type=int, metavar="N",
                   help="extract in N Dask worker processes started on this machine")
    c = sub.add_parser("check", help="find everything a build would refuse (pair files, their "
                                     "bases, mkdocs.yml) and what it would skip (articles), "
                                     "writing nothing")
    c.add_argument("--strict", action="store_true", help="fail on warnings too, as build --strict")
    c.add_argument("--no-site", action="store_true", help="do not check mkdocs.yml")
    x = sub.add_parser("export", help="write every fact of every pair file as a table for "
                                      "analysts: events.csv and events.jsonl (see README, "
                                      "\"Exporting events\")")
    x.add_argument("--out", type=Path, default=None, metavar="DIR",
                   help="folder to write into (default: build/export/ in the project folder)")
    x.add_argument("--format", choices=EXPORT_FORMATS, default="both",
                   help="csv, jsonl or both (default)")
    s = sub.add_parser("serve", help="live preview: build, serve the site and build again on "
                                     "every change under content/ and templates/")
    s.add_argument("-a", "--dev-addr", metavar="IP:PORT",
                   help="where to serve (default: mkdocs.yml's dev_addr, 127.0.0.1:8000)")
    s.add_argument("--search", choices=SEARCH_ENGINES, help="as for build (also SEARCH=)")
    s.add_argument("--open", action="store_true", help="open the site in a browser")
    e = sub.add_parser("extract", help="print what is extracted from files")
    e.add_argument("--json", action="store_true", required=True, help="JSON Lines output")
    e.add_argument("files", nargs="+")
    return parser


def _config(args: argparse.Namespace) -> Config:
    """The project's settings, with the ones given on the command line."""
    from dataclasses import replace

    from .config import Config

    cfg = Config.load(args.root)
    if args.model:
        cfg = replace(cfg, model=args.model)
    if getattr(args, "offline", False):
        cfg = replace(cfg, offline=True)
    if getattr(args, "search", None):
        cfg = replace(cfg, search=args.search)
    if getattr(args, "scheduler", None) or getattr(args, "workers", None) is not None:
        cfg = replace(cfg, scheduler=args.scheduler, workers=args.workers)
    return cfg


def _check(cfg: Config, args: argparse.Namespace) -> int:
    """``dossier check``: every problem and warning on stderr, or a line saying all is valid."""
    from .build import check

    errors, warnings = check(cfg, site=not args.no_site)
    for err in errors:
        print(err, file=sys.stderr)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if errors or (args.strict and warnings):
        counts = f"{len(errors)} problem(s)" + (f" and {len(warnings)} warning(s)"
                                                 if warnings else "")
        print(f"{counts} found; nothing was changed.", file=sys.stderr)
        return 1
    print(f"{cfg.relations.relative_to(cfg.root)}, mkdocs.yml: all files are valid"
          + (f"; {len(warnings)} warning(s) about articles, which the build skips or "
             "keeps from an earlier reading" if warnings else "") + ".")
    return 0


def _build(cfg: Config, args: argparse.Namespace) -> int:
    """``dossier build``: the report, and the timings as JSON when asked for."""
    from .build import build

    report = build(cfg, site=not args.no_site, strict=args.strict, quiet=args.quiet)
    if args.timings:
        args.timings.write_text(json.dumps({
            **report.timings, "read": report.read, "extracted": report.extracted,
            "cached": report.cached, "warnings": len(report.warnings),
            "pairs": len(report.pairs), "pairs_changed": len(report.pairs_changed),
            "pages": report.pages}), encoding="utf-8")
    print(report.summary())
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "extract":
            return _extract_json(args.files, args.model)
        cfg = _config(args)
        if args.command == "export":
            return _export(cfg, args.out, args.format)
        if args.command == "check":
            return _check(cfg, args)
        if args.command == "serve":
            from .serve import serve

            serve(cfg, dev_addr=args.dev_addr, open_in_browser=args.open)
            return 0
        return _build(cfg, args)
    except DossierError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; files already written are complete", file=sys.stderr)
        return 130
