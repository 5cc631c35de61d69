"""How a build runs: one at a time in a folder (a lock), with fewer garbage collections while
its heap grows, and with a progress bar on a terminal."""

from __future__ import annotations

import fcntl
import gc
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO, TypeVar

from .errors import DossierError

T = TypeVar("T")
PROGRESS_FROM = 20     # fewer articles than this are parsed too quickly for a progress bar


@contextmanager
def build_lock(root: Path) -> Iterator[None]:
    """One build at a time: a second one stops with a message instead of interleaving writes.
    The lock lives beside mkdocs.yml, not in the cache, so that `make clean` during a build
    cannot remove it and let a second build in."""
    path = root / LOCK_NAME
    with open(path, "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DossierError("another build is running in this folder",
                               path, hint="wait for it to finish") from None
        yield


LOCK_NAME = ".dossier-build.lock"


# Python's cyclic garbage collector looks at every live object in a full collection, and starts
# one each time the objects that survived grow by a quarter: a build that reads thousands of
# records grows its heap all along, and spent about a second of an add-one rebuild of 5,000
# articles in nine full collections. The build makes little cyclic garbage, so rarer
# collections cost no memory to speak of (the same peak either way).
GC_THRESHOLDS = (20_000, 20, 20)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect garbage less often for the duration of a build; the thresholds are put back."""
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def progress(items: Iterable[T], total: int, *, file: TextIO | None = None) -> Iterator[T]:
    """A progress bar with counts and rate on a terminal; nothing at all in CI, pipes and logs."""
    from tqdm import tqdm  # only when there is something to parse: importing it takes time

    out = file if file is not None else sys.stderr
    quiet = total < PROGRESS_FROM or not getattr(out, "isatty", lambda: False)()
    return iter(tqdm(items, total=total, desc="extract", unit="article", file=out, disable=quiet,
                     leave=False, mininterval=0.5, smoothing=0.1))


__all__ = ["GC_THRESHOLDS", "LOCK_NAME", "PROGRESS_FROM", "build_lock", "fewer_collections",
           "progress"]
