"""Merging fresh extraction into a pair file, keeping what a person wrote.


The merge is a three-way merge per field. Beside each ``content/relations/KZ-US.yaml`` the build
keeps ``content/relations/.base/KZ-US.json``: what the machine last proposed for every entry. A
field whose value in the YAML differs from that base was changed by a person and is kept; a field
still equal to it takes the new extraction; once a field is a person's, it stays theirs even
when a later extraction happens to propose the same value (the base keeps the value it was
changed from). An id the base knows but the YAML no longer has was deleted by a person and is
remembered as deleted, so it never comes back, even after the extraction cache is wiped.
``ruamel.yaml`` round-trips the file, so comments and key order stay.

An entry's id comes from the first article that states it. When that article goes away or is
renamed, the same claim arrives under another id; it is matched back to the entry that already
holds it by its identity (the normalised text of a fact, speaker and text of a quote, label and
name of an entity), so ids stay stable and a deleted or rejected claim stays so.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import yaml as pyyaml
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from .errors import DossierError
from .schema import IDENTITY, MACHINE_FIELDS, NULL, OPTIONAL, SECTIONS, TOP_KEYS, plain
from .store import BASE_VERSION, PairFile, round_trip_yaml, sha

HEADER = """\
Relations between {a} and {b}, extracted by `make build` from content/articles/.
Edit freely: a field you change is kept on every rebuild; set `status: rejected` (or delete an
entry) to drop an item for good; `summary` is yours. Comments and key order are kept.
Reference: README.md, section "Editing the dossier"."""
_MISSING = object()          # a key an entry does not have


def identity(section: str, fields: dict[str, Any]) -> str:
    """The claim a machine proposal makes, independent of the article it came from.

    Coarser than the build's grouping key (case, spaces and punctuation are ignored), so proposals
    the build groups into one entry always share it.
    """
    parts = [" ".join(re.sub(r"\W+", " ", str(fields.get(k) or "").casefold()).split())
             for k in IDENTITY[section]]
    return sha("\n".join(parts))[:16]


@dataclass
class MergeResult:
    path: Path
    text: str                 # the new YAML text
    data: dict[str, Any]      # the same, as plain Python (read as YAML 1.2, like the file)
    base: dict[str, Any]      # the new base
    changed: bool             # whether the YAML text differs from what is on disk
    added: int = 0
    updated: int = 0
    removed: int = 0
    kept_edits: int = 0
    orphaned: int = 0


# Codes that YAML 1.1 readers (PyYAML, many editors) take for booleans: Norway's NO is written
# "NO" so that every reader sees a country.
_YAML11_BOOLEANS = {"NO", "No", "no", "ON", "On", "on", "OFF", "Off", "off", "YES", "Yes", "yes",
                    "Y", "y", "N", "n"}


def _quoted(value: Any) -> Any:
    if isinstance(value, str) and value in _YAML11_BOOLEANS:
        return DoubleQuotedScalarString(value)
    return value


def _to_yaml(key: str, value: Any) -> Any:
    """Machine values in the layout people read best: short lists, sources, actors and events
    in flow style (``actor: {country: US, sector: GOV}``)."""
    if isinstance(value, dict):
        m = CommentedMap((k, _quoted(v)) for k, v in value.items())
        m.fa.set_flow_style()
        return m
    if isinstance(value, list):
        value = [_quoted(v) for v in value]
    else:
        value = _quoted(value)
    if key == "sources" and isinstance(value, list):
        seq = CommentedSeq()
        for s in value:
            m = CommentedMap(s)
            m.fa.set_flow_style()
            seq.append(m)
        return seq
    if isinstance(value, list):
        seq = CommentedSeq(value)
        seq.fa.set_flow_style()
        return seq
    return value


def _new_entry(eid: str, fields: dict[str, Any], section: str) -> CommentedMap:
    entry = CommentedMap()
    entry["id"] = eid
    for key in MACHINE_FIELDS[section]:
        if key in fields and (fields[key] is not None or key in NULL):
            entry[key] = _to_yaml(key, fields[key])
    entry["status"] = "extracted"
    return entry


def _new_document(pair: tuple[str, str], names: tuple[str, str]) -> CommentedMap:
    doc = CommentedMap()
    doc["pair"] = _to_yaml("pair", list(pair))
    doc["summary"] = ""
    for section in SECTIONS:
        doc[section] = CommentedSeq()
    doc.yaml_set_start_comment(HEADER.format(a=names[0], b=names[1]))
    return doc


@dataclass
class _Memory:
    """What the new base remembers of one section."""

    entries: dict[str, dict[str, Any]]   # the machine's proposal for every entry it knows
    deleted: list[str]                   # the ids a person deleted
    keys: dict[str, str]                 # the claim of each deleted id (``identity``)


def merge(pf: PairFile | None, path: Path, pair: tuple[str, str],
          fresh: dict[str, dict[str, dict[str, Any]]], *, names: tuple[str, str] = ("", ""),
          articles: set[str] | None = None) -> MergeResult:
    """Merge fresh extraction into one pair file under the rules in the module docstring.

    ``fresh`` maps a section to {id: {"fields": {...}, "alt": [other ids it may be known by]}}.
    ``articles``, the ids of the articles that exist, lets an entry citing none of them be
    flagged ``orphaned`` even when it is a person's own or frozen (verified, rejected).
    """
    doc = pf.doc if pf is not None and pf.doc is not None else _new_document(pair, names)
    old_text = pf.text if pf is not None else ""
    base = pf.base if pf is not None else {}
    res = MergeResult(path, "", {}, {}, False)
    # What the document held before: one the merge leaves alone is not dumped again (ruamel
    # writes about 0.4 MB a second), and keeps the exact text its author wrote.
    before = plain(doc) if pf is not None and pf.doc is not None else None
    memory = {section: _merge_section(doc, section, base, fresh.get(section) or {}, articles, res)
              for section in SECTIONS}
    res.data = plain(doc)
    # Every change the merge makes shows in the plain data (an emptied section whose comments
    # are hoisted was emptied, or added, first).
    res.text = _dump(doc, path) if res.data != before else old_text
    res.changed = res.text != old_text
    res.base = _new_base(pair, res.text, memory, base)
    return res


def _merge_section(doc: CommentedMap, section: str, base: dict[str, Any],
                   fresh: dict[str, dict[str, Any]], articles: set[str] | None,
                   res: MergeResult) -> _Memory:
    """Merge one section's proposals into its entries; what the new base remembers of it."""
    items = doc.get(section)
    if not isinstance(items, list):
        items = CommentedSeq()
        doc[section] = items
    b_entries: dict[str, dict[str, Any]] = (base.get("entries") or {}).get(section) or {}
    deleted = set((base.get("deleted") or {}).get(section) or [])
    present = {str(e.get("id")) for e in items if isinstance(e, dict)}
    deleted |= {i for i in b_entries if i not in present}
    # The claim of every id the base knows, deleted ones included (kept in the base).
    keys = dict((base.get("deleted_keys") or {}).get(section) or {})
    keys.update({i: identity(section, b) for i, b in b_entries.items()})
    section_fresh = _resolve(section, fresh, present, deleted, keys)
    kept_base, pinned = _merge_entries(items, section, b_entries, section_fresh, articles, res)
    for eid, fields in section_fresh.items():
        if eid not in present and eid not in deleted:
            items.append(_new_entry(eid, fields, section))
            res.added += 1
    if not items and not items.fa.flow_style():
        _hoist_comments(doc, section)
    entries = {**kept_base, **{k: {**plain(v), **pinned.get(k, {})}
                               for k, v in section_fresh.items()}}
    return _Memory(entries, sorted(deleted), {i: keys[i] for i in sorted(deleted) if i in keys})


def _merge_entries(items: list[Any], section: str, b_entries: dict[str, dict[str, Any]],
                   section_fresh: dict[str, dict[str, Any]], articles: set[str] | None,
                   res: MergeResult) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Every entry already in the section, last first (entries may go): updated, kept, flagged
    or dropped. Returns the base proposals of the entries kept without a fresh one, and the
    fields a person owns in each entry proposed again."""
    kept_base: dict[str, dict[str, Any]] = {}
    pinned: dict[str, dict[str, Any]] = {}     # fields a person owns: the base keeps them
    for idx in range(len(items) - 1, -1, -1):
        entry = items[idx]
        if not isinstance(entry, dict):
            continue
        eid = str(entry.get("id"))
        b = b_entries.get(eid)
        new = section_fresh.get(eid)
        touched = b is not None and _touched(entry, b, section)
        if new is None:
            if b is not None and not touched and not _has_comment(entry):
                del items[idx]            # machine-made and no longer extracted: gone
                res.removed += 1
                continue
            if b is not None:
                kept_base[eid] = b        # a person's work whose source is gone: flagged
                res.orphaned += _flag(entry, True)
                if touched and str(entry.get("status")) == "extracted":
                    entry["status"] = "edited"
            else:
                res.orphaned += _flag(entry, _lost(entry, articles))
            continue
        if b is not None:                 # else a person's own entry
            pinned[eid] = _refresh(cast(CommentedMap, entry), b, new, section, touched, res)
        res.orphaned += _flag(entry, _lost(entry, articles))
    return kept_base, pinned


def _refresh(entry: CommentedMap, b: dict[str, Any], new: dict[str, Any], section: str,
             touched: bool, res: MergeResult) -> dict[str, Any]:
    """An entry of the machine's proposed again: the fields nobody changed follow the proposal
    unless a person decided the entry (rejected, verified). Returns the fields a person owns."""
    pinned = {k: b[k] for k in MACHINE_FIELDS[section] if _edited(entry, b, k)}
    status = str(entry.get("status"))
    if status not in ("rejected", "verified"):   # decided
        res.updated += _update(entry, b, new, pinned, section, res)
        if touched and status == "extracted":
            entry["status"] = "edited"
    elif status == "verified" and "sources" not in pinned:
        res.updated += _more_sources(entry, new, section)
    return pinned


def _dump(doc: CommentedMap, path: Path) -> str:
    """The document as YAML text, checked to read back."""
    stream = io.StringIO()
    round_trip_yaml().dump(doc, stream)
    _check_readable(stream.getvalue(), path)
    return stream.getvalue()


def _new_base(pair: tuple[str, str], text: str, memory: dict[str, _Memory],
              base: dict[str, Any]) -> dict[str, Any]:
    """The base to write beside the merged text: the old one, byte for byte, when it would
    remember nothing new."""
    new: dict[str, Any] = {
        "version": BASE_VERSION, "pair": list(pair), "yaml_sha": sha(text),
        "entries": {s: m.entries for s, m in memory.items()},
        "deleted": {s: m.deleted for s, m in memory.items()}}
    keys = {s: m.keys for s, m in memory.items()}
    if any(keys.values()):
        new["deleted_keys"] = keys
    if all(new.get(k) == base.get(k) for k in ("yaml_sha", "entries", "deleted", "deleted_keys")):
        return base           # nothing new: the file stays as it is, byte for byte
    return new


def _check_readable(text: str, path: Path) -> None:
    """A last guard: never write a pair file no YAML reader can read back (libyaml: fast)."""
    loader = getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)
    try:
        pyyaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except pyyaml.YAMLError as exc:
        raise DossierError(f"the merged file would not read back ({exc}); nothing was written",
                           path, hint="please report this; meanwhile move the comment or entry "
                                      "the message points at") from exc


def _update(entry: CommentedMap, b: dict[str, Any], new: dict[str, Any], pinned: dict[str, Any],
            section: str, res: MergeResult) -> bool:
    """Take the fresh value of every machine field nobody changed; whether anything changed."""
    changed = False
    for key in MACHINE_FIELDS[section]:
        cur = plain(entry[key]) if key in entry else _MISSING
        value = new.get(key)
        if key not in b:                  # a field newer than the base: fill it in
            if cur is _MISSING and value is not None:
                _set(entry, key, _to_yaml(key, value), section)
                changed = True
        elif key in pinned:
            res.kept_edits += 1
        elif value != (None if cur is _MISSING else cur):
            if value is None and key in OPTIONAL and not (
                    _comments(_key_comments(entry, key), entry[key])):
                entry.pop(key, None)          # a key with a comment stays, as null
            else:
                _set(entry, key, _to_yaml(key, value), section)
            changed = True
    return changed


def _more_sources(entry: CommentedMap, new: dict[str, Any], section: str) -> bool:
    """A verified entry gains the new reports of its event (a wire update, a follow-up) and
    changes nothing else: the person checked its text and fields, not the list of who reports
    it. No source is taken away."""
    cur = plain(entry.get("sources")) or []
    more = [s for s in new.get("sources") or [] if s not in cur]
    if not more or not isinstance(cur, list):
        return False
    _set(entry, "sources", _to_yaml("sources", [*cur, *more]), section)
    return True


def _resolve(section: str, fresh: dict[str, dict[str, Any]], present: set[str],
             deleted: set[str], keys: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Fresh proposals by the id they go under: an id already in the file or the base if one of
    theirs is (a fact merged from several articles may be known under any of its sources' ids),
    else the known id of the same claim, else their own."""
    known = present | deleted | set(keys)
    out: dict[str, dict[str, Any]] = {}
    unmatched: list[tuple[str, dict[str, Any]]] = []
    for eid, item in fresh.items():
        alias = next((a for a in [eid, *item.get("alt", [])] if a in known and a not in out), None)
        if alias is None:
            unmatched.append((eid, item["fields"]))
        else:
            out[alias] = item["fields"]
    if unmatched:
        by_claim: dict[str, list[str]] = {}
        # Entries still in the file first, then deleted ones, each in a stable order.
        for i in sorted(keys, key=lambda i: (i not in present, i)):
            by_claim.setdefault(keys[i], []).append(i)
        for eid, fields in unmatched:
            alias = next((i for i in by_claim.get(identity(section, fields), [])
                          if i not in out), eid)
            out[alias] = fields
    return out


def _edited(entry: dict, base: dict[str, Any], key: str) -> bool:
    """Whether a person changed one machine field (removing it counts)."""
    old = base.get(key, _MISSING)
    if old is _MISSING:
        return False
    cur = plain(entry[key]) if key in entry else _MISSING
    return cur != old and not (cur is _MISSING and old is None)


def _comments(*nodes: Any) -> list[str]:
    """Every comment line written in nodes and the nodes inside them (ruamel may hold one comment
    in two places: it is counted once)."""
    seen: set[int] = set()
    lines: list[str] = []

    def walk(node: Any) -> None:
        ca = getattr(node, "ca", None)
        if ca is not None:
            tokens: list[Any] = [ca.comment, *ca.items.values(), getattr(ca, "end", None)]
            while tokens:
                t = tokens.pop(0)
                if isinstance(t, (list, tuple)):
                    tokens[:0] = list(t)
                elif t is not None and id(t) not in seen:
                    seen.add(id(t))
                    lines.extend(ln.strip() for ln in str(getattr(t, "value", "")).split("\n")
                                 if ln.strip().startswith("#"))
        if isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for node in nodes:
        walk(node)
    return lines


def _has_comment(entry: Any) -> bool:
    """Whether a person wrote a comment inside an entry: such an entry is never dropped (ruamel
    attaches a comment line to the entry above it, so this keeps that comment too)."""
    return bool(_comments(entry))


def _hoist_comments(doc: CommentedMap, section: str) -> None:
    """Move the comments of a section left empty above its key.

    ruamel writes a block sequence emptied under a comment as ``facts:  # note`` then ``[]`` on a
    line of its own, which no YAML parser reads back.
    """
    lines = _comments(_key_comments(doc, section), doc[section])
    if not lines:
        return
    fresh = CommentedSeq()
    fresh.fa.set_flow_style()
    doc[section] = fresh
    doc.ca.items.pop(section, None)
    doc.yaml_set_comment_before_after_key(
        section, before="\n".join(ln[1:].removeprefix(" ") for ln in lines), indent=0)


def _key_comments(node: CommentedMap, key: Any) -> CommentedMap:
    """A holder of the comments ruamel keeps for one key of a mapping (and only those)."""
    holder = CommentedMap()
    holder.ca.items[key] = node.ca.items.get(key)
    return holder


def _carry_comments(old: Any, new: Any) -> None:
    """Give a list or mapping that replaces another the comments written in it: ruamel keeps a
    comment line below a value in that value (``sources:`` then its items, then ``# checked``),
    so replacing the value would drop the comment."""
    if not isinstance(old, (CommentedSeq, CommentedMap)) or not _comments(old):
        return
    if not isinstance(new, (CommentedSeq, CommentedMap)) or not len(new):
        return      # nowhere to put them: the key's own comments stay, see _update's callers
    new.ca.comment = old.ca.comment
    new.ca.end = old.ca.end
    keys = list(range(len(new))) if isinstance(new, CommentedSeq) else list(new)
    for k, tokens in old.ca.items.items():
        new.ca.items[k if k in keys else keys[-1]] = tokens
    inner = old[-1] if isinstance(old, CommentedSeq) and len(old) else None
    if isinstance(inner, (CommentedSeq, CommentedMap)) and isinstance(new, CommentedSeq):
        _carry_comments(inner, new[-1])


def _header_line(line: str) -> bool:
    return any(rx.fullmatch(line) for rx in _HEADER_LINES)


_HEADER_LINES = [re.compile("# ?" + re.escape(line).replace(r"\{a\}", ".*").replace(r"\{b\}", ".*"))
                 for line in HEADER.splitlines()]


def _lost(entry: dict, articles: set[str] | None) -> bool:
    """Whether an entry cites articles of which none exists any more."""
    sources = entry.get("sources")
    if articles is None or not isinstance(sources, list) or not sources:
        return False
    return not any(isinstance(s, dict) and str(s.get("article")) in articles for s in sources)


def _flag(entry: dict, orphaned: bool) -> int:
    """Set or clear ``orphaned: true``; 1 when newly set."""
    if orphaned and entry.get("orphaned") is not True:
        entry["orphaned"] = True
        return 1
    if not orphaned and entry.get("orphaned") is True:
        del entry["orphaned"]
    return 0


def _touched(entry: dict, base: dict[str, Any], section: str) -> bool:
    """Whether a person changed any machine field of an entry (or its status)."""
    if str(entry.get("status", "extracted")) != "extracted":
        return True
    return any(_edited(entry, base, key) for key in MACHINE_FIELDS[section])


def _set(entry: CommentedMap, key: str, value: Any, section: str) -> None:
    """Set a machine field, inserting a missing key at its usual place rather than at the end."""
    if key in entry:
        _carry_comments(entry[key], value)
        entry[key] = value
        return
    order = ("id", *MACHINE_FIELDS[section], "status")
    pos = len(entry)
    later = order[order.index(key) + 1:] if key in order else ()
    for i, k in enumerate(entry):
        if k in later:
            pos = i
            break
    entry.insert(pos, key, value)


def is_vacant(result: MergeResult, pf: PairFile | None) -> bool:
    """Whether a pair file holds nothing at all and nobody ever touched it: no entry, no summary,
    no key or comment of a person's, no entry a person deleted (the base must remember those)."""
    data = result.data
    if any(data.get(section) for section in SECTIONS) or (data.get("summary") or "").strip():
        return False
    if any((result.base.get("deleted") or {}).values()) or set(data) - set(TOP_KEYS):
        return False
    if pf is None or pf.doc is None:
        return True
    # A comment of a person's, even in a file the build has rewritten since, keeps the file.
    return all(_header_line(line) for line in _comments(pf.doc))
