"""The YAML file per pair: reading, the bases beside it, writing atomically.

What a file must hold, and the messages when it does not, is ``validate.py``; how fresh
extraction is merged into it, keeping a person's edits, is ``merge.py``.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import MarkedYAMLError

from .errors import DossierError, conflict
from .manifest import RelationCache, digest
from .schema import SECTIONS, plain
from .validate import pair_of, unsafe, validate, yaml_error

if TYPE_CHECKING:
    from .merge import MergeResult

BASE_DIR = ".base"
BASE_VERSION = 1


def round_trip_yaml() -> YAML:
    y = YAML(typ="rt")          # round-trip: comments, key order and quoting survive
    y.preserve_quotes = True
    y.width = 4096          # one line per text: easier to edit than folded lines
    y.indent(mapping=2, sequence=4, offset=2)
    # `speaker_country: null` says "unknown" more plainly than an empty value.
    y.representer.add_representer(
        type(None), lambda rep, _: rep.represent_scalar("tag:yaml.org,2002:null", "null"))
    return y


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cited(data: dict[str, Any]) -> set[str]:
    """Every article id the entries of a pair document (plain data) cite."""
    out: set[str] = set()
    if not isinstance(data, dict):
        return out
    for section in SECTIONS:
        entries = data.get(section)
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("sources"), list):
                out |= {str(s["article"]) for s in entry["sources"]
                        if isinstance(s, dict) and "article" in s}
    return out


def pair_file(relations: Path, pair: tuple[str, str]) -> Path:
    return relations / f"{pair[0]}-{pair[1]}.yaml"


@dataclass
class PairFile:
    """One pair's YAML document as read from disk, with its base."""

    path: Path
    pair: tuple[str, str]
    doc: CommentedMap | None = None      # None: the file does not exist yet
    text: str = ""
    base: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------------------- reading, checking

def read_text(path: Path) -> tuple[str | None, list[DossierError]]:
    """A text file of the dossier (pair file, base, mkdocs.yml) as UTF-8, or why it cannot be
    used: not readable, not UTF-8, or holding git's conflict markers (which no YAML or JSON
    reader would explain well)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [DossierError(f"cannot read the file: {exc.strerror or exc}", path,
                                   hint="check that it is readable (ls -l, chmod u+r)")]
    return decode_text(raw, path)


def decode_text(raw: bytes, path: Path) -> tuple[str | None, list[DossierError]]:
    """``read_text`` for bytes already read."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        return None, [DossierError(f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x})", path,
                                   line, hint="save it as UTF-8")]
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    marked = conflict(text, path)
    if marked is not None:
        return None, [marked]
    return text, []


def read_pair_file(path: Path, known_codes: set[str]) -> tuple[PairFile | None, list[DossierError]]:
    """Parse and validate one YAML file and its base; problems are returned, not raised."""
    pair, errs = pair_of(path, known_codes)
    if pair is None:
        return None, errs
    if path.is_symlink():
        # The build replaces a pair file when it writes it: the link would silently become a
        # copy, and a link out of the dossier would make it read (and publish) any file.
        return None, [DossierError(f"is a symbolic link (to {os.readlink(path)}), not a file",
                                   path, hint="put the file itself in content/relations/")]
    text, errs = read_text(path)
    if text is None:
        return None, errs
    try:
        doc = round_trip_yaml().load(text)
    except MarkedYAMLError as exc:
        return None, [yaml_error(exc, path)]
    except Exception as exc:  # ruamel raises a few non-marked errors (e.g. duplicate keys)
        return None, [DossierError(f"YAML error: {exc}".splitlines()[0], path)]
    bad = unsafe(doc, path)
    if bad:
        return None, bad
    errs = validate(doc, path, known_codes)
    base, base_errs = read_base(path, text)
    return PairFile(path, pair, doc, text, base), errs + base_errs


def base_path(path: Path) -> Path:
    return path.parent / BASE_DIR / (path.stem + ".json")


def pending_path(path: Path) -> Path:
    """Where a new base waits while its YAML is written (see ``write``)."""
    bp = base_path(path)
    return bp.with_name(bp.name + ".pending")


_BASE_HINT = ("restore it from version control (git checkout -- <file>; after a merge, take one "
              "side whole: git checkout --ours -- <file>); if you cannot, delete it: the build "
              "then keeps every entry of the YAML as yours, but no longer knows which entries "
              "you deleted, so those may come back")
_PENDING_HINT = ("it is left over from an interrupted build: delete it (the YAML keeps the base "
                 "beside it, which stays valid)")


def _json_line(text: str, key: str) -> int | None:
    """The line of the first ``"key":`` in a JSON text (bases are written one key a line)."""
    at = text.find(f'"{key}"')
    return text.count("\n", 0, at) + 1 if at >= 0 else None


def check_base(data: Any, path: Path, text: str, pair: tuple[str, str] | None,
               hint: str = _BASE_HINT) -> list[DossierError]:
    """Whether a base is the machine's memory of its pair file, in the shape ``merge`` writes.

    A base of another shape would be read as if nothing had been proposed or deleted, so a
    deletion would be forgotten and the entry would come back: it is refused instead."""
    def bad(what: str, key: str | None = None) -> list[DossierError]:
        return [DossierError(f"not a valid base file: {what}", path,
                             _json_line(text, key) if key else None, hint=hint)]

    if not isinstance(data, dict):
        return bad(f"a JSON {type(data).__name__} where an object is expected")
    if data.get("version") != BASE_VERSION:
        return bad(f"version {data.get('version')!r}, expected {BASE_VERSION}", "version")
    if pair is not None and data.get("pair") != list(pair):
        return bad(f"pair {data.get('pair')!r} is not {list(pair)}", "pair")
    if not isinstance(data.get("yaml_sha", ""), str):
        return bad("`yaml_sha` is not text", "yaml_sha")
    shapes: dict[str, tuple[type, type]] = {"entries": (dict, dict), "deleted": (list, str),
                                            "deleted_keys": (dict, str)}
    for key, (kind, item) in shapes.items():
        value = data.get(key, {})
        if not isinstance(value, dict) or set(value) - set(SECTIONS):
            return bad(f"`{key}` is not a mapping of {', '.join(SECTIONS)}", key)
        for section, inner in value.items():
            if not isinstance(inner, kind):
                return bad(f"`{key}.{section}` is not a JSON "
                           f"{'object' if kind is dict else 'array'}", key)
            values: Any = inner.values() if isinstance(inner, dict) else inner
            if not all(isinstance(v, item) for v in values):
                return bad(f"an item of `{key}.{section}` is not a JSON "
                           f"{'object' if item is dict else 'string'}", key)
    # A base from before checksums has none; any base written since has one, so a change that
    # still parses (a flipped character in a deleted id) is caught, not silently believed.
    if "checksum" in data and data["checksum"] != base_checksum(data):
        return bad("its content does not match its checksum (it was edited by hand, damaged, or "
                   "merged line by line by git)", "checksum")
    return []


def base_checksum(data: dict[str, Any]) -> str:
    """The SHA-256 of a base's content (without its checksum), whatever its layout."""
    return digest({k: v for k, v in data.items() if k != "checksum"})


def _load_base(path: Path, pair: tuple[str, str] | None, hint: str
               ) -> tuple[dict[str, Any] | None, list[DossierError]]:
    """One base file: None when there is none, else its data, or why it cannot be trusted."""
    try:
        if not path.exists():
            return None, []
    except OSError as exc:
        return None, [DossierError(f"cannot read the file: {exc.strerror or exc}", path,
                                   hint="check that content/relations/.base/ is readable")]
    text, errs = read_text(path)
    if text is None:
        return None, [DossierError(e.message, e.path, e.line, f"{e.hint}; or {hint}")
                      for e in errs]
    try:
        data = json.loads(text)
    except ValueError as exc:
        return None, [DossierError(f"not a valid base file: {getattr(exc, 'msg', exc)}", path,
                                   getattr(exc, "lineno", None), hint=hint)]
    errs = check_base(data, path, text, pair, hint)
    return (None if errs else data), errs


def read_base(path: Path, yaml_text: str | None) -> tuple[dict[str, Any], list[DossierError]]:
    """The machine's last proposals for this file, and why they cannot be used if so.

    ``write`` puts a new base beside the old one as ``.pending``, writes the YAML, then renames
    the pending base over the old. A pending base left by an interrupted build belongs to the
    YAML only if the YAML was written, which its hash tells; otherwise the old base is the one
    the YAML (with whatever a person changed in it since) was merged from.
    """
    parts = path.stem.split("-")
    pair = (parts[0], parts[-1])
    pending, errs = _load_base(pending_path(path), pair, _PENDING_HINT)
    if pending is not None and yaml_text is not None and pending.get("yaml_sha") == sha(yaml_text):
        return pending, errs
    base, base_errs = _load_base(base_path(path), pair, _BASE_HINT)
    return base or {}, errs + base_errs


def pair_paths(relations: Path) -> tuple[list[Path], list[DossierError]]:
    """Every pair file in the folder, sorted, and the files a person meant as pair files that the
    build would otherwise pass over in silence (``KZ-US.yml``), or a folder it cannot list."""
    errors: list[DossierError] = []
    try:
        if not relations.is_dir():
            return [], errors
        names = sorted(os.listdir(relations))
    except OSError as exc:
        return [], [DossierError(f"cannot list the folder: {exc.strerror or exc}", relations,
                                 hint="check that it is readable (ls -ld, chmod u+rx)")]
    paths = []
    for name in names:
        stem, dot, suffix = name.rpartition(".")
        if not dot or name.startswith("."):
            continue
        if suffix == "yaml":
            paths.append(relations / name)
        elif suffix.lower() in ("yml", "yaml"):
            errors.append(DossierError("pair files end in .yaml, so this one would be ignored",
                                       relations / name, hint=f"rename it to {stem}.yaml"))
    return paths, errors


@dataclass
class Relation:
    """One pair file as found on disk: the digest of its bytes, its content as plain data, and the
    round-trip document when it had to be parsed (a file known from the cache is parsed only if
    it has to be merged)."""

    path: Path
    pair: tuple[str, str]
    sha: str
    data: dict[str, Any]
    pf: PairFile | None = None


def load_relations(relations: Path, known: set[str], cache: RelationCache | None = None
                   ) -> tuple[dict[tuple[str, str], Relation], list[DossierError]]:
    """Every pair file and its base, checked; a pair file whose exact text was checked and read
    before comes from the cache, any other is parsed with ruamel.yaml and validated
    (``read_pair_file``). Bases are always read: they are small, and one that is broken
    must stop the build whatever the cache says."""
    files: dict[tuple[str, str], Relation] = {}
    paths, errors = pair_paths(relations)
    for path in paths:
        pair, _ = pair_of(path, known)      # read_pair_file reports a bad name
        try:
            raw = b"" if path.is_symlink() else path.read_bytes()
        except OSError:
            raw = b""
        sha = hashlib.sha256(raw).hexdigest() if raw else ""
        data = cache.get(path, sha) if cache is not None and pair is not None and sha else None
        if pair is not None and data is not None and _plausible(data, pair):
            text, errs = decode_text(raw, path)
            base, base_errs = read_base(path, text)
            errors.extend(errs + base_errs)
            files[pair] = Relation(path, pair, sha, data)
            continue
        pf, errs = read_pair_file(path, known)
        errors.extend(errs)
        if pf is not None:
            data = plain(pf.doc)
            files[pf.pair] = Relation(path, pf.pair, sha, data, pf)
            if cache is not None and not errs and sha:
                cache.put(path, sha, data)
    return files, errors


def _plausible(data: dict[str, Any], pair: tuple[str, str]) -> bool:
    """A cached pair file has the shape validation gave it (a damaged cache is read again)."""
    return data.get("pair") == list(pair) and all(
        isinstance(data.get(s) or [], list) and all(isinstance(e, dict) for e in data.get(s) or [])
        for s in SECTIONS)



# ---------------------------------------------------------------------------------- writing

def atomic_write(path: Path, text: str, *, like: Path | None = None) -> None:
    """Write through a temporary file in the same folder and rename it over the target, so an
    interrupted build leaves either the old or the new file, never half of one.

    The new file gets the permissions of the one it replaces (or of ``like``), else those the
    umask gives a new file: ``mkstemp`` alone would make it 0600, shutting out the group that
    shares the repository and a web server reading it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # A build killed before its rename leaves its temporary file; builds hold a lock, so one
    # found now is such a leftover.
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        stale.unlink(missing_ok=True)
    mode = file_mode(like or path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def file_mode(path: Path) -> int:
    """The permission bits of ``path``, or those a new file gets under the current umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def remove(path: Path) -> None:
    """Drop a vacant pair file. The base goes first: a YAML file left alone by an interruption is
    merged again like any other, whereas a base without its YAML would read as a file a person
    deleted, and keep the pair out of the dossier."""
    for p in (pending_path(path), base_path(path), path):
        try:
            p.unlink()
        except FileNotFoundError:
            pass


def write(result: MergeResult) -> None:
    """The new base as ``.pending``, then the YAML, then the pending base renamed over the old
    one. Killed at any point, the next build reads each YAML with the base it was written with
    (``read_base``), so nothing a person changed is mistaken for the machine's, or the reverse."""
    bp, pending = base_path(result.path), pending_path(result.path)
    base = {**result.base, "checksum": base_checksum(result.base)}
    text = json.dumps(base, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    try:
        same = bp.read_text(encoding="utf-8") == text
    except OSError:
        same = False
    if same:                   # untouched files keep their mtime: nothing to rebuild downstream
        pending.unlink(missing_ok=True)
    else:
        atomic_write(pending, text, like=bp)
    if result.changed:
        atomic_write(result.path, result.text)
    if not same:
        _commit_base(pending, bp)


def _commit_base(pending: Path, bp: Path) -> None:
    os.replace(pending, bp)
