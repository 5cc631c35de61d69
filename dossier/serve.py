"""``dossier serve``: a live preview that rebuilds the dossier when its sources change.

MkDocs' development server (``mkdocs.livereload.LiveReloadServer``) serves the site from a
temporary folder and reloads the open pages after each build. Here its builder runs the dossier
build first (``build(site=False)``: read, extract what is new, merge, render the pages that
changed), then the site as ``make build`` makes it (``sitebuild``: only the pages whose Markdown
changed are rendered again, the rest is hard-linked from the pages served; Pagefind's shards
likewise) into a fresh folder that replaces the served one, and the server watches the
dossier's sources (``content/``, ``templates/``, ``mkdocs.yml``) instead of ``build/docs``,
which the builder writes itself.

The build writes into what is watched (a merge rewrites ``content/relations/*.yaml`` and their
bases): a change the build made itself would start the next build, and so on. So the watcher
keeps the state (modification time and size) of every watched file as the last build accounted
for it (``Inputs``): the sources as that build read them, and the files it wrote as it left them.
Only a file that differs from that starts a build, and a change that comes in while a build runs
is judged when it ends.

A build that fails (a pair file half typed) prints its message, with the file and line, and
leaves the served pages as they were; the next save builds again.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import watchdog.events
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer

from . import manifest, store
from . import site as site_module
from .build import Report, build
from .config import Config
from .errors import DossierError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

SHOWN = 10                        # pairs named in a rebuild's line; the others counted
PREVIEW_RECORD = "site-preview.json"        # what the served pages were built from …
PREVIEW_SEARCH = "search-preview.json"      # … and their search shards (site/ has its own)
Stat = tuple[int, int]            # a file's modification time (ns) and size
State = dict[str, Stat]           # by absolute path


def file_states(roots: Iterable[str]) -> State:
    """The state of every file under the given files and folders (a missing one: none)."""
    found: State = {}
    for root in roots:
        if os.path.isfile(root):
            st = _stat(root)
            if st is not None:
                found[root] = st
        else:
            found.update(manifest.file_states(root))
    return found


def _stat(path: str) -> Stat | None:
    try:
        st = os.stat(path)
    except OSError:                        # gone meanwhile, or a dangling link: as if absent
        return None
    return st.st_mtime_ns, st.st_size


def accounted(before: State, after: State, wrote: set[str], outputs: Iterable[str]) -> State:
    """What a build accounts for: the sources as it read them (``before``), and the files it
    wrote as it left them (``after``). The files it wrote are ``wrote`` and whatever changed under
    ``outputs`` (folders only the build writes). A file a person changed during the build
    differs from both, so it still starts the next one."""
    prefixes = tuple(os.path.join(p, "") for p in outputs)
    state = dict(before)
    for path in before.keys() | after.keys():
        if before.get(path) != after.get(path) and (path in wrote or path.startswith(prefixes)):
            if path in after:
                state[path] = after[path]
            else:
                state.pop(path, None)
    return state


class Inputs:
    """The watched files as the last build accounted for them, shared by the watcher's thread
    (``changed``) and the build's (``start``, ``settle``)."""

    def __init__(self) -> None:
        self.roots: list[str] = []
        self._seen: State = {}
        self._pending: list[str] | None = None      # None: no build running
        self._lock = threading.Lock()

    def watch(self, path: str) -> None:
        with self._lock:
            if path not in self.roots:
                self.roots.append(path)

    def changed(self, paths: Iterable[str]) -> bool:
        """Whether an event on these paths calls for a build; during one, decided after it."""
        inside = [p for p in paths if self._inside(p)]
        with self._lock:
            if self._pending is not None:
                self._pending += inside
                return False
            return any(_stat(p) != self._seen.get(p) for p in inside)

    def _inside(self, path: str) -> bool:
        return any(path == r or path.startswith(os.path.join(r, "")) for r in self.roots)

    def start(self) -> State:
        """A build begins: the state of the sources it is about to read."""
        with self._lock:
            self._pending = []
        return self.state()

    def state(self) -> State:
        with self._lock:
            roots = list(self.roots)
        return file_states(roots)

    def settle(self, before: State, after: State, wrote: set[str],
               outputs: Iterable[str] = ()) -> bool:
        """A build ended: take what it accounts for as seen; whether a change that came in
        meanwhile calls for another build."""
        with self._lock:
            self._seen = accounted(before, after, wrote, outputs)
            pending, self._pending = self._pending or [], None
            return any(_stat(p) != self._seen.get(p) for p in pending)


class Server(LiveReloadServer):
    """MkDocs' server, rebuilding only when a watched file differs from what the last build
    accounted for (``Inputs``) rather than on every event under a watched path."""

    def __init__(self, inputs: Inputs, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.inputs = inputs

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        """As ``LiveReloadServer.watch`` (plugins call it too), with the event judged first."""
        path = os.path.abspath(path)
        if path in self._watched_paths:
            self._watched_paths[path] += 1
            return
        self._watched_paths[path] = 1
        self.inputs.watch(path)
        self._watch_refs[path] = self.observer.schedule(_Judge(self), path, recursive=recursive)

    def keep_site(self) -> None:
        """The build under way changed nothing: go on serving the site as it is (MkDocs' server
        holds every request until a build succeeds) and reload no browser."""
        with self._epoch_cond:
            self._wanted_epoch = self._visible_epoch
            self._epoch_cond.notify_all()

    def rebuild_soon(self) -> None:
        """Ask the build loop for a build, as ``LiveReloadServer.watch``'s own callback does."""
        with self._rebuild_cond:
            self._want_rebuild = True
            self._rebuild_cond.notify_all()


class _Judge(watchdog.events.FileSystemEventHandler):
    """Asks for a build when an event's file differs from what the last build accounted for."""

    def __init__(self, server: Server) -> None:
        self.server = server

    def on_any_event(self, event: watchdog.events.FileSystemEvent) -> None:
        paths = [os.fsdecode(p) for p in (event.src_path, event.dest_path) if p]
        if not event.is_directory and self.server.inputs.changed(paths):
            self.server.rebuild_soon()


def wrote(report: Report) -> set[str]:
    """The pair files a build wrote or removed (their bases, under ``.base/``, are outputs)."""
    return {str(path) for path in report.written}


class Preview:
    """The builder the server calls: the dossier build, then MkDocs into the served folder."""

    def __init__(self, cfg: Config, site_dir: str, *, dev_addr: str | None = None) -> None:
        self.cfg, self.site_dir, self.dev_addr = cfg, site_dir, dev_addr
        self.inputs = Inputs()
        self.server: Server | None = None
        self.site_inputs = ""          # what the served site was last built from
        self.site_setup = ""           # and with (mkdocs.yml, theme, versions: site.setup)
        self.warned: set[str] | None = None   # the warnings shown (None: no build yet)
        self.search = cfg.search       # the search the last dossier build made its pages for

    def config(self) -> MkDocsConfig:
        """mkdocs.yml, read again for every build (a person may be editing it too)."""
        extra = {"dev_addr": self.dev_addr} if self.dev_addr else {}
        config = load_config(config_file=str(self.cfg.mkdocs_yml), site_dir=self.site_dir,
                             **extra)
        if self.server is not None:
            config.site_url = self.server.url
        return config

    def __call__(self) -> None:
        """One build: the dossier's, then the site's. The dossier build failing leaves the served
        pages as they were (or, at the start, serves the pages of the last build that passed)."""
        t0 = time.perf_counter()
        report = self._dossier()
        if report is None and self.site_inputs:
            return
        t1 = time.perf_counter()
        try:
            done = self._site()
        except DossierError as exc:           # MkDocs' or Pagefind's message
            raise Abort(f"error: {exc}") from None
        if report is not None:
            print(_summary(report, self.warned) + f" Built in {t1 - t0:.1f} s, the site "
                  f"({done}) in {time.perf_counter() - t1:.1f} s.", file=sys.stderr, flush=True)
            self.warned = (self.warned or set()) | set(report.warnings)

    def _dossier(self) -> Report | None:
        """The dossier build, its own writes taken as seen; None (and the message) if it
        failed, which leaves the served site as it was."""
        before = self.inputs.start()
        try:
            report = build(self.cfg, site=False, quiet=True)
        except Exception as exc:  # noqa: BLE001 - shown; the server goes on
            self._settle(before, before, set())
            if isinstance(exc, DossierError):
                print(f"error: {exc}", file=sys.stderr)
            else:
                traceback.print_exc()
            print("Nothing was rebuilt: the pages served are those of the last good build. Save "
                  "the file again once it is fixed.", file=sys.stderr, flush=True)
            if self.server is not None:
                self.server.keep_site()
            return None
        self._settle(before, self.inputs.state(), wrote(report))
        self.search = report.search       # SEARCH=auto: what the build picked for this size
        return report

    def _settle(self, before: State, after: State, wrote: set[str]) -> None:
        """The build's own writes taken as seen; another build if a change came meanwhile."""
        outputs = [str(self.cfg.relations / store.BASE_DIR)]
        if self.inputs.settle(before, after, wrote, outputs) and self.server is not None:
            self.server.rebuild_soon()

    def _site(self) -> str:
        """The site into a fresh folder that replaces the served one, unless nothing it reads
        changed since the last time: page by page from the served pages while mkdocs.yml, the
        theme and the versions are the same (``sitebuild`` vouches for the rest or builds in
        full), in full otherwise. Records of its own: the served folder is not site/."""
        cfg = replace(self.cfg, search=self.search)
        made_with = site_module.setup(cfg)
        now = site_module.inputs(cfg, made_with=made_with)
        if now == self.site_inputs:
            return "unchanged"
        os.environ.update(site_module.mkdocs_environment(cfg))    # what mkdocs.yml reads (!ENV)
        live = Path(self.site_dir)
        previous = live if made_with == self.site_setup and self.site_inputs else None
        fresh = live.with_name(live.name + ".building")
        shutil.rmtree(fresh, ignore_errors=True)
        done = site_module.run_mkdocs(cfg, site_dir=fresh, previous=previous,
                                      record=PREVIEW_RECORD)
        searched = (site_module.run_pagefind(cfg, fresh, previous=previous, record=PREVIEW_SEARCH)
                    if cfg.search == "pagefind" else "")
        # As make build swaps its site: a request between the two renames gets a 404 at worst.
        site_module.discard(live, cfg)
        os.replace(fresh, live)
        why = ("" if previous else "the first build" if not self.site_setup
               else "mkdocs.yml, the theme or a version changed")
        self.site_inputs, self.site_setup = now, made_with
        return site_module.site_step_text(done, why, searched)


def _summary(report: Report, warned: set[str] | None) -> str:
    """The first build's full summary (``warned`` None); after it, the pairs and pages a build
    changed and the warnings not shown before."""
    if warned is None:
        return report.summary()
    changed = report.changed_text(SHOWN)
    return "".join(f"warning: {w}\n" for w in report.warnings if w not in warned) + (
        f"Pairs updated: {changed}. {report.pages}")


def serve(cfg: Config, *, dev_addr: str | None = None, open_in_browser: bool = False) -> None:
    """Build, serve on ``dev_addr`` (else mkdocs.yml's, by default 127.0.0.1:8000) and build
    again on every change under content/ and templates/ and to mkdocs.yml, until interrupted."""
    cfg = replace(cfg, offline=False)     # served: directory URLs, never the offline plugin
    site_module.check_search(cfg)
    problems = site_module.check_config(cfg)
    if problems:
        raise DossierError("mkdocs.yml has problems:\n" + "\n".join(f"  {e}" for e in problems))
    os.environ.update(site_module.mkdocs_environment(cfg))   # what mkdocs.yml reads (!ENV)
    _show_mkdocs_log()
    _stop_on_sigterm()
    cfg.docs.mkdir(parents=True, exist_ok=True)   # MkDocs refuses a config without it
    site_dir = tempfile.mkdtemp(prefix="dossier-serve-")
    preview = Preview(cfg, site_dir, dev_addr=dev_addr)
    try:
        config = preview.config()
        host, port = config.dev_addr
        server = Server(preview.inputs, builder=preview, host=host, port=port, root=site_dir)
        preview.server, config.site_url = server, server.url
        server.error_handler = lambda code: _error_page(site_dir, code)
        config.plugins.on_startup(command="serve", dirty=False)
        try:
            try:
                preview()
            except Abort as exc:          # served anyway: the next save builds again
                print(exc, file=sys.stderr, flush=True)
            # content/: the articles and the pair files.
            for path in (cfg.articles.parent, cfg.templates, cfg.mkdocs_yml, *config.watch):
                server.watch(str(path))
            config.plugins.on_serve(server, config=config, builder=preview)
            try:
                server.serve(open_in_browser=open_in_browser)
            except OSError as exc:        # the build loop catches everything but the binding
                raise DossierError(f"cannot serve on {host}:{port}: {exc.strerror or exc}",
                                   hint="stop the server using it, or serve elsewhere: "
                                        "dossier serve --dev-addr 127.0.0.1:8001") from None
        except KeyboardInterrupt:
            logging.getLogger("mkdocs").info("Shutting down...")
        finally:
            server.shutdown()
            config.plugins.on_shutdown()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


def _error_page(site_dir: str, code: int) -> bytes | None:
    """The theme's 404 page, as ``mkdocs serve`` shows it."""
    page = Path(site_dir) / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None


def _stop_on_sigterm() -> None:
    """``kill`` stops the server as Ctrl-C does, removing its temporary folder."""
    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():   # only there can it be set
        signal.signal(signal.SIGTERM, stop)


def _show_mkdocs_log() -> None:
    """MkDocs' messages (serving, building, reloading) on stderr, as its own command shows them:
    only its command line sets up a handler."""
    if not logging.getLogger("mkdocs").handlers:
        site_module.show_mkdocs_log()
