"""Pagefind's index of the site, in shards that are indexed again only when their pages changed.

Pagefind cannot update an index: it reads every page and writes every chunk, 5 s for the 6,000
pages of a 5,000-article dossier, however little changed. Its own answer for large sites is
several indexes searched as one (the interface's ``mergeIndex``), so the pages are split into
shards, each a Pagefind bundle of its own under ``site/pagefind/<shard>/``, and a build indexes
only the shards whose pages changed; the others are kept from the previous site.

Pages change in different ways, so they are grouped before they are sharded (``GROUPS``):

* ``lists``: the home page and the index lists (pairs, sources, timeline, people, countries),
  which shift with every article added; few pages, one shard, indexed again whenever one changes;
* ``countries``, ``pairs``, ``persons``: a few of which each article changes;
* ``sources``: one page (or a few parts) per article, which an article added leaves alone. An
  added article's page goes to a tail shard, ``sources-new``, until it holds ``TAIL_MOST``.

Within a group a page's shard follows from its path (a CRC, as stable as the path), and the
number of shards from the group's size when it was last laid out; a page keeps its shard until
the group has grown or shrunk twofold. A shard is indexed again when a page joins or leaves it
or when the text Pagefind reads from one of its pages changed: the part under the root
selector, without the charts (``data-pagefind-ignore``: a country's graph names its neighbours'
totals, which change with any of their pairs) and without link targets (a pair page split
differently changes the links of the articles citing it, not their text). A page whose file is
the one recorded (the site build hard-links the pages it does not write again) keeps its
recorded digest without being read.

The search page loads ``site/pagefind/shards.js``, which names the shards, and searches them
all at once; each shard has Pagefind's own loader, so a first query fetches one small entry
file, one metadata file and the WebAssembly per shard, and then only the chunks it needs.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import zlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dossier import manifest
from dossier.errors import DossierError

ROOT_SELECTOR = "article.md-content__inner"
BUNDLE = "pagefind"        # the folder of the site the shards and the interface are in
SHARDS_JS = "shards.js"
UI_FILES = ("pagefind-ui.js", "pagefind-ui.css")
RECORD_VERSION = 3


@dataclass(frozen=True)
class Group:
    """Pages that change alike, and how they are sharded: ``pages`` per shard when the group is
    laid out, at most ``most`` shards (each shard is a few requests more for a first query)."""

    name: str
    pages: int
    most: int


# Pagefind indexes about 1,500 pages a second here, the pages of pairs more slowly (they are
# the longest). Articles are rarely indexed again once added, so their shards are the largest.
GROUPS = (Group("lists", 10**9, 1), Group("countries", 400, 1), Group("pairs", 250, 4),
          Group("persons", 400, 3), Group("sources", 1_500, 6))
BY_NAME = {g.name: g for g in GROUPS}
TAIL = "sources-new"       # articles added since the sources were laid out …
TAIL_MOST = 400            # … until there are this many, when they are laid out again

_ARTICLE = re.compile(rb'<article class="md-content__inner[^"]*">(.*?)</article>', re.S)
_IGNORED = re.compile(rb'<(figure|div)\b[^>]*\sdata-pagefind-ignore\b.*?</\1>', re.S)
_HREF = re.compile(rb'\shref="[^"]*"')
_PAGE_N = re.compile(r"page-\d+")


def group_of(path: str) -> str:
    """The group of an HTML page, by its path in the site: "sources/x/index.html" → "sources",
    "sources/page-2/index.html" (a list) → "lists"."""
    stem = path[:-len("index.html")] if path.endswith("index.html") else path[:-len(".html")]
    parts = [p for p in stem.split("/") if p]
    if len(parts) <= 1 or _PAGE_N.fullmatch(parts[1]) or parts[0] not in BY_NAME:
        return "lists"
    return parts[0]


def shard_of(path: str, group: str, count: int) -> str:
    """The shard of a page in a group laid out in ``count`` shards."""
    return f"{group}-{zlib.crc32(path.encode('utf-8')) % count if count > 1 else 0}"


def shard_count(group: str, pages: int, kept: int | None) -> int:
    """How many shards a group gets: ``kept`` (its last layout) while the group's size is within
    a factor two of what that layout was made for, else a new layout."""
    g = BY_NAME[group]
    ideal = max(1, min(g.most, math.ceil(pages / g.pages)))
    return kept if kept and ideal / 2 <= kept <= ideal * 2 else ideal


def text_digest(html_file: Path) -> str:
    """What Pagefind reads from a page, as a digest: the root selector's content without the
    parts it is told to ignore (the charts) and without link targets; the whole file when it
    has no such element."""
    data = html_file.read_bytes()
    m = _ARTICLE.search(data)
    text = _IGNORED.sub(b"", m.group(1)) if m else data
    return hashlib.blake2b(_HREF.sub(b"", text), digest_size=16).hexdigest()


@dataclass
class Record:
    """What the shards on disk were made from: the layout, and each page's shard, digest and
    file (modification time and size: a page whose file is the one recorded is not read; the
    site build hard-links the pages it does not write again, which keeps both)."""

    setup: str = ""
    layout: dict[str, int] = field(default_factory=dict)
    pages: dict[str, tuple[str, str]] = field(default_factory=dict)    # path → (shard, digest)
    files: dict[str, list[int]] = field(default_factory=dict)          # path → its file's stat
    bundles: dict[str, str] = field(default_factory=dict)   # shard → digest of its entry file

    @classmethod
    def load(cls, path: Path) -> Record:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return cls(raw["setup"], dict(raw["layout"]),
                       {p: (s, d) for p, (s, d) in raw["pages"].items()}, dict(raw["files"]),
                       dict(raw["bundles"]))
        except (OSError, ValueError, KeyError, TypeError):
            return cls()

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"setup": self.setup, "layout": self.layout,
                                   "pages": self.pages, "files": self.files,
                                   "bundles": self.bundles}, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)


def _entry_digest(bundle: Path) -> str:
    """A shard's bundle as a digest of its entry file, which names its index by a hash of its
    content: a bundle that is not the one recorded is not reused."""
    try:
        return hashlib.blake2b((bundle / "pagefind-entry.json").read_bytes(),
                               digest_size=16).hexdigest()
    except OSError:
        return ""


def html_pages(site: Path) -> dict[str, list[int]]:
    """The site's HTML pages, as paths relative to it (without Pagefind's own folder), with their
    files' modification time and size (``manifest.file_states``)."""
    top = os.path.join(str(site), "")
    out = {}
    for path, state in manifest.file_states(site).items():
        rel = path[len(top):].replace(os.sep, "/")
        if rel.endswith(".html") and rel.split("/", 1)[0] not in (BUNDLE, "assets"):
            out[rel] = list(state)
    return dict(sorted(out.items()))


def plan(site: Path, bundles: Path | None, old: Record, setup: str
         ) -> tuple[Record, set[str]]:
    """The new record and the shards to index again.

    A page keeps its shard while its group keeps its layout; an article added since the layout
    goes to the tail shard, so adding one indexes that small shard again, not a large one."""
    files = html_pages(site)
    paths = list(files)
    members: dict[str, list[str]] = defaultdict(list)
    for p in paths:
        members[group_of(p)].append(p)
    same_setup = old.setup == setup and bundles is not None
    kept = old.layout if same_setup else {}
    new = Record(setup, {g: shard_count(g, len(ps), kept.get(g)) for g, ps in members.items()})
    relaid = {g for g in members if new.layout[g] != kept.get(g)}
    recorded = {p: old.pages.get(p) for p in paths} if same_setup else {}
    if "sources" not in relaid and sum(
            1 for p in members.get("sources", []) if (recorded.get(p) or (TAIL,))[0] == TAIL
    ) > TAIL_MOST:
        relaid.add("sources")
    for g, ps in members.items():
        for p in ps:
            before = recorded.get(p)
            new.files[p] = files[p]
            digest = (before[1] if before and old.files.get(p) == new.files[p]
                      else text_digest(site / p))
            if g in relaid:
                shard = shard_of(p, g, new.layout[g])
            else:
                shard = before[0] if before else TAIL if g == "sources" else shard_of(
                    p, g, new.layout[g])
            new.pages[p] = (shard, digest)
    shards = {s for s, _d in new.pages.values()}
    stale = set(shards) if not same_setup else set()
    for p in set(new.pages) | (set(old.pages) if same_setup else set()):
        before, after = (old.pages.get(p) if same_setup else None), new.pages.get(p)
        if before != after:
            stale.update(x[0] for x in (before, after) if x)
    missing = {s for s in shards if bundles is None or not old.bundles.get(s)
               or _entry_digest(bundles / s) != old.bundles[s]}
    return new, (stale | missing) & shards


def pagefind_command(site: Path, output: Path | None = None) -> list[str]:
    """Pagefind over the pages of ``site`` (their article, not the theme's menus), its bundle
    into ``output`` (by default ``site/pagefind``)."""
    try:
        import pagefind_bin
        cmd = [str(pagefind_bin.get_executable())]
    except Exception:                       # the wheel without its binary: the module finds one
        cmd = [sys.executable, "-m", "pagefind"]
    cmd += ["--site", str(site), "--root-selector", ROOT_SELECTOR, "--quiet"]
    return cmd + (["--output-path", str(output)] if output is not None else [])


def _mirror(site: Path, paths: Iterable[str], into: Path) -> None:
    """A folder of hard links to some pages of the site, at their paths: Pagefind gives each the
    URL it has in the site."""
    made: set[Path] = set()
    for p in paths:
        target = into / p
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        _link_or_copy(str(site / p), str(target))


def _link_tree(src: Path, dst: Path) -> None:
    """A copy of a folder made of hard links (the previous site keeps its files)."""
    shutil.copytree(src, dst, copy_function=_link_or_copy)


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def index(site: Path, *, previous: Path | None, record_path: Path, work: Path,
          setup: str = "") -> dict[str, int]:
    """Index ``site`` with Pagefind into ``site/pagefind/``: only the shards whose pages changed
    since the record was made are indexed again, the others are taken from ``previous`` (the
    site last built, or ``site`` itself when it is built in place). What it did, for the
    build's summary: shards in all and indexed again, pages indexed again."""
    setup = json.dumps([setup, RECORD_VERSION, ROOT_SELECTOR,
                        [[g.name, g.pages, g.most] for g in GROUPS], TAIL_MOST])
    old = Record.load(record_path)
    out = site / BUNDLE
    bundles = previous / BUNDLE if previous is not None else None
    in_place = bundles is not None and bundles.resolve() == out.resolve()
    if in_place:                          # the shards to reuse are set aside first
        kept = work.with_name(work.name + "-previous")
        shutil.rmtree(kept, ignore_errors=True)
        if out.is_dir():
            os.replace(out, kept)
        bundles = kept
    new, stale = plan(site, bundles, old, setup)
    by_shard: dict[str, list[str]] = defaultdict(list)
    for p, (s, _d) in new.pages.items():
        by_shard[s].append(p)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for s in sorted(set(by_shard) - stale):
        assert bundles is not None
        _link_tree(bundles / s, out / s)
    _run(site, {s: by_shard[s] for s in sorted(stale)}, out, work)
    order = [g.name for g in GROUPS]
    shards = sorted(by_shard, key=lambda s: (order.index(s.split("-")[0]), s))
    new.bundles = {s: _entry_digest(out / s) for s in shards}
    first = out / shards[0] if shards else None
    for name in UI_FILES:
        if first is not None and (first / name).is_file():
            _link_or_copy(str(first / name), str(out / name))
    (out / SHARDS_JS).write_text(
        "// The Pagefind bundles of this site, searched as one (see dossier/search_index.py).\n"
        f"window.dossierSearchShards = {json.dumps(shards)};\n", encoding="utf-8")
    new.save(record_path)
    if in_place and bundles is not None:
        shutil.rmtree(bundles, ignore_errors=True)
    return {"shards": len(shards), "indexed": len(stale),
            "pages": sum(len(by_shard[s]) for s in stale)}


def _run(site: Path, shards: Mapping[str, list[str]], out: Path, work: Path) -> None:
    """Pagefind over each shard's pages, as many at once as there are cores."""
    if work.exists():
        shutil.rmtree(work)
    pending = list(shards.items())
    running: list[tuple[str, subprocess.Popen[bytes]]] = []
    failed: list[str] = []
    jobs = max(1, min(os.cpu_count() or 1, 4))
    while pending or running:
        while pending and len(running) < jobs:
            name, paths = pending.pop(0)
            src = work / name
            _mirror(site, paths, src)
            running.append((name, subprocess.Popen(
                pagefind_command(src, out / name), stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT)))
        name, proc = running.pop(0)
        output, _ = proc.communicate()
        if proc.returncode != 0:
            failed.append(f"{name}: {output.decode('utf-8', 'replace')[-2000:]}")
    shutil.rmtree(work, ignore_errors=True)
    if failed:
        raise DossierError("the search index failed:\n" + "\n".join(failed), site,
                           hint="install it: pip install 'pagefind[bin]' (make install does)")


__all__ = ["GROUPS", "ROOT_SELECTOR", "Group", "Record", "group_of", "index", "pagefind_command",
           "plan", "shard_count", "shard_of", "text_digest"]
