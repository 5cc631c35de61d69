"""What the last build read and wrote, so that the next one redoes only what changed.

Everything lives in ``.cache/dossier/`` (``make clean`` removes it: nothing is lost but time):

* ``relations/<A>-<B>.json``: a pair file's content as plain data, keyed by the SHA-256 of the
  file's text (and of the validation rules and gazetteer): a file nobody touched is not parsed by
  ruamel.yaml again, which is slow; a file a person edited has another digest and is read, checked
  and merged as always.
* ``build.json``: per pair, the digest of everything its merge read (its YAML and ``.base`` text
  as the build left them, the fresh extraction, the merge code): equal digests mean the merge
  would write the same bytes again; the digest of every input of the pages; the state of the docs
  folder and of the site after the last site build (``site``: with the digest of ``site.json``).
* ``site.json``: what the site in ``site/`` was built from, page by page (written by
  ``sitebuild``), so that the next site build renders only the pages that changed.
* ``pages.json``: the digest of every page's values as the last render wrote them
  (``render.page_digests``), with the state of the docs folder that render left and the code and
  templates they are for: while the folder is in that state, a page whose digest is unchanged is
  not rendered again.
* ``clusters.json``: the groups of each pair's facts that report one event, by the digest of
  the facts and of the rules (``cluster.Memory``): a pair whose facts did not change is not
  clustered again.

A digest covers content, never only a time stamp: an edit is always seen, whatever the clock
says. Only the docs and site folders, which the build itself writes, are compared by size and
modification time.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

VERSION = 1


def digest(value: Any) -> str:
    """A stable digest of JSON-able data."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_sha(path: Path) -> str:
    """The SHA-256 of a file's bytes, "" when it does not exist."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:         # missing, or unreadable (which the stage that reads it reports)
        return ""


@cache
def package_version(dist: str) -> str:
    """An installed distribution's version, "" if it is not installed (a digest's part: what
    the code that reads it was run with)."""
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return ""


def sources_digest(*paths: Path) -> str:
    """The digest of source files (code, templates): a change to the code is a change of input."""
    h = hashlib.sha256()
    for path in paths:
        for p in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if p.is_file() and "__pycache__" not in p.parts:
                h.update(str(p.name).encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def file_states(folder: str | Path) -> dict[str, tuple[int, int]]:
    """(modification time in ns, size) of every file under ``folder`` by path, in a stable order
    (folders and names sorted); none if it is not a folder."""
    found: dict[str, tuple[int, int]] = {}
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            p = os.path.join(root, name)
            try:
                st = os.stat(p)
            except OSError:           # gone meanwhile, or a dangling link: as if absent
                continue
            found[p] = (st.st_mtime_ns, st.st_size)
    return found


def tree_state(folder: Path, states: dict[str, tuple[int, int]] | None = None) -> str:
    """The digest of every file's path, size and modification time under ``folder`` (from
    ``states``, that folder's ``file_states``, when the caller has them)."""
    if not folder.is_dir():
        return ""
    h = hashlib.sha256()
    # Every path file_states gives starts with the folder as given, then a separator: cutting
    # that off is what os.path.relpath gives, which is slow (it makes both paths absolute).
    top = str(folder)
    prefix = top if top.endswith(os.sep) else top + os.sep
    for p, (mtime, size) in (file_states(folder) if states is None else states).items():
        rel = p[len(prefix):] if p.startswith(prefix) else os.path.relpath(p, folder)
        h.update(f"{rel}\0{size}\0{mtime}\n".encode())
    return h.hexdigest()


@dataclass
class Manifest:
    """``build.json``: what the last build saw; missing or damaged means "redo everything"."""

    path: Path
    pairs: dict[str, str] = field(default_factory=dict)   # pair slug → merge digest
    render: str = ""              # digest of every input of the pages
    docs: str = ""                # tree_state of the docs folder after the last render
    site: dict[str, str] = field(default_factory=dict)    # {"inputs": …, "output": …}

    @classmethod
    def load(cls, path: Path) -> Manifest:
        data = read_cache_json(path)
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return cls(path)
        # Any part of another shape (a damaged or hand-edited file) is as if it were missing.
        pairs, site = data.get("pairs"), data.get("site")
        return cls(path,
                   pairs={k: v for k, v in pairs.items() if isinstance(v, str)}
                   if isinstance(pairs, dict) else {},
                   render=data["render"] if isinstance(data.get("render"), str) else "",
                   docs=data["docs"] if isinstance(data.get("docs"), str) else "",
                   site={k: v for k, v in site.items() if isinstance(v, str)}
                   if isinstance(site, dict) else {})

    def save(self) -> None:
        write_cache(self.path, json.dumps(
            {"version": VERSION, "pairs": self.pairs, "render": self.render, "docs": self.docs,
             "site": self.site}, sort_keys=True, indent=0))


class RelationCache:
    """Plain data of pair files by the digest of their text, one JSON file per pair."""

    def __init__(self, folder: Path, rules: str) -> None:
        self.folder = folder
        self.rules = rules        # validation code and known country codes

    def _path(self, yaml_path: Path) -> Path:
        return self.folder / f"{yaml_path.stem}.json"

    def get(self, yaml_path: Path, sha: str) -> dict[str, Any] | None:
        entry = read_cache_json(self._path(yaml_path))
        if (isinstance(entry, dict) and entry.get("sha") == sha and entry.get("rules") == self.rules
                and isinstance(entry.get("data"), dict)):
            return entry["data"]
        return None

    def put(self, yaml_path: Path, sha: str, data: dict[str, Any]) -> None:
        write_cache(self._path(yaml_path), json.dumps(
            {"sha": sha, "rules": self.rules, "data": data}, ensure_ascii=False))

    def drop_except(self, keep: set[str]) -> None:
        """Forget pair files that no longer exist."""
        if self.folder.is_dir():
            for p in self.folder.glob("*.json"):
                if p.stem not in keep:
                    p.unlink(missing_ok=True)


CHECKSUM = "dossier-cache sha256:"


def write_cache(path: Path, text: str, *, checked: bool = True) -> None:
    """Write a cache file through a temporary file and a rename: a reader sees the old or the new
    file, never half of one. Unlike the dossier's own files it is not synced to disk: a cache
    entry lost in a crash is only computed again; for the same reason a cache that cannot be
    written (a full disk, a folder without permission) costs time, never the build.

    ``checked``: the first line is the SHA-256 of the rest, which ``read_cache`` verifies, so a
    damaged entry (a flipped bit that still parses) is computed again rather than trusted."""
    if checked:
        text = f"{CHECKSUM}{hashlib.sha256(text.encode('utf-8')).hexdigest()}\n{text}"
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def read_cache(path: Path) -> str | None:
    """The text ``write_cache`` wrote, or None when the file is missing, unreadable or damaged."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    head, _, body = raw.partition(b"\n")
    if head != CHECKSUM.encode() + hashlib.sha256(body).hexdigest().encode():
        return None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def read_cache_json(path: Path) -> Any:
    """A JSON cache entry, or None when there is none that can be trusted."""
    text = read_cache(path)
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None
