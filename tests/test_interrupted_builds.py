"""A build killed while it writes, and two builds started at once.

The kill test runs ``python -m dossier build --no-site`` as a real process, waits for its first
write under ``content/relations/``, stops it with SIGKILL, SIGINT or SIGTERM after a random
delay, and checks that every pair file is byte for byte either its old or its new version; the
next build then finishes and gives exactly what an uninterrupted build gives, the person's edit
included.
"""

from __future__ import annotations

import fcntl
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import make_project
from ruamel.yaml import YAML

from dossier import store
from dossier.build import build
from dossier.config import Config

NAMES = {"AR": "Argentina", "BR": "Brazil", "CL": "Chile", "PE": "Peru", "BO": "Bolivia",
         "UY": "Uruguay", "PY": "Paraguay", "CO": "Colombia"}
KILLS = int(os.environ.get("DOSSIER_KILLS", "5"))


def _files(root: Path) -> dict[str, bytes]:
    rel = root / "content" / "relations"
    return {str(p.relative_to(rel)): p.read_bytes() for p in sorted(rel.rglob("*"))
            if p.is_file()}


def _articles(root: Path, version: int) -> None:
    """One small article per pair of countries: 28 pair files to write."""
    codes = sorted(NAMES)
    folder = root / "content" / "articles"
    for i, a in enumerate(codes):
        for b in codes[i + 1:]:
            text = f" date 2023-0{1 + version}-1{i % 9} {NAMES[a]} recalled its ambassador " \
                   f"from {NAMES[b]} over the border dispute."
            if version:
                text += f" {NAMES[b]} accused {NAMES[a]} of breaking the river treaty."
            (folder / f"{a}-{b}.txt").write_text(text + "\n", encoding="utf-8")


def _run(root: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "dossier", "build", "--no-site", "-q"],
                            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _first_write(root: Path, before: dict[str, int], proc: subprocess.Popen) -> bool:
    """Wait until the build replaces or creates something under content/relations/."""
    rel = root / "content" / "relations"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        for p in rel.rglob("*"):
            try:
                if before.get(str(p)) != p.stat().st_mtime_ns:
                    return True
            except FileNotFoundError:
                continue
        time.sleep(0.0005)
    return False


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The project before the build to kill (articles changed, a person's edit in place), and
    the pair files an uninterrupted build makes of it."""
    tmp = tmp_path_factory.mktemp("killed")
    old = make_project(tmp / "old")
    _articles(old, 0)
    build(Config.load(old), site=False, quiet=True)
    path = old / "content" / "relations" / "BR-CL.yaml"
    yaml = YAML()
    doc = yaml.load(path.read_text(encoding="utf-8"))
    doc["facts"][0]["text"] = "Checked by hand: the agreement covers copper."
    doc["summary"] = "Written by a person."
    with open(path, "w", encoding="utf-8") as fh:
        yaml.dump(doc, fh)
    _articles(old, 1)
    reference = tmp / "reference"
    shutil.copytree(old, reference)
    build(Config.load(reference), site=False, quiet=True)
    # The extraction of the new texts is shared, so the killed builds spend their time merging
    # and writing rather than parsing.
    shutil.copytree(reference / ".cache" / "dossier" / "extract",
                    old / ".cache" / "dossier" / "extract", dirs_exist_ok=True)
    new = _files(reference)
    assert "Checked by hand: the agreement covers copper." in new["BR-CL.yaml"].decode()
    return {"old": old, "before": _files(old), "new": new, "tmp": tmp}


def test_killed_build_leaves_old_or_new_files_and_the_next_one_completes(states: dict) -> None:
    rng = random.Random(20240611)
    before, new = states["before"], states["new"]
    yamls = [name for name in new if name.endswith(".yaml")]
    assert len(yamls) >= 28
    changed = [n for n in yamls if before.get(n) != new[n]]
    assert len(changed) >= 28                             # every pair file is rewritten
    outcomes = []
    for i in range(KILLS):
        root = states["tmp"] / f"kill-{i}"
        shutil.copytree(states["old"], root)
        rel = root / "content" / "relations"
        mtimes = {str(p): p.stat().st_mtime_ns for p in rel.rglob("*")}
        proc = _run(root)
        if _first_write(root, mtimes, proc):
            time.sleep(rng.uniform(0, 0.06))
        # A crash or `kill -9` (SIGKILL), Ctrl-C (SIGINT) or a stop request (SIGTERM).
        proc.send_signal((signal.SIGKILL, signal.SIGINT, signal.SIGTERM)[i % 3])
        proc.wait(timeout=60)
        after = _files(root)
        done = 0
        for name in yamls:
            got = after.get(name)
            assert got in (before.get(name), new[name]), f"kill {i}: {name} is half written"
            done += got == new[name] and got != before.get(name)
        outcomes.append(done)
        # The next build finishes and gives what an uninterrupted build gives.
        build(Config.load(root), site=False, quiet=True)
        final = _files(root)
        assert {n: final[n] for n in yamls} == {n: new[n] for n in yamls}, f"kill {i}"
        assert not [p for p in root.joinpath("content").rglob("*.tmp")], "temporary files left"
    print("pair files already new when killed:", outcomes)
    # The kills landed at different points of the writing, not all before or after it.
    assert len(set(outcomes)) > 1 or 0 < outcomes[0] < len(changed), outcomes


class _Stop(BaseException):
    """What a kill does to the build: it ends there, with no clean-up of its own."""


@pytest.mark.parametrize("step", ["base", "yaml", "commit"])
def test_a_build_stopped_between_the_base_and_the_yaml_keeps_the_persons_edit(
        states: dict, step: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The person edited BR-CL.yaml after the last build. A build stopped right after one step of
    writing that file (pending base, YAML, base renamed) must leave the next build reading the
    YAML with the base it belongs to, so the machine's updates are not taken for the person's."""
    root = states["tmp"] / f"stop-{step}"
    shutil.copytree(states["old"], root)
    target = root / "content" / "relations" / "BR-CL.yaml"
    real_write, real_commit = store.atomic_write, store._commit_base

    def atomic_write(path: Path, text: str, **kwargs: Path | None) -> None:
        real_write(path, text, **kwargs)
        if (step, path) in (("base", store.pending_path(target)), ("yaml", target)):
            raise _Stop

    def commit(pending: Path, bp: Path) -> None:
        real_commit(pending, bp)
        if step == "commit" and bp == store.base_path(target):
            raise _Stop

    monkeypatch.setattr(store, "atomic_write", atomic_write)
    monkeypatch.setattr(store, "_commit_base", commit)
    with pytest.raises(_Stop):
        build(Config.load(root), site=False, quiet=True)
    monkeypatch.undo()
    build(Config.load(root), site=False, quiet=True)
    final, new = _files(root), states["new"]
    assert {n: v for n, v in final.items() if n.endswith(".yaml")} == \
        {n: v for n, v in new.items() if n.endswith(".yaml")}
    assert not list(target.parent.joinpath(".base").glob("*.pending"))


def test_a_second_build_stops_with_a_message_while_one_runs(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    _articles(root, 0)
    lock = root / ".dossier-build.lock"
    first = _run(root)
    deadline = time.monotonic() + 120
    held = False
    while not held and time.monotonic() < deadline and first.poll() is None:
        if lock.exists():
            with open(lock) as fh:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    fcntl.flock(fh, fcntl.LOCK_UN)
                except BlockingIOError:
                    held = True
        time.sleep(0.01)
    assert held, "the first build never took the lock"
    shutil.rmtree(root / ".cache", ignore_errors=True)  # `make clean`: the lock is not in there
    second = subprocess.run([sys.executable, "-m", "dossier", "build", "--no-site"], cwd=root,
                            capture_output=True, text=True, timeout=120)
    assert first.poll() is None, "the first build finished too early for the test to mean much"
    assert second.returncode == 1
    assert second.stderr.strip() == (f"error: {lock}: another build is running in this folder "
                                     "(wait for it to finish)")
    assert second.stdout == ""
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    files = _files(root)
    assert len([n for n in files if n.endswith(".yaml")]) == 28 + 4      # and the sample's
    # Once the first is done, a build runs and finds nothing left to do.
    again = subprocess.run([sys.executable, "-m", "dossier", "build", "--no-site"], cwd=root,
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert "updated: none" in again.stdout and _files(root) == files
