"""The YAML file per pair: reading, validating, the bases beside it, writing atomically.

How fresh extraction is merged into it, keeping a person's edits, is ``merge.py``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import glob
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import MarkedYAMLError

from .errors import DossierError, conflict
from .manifest import RelationCache, digest
from .models import QUOTE_KINDS, STATUSES, TONES, TOPICS
from .schema import (
    ENTRY_KEYS,
    EVENT_KEYS,
    IDENTITY,
    PARTY_KEYS,
    SECTIONS,
    TEXT_FIELDS,
)

if TYPE_CHECKING:
    from .merge import MergeResult

# Every key a pair file may hold at the top: anything else is a slip that would otherwise be kept
# and silently ignored. The entries' fields are declared in ``schema``.
TOP_KEYS = ("pair", "summary", *SECTIONS)
BASE_DIR = ".base"
BASE_VERSION = 1
HEADER = """\
Relations between {a} and {b}, extracted by `make build` from content/articles/.
Edit freely: a field you change is kept on every rebuild; set `status: rejected` (or delete an
entry) to drop an item for good; `summary` is yours. Comments and key order are kept.
Reference: README.md, section "Editing the dossier"."""
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_MISSING = object()


def _yaml() -> YAML:
    y = YAML(typ="rt")          # round-trip: comments, key order and quoting survive
    y.preserve_quotes = True
    y.width = 4096          # one line per text: easier to edit than folded lines
    y.indent(mapping=2, sequence=4, offset=2)
    # `speaker_country: null` says "unknown" more plainly than an empty value.
    y.representer.add_representer(
        type(None), lambda rep, _: rep.represent_scalar("tag:yaml.org,2002:null", "null"))
    return y


def plain(value: Any) -> Any:
    """ruamel's commented containers as plain Python, for comparison and rendering."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return str(value)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def identity(section: str, fields: dict[str, Any]) -> str:
    """The claim a machine proposal makes, independent of the article it came from.

    Coarser than the build's grouping key (case, spaces and punctuation are ignored), so proposals
    the build groups into one entry always share it.
    """
    parts = [" ".join(re.sub(r"\W+", " ", str(fields.get(k) or "").casefold()).split())
             for k in IDENTITY[section]]
    return sha("\n".join(parts))[:16]


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

def _line(node: Any, key: Any = None) -> int | None:
    try:
        if key is not None:
            return int(node.lc.key(key)[0]) + 1
        return int(node.lc.line) + 1
    except (AttributeError, KeyError, TypeError):
        return None


def unsafe(doc: Any, path: Path) -> list[DossierError]:
    """What no pair file may hold, whatever the schema: explicit tags (``!!python/object`` and
    the like: ruamel keeps them inert, but they are never data), binary values and sets, and
    aliases (``*name``), which could make a few lines expand into millions of entries."""
    errs: list[DossierError] = []
    seen: set[int] = set()
    stack: list[tuple[Any, Any, Any]] = [(doc, None, None)]
    while stack:
        node, parent, key = stack.pop()
        line = _line(parent, key) if parent is not None else _line(node)
        tag = getattr(getattr(node, "tag", None), "value", None)
        if tag:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            errs.append(DossierError(f"the tag {shown!r} is not allowed", path, line,
                                     hint="a pair file holds plain text, numbers, lists and "
                                          "mappings; remove the tag"))
            continue
        if isinstance(node, (bytes, set, frozenset)):
            errs.append(DossierError(f"{type(node).__name__} values are not allowed", path, line,
                                     hint="write plain text, numbers, lists and mappings"))
            continue
        if not isinstance(node, (dict, list)):
            continue
        if id(node) in seen:
            errs.append(DossierError("aliases (*name) are not allowed", path, line,
                                     hint="write the value out instead of referring to it"))
            continue
        seen.add(id(node))
        children = list(node.items() if isinstance(node, dict) else enumerate(node))
        stack.extend((v, node, k) for k, v in reversed(children))    # document order
    return sorted(errs, key=lambda e: e.line or 0)


def validate(doc: Any, path: Path, known_codes: set[str]) -> list[DossierError]:
    """Every schema problem of one pair document (not only the first)."""
    errs: list[DossierError] = []

    def err(msg: str, node: Any = None, key: Any = None, hint: str | None = None) -> None:
        errs.append(DossierError(msg, path, _line(node, key) if node is not None else None, hint))

    if not isinstance(doc, dict):
        err("the file must be a mapping with `pair`, `summary`, `facts`, `quotes`, `entities`",
            hint="restore it from version control or delete it to regenerate it")
        return errs
    expected = path.stem.split("-")
    pair = doc.get("pair")
    if plain(pair) != expected:
        err(f"pair {plain(pair)} does not match the file name (expected {expected})", doc, "pair",
            hint=f"set `pair: [{', '.join(expected)}]` or rename the file")
    if "summary" in doc and doc["summary"] is not None and not isinstance(doc["summary"], str):
        err("summary must be text", doc, "summary", hint="put it in quotes")
    for key in doc:
        if str(key) not in TOP_KEYS:
            err(_unknown_key(key, TOP_KEYS, "the file"), doc, key,
                hint=f"a pair file holds {', '.join(TOP_KEYS)}; write a note of your own as a "
                     "comment (# …)")
    for section in SECTIONS:
        items = doc.get(section)
        if items is None:
            continue
        if not isinstance(items, list):
            err(f"`{section}` must be a list", doc, section)
            continue
        seen: dict[str, int | None] = {}
        for entry in items:
            if not isinstance(entry, dict):
                err(f"each item of `{section}` must be a mapping", items)
                continue
            _check_entry(section, entry, err, known_codes, seen)
    return errs


def _unknown_key(key: Any, allowed: tuple[str, ...], where: str) -> str:
    """The message for a key no pair file knows, with the likely intended one."""
    close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
    guess = f" (did you mean `{close[0]}`?)" if close else ""
    return f"unknown key `{key}` in {where}{guess}: it would be kept but ignored"


def _real_date(value: str) -> bool:
    """An ISO date (YYYY, YYYY-MM or YYYY-MM-DD) that is on the calendar: no 30 February."""
    if not _DATE.match(value):
        return False
    if len(value) == 10:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return False
    return True


def _check_entry(section, entry, err, known_codes, seen) -> None:  # type: ignore[no-untyped-def]
    allowed = ENTRY_KEYS[section]
    for key in entry:
        if str(key) not in allowed:
            err(_unknown_key(key, allowed, f"an item of `{section}`"), entry, key,
                hint=f"an item of `{section}` holds {', '.join(allowed)}; write a note of your "
                     "own as a comment (# …)")
    eid = entry.get("id")
    if not isinstance(eid, (str, int)) or not str(eid):
        err(f"an item of `{section}` has no `id`", entry,
            hint="give it any unique id, e.g. `id: my-note-1`")
    elif str(eid) in seen:
        err(f"duplicate id {eid!r} in `{section}` (first on line {seen[str(eid)]})", entry, "id",
            hint="ids must be unique within a section")
    else:
        seen[str(eid)] = _line(entry, "id")
    choices = {"topic": TOPICS, "tone": TONES, "status": STATUSES, "kind": QUOTE_KINDS}
    for key, allowed in choices.items():
        if key in entry and entry[key] is not None and str(entry[key]) not in allowed:
            err(f"{key} {str(entry[key])!r} is not one of {', '.join(allowed)}", entry, key)
    if entry.get("date") is not None and not _real_date(str(entry["date"])):
        err(f"date {str(entry['date'])!r} is not an ISO 8601 date on the calendar (YYYY, "
            "YYYY-MM or YYYY-MM-DD)", entry, "date",
            hint='write it in quotes, e.g. date: "1991-12-16", or null')
    for key in TEXT_FIELDS[section]:
        if entry.get(key) is not None and not isinstance(entry[key], str):
            err(f"`{key}` must be text, not {type(plain(entry[key])).__name__} "
                f"{plain(entry[key])!r}", entry, key, hint="put it in quotes")
    codes: list[tuple[str, Any]] = []
    for key in ("countries", "members"):
        if key not in entry or entry[key] is None:
            continue
        if isinstance(entry[key], list):
            codes += [(key, code) for code in entry[key]]
        else:
            err(f"`{key}` must be a list of country codes, e.g. [KZ, US]", entry, key)
    for key in ("speaker_country", "country"):
        if entry.get(key) is not None:
            codes.append((key, entry[key]))
    for key in ("actor", "target"):
        if entry.get(key) is not None:
            codes += [(key, code) for code in _party_codes(entry, key, err)]
    if section == "facts":
        _check_event(entry, err)
    for key, code in codes:
        if str(code) not in known_codes:
            err(f"unknown country code {str(code)!r}", entry, key,
                hint="use an ISO 3166-1 alpha-2 code such as KZ, or a historical code from the README")
    if "orphaned" in entry and not isinstance(entry["orphaned"], bool):
        err("`orphaned` must be true or false", entry, "orphaned")
    sources = entry.get("sources")
    if sources is not None:
        if not isinstance(sources, list):
            err("`sources` must be a list of {article: …, sentence: …}", entry, "sources")
        else:
            for s in sources:
                if not (isinstance(s, dict) and isinstance(s.get("article"), str)
                        and isinstance(s.get("sentence"), int)):
                    err("each source must be {article: <article id>, sentence: <number>}",
                        entry, "sources")


def _party_codes(entry, key, err) -> list[Any]:  # type: ignore[no-untyped-def]
    """The country code of a fact's `actor` or `target` (a code, or {country, sector}), for the
    caller to check; a mapping of another shape is reported here."""
    value = entry[key]
    if not isinstance(value, dict):
        return [value]
    for inner in value:
        if str(inner) not in PARTY_KEYS:
            err(_unknown_key(inner, PARTY_KEYS, f"`{key}`"), value, inner,
                hint=f"write `{key}: {{country: US, sector: GOV}}` or just `{key}: US`")
    sector = value.get("sector")
    if sector is not None and not isinstance(sector, str):
        err(f"`{key}.sector` must be text, e.g. GOV", value, "sector", hint="put it in quotes")
    return [value["country"]] if value.get("country") is not None else []


# What each key of an `event` holds: its types, in words, and its range (CAMEO's QuadClass 1–4,
# the Goldstein scale -10..+10; a NaN is outside every range).
_EVENT_SHAPES: dict[str, tuple[tuple[type, ...], str, tuple[float, float] | None]] = {
    "code": ((str,), "text", None), "label": ((str,), "text", None),
    "quad_class": ((int,), "a whole number from 1 to 4", (1, 4)),
    "goldstein": ((int, float), "a number from -10 to 10", (-10, 10)),
}


def _fits(value: Any, kinds: tuple[type, ...], bounds: tuple[float, float] | None) -> bool:
    """Whether a value is of one of the types (a boolean is no number) and within the bounds."""
    if isinstance(value, bool) or not isinstance(value, kinds):
        return False
    return bounds is None or bounds[0] <= cast(float, value) <= bounds[1]


def _check_event(entry, err) -> None:  # type: ignore[no-untyped-def]
    """A fact's `event` ({code, label, quad_class, goldstein} or null) and `relevance`."""
    event = entry.get("event")
    if isinstance(event, dict):
        for inner in event:
            if str(inner) not in EVENT_KEYS:
                err(_unknown_key(inner, EVENT_KEYS, "`event`"), event, inner)
        for inner, (kinds, what, bounds) in _EVENT_SHAPES.items():
            value = event.get(inner)
            if value is not None and not _fits(value, kinds, bounds):
                err(f"`event.{inner}` must be {what}, not {plain(value)!r}", event, inner,
                    hint='a CAMEO code keeps its leading zero in quotes: code: "0231"'
                    if inner == "code" else None)
    elif event is not None:
        err("`event` must be a mapping {code, label, quad_class, goldstein} or null", entry,
            "event")
    score = entry.get("relevance")
    if score is not None and not _fits(score, (int, float), (0, 1)):
        err(f"relevance {plain(score)!r} is not a number from 0 to 1", entry, "relevance")


def pair_of(path: Path, known_codes: set[str]) -> tuple[tuple[str, str] | None, list[DossierError]]:
    """The pair a file name stands for, or why it stands for none."""
    parts = path.stem.split("-")
    if len(parts) != 2 or parts != sorted(parts) or not all(p.isupper() for p in parts):
        return None, [DossierError("the file name must be <A>-<B>.yaml with two country codes in "
                                   "alphabetical order", path, hint="e.g. KZ-US.yaml")]
    if parts[0] == parts[1]:
        return None, [DossierError("a pair needs two different countries", path,
                                   hint="rename the file to the pair it is about, e.g. KZ-US.yaml")]
    unknown = [p for p in parts if p not in known_codes]
    if unknown:
        return None, [DossierError(f"unknown country code {unknown[0]!r} in the file name", path,
                                   hint="use ISO 3166-1 alpha-2 codes such as KZ, or a historical "
                                        "code from the README")]
    return (parts[0], parts[1]), []


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


# What a YAML scanner's context says when the error is where something was opened, not where the
# scanner noticed (at the end of the file, for an unclosed quote): the opening line is given.
_OPENED = {"while scanning a quoted": "the quoted text that starts on this line is never closed",
           "while scanning a simple key": "this line has no ':' after its key",
           "while parsing a flow": "the [ or { opened on this line is never closed",
           "while scanning a block scalar": "the block text that starts on this line is broken"}


def _yaml_error(exc: MarkedYAMLError, path: Path) -> DossierError:
    """A YAML syntax error on the line where the person can fix it."""
    context = (exc.context or "").strip()
    problem = (exc.problem or context).strip()
    opened = next((what for start, what in _OPENED.items() if context.startswith(start)), None)
    if opened is not None and exc.context_mark is not None and exc.problem_mark is not None:
        return DossierError(f"YAML syntax error: {opened} ({problem} on line "
                            f"{exc.problem_mark.line + 1})", path, exc.context_mark.line + 1,
                            hint="close the quote or bracket, or add the missing ':'")
    mark = exc.problem_mark or exc.context_mark
    return DossierError(f"YAML syntax error: {problem}", path,
                        mark.line + 1 if mark is not None else None,
                        hint="fix the line (check indentation and quotes)")


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
        doc = _yaml().load(text)
    except MarkedYAMLError as exc:
        return None, [_yaml_error(exc, path)]
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
