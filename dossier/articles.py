"""The articles folder: which files are articles, each one read, and the last good reading of each.

A file that was read before and cannot be read now (no permission, a folder that cannot be
listed, a date typed wrong, a conflict left by git) is not a deleted article: taking it for one
would drop every entry it supported from ``content/relations`` and bring them back, reordered,
once the file is fixed. So the build keeps the last good reading of every file
(``.cache/dossier/readings/``) and uses it, with a warning, until the file reads again or is
deleted. When there is no such reading (a new file, or the cache was wiped), what the file gave is
unknown; the build then says so and leaves alone every pair that cites an article it cannot find
(see ``build._merge``).

The same memory settles which of two copies of one text is the original: the file read before
keeps its id, date and citations, and the newcomer is reported as the duplicate.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from dossier import ingest
from dossier.errors import DossierError
from dossier.manifest import read_cache, read_cache_json, write_cache
from dossier.models import Article

READINGS_VERSION = 1
_FIELDS = ("id", "title", "date", "text", "body_start", "url", "publisher", "language", "digest")


@dataclass
class Scan:
    """What the articles folder holds now."""

    articles: list[Article] = field(default_factory=list)   # read now, or their last reading
    warnings: list[str] = field(default_factory=list)
    unknown: list[Path] = field(default_factory=list)       # unreadable, nothing remembered


def load_articles(folder: Path, *, max_bytes: int = ingest.MAX_BYTES
                  ) -> tuple[list[Article], list[str]]:
    """Read every article below ``folder``; return them sorted by id, and the warnings."""
    found = scan(folder, max_bytes=max_bytes)
    return found.articles, found.warnings


def scan(folder: Path, *, max_bytes: int = ingest.MAX_BYTES, readings: Readings | None = None,
         cited: Iterable[str] = ()) -> Scan:
    """Read every article below ``folder``. A file that cannot be read is replaced by its last
    reading when ``readings`` has one. ``cited``: article ids the dossier cites, which decide
    between two copies of a text when no reading does."""
    folder = Path(folder)
    out = Scan()
    unlisted: list[Path] = []
    read: list[Article] = []
    for path in _article_paths(folder, out.warnings, unlisted):
        try:
            read.append(ingest.read_article(path, max_bytes=max_bytes, warnings=out.warnings))
        except DossierError as error:
            # A bad file is reported and skipped; it never aborts the rest (DESIGN: Data flow).
            if path.suffix.lower() not in ingest.SUPPORTED_SUFFIXES:
                out.warnings.append(str(error))
                continue
            last = readings.recall(path) if readings is not None else None
            if last is not None:
                read.append(last)
                out.warnings.append(f"{error}; its last good reading is used, so the dossier "
                                    "keeps what it gave until the file is fixed or deleted")
            else:
                out.warnings.append(str(error))
                if readings is None or not readings.complete:
                    out.unknown.append(path)     # it may have been read before: unknown
    for where in unlisted:
        last_ones = readings.recall_under(where) if readings is not None else []
        read += last_ones
        kept = (f"; the last good reading of its {len(last_ones)} article(s) is used"
                if last_ones else "")
        if readings is None or not readings.complete:
            out.unknown.append(where)
            kept += "; what its articles gave the dossier is not known"
        out.warnings.append(f"{where}: cannot list the folder{kept} (check that it is readable: "
                            "ls -ld, chmod u+rx)")
    out.articles = sorted(_disambiguate(_unique(read, out.warnings, readings, set(cited)),
                                        readings), key=lambda a: a.id)
    return out


# --- finding files ------------------------------------------------------------------------------

def _article_paths(folder: Path, warnings: list[str], unlisted: list[Path]) -> list[Path]:
    """Files below ``folder`` in relative-path order, without hidden files and outside symlinks;
    folders that cannot be listed go to ``unlisted``."""
    if not folder.is_dir():
        raise DossierError("articles folder not found", path=folder,
                           hint="create it and put the article files in it")
    root = folder.resolve()
    found: list[Path] = []

    def cannot_list(error: OSError) -> None:
        unlisted.append(Path(error.filename) if error.filename else folder)

    for dirpath, dirnames, filenames in os.walk(folder, onerror=cannot_list):
        here = Path(dirpath)
        # Hidden folders (.git, .cache …) are never articles; pruning here also stops the walk.
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in dirnames:
            outside = _outside(here / name, root)
            if outside:
                warnings.append(str(DossierError(outside, path=here / name)))
        for name in filenames:
            # README files document the folder; they are not articles.
            if name.startswith(".") or name.lower().split(".")[0] == "readme":
                continue
            path = here / name
            outside = _outside(path, root)
            if outside:
                warnings.append(str(DossierError(outside, path=path)))
                continue
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def _outside(path: Path, root: Path) -> str | None:
    """Why a symlink is skipped (it leads out of the folder, or round in a loop), else None."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=False)
    except (RuntimeError, OSError):        # Python raises RuntimeError for a loop
        return "symlink loop (the link leads back to itself), skipped"
    if not target.is_relative_to(root):
        return "symlink points outside the articles folder, skipped"
    try:
        target.stat()
    except OSError as error:
        if error.errno == errno.ELOOP:       # a loop through other links
            return "symlink loop (the link leads back to itself), skipped"
    return None


def _unique(articles: list[Article], warnings: list[str], readings: Readings | None,
            cited: set[str]) -> list[Article]:
    """One article per text. Of two copies the original stays: the file read before with this
    text, else the one whose id the dossier cites, else the first in path order; the other is
    reported as its duplicate."""
    by_digest: dict[str, list[Article]] = {}
    for a in sorted(articles, key=lambda a: a.path.as_posix()):
        by_digest.setdefault(a.digest, []).append(a)
    kept = []
    for copies in by_digest.values():
        if len(copies) > 1:
            copies.sort(key=lambda a: (not _read_before(a, readings), a.id not in cited))
            for other in copies[1:]:
                warnings.append(str(DossierError(f"duplicates {copies[0].path}, skipped",
                                                 path=other.path)))
        kept.append(copies[0])
    return kept


def _read_before(article: Article, readings: Readings | None) -> bool:
    last = readings.last(article.path) if readings is not None else None
    return last is not None and last.get("digest") == article.digest


def _disambiguate(articles: list[Article], readings: Readings | None) -> list[Article]:
    """Give articles that share an id the suffixes -2, -3 … in path order.

    Why path order: an id must not change when unrelated articles are added, and the path is the
    only stable, deterministic tie-breaker two different articles with the same date and title have.
    The one that held the plain id at the last build keeps it, though, so a new file whose name
    sorts earlier does not take over another's id and citations. Suffixes skip every id some
    article has naturally, so a suffix never steals another's id.
    """
    natural: dict[str, list[Article]] = {}
    for a in articles:
        natural.setdefault(a.id, []).append(a)

    def held(a: Article) -> bool:
        last = readings.last(a.path) if readings is not None and len(natural[a.id]) > 1 else None
        return last is not None and last.get("id") == a.id

    taken: set[str] = set()
    result = []
    for article in sorted(articles, key=lambda a: (not held(a), a.path.as_posix())):
        new_id, n = article.id, 1
        while new_id in taken or (n > 1 and new_id in natural):
            n += 1
            new_id = f"{article.id}-{n}"
        taken.add(new_id)
        result.append(article if new_id == article.id else replace(article, id=new_id))
    return result


# --- the last good reading of every file ---------------------------------------------------------

class Readings:
    """The last good reading of every article file, one JSON file per file in ``folder``, named
    after the file's path and the reading's content, so that a build tells what is stored from a
    directory listing alone. A reading that cannot be read back is treated as missing: it is a
    cache, and the build then acts as when nothing is known (see the module docstring)."""

    def __init__(self, folder: Path, articles: Path) -> None:
        self.folder = folder
        self.articles = articles
        self._names: dict[str, str] | None = None

    @property
    def complete(self) -> bool:
        """Whether the readings are those of a whole earlier build: a file they do not know was
        never read, rather than forgotten."""
        return read_cache(self.folder / "complete") == str(READINGS_VERSION)

    def _key(self, path: Path) -> str:
        return _key_of(path.relative_to(self.articles).as_posix())

    def _listing(self) -> dict[str, str]:
        if self._names is None:
            try:
                names = os.listdir(self.folder)
            except OSError:
                names = []
            self._names = {n.split("-", 1)[0]: n for n in names if n.endswith(".json")}
        return self._names

    def _load(self, name: str) -> dict[str, Any] | None:
        data = read_cache_json(self.folder / name)
        article = data.get("article") if isinstance(data, dict) else None
        if (not isinstance(article, dict) or not isinstance(data.get("path"), str)
                or any(k not in article for k in _FIELDS)
                or not all(isinstance(article[k], str) for k in ("id", "title", "text", "digest"))
                or not isinstance(article["body_start"], int)):
            return None
        return data

    def last(self, path: Path) -> dict[str, Any] | None:
        """The fields of the last good reading of ``path`` (without its path), or None."""
        name = self._listing().get(self._key(path))
        data = self._load(name) if name else None
        return data["article"] if data is not None else None

    def recall(self, path: Path) -> Article | None:
        """The article as last read from ``path``, or None when it never was (or is forgotten)."""
        fields = self.last(path)
        return Article(path=path, **{k: fields[k] for k in _FIELDS}) if fields else None

    def recall_under(self, folder: Path) -> list[Article]:
        """Every article last read below ``folder`` (for a folder that cannot be listed)."""
        out = []
        for name in self._listing().values():
            data = self._load(name)
            if data is None:
                continue
            path = self.articles / data["path"]
            if path.is_relative_to(folder):
                out.append(Article(path=path, **{k: data["article"][k] for k in _FIELDS}))
        return out

    def save(self, articles: list[Article]) -> None:
        """Remember these readings (those of every file read or recalled in this build) and
        forget every other, then mark the readings complete."""
        self.folder.mkdir(parents=True, exist_ok=True)
        listing = self._listing()
        keep: set[str] = set()
        for a in articles:
            rel = a.path.relative_to(self.articles).as_posix()
            fields = {k: getattr(a, k) for k in _FIELDS}    # dataclasses.asdict copies: slow
            text = json.dumps({"path": rel, "article": fields}, sort_keys=True)  # ASCII: any name
            key = _key_of(rel)
            name = f"{key}-{hashlib.sha256(text.encode()).hexdigest()[:16]}.json"
            keep.add(name)
            if listing.get(key) != name:
                write_cache(self.folder / name, text)
        for name in set(os.listdir(self.folder)) - keep - {"complete"}:
            (self.folder / name).unlink(missing_ok=True)
        write_cache(self.folder / "complete", str(READINGS_VERSION))
        self._names = None


def _key_of(rel: str) -> str:
    """A reading's name: from the file's path relative to the articles folder."""
    return hashlib.sha256(rel.encode("utf-8", "surrogateescape")).hexdigest()[:24]
