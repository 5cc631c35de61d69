"""Which fact proposals of one pair report the same event.

A wire story and its updates, or the same news told by several articles, reach the build as
sentences that differ by a death toll, a moved "on Tuesday" or an added attribution. ``clusters``
groups them so that the build can keep one fact citing every source. The rule, for two items of
one pair:

* identical texts (up to case, spacing and the punctuation at their ends) are always one event,
  whatever their dates or codes: the build already merges them, and a sentence repeated word for
  word is the same fact (often a background line a wire reuses for years);
* otherwise they are one event when all of these hold:
  - their texts are near-duplicates: the Jaccard similarity of their sets of 3-word shingles over
    content words (case folded, numbers as one token, function words, weekdays, months and
    attribution verbs such as "said" left out) is at least ``threshold`` (0.45);
  - their dates are at most ``window_days`` (7) apart; a missing date fits any date, and a partial
    one (``2024`` or ``2024-03``) stands for every day it covers;
  - their CAMEO roots are equal, or one is missing;
  - their actors are equal or one is missing, and likewise their targets: the direction counts
    ("Russia accused Ukraine" is not "Ukraine accused Russia"). Comparing the two countries as an
    unordered set would reject nothing, since every item of a pair names the same two countries.

Near-duplicates are found with MinHash and locality-sensitive hashing (datasketch) only as a
filter: every candidate pair is checked against the exact Jaccard similarity of its shingle sets
and the rules above before it joins anything. Pairs are joined strongest first (union-find), and a
join must keep the whole group consistent, not just the pair: every two members' dates within the
window, at most one CAMEO root, one actor and one target in the group (complete linkage, exact
and cheap because it only needs each group's extremes and codes). Text similarity alone chains
(an update of an update stays with the first story), so a join also needs the first reports of
the two groups (earliest date, then text) to share at least half the threshold; with the date
window on the whole group, no chain can drift to a different story or run across a long period.
Ties and anchors follow dates and texts, never the input order: the same items give the same
groups however they are listed.

When in doubt the rule keeps items apart: two entries for one event are a redundancy a reader
notices, one entry citing sources about different events is an error.
"""

from __future__ import annotations

import calendar
import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeGuard

from . import manifest
from .thresholds import CLUSTER_JACCARD, LSH_RECALL, LSH_ROWS, LSH_SEED, SHINGLE, WINDOW_DAYS

HERE = Path(__file__).resolve().parent

_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\d[\d.,]*")   # 12, 1,500 and 3.5 all read "0"; 20th reads "0th"
_POSSESSIVE = re.compile(r"['’]s\b")


@dataclass(frozen=True)
class Item:
    key: str                 # caller's identifier
    text: str                # the sentence
    date: str | None         # ISO date of the event or article (YYYY, YYYY-MM or YYYY-MM-DD), may be None
    event_root: str | None   # CAMEO root "01".."20" or None
    actor: str | None        # country code or None
    target: str | None


def clusters(items: Sequence[Item], *, threshold: float = CLUSTER_JACCARD,
             window_days: int = WINDOW_DAYS) -> list[list[str]]:
    """Groups of keys, each group one event; every key in exactly one group; groups ordered by their
    first item's position in `items`, keys inside a group in input order. Deterministic (fixed seed,
    no dependence on set/hash ordering or PYTHONHASHSEED)."""
    if not 0 < threshold <= 1 or window_days < 0:
        raise ValueError(f"threshold must be in (0, 1] and window_days >= 0, not {threshold}, {window_days}")
    _check_keys(items)
    units = _identical_texts(items)
    shingles = [_shingles(text) for text, _ in units]
    forest = _Forest([_Summary.of(items[i] for i in unit) for _, unit in units])
    floor = threshold / 2
    for _, a, b in _similar_pairs(shingles, threshold):
        first_a, first_b = forest.find(a), forest.find(b)
        if first_a != first_b and _jaccard(shingles[first_a], shingles[first_b]) >= floor:
            forest.join(first_a, first_b, window_days)
    return _groups(items, units, forest)


def _check_keys(items: Sequence[Item]) -> None:
    seen: set[str] = set()
    for item in items:
        if item.key in seen:   # a key in two groups would break the caller's mapping back
            raise ValueError(f"duplicate item key {item.key!r}")
        seen.add(item.key)


def _identical_texts(items: Sequence[Item]) -> list[tuple[str, list[int]]]:
    """Items grouped by identical text (the text and the items' positions), earliest date first,
    then by text: the joins and each group's anchor then depend on the items, not on their order in
    the input, and the anchor is the group's first report."""
    by_text: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        by_text.setdefault(same_text(item.text), []).append(i)

    def first_report(text: str) -> tuple[int, str]:
        starts = [s[0] for s in (_span(items[i].date) for i in by_text[text]) if s is not None]
        return min(starts, default=date.max.toordinal() + 1), text   # undated after dated

    return [(text, by_text[text]) for text in sorted(by_text, key=first_report)]


def same_text(text: str) -> str:
    """A text as the build compares sentences for being one (``propose`` groups by it): spacing,
    case and end punctuation left out."""
    return re.sub(r"\s+", " ", text).strip(" .,;:\"'“”").casefold()


def _words(text: str) -> list[str]:
    """Content words: a toll of 12 and one of 15 read alike, "China's" is "china"."""
    text = _POSSESSIVE.sub("", unicodedata.normalize("NFKC", text).casefold())
    stopwords = _stopwords()
    return [w for w in _WORD.findall(_NUMBER.sub("0", text)) if w not in stopwords]


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    # Imported when first needed: importing the package dossier.extract imports spaCy (half a
    # second), which a build whose facts are all remembered (``Memory``) does not otherwise need.
    from .extract.lexicon import SHINGLE_STOPWORDS

    return frozenset(SHINGLE_STOPWORDS)


def _shingles(text: str) -> frozenset[str]:
    words = _words(text)
    if len(words) < SHINGLE:   # a short sentence is one shingle: alike only if the same words
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _similar_pairs(shingles: list[frozenset[str]], threshold: float) -> list[tuple[float, int, int]]:
    """(similarity, i, j) for every i < j at or above the threshold, strongest first.

    LSH proposes candidates; the exact Jaccard of the two sets decides (it is what MinHash
    estimates, and on sentence-sized sets it costs a microsecond, so no estimate error sits at the
    threshold). Sorting by similarity, then position, makes the joins independent of the order in
    which LSH returns candidates."""
    pairs = []
    for i, j in _candidates(shingles, threshold):
        similarity = _jaccard(shingles[i], shingles[j])
        if similarity >= threshold:
            pairs.append((-similarity, i, j))
    pairs.sort()
    return [(-s, i, j) for s, i, j in pairs]


def _candidates(shingles: list[frozenset[str]], threshold: float) -> Iterable[tuple[int, int]]:
    present = _shared(shingles)
    if not present:
        return
    # Imported here: datasketch's LSH module loads scipy (about a second), which only clustering needs.
    from datasketch import MinHashLSH

    bands = _bands(threshold)
    sketches = _sketches([shingles[i] for i in present], bands * LSH_ROWS)
    lsh = MinHashLSH(num_perm=bands * LSH_ROWS, params=(bands, LSH_ROWS))
    with lsh.insertion_session() as session:
        for i, sketch in zip(present, sketches, strict=True):
            session.insert(i, sketch, check_duplication=False)
    for i, sketch in zip(present, sketches, strict=True):
        yield from ((i, j) for j in lsh.query(sketch) if j > i)


def _sketches(sets: list[frozenset[str]], num_perm: int) -> list[Any]:
    """A LeanMinHash of each set, all from one MinHash whose permutations are drawn once (fixed
    seed): building a MinHash per text would redraw and recheck them every time."""
    from datasketch import LeanMinHash, MinHash

    template = MinHash(num_perm=num_perm, seed=LSH_SEED)
    out = []
    for shingle_set in sets:
        template.clear()
        template.update_batch([s.encode("utf-8") for s in shingle_set])   # min: order-free
        out.append(LeanMinHash(template))
    return out


def _shared(shingles: list[frozenset[str]]) -> list[int]:
    """The texts that share at least one shingle with another: only they can be near-duplicates,
    and most sentences of a pair share none, so the index stays small."""
    counts = Counter(s for shingle_set in shingles for s in shingle_set)
    return [i for i, shingle_set in enumerate(shingles) if any(counts[s] > 1 for s in shingle_set)]


def _bands(threshold: float) -> int:
    """The fewest LSH bands of LSH_ROWS rows that propose a pair at the threshold with probability
    LSH_RECALL (datasketch's own choice balances misses against false candidates and misses a third of
    the pairs right at the threshold; here a false candidate only costs an exact check)."""
    return max(1, math.ceil(math.log(1 - LSH_RECALL) / math.log(1 - threshold ** LSH_ROWS)))


@dataclass(frozen=True)
class _Summary:
    """What the rules need of a group: the latest start and earliest end of its members' dates
    (every two are within the window iff latest start - earliest end <= window), and its codes."""
    latest_start: int | None
    earliest_end: int | None
    roots: frozenset[str]
    actors: frozenset[str]
    targets: frozenset[str]

    @staticmethod
    def of(members: Iterable[Item]) -> _Summary:
        items = list(members)
        spans = [s for s in (_span(i.date) for i in items) if s is not None]
        return _Summary(max((s for s, _ in spans), default=None), min((e for _, e in spans), default=None),
                        _known(i.event_root for i in items), _known(i.actor for i in items),
                        _known(i.target for i in items))

    def union(self, other: _Summary) -> _Summary:
        return _Summary(_pick(max, self.latest_start, other.latest_start),
                        _pick(min, self.earliest_end, other.earliest_end),
                        self.roots | other.roots, self.actors | other.actors, self.targets | other.targets)

    def consistent(self, window_days: int) -> bool:
        start, end = self.latest_start, self.earliest_end
        if start is not None and end is not None and start - end > window_days:
            return False
        return len(self.roots) <= 1 and len(self.actors) <= 1 and len(self.targets) <= 1


def _known(values: Iterable[str | None]) -> frozenset[str]:
    return frozenset(v for v in values if v)


def _pick(choose: Callable[[int, int], int], a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else choose(a, b)


def _span(value: str | None) -> tuple[int, int] | None:
    """First and last day (ordinals) a YYYY, YYYY-MM or YYYY-MM-DD date covers; None if absent or
    unreadable (the build validates dates before this, so unreadable means unknown, not wrong)."""
    if not value:
        return None
    parts = value[:10].split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1:
            return date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
        month = int(parts[1])
        if len(parts) == 2:
            last = calendar.monthrange(year, month)[1]
            return date(year, month, 1).toordinal(), date(year, month, last).toordinal()
        day = date(year, month, int(parts[2])).toordinal()
        return day, day
    except ValueError:
        return None


class _Forest:
    """Union-find whose root is always a group's first unit (earliest report), its anchor."""

    def __init__(self, summaries: list[_Summary]) -> None:
        self.parent = list(range(len(summaries)))
        self.summary = summaries

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]   # path halving
            i = self.parent[i]
        return i

    def join(self, a: int, b: int, window_days: int) -> None:
        """Join the groups rooted at a and b if the joined group keeps to the rules."""
        merged = self.summary[a].union(self.summary[b])
        if merged.consistent(window_days):
            first, other = min(a, b), max(a, b)
            self.parent[other] = first
            self.summary[first] = merged


def _groups(items: Sequence[Item], units: list[tuple[str, list[int]]], forest: _Forest) -> list[list[str]]:
    """The groups as keys, back in input order: groups by their first item, keys by position."""
    by_root: dict[int, list[int]] = {}
    for u, (_, positions) in enumerate(units):
        by_root.setdefault(forest.find(u), []).extend(positions)
    groups = sorted(sorted(members) for members in by_root.values())
    return [[items[i].key for i in members] for members in groups]


# ------------------------------------------------------------------------- groups found before

class Memory:
    """The groups of every pair's facts as the last build found them, by a digest of the items
    they were found from (``.cache/dossier/clusters.json``). A pair whose facts did not change
    is not clustered again: at 5,000 articles, clustering every pair took half a second of each
    rebuild, most of it importing datasketch and scipy for the first LSH query, which a rebuild
    now needs only when a pair whose facts changed has near-duplicates to look for. The digest
    covers every field of every item in order, and the rules: this module, the thresholds, the
    word lists and datasketch's version (its MinHash proposes the candidates)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        data = manifest.read_cache_json(path) if path is not None else None
        groups = (data.get("groups") if isinstance(data, dict) and data.get("rules") == _rules()
                  else None)
        self.known: dict[str, Any] = groups if isinstance(groups, dict) else {}
        self.used: dict[str, list[list[int]]] = {}

    def clusters(self, items: Sequence[Item]) -> list[list[str]]:
        """``clusters(items)`` with the default rules, from memory when these items were
        clustered before."""
        key = manifest.digest([[i.key, i.text, i.date, i.event_root, i.actor, i.target]
                               for i in items])
        known = self.known.get(key)
        if _positions(known, len(items)):
            groups = known
        else:
            where = {item.key: n for n, item in enumerate(items)}
            groups = [[where[k] for k in group] for group in clusters(items)]
        self.used[key] = groups
        return [[items[n].key for n in group] for group in groups]

    def save(self) -> None:
        """Keep the groups of this build's items (those of items gone are forgotten)."""
        if self.path is not None and self.used != self.known:
            manifest.write_cache(self.path, json.dumps({"rules": _rules(), "groups": self.used},
                                                       separators=(",", ":")))


def _positions(groups: Any, n: int) -> TypeGuard[list[list[int]]]:
    """Whether remembered groups have the shape ``clusters`` gives n items, as positions: every
    position once, each group in order, the groups by their first."""
    if not isinstance(groups, list) or not all(
            isinstance(g, list) and g and all(type(i) is int for i in g) for g in groups):
        return False
    return (sorted(i for g in groups for i in g) == list(range(n))
            and all(g == sorted(g) for g in groups) and groups == sorted(groups))


@lru_cache(maxsize=1)
def _rules() -> str:
    return manifest.digest([manifest.sources_digest(HERE / "cluster.py", HERE / "thresholds.py",
                                                    HERE / "extract" / "lexicon.py"),
                            manifest.package_version("datasketch")])
