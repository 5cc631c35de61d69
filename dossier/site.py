"""The site step: MkDocs (and Pagefind) turn the rendered Markdown into ``site/``.

``mkdocs.yml`` is checked with MkDocs' own loader before the build writes anything, so that a
broken configuration stops the build with its message rather than after the dossier's files were
updated; the result is remembered until the file, the mode or MkDocs change.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import manifest, search_index
from .config import SEARCH_ENGINES, Config, read_mkdocs_config
from .errors import DossierError

HERE = Path(__file__).resolve().parent


def mkdocs_environment(cfg: Config) -> dict[str, str]:
    """What mkdocs.yml reads (``!ENV``): Material's offline plugin, page.html rather than page/
    URLs (which a browser cannot resolve to index.html from disk), the theme's search or
    Pagefind's."""
    return {"OFFLINE": "true" if cfg.offline else "false",
            "DIRECTORY_URLS": "false" if cfg.offline else "true",
            "MATERIAL_SEARCH": "false" if cfg.search == "pagefind" else "true",
            "NO_MKDOCS_2_WARNING": "1"}


def check_config(cfg: Config, state: manifest.Manifest | None = None) -> list[DossierError]:
    """Every problem MkDocs finds in mkdocs.yml (``mkdocs build --strict`` fails on warnings
    too), found in this process before anything is written. Skipped when the file, the mode and
    MkDocs are those of the last check that passed (``state``)."""
    if not cfg.mkdocs_yml.is_file():
        return [DossierError("not found", cfg.mkdocs_yml,
                             hint="run the build in the project folder (the one with mkdocs.yml), "
                                  "or pass --root")]
    key = manifest.digest([manifest.file_sha(cfg.mkdocs_yml), mkdocs_environment(cfg),
                           _versions()])
    if state is not None and state.site.get("config") == key:
        return []
    from mkdocs import exceptions
    from mkdocs.config import load_config

    found: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                found.append(record.getMessage())

    logger = logging.getLogger("mkdocs")
    handler, propagate = Collect(), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    saved = {k: os.environ.get(k) for k in mkdocs_environment(cfg)}
    os.environ.update(mkdocs_environment(cfg))
    try:
        with tempfile.TemporaryDirectory() as empty:
            # The docs folder may not exist yet (a fresh clone): an empty one stands in for it.
            docs = {} if cfg.docs.is_dir() else {"docs_dir": empty}
            load_config(config_file=str(cfg.mkdocs_yml), **docs)
    except exceptions.MkDocsException as exc:
        if not found:
            found.append(str(exc))
    except Exception as exc:  # noqa: BLE001 - a plugin's own error: still the config's fault
        found.append(f"{type(exc).__name__}: {exc}")
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    if found:
        text = cfg.mkdocs_yml.read_text(encoding="utf-8", errors="replace")
        return [DossierError(message, cfg.mkdocs_yml, _config_line(text, message),
                             hint="fix mkdocs.yml, or restore it: git checkout -- mkdocs.yml")
                for message in found]
    if state is not None:
        state.site["config"] = key
    return []


def _config_line(text: str, message: str) -> int | None:
    """The line of the setting a message of MkDocs' names ("Config value 'theme': …")."""
    named = re.search(r"Config value '([\w.]+)'", message)
    if named is None:
        return None
    key = named.group(1).split(".")[0]
    at = re.search(rf"^{re.escape(key)}\s*:", text, re.MULTILINE)
    return text.count("\n", 0, at.start()) + 1 if at else None


@lru_cache(maxsize=1)
def _versions() -> tuple[str, ...]:
    return tuple(manifest.package_version(dist) for dist in (
        "mkdocs", "mkdocs-material", "pagefind-bin", "markdown", "jinja2", "pymdown-extensions"))


def setup(cfg: Config) -> str:
    """What the site is built with, apart from the docs: mkdocs.yml (and any theme folder or hook
    it names), the mode, the versions of MkDocs, its theme and Markdown, and the code that drives
    MkDocs. While it stays the same, a page's HTML depends only on the page's own Markdown."""
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
    return manifest.digest([manifest.file_sha(cfg.mkdocs_yml), cfg.offline, cfg.search,
                            _versions(), extra, manifest.sources_digest(HERE / "sitebuild.py")])


def inputs(cfg: Config, docs_state: str | None = None, made_with: str | None = None) -> str:
    """What the site is built from: the docs folder (its ``manifest.tree_state``, when the caller
    has it) and ``setup``."""
    return manifest.digest([manifest.tree_state(cfg.docs) if docs_state is None else docs_state,
                            made_with or setup(cfg)])


def show_mkdocs_log() -> logging.Logger:
    """MkDocs' messages on stderr, as its command line shows them (only it sets up a handler)."""
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return logger


def build_site(cfg: Config, state: manifest.Manifest, *, quiet: bool,
               docs_state: str | None = None) -> str:
    """Build the site, unless it was built from exactly these inputs and is untouched; what was
    done, for the build's summary.

    When only the docs changed since the site on disk was built (``setup`` is the same, the site
    is as that build left it, and its record is there), only the pages that changed are rendered
    again (see ``sitebuild``); otherwise every page is. Either way the site is built into a fresh
    folder beside it and swapped in when complete: a failed or interrupted build leaves the
    previous site whole, and the old files are deleted by a background process after the build
    rather than one by one before it (deleting thousands of files can take longer than writing
    them). ``docs_state``: the docs folder's ``manifest.tree_state``, when the caller has it."""
    made_with = setup(cfg)
    now = inputs(cfg, docs_state, made_with)              # what it is built from
    where = rel(cfg.site, cfg.root)
    on_disk = manifest.tree_state(cfg.site)
    if state.site.get("inputs") == now and state.site.get("output") == on_disk:
        return f" Site: {where}/ is up to date."
    # The search shards of the site on disk are reused only if it is as the last build left it.
    as_left = cfg.site if on_disk and state.site.get("output") == on_disk else None
    record = cfg.cache / RECORD
    why = _full_build_reason(cfg, state, made_with, on_disk, record)
    state.site = {k: v for k, v in state.site.items() if k == "config"}
    fresh = cfg.site.with_name(f".{cfg.site.name}.building")
    if fresh.exists():
        discard(fresh, cfg)
    done = run_mkdocs(cfg, quiet=quiet, site_dir=fresh, previous=None if why else cfg.site)
    searched = run_pagefind(cfg, fresh, previous=as_left) if cfg.search == "pagefind" else ""
    if cfg.site.exists():
        discard(cfg.site, cfg)
    os.replace(fresh, cfg.site)
    state.site.update({"inputs": now, "setup": made_with, "output": manifest.tree_state(cfg.site),
                       "record": manifest.file_sha(record)})
    return f" Site: {where}/ ({site_step_text(done, why, searched)})."


def site_step_text(done: dict[str, Any], why: str, searched: str) -> str:
    """What a site build did (``run_mkdocs``' answer), for a summary: the pages rendered again,
    or why every page was (``why``, else the reason the page-by-page build gave)."""
    if done.get("mode") == "incremental":
        return (f"{done['rendered']:,} of {done['pages']:,} pages rendered again, the others "
                f"kept{searched}")
    return f"built in full: {why or done.get('reason')}{searched}"


# What the site in site/ was built from, page by page (see sitebuild): in the cache, with its
# digest in the build manifest, so that a record and a site that do not belong together are seen.
RECORD = "site.json"
SEARCH_RECORD = "search.json"      # the same for the search shards (see search_index)


def _full_build_reason(cfg: Config, state: manifest.Manifest, made_with: str, on_disk: str,
                       record: Path) -> str:
    """Why the site cannot be updated page by page, or "" when it can."""
    if not on_disk:
        return "no site yet"
    if state.site.get("setup") != made_with:
        return "mkdocs.yml, the theme, the mode or a version changed, or no record of the last build"
    if state.site.get("output") != on_disk:
        return f"{rel(cfg.site, cfg.root)}/ is not as the last build left it"
    if state.site.get("record", "") != manifest.file_sha(record):
        return "the record of the last site build is missing or does not match the site"
    return ""


def discard(folder: Path, cfg: Config) -> None:
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


def run_mkdocs(cfg: Config, *, quiet: bool = False, site_dir: Path | None = None,
               previous: Path | None = None, record: str = RECORD) -> dict[str, Any]:
    """``mkdocs build --strict`` in a process of its own (``python -m dossier.sitebuild``), of
    only the pages that changed when ``previous`` is the site last built; what it did. Its
    messages (warnings included, which fail a strict build) are shown only if it fails, so
    ``quiet`` changes nothing."""
    cmd = [sys.executable, "-m", "dossier.sitebuild", str(cfg.mkdocs_yml),
           str(site_dir or cfg.site), str(cfg.cache / record)]
    if previous is not None:
        cmd += ["--previous", str(previous)]
    # This very package drives MkDocs, wherever it is imported from.
    path = os.pathsep.join(p for p in (str(HERE.parent), os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, **mkdocs_environment(cfg), "PYTHONPATH": path}
    proc = subprocess.run(cmd, cwd=cfg.root, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise DossierError("the site build failed:\n" + (proc.stderr or proc.stdout)[-4000:],
                           cfg.mkdocs_yml)
    try:
        done = json.loads(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {}
    return done if isinstance(done, dict) else {}


def check_search(cfg: Config) -> None:
    if cfg.search not in SEARCH_ENGINES:
        raise DossierError(f"unknown search {cfg.search!r}",
                           hint=f"use one of {', '.join(SEARCH_ENGINES)} (SEARCH=…)")
    if cfg.search == "pagefind" and cfg.offline:
        raise DossierError("Pagefind's search loads its index over HTTP, so it cannot work in a "
                           "site opened from disk", hint="drop OFFLINE=1 or SEARCH=pagefind")


def run_pagefind(cfg: Config, site_dir: Path, *, previous: Path | None = None,
                 record: str = SEARCH_RECORD) -> str:
    """Pagefind's chunked index of the built pages (their article text, not the theme's menus):
    a browser downloads only the chunks a query needs, however large the dossier. Only the
    shards whose pages changed since ``previous`` are indexed again (``search_index``); what was
    done, for the summary."""
    done = search_index.index(site_dir, previous=previous, record_path=cfg.cache / record,
                              work=cfg.cache / f"{Path(record).stem}-pages",
                              setup=" ".join(_versions()))
    return (f"; search: {done['indexed']} of {done['shards']} shards indexed again, "
            f"{done['pages']:,} pages")


def rel(path: Path, root: Path) -> str:
    """``path`` relative to the project folder where it is inside it, for messages."""
    try:
        return str(path.relative_to(root))
    except ValueError:
        pass
    try:                          # resolving only when needed: it is slow
        return str(path.resolve().relative_to(root))
    except ValueError:
        return str(path)
