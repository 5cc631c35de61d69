"""Extraction on a Dask cluster: the articles go out in batches, their records come back.

``make build SCHEDULER=tcp://host:8786`` sends the new or changed articles to the workers of a
running Dask scheduler; ``make build WORKERS=N`` starts N worker processes on this machine
(``LocalCluster``). Each worker loads the spaCy pipeline once (``LoadModel``, a worker plugin)
and parses its batches through ``nlp.pipe`` with the extractors of a local build
(``nlp.extract_all``). The texts travel with the tasks, so the workers need no shared disk; the
records travel back, and this process alone writes the cache and the pair files.

A batch is the local build's own batch (``nlp.BATCH_SIZE`` consecutive articles), so the parser
sees what it sees locally and the dossier is byte-identical. Every record is checked to come
from the same extractor, gazetteer, model and spaCy as this machine's, since the cache files it
under this machine's key. A worker that dies takes only unfinished batches with it: the scheduler
gives them to another worker, and nothing of a batch is written before all of it is back.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Awaitable, Iterator, Sequence
from concurrent.futures import CancelledError
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from distributed import Client, Future, LocalCluster, WorkerPlugin, get_worker, wait
from distributed.scheduler import KilledWorker

from . import manifest, nlp
from .build import extractor_key
from .errors import DossierError
from .models import Article

CONNECT_TIMEOUT_S = 30      # to reach the scheduler
NO_WORKER_GRACE_S = 120.0   # with no worker at all this long (none joined, or all died), give up
POLL_S = 1.0                # how often the build looks whether any worker is left
IN_FLIGHT_PER_THREAD = 2    # batches out per worker thread: it never waits for work, and the
                            # texts not yet sent stay here rather than in the scheduler's memory
# One parse at a time in a worker process: a pipeline is not to be shared between threads (a
# worker started with --nthreads 4 runs four tasks at once).
_LOCK = threading.Lock()

Record = dict[str, Any]
Failure = tuple[str, str | None]    # an article the extractors failed on: message and hint
BatchResult = tuple[str, dict[str, str], list[Record | Failure]]


# ------------------------------------------------------------------------------- on a worker

@lru_cache(maxsize=4)
def environment(model_id: str) -> dict[str, str]:
    """What decides a record besides its article: the model, spaCy's version, and the extractor's
    code and data with the gazetteer (``build.extractor_key``, which the cache key covers)."""
    return {"model": model_id, "spaCy": manifest.package_version("spacy"),
            "extractor and gazetteer": extractor_key()}


def _warm(model: str) -> dict[str, str]:
    """Load the pipeline and the gazetteer's matcher (both kept for the process's lifetime)."""
    pipeline = nlp.load(model)
    nlp.matcher(pipeline)
    return environment(nlp.model_id(pipeline))


class LoadModel(WorkerPlugin):
    """Loads the model when a worker starts or joins later, in a thread so that the worker keeps
    answering the scheduler meanwhile. A worker that cannot load it fails the registration."""

    def __init__(self, model: str) -> None:
        self.model = model

    def setup(self, worker: Any) -> Awaitable[None]:
        return asyncio.to_thread(self._load)

    def _load(self) -> None:
        with _LOCK:
            _warm(self.model)


def extract_batch(model: str, batch: list[Article]) -> BatchResult:
    """On a worker: (its address, its environment, each article's record or failure, in order)."""
    with _LOCK:
        env = _warm(model)
        outcomes: list[Record | Failure] = [
            rec if isinstance(rec, dict) else (rec.message, rec.hint)
            for rec in nlp.extract_all(batch, model=model, n_process=1)]
    return get_worker().address, env, outcomes


# -------------------------------------------------------------------------------- here

@contextmanager
def connect(scheduler: str | None, workers: int | None) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler``, or of ``workers`` processes started here."""
    if not scheduler:
        # Processes, one thread each: spaCy's parse holds the interpreter lock. ":0": the
        # scheduler's status page on a free port, never one another cluster holds.
        with LocalCluster(n_workers=workers or 1, threads_per_worker=1, processes=True,
                          dashboard_address=":0", silence_logs=logging.ERROR) as cluster, \
                Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError, ValueError) as exc:
        raise DossierError(f"cannot reach the Dask scheduler at {scheduler} ({exc})",
                           hint="check the address, or start one with `dask scheduler` and "
                                "workers with `dask worker ADDRESS`") from exc
    with client:
        yield client


@contextmanager
def cluster(scheduler: str | None, workers: int | None, model: str) -> Iterator[Client]:
    """``connect``, then wait for a worker and have every worker (and any that joins later)
    load the model."""
    with connect(scheduler, workers) as client:
        where = _where(client)
        try:
            client.wait_for_workers(1, timeout=NO_WORKER_GRACE_S)
        except TimeoutError:
            raise DossierError(f"no Dask worker joined {where} within {NO_WORKER_GRACE_S:.0f} s",
                               hint="start workers with `dask worker ADDRESS` on each machine"
                               ) from None
        try:
            client.register_plugin(LoadModel(model), name=f"dossier-model-{model}")
        except Exception as exc:  # noqa: BLE001 - whatever a worker raised, as a DossierError
            raise DossierError(f"a Dask worker of {where} cannot load the spaCy model {model!r} "
                               f"({type(exc).__name__}: {exc})",
                               hint="install the same environment on every worker "
                                    "(`make install`)") from exc
        yield client


def _where(client: Client) -> str:
    return f"the Dask scheduler at {client.scheduler.address}"


def extract_on_cluster(articles: Sequence[Article], *, model: str | None = None,
                       scheduler: str | None = None, workers: int | None = None
                       ) -> Iterator[tuple[int, Record | DossierError]]:
    """(index in ``articles``, record or error) for every article, batch by batch in the order
    the cluster finishes them; a DossierError saying what happened when it cannot finish."""
    name = model or nlp.model_name()
    with cluster(scheduler, workers, name) as client:
        yield from extract_on(client, articles, name)


def extract_on(client: Client, articles: Sequence[Article], model: str
               ) -> Iterator[tuple[int, Record | DossierError]]:
    """The batches of ``articles`` through the workers of ``client``, a few out at a time."""
    here, watch = environment(nlp.installed_model_id(model)), _Watch(client, _where(client))
    starts = iter(range(0, len(articles), nlp.BATCH_SIZE))
    running: dict[Future, int] = {}

    def submit() -> None:
        start = next(starts, None)
        if start is not None:
            batch = list(articles[start:start + nlp.BATCH_SIZE])
            running[client.submit(extract_batch, model, batch, pure=False)] = start

    for _ in range(max(2, IN_FLIGHT_PER_THREAD * sum(client.nthreads().values()))):
        submit()
    while running:
        for future in _finished(running, watch):
            start = running.pop(future)
            worker, there, outcomes = _result(future, articles, start, watch)
            if there != here:
                raise DossierError(f"the Dask worker at {worker} does not extract as this machine "
                                   f"does: {_differences(here, there)}; nothing it sent was kept",
                                   hint="install the same environment on every worker "
                                        "(`make install` in the same checkout)")
            submit()
            for i, out in enumerate(outcomes, start):
                yield i, out if isinstance(out, dict) else DossierError(
                    out[0], articles[i].path, hint=out[1])


class _Watch:
    """Called while the build waits on the cluster: a DossierError once no worker has been
    connected for ``NO_WORKER_GRACE_S`` (a worker that dies is usually restarted by its nanny, or
    replaced, well within that time)."""

    def __init__(self, client: Client, where: str) -> None:
        self.client, self.where = client, where
        self.alone_since: float | None = None

    def __call__(self) -> None:
        try:
            connected = bool(self.client.nthreads())
        except OSError as exc:
            raise DossierError(f"lost the connection to {self.where} ({exc})") from exc
        if connected:
            self.alone_since = None
            return
        if self.alone_since is None:
            self.alone_since = time.monotonic()
        if time.monotonic() - self.alone_since > NO_WORKER_GRACE_S:
            raise DossierError(
                f"every Dask worker of {self.where} is gone and none came back within "
                f"{NO_WORKER_GRACE_S:.0f} s; the articles not back yet were not extracted (the "
                "records already written are complete)",
                hint="look in the workers' logs for why they stopped, then build again")


def _finished(running: dict[Future, int], watch: _Watch) -> list[Future]:
    """The batches done, in the articles' order, once there is at least one."""
    while True:
        try:
            done, _ = wait(list(running), timeout=POLL_S, return_when="FIRST_COMPLETED")
            return sorted(done, key=running.__getitem__)
        except TimeoutError:
            watch()


def _result(future: Future, articles: Sequence[Article], start: int, watch: _Watch
            ) -> BatchResult:
    """A batch's result; a DossierError naming its articles if the cluster could not make it.
    A result can be lost after its batch was done, with the worker that held it: the scheduler
    then makes it again, so this waits under the same watch."""
    last = min(start + nlp.BATCH_SIZE, len(articles)) - 1
    batch = (f"the batch of {articles[start].path}" + (f" … {articles[last].path}"
                                                        if last > start else ""))
    while True:
        try:
            result: BatchResult = future.result(timeout=POLL_S)
            return result
        except TimeoutError as exc:
            if future.status == "error":          # raised by the task itself
                raise _failure(exc, batch, watch.where) from exc
            watch()
        except Exception as exc:  # noqa: BLE001 - anything a worker raised, as a DossierError
            raise _failure(exc, batch, watch.where) from exc


def _failure(exc: Exception, batch: str, where: str) -> DossierError:
    if isinstance(exc, KilledWorker):
        return DossierError(f"{batch} was lost with every Dask worker that took it ({exc}); the "
                            "records already written are complete",
                            hint="look in the workers' logs: a worker's memory limit, or an "
                                 "article that crashes the parser")
    if isinstance(exc, CancelledError):
        return DossierError(f"{where} cancelled {batch} (it restarted, or the connection to it "
                            "was lost); the records already written are complete")
    return DossierError(f"{batch} failed on a Dask worker ({type(exc).__name__}: {exc})",
                        hint="install the same environment on every worker (`make install`)")


def _differences(here: dict[str, str], there: dict[str, str]) -> str:
    return "; ".join(f"{key} {there.get(key)} there, {value} here" for key, value in here.items()
                     if there.get(key) != value)
