"""Extraction on a Dask cluster: a real ``dask scheduler`` and ``dask worker`` processes on
localhost over TCP (and a ``LocalCluster``) give the dossier a local build gives, byte for byte;
a worker that dies mid-run costs nothing, and when every worker is gone the build fails with a
DossierError saying so, with no partial cache entry."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from conftest import ROOT, make_project

distributed = pytest.importorskip("distributed", reason="Dask distributed is not installed")

from dossier import dask_extract, manifest, nlp  # noqa: E402 - once distributed is there
from dossier.articles import load_articles  # noqa: E402
from dossier.build import _is_record, build  # noqa: E402
from dossier.config import Config  # noqa: E402
from dossier.errors import DossierError  # noqa: E402

COUNTRIES = ("France", "Germany", "Japan", "Brazil", "Canada", "Kenya", "India", "Mexico",
             "Chile", "Norway")
ACTS = ("signed a trade agreement with", "criticised", "held talks with",
        "imposed sanctions on", "sent aid to")


def write_articles(project: Path, n: int, sentences: int = 3) -> None:
    """``n`` small articles of made-up news, each relating two countries a few times."""
    folder = project / "content" / "articles"
    for k in range(n):
        a, b = COUNTRIES[k % len(COUNTRIES)], COUNTRIES[(3 * k + 1) % len(COUNTRIES)]
        act = ACTS[k % len(ACTS)]
        lines = [f"{a} {act} {b} on Monday, the foreign ministry said."]
        for s in range(sentences - 1):
            lines.append(f"\"We will keep talking to {b},\" a minister of {a} told reporters "
                         f"in the capital after meeting number {s + 1}.")
        body = "\n\n".join(lines)
        (folder / f"made-up-{k:03d}.txt").write_text(
            f" date 2024-03-{k % 28 + 1:02d} {a} and {b} talk, part {k}\n\n{body}\n",
            encoding="utf-8")


def outputs(project: Path) -> dict[str, bytes]:
    """The pair files and the extraction records a build left, by name."""
    files = sorted((project / "content" / "relations").glob("*.yaml"))
    files += sorted((project / ".cache" / "dossier" / "extract").iterdir())
    return {p.relative_to(project).as_posix(): p.read_bytes() for p in files}


def cache_entries(project: Path) -> list[Path]:
    folder = project / ".cache" / "dossier" / "extract"
    return sorted(folder.iterdir()) if folder.is_dir() else []


# ---------------------------------------------------------------------------- a real cluster

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def dask_command(kind: str) -> list[str]:
    """``dask scheduler`` / ``dask worker`` of this interpreter's environment, not PATH's."""
    script = Path(sys.executable).with_name("dask")
    if script.exists():
        return [str(script), kind]
    return [sys.executable, "-m", f"distributed.cli.dask_{kind}"]


@dataclass
class Cluster:
    address: str
    workers: list[subprocess.Popen]

    def kill_worker(self, i: int) -> None:
        """SIGKILL a ``dask worker`` and its worker process: nothing restarts it."""
        os.killpg(self.workers[i].pid, signal.SIGKILL)


def start_cluster(request: pytest.FixtureRequest, logs: Path, n_workers: int = 2,
                  pythonpath: Path = ROOT) -> Cluster:
    """A scheduler and ``n_workers`` workers (``--nworkers 1 --nthreads 1``), stopped at teardown."""
    procs: list[subprocess.Popen] = []
    request.addfinalizer(lambda: stop(procs))
    logs.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(pythonpath), *filter(None, [os.environ.get("PYTHONPATH")])])}

    def spawn(name: str, args: list[str]) -> subprocess.Popen:
        with open(logs / f"{name}.log", "wb") as log:
            proc = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT,
                                    cwd=logs, start_new_session=True)
        procs.append(proc)
        return proc

    address = f"tcp://127.0.0.1:{free_port()}"
    spawn("scheduler", [*dask_command("scheduler"), "--host", "127.0.0.1", "--port",
                        address.rsplit(":", 1)[1], "--no-dashboard"])
    workers = [spawn(f"worker-{i}", [*dask_command("worker"), address, "--nworkers", "1",
                                     "--nthreads", "1", "--no-dashboard", "--name", f"w{i}",
                                     "--death-timeout", "60", "--local-directory", str(logs)])
               for i in range(n_workers)]
    with distributed.Client(address, timeout=60) as client:
        client.wait_for_workers(n_workers, timeout=180)
    return Cluster(address, workers)


def stop(procs: list[subprocess.Popen]) -> None:
    for proc in reversed(procs):
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture(scope="module")
def cluster(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Cluster:
    return start_cluster(request, tmp_path_factory.mktemp("dask-cluster"))


@pytest.fixture(scope="module")
def local_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The reference: the same articles built without Dask."""
    project = make_project(tmp_path_factory.mktemp("local") / "project")
    write_articles(project, 40)
    build(Config.load(project), site=False)
    return outputs(project)


# ------------------------------------------------------------------------------- identical

@pytest.mark.parametrize("how", ["scheduler", "workers"])
def test_a_cluster_build_is_byte_identical_to_a_local_one(
        how: str, request: pytest.FixtureRequest, tmp_path: Path,
        local_build: dict[str, bytes]) -> None:
    project = make_project(tmp_path / "project")
    write_articles(project, 40)
    if how == "scheduler":
        options = {"scheduler": request.getfixturevalue("cluster").address}
    else:
        options = {"workers": 2}
    report = build(replace(Config.load(project), **options), site=False)
    assert report.extracted == 41 and report.warnings == []
    got = outputs(project)
    assert sorted(got) == sorted(local_build)
    assert any(name.endswith(".yaml") for name in got)
    for name, data in local_build.items():
        assert got[name] == data, f"{name} differs from the local build's"


# --------------------------------------------------------------------------- dying workers

def build_and_kill(cfg: Config, cluster: Cluster, victims: list[int]
                   ) -> tuple[BaseException | None, bool]:
    """Build in a thread, SIGKILL the ``victims`` once the first batch is in the cache; (what
    the build raised, whether it was still running when they died)."""
    raised: list[BaseException] = []

    def run() -> None:
        try:
            build(cfg, site=False)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            raised.append(exc)

    thread = threading.Thread(target=run, daemon=True)   # a hung build must not keep pytest
    thread.start()
    deadline = time.monotonic() + 300
    while not cache_entries(cfg.root) and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    mid_run = thread.is_alive()
    for i in victims:
        cluster.kill_worker(i)
    thread.join(timeout=600)
    assert not thread.is_alive(), "the build never finished"
    return (raised[0] if raised else None), mid_run


def assert_only_whole_entries(project: Path) -> None:
    for path in cache_entries(project):
        assert not path.name.startswith("."), f"{path.name}: a temporary file was left"
        assert _is_record(manifest.read_cache_json(path)), f"{path.name}: not a whole record"


def test_a_worker_killed_mid_run_costs_nothing(request: pytest.FixtureRequest,
                                               tmp_path: Path) -> None:
    """Its batches go to the other worker; the dossier is the local build's."""
    cluster = start_cluster(request, tmp_path / "dask")
    project = make_project(tmp_path / "project")
    write_articles(project, 160, sentences=8)
    error, mid_run = build_and_kill(
        replace(Config.load(project), scheduler=cluster.address), cluster, [0])
    assert mid_run, "the build was over before the worker died: make the articles longer"
    assert error is None, f"the build failed: {error}"
    assert_only_whole_entries(project)
    reference = make_project(tmp_path / "reference")
    write_articles(reference, 160, sentences=8)
    build(Config.load(reference), site=False)
    assert outputs(project) == outputs(reference)


def test_every_worker_killed_fails_with_a_message_and_no_partial_entry(
        request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dask_extract, "NO_WORKER_GRACE_S", 3.0)
    cluster = start_cluster(request, tmp_path / "dask")
    project = make_project(tmp_path / "project")
    write_articles(project, 160, sentences=8)
    error, mid_run = build_and_kill(
        replace(Config.load(project), scheduler=cluster.address), cluster, [0, 1])
    assert mid_run, "the build was over before the workers died: make the articles longer"
    assert isinstance(error, DossierError), f"expected a DossierError, got {error!r}"
    assert "every Dask worker" in str(error) and cluster.address in str(error)
    assert_only_whole_entries(project)
    assert 0 < len(cache_entries(project)) < 161
    assert not (project / "content" / "relations").exists(), "a failed build wrote pair files"


def test_a_finished_batch_lost_with_the_last_worker_fails_instead_of_hanging(
        request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch can be done, its records held by a worker, when that worker dies before they are
    fetched: Dask then has to make it again, and fetching waits for that. With no worker left
    the wait is watched like any other and fails once the grace time is over."""
    monkeypatch.setattr(dask_extract, "NO_WORKER_GRACE_S", 3.0)
    cluster = start_cluster(request, tmp_path / "dask", n_workers=1)
    project = make_project(tmp_path / "project")
    articles, _ = load_articles(project / "content" / "articles")
    name = nlp.model_name()
    raised: list[BaseException] = []
    with distributed.Client(cluster.address, timeout=60) as client:
        future = client.submit(dask_extract.extract_batch, name, articles, pure=False)
        distributed.wait([future])
        assert future.status == "finished"
        cluster.kill_worker(0)
        watch = dask_extract._Watch(client, f"the Dask scheduler at {cluster.address}")

        def fetch() -> None:
            try:
                dask_extract._result(future, articles, 0, watch)
            except BaseException as exc:  # noqa: BLE001 - handed to the test
                raised.append(exc)

        # daemon: a fetch that hangs must not keep pytest from exiting
        thread = threading.Thread(target=fetch, daemon=True)
        thread.start()
        thread.join(timeout=120)
        assert not thread.is_alive(), "fetching records no worker holds any more hangs"
    assert len(raised) == 1 and isinstance(raised[0], DossierError), raised
    assert "every Dask worker" in str(raised[0])


# ------------------------------------------------------------------- refused before starting

def test_a_worker_that_extracts_differently_is_refused(request: pytest.FixtureRequest,
                                                       tmp_path: Path) -> None:
    """A worker with another checkout (one changed extractor file) would put its records under
    this machine's cache keys: the build stops and names what differs."""
    other = tmp_path / "other-checkout"
    shutil.copytree(ROOT / "dossier", other / "dossier",
                    ignore=shutil.ignore_patterns("__pycache__"))
    with open(other / "dossier" / "extract" / "lexicon.py", "a", encoding="utf-8") as fh:
        fh.write("\n# an edit made on one machine only\n")
    cluster = start_cluster(request, tmp_path / "dask", n_workers=1, pythonpath=other)
    project = make_project(tmp_path / "project")
    with pytest.raises(DossierError, match="does not extract as this machine does: extractor"):
        build(replace(Config.load(project), scheduler=cluster.address), site=False)
    assert cache_entries(project) == []


@pytest.mark.parametrize("scheduler, workers, message", [
    ("tcp://127.0.0.1:8786", 2, "both given"),
    (None, 0, "at least 1, not 0"),
    (None, -3, "at least 1, not -3"),
])
def test_impossible_cluster_options_are_refused(scheduler: str | None, workers: int,
                                                message: str, project: Path) -> None:
    with pytest.raises(DossierError, match=message):
        replace(Config.load(project), scheduler=scheduler, workers=workers)


def test_a_scheduler_that_is_not_there_is_named(project: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dask_extract, "CONNECT_TIMEOUT_S", 2)
    address = f"tcp://127.0.0.1:{free_port()}"
    with pytest.raises(DossierError, match=f"cannot reach the Dask scheduler at {address}"):
        build(replace(Config.load(project), scheduler=address), site=False)
    assert not (project / "content" / "relations").exists()
