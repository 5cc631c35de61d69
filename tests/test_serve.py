"""``dossier serve``: the live preview, run for real in a process of its own on a free port, with
real MkDocs and real files; each change is followed over HTTP (and in Chromium when there is one)
until the served page shows it."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import make_project

from dossier.build import build
from dossier.config import Config
from dossier.serve import Inputs, State, accounted, wrote

WAIT = 30.0          # seconds a change may take to show (it takes about one on the sample)
NEW_ARTICLE = ("date 2023-05-02 Norway signed a fisheries agreement with Iceland on Tuesday. "
               "Norway and Iceland agreed to share their quotas.\n")


# ------------------------------------------------------------ what a build accounts for

# (before the build, after it, the files it wrote, its output folders) -> what it accounts for
ACCOUNTED = {
    "a source it read and did not write, as read": (
        {"/c/a.txt": (1, 1)}, {"/c/a.txt": (1, 1)}, set(), [], {"/c/a.txt": (1, 1)}),
    "a pair file it rewrote, as it left it": (
        {"/c/r/A-B.yaml": (1, 1)}, {"/c/r/A-B.yaml": (2, 5)}, {"/c/r/A-B.yaml"}, [],
        {"/c/r/A-B.yaml": (2, 5)}),
    "a pair file it removed, gone": (
        {"/c/r/A-B.yaml": (1, 1)}, {}, {"/c/r/A-B.yaml"}, [], {}),
    "a base it wrote, under an output folder": (
        {"/c/r/.base/A-B.json": (1, 1)}, {"/c/r/.base/A-B.json": (2, 2)}, set(), ["/c/r/.base"],
        {"/c/r/.base/A-B.json": (2, 2)}),
    "a new base": ({}, {"/c/r/.base/A-B.json": (2, 2)}, set(), ["/c/r/.base"],
                   {"/c/r/.base/A-B.json": (2, 2)}),
    "a file a person saved during the build, as before it (so it starts the next)": (
        {"/c/r/A-B.yaml": (1, 1)}, {"/c/r/A-B.yaml": (3, 3)}, set(), ["/c/r/.base"],
        {"/c/r/A-B.yaml": (1, 1)}),
    "an article a person added during the build, not yet": (
        {}, {"/c/a/new.txt": (3, 3)}, {"/c/r/A-B.yaml"}, ["/c/r/.base"], {}),
    "a folder named like an output folder, no output": (
        {}, {"/c/r/.base2/x": (3, 3)}, set(), ["/c/r/.base"], {}),
    "a temporary file made and renamed during the build, nothing": (
        {}, {}, set(), ["/c/r/.base"], {}),
}


@pytest.mark.parametrize(("before", "after", "written", "outputs", "expected"),
                         ACCOUNTED.values(), ids=ACCOUNTED.keys())
def test_accounted(before: State, after: State, written: set[str], outputs: list[str],
                   expected: State) -> None:
    assert accounted(before, after, written, outputs) == expected


def test_wrote_names_the_pair_files_a_build_wrote_or_removed(project: Path) -> None:
    """What the preview takes as the build's own writes: every pair file it wrote, then every
    one it removed when their article went."""
    cfg = Config.load(project)
    first = build(cfg, site=False, quiet=True)
    made = {str(p) for p in cfg.relations.glob("*.yaml")}
    assert made and wrote(first) == made
    assert wrote(build(cfg, site=False, quiet=True)) == set()        # nothing changed
    for article in cfg.articles.iterdir():
        article.unlink()
    assert wrote(build(cfg, site=False, quiet=True)) == made


def test_only_a_watched_file_that_differs_calls_for_a_build(tmp_path: Path) -> None:
    """The build's lock file beside mkdocs.yml is rewritten by every build, and is no source."""
    content, mkdocs_yml, lock = tmp_path / "content", tmp_path / "mkdocs.yml", tmp_path / "lock"
    content.mkdir()
    (content / "a.txt").write_text("a")
    mkdocs_yml.write_text("site_name: x\n")
    inputs = Inputs()
    inputs.watch(str(content))
    inputs.watch(str(mkdocs_yml))
    before = inputs.start()
    lock.write_text("")
    assert not inputs.changed([str(content / "a.txt")])      # during a build: judged after it
    assert not inputs.settle(before, inputs.state(), set())
    assert not inputs.changed([str(content / "a.txt"), str(mkdocs_yml), str(lock)])
    (content / "a.txt").write_text("changed")
    assert inputs.changed([str(content / "a.txt")])
    before = inputs.start()
    (content / "b.txt").write_text("saved during a build")
    assert not inputs.changed([str(content / "b.txt")])
    assert inputs.settle(before, inputs.state(), set())      # so another build follows


# --------------------------------------------------------------------- the server, for real

@dataclass
class Served:
    root: Path
    url: str
    log: Path
    tmp: Path                          # the server's TMPDIR: where its site is built
    proc: subprocess.Popen[bytes]

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def builds(self) -> int:
        """The builds the server started after its first one."""
        return self.output().count("Detected file changes")

    def idle(self) -> bool:
        """Every build started has ended (MkDocs' server logs this line after each)."""
        return self.builds() == self.output().count("Reloading browsers")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except OSError:                    # not listening yet
        return 0, ""


def _until(check: Callable[[], bool], what: str, served: Served, timeout: float = WAIT) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return
        assert served.proc.poll() is None, f"the server stopped:\n{served.output()}"
        time.sleep(0.2)
    raise AssertionError(f"{what} within {timeout} s; the server said:\n{served.output()}")


def _shows(served: Served, path: str, text: str) -> Callable[[], bool]:
    def check() -> bool:
        status, body = _get(served.url + path)
        return status == 200 and text in body
    return check


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """``python -m dossier serve`` on the sample project, once it serves its first build."""
    base = tmp_path_factory.mktemp("serve")
    root, tmp = make_project(base / "project"), base / "tmp"
    tmp.mkdir()
    port = _free_port()
    log = base / "serve.log"
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONUNBUFFERED": "1"}
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "dossier", "serve", "-a",
                                 f"127.0.0.1:{port}"], cwd=root, env=env, stdout=out,
                                stderr=subprocess.STDOUT)
    s = Served(root, f"http://127.0.0.1:{port}/", log, tmp, proc)
    try:
        _until(_shows(s, "pairs/KZ-US/", "Kazakhstan"), "the first build served", s, 120)
        yield s
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _pair_file(served: Served) -> Path:
    return served.root / "content" / "relations" / "KZ-US.yaml"


def _edit_first_fact(served: Served, text: str) -> None:
    path = _pair_file(served)
    yaml = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^(    text: ).*$", rf"\g<1>{text}", yaml, count=1),
                    encoding="utf-8")


def test_a_new_article_adds_its_pair_page(served: Served) -> None:
    status, _ = _get(served.url + "pairs/IS-NO/")
    assert status == 404
    (served.root / "content" / "articles" / "2023-05-02-fisheries.txt").write_text(
        NEW_ARTICLE, encoding="utf-8")
    _until(_shows(served, "pairs/IS-NO/", "Iceland"), "the new pair's page served", served)
    _until(_shows(served, "pairs/", "IS-NO/"), "the pairs index lists it", served)


def test_an_edited_fact_shows_on_its_page_after_one_build(served: Served) -> None:
    """The build rewrites the file a person edited (its status becomes ``edited``): that write
    must not start a build of its own, nor must the build's lock file."""
    _until(served.idle, "the previous change built", served)
    before = served.builds()
    _edit_first_fact(served, "A fact corrected while the preview runs.")
    _until(_shows(served, "pairs/KZ-US/", "A fact corrected while the preview runs"),
           "the edited text served", served)
    assert "status: edited" in _pair_file(served).read_text(encoding="utf-8")
    time.sleep(2.0)                    # four of the watcher's polls: time for a loop to show
    assert served.builds() == before + 1, served.output()


@pytest.mark.browser
def test_an_open_page_reloads_by_itself(served: Served) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Chromium is not installed")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True,
                                     args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(served.url + "pairs/KZ-US/")
        assert "A fact seen in the browser" not in page.content()
        _edit_first_fact(served, "A fact seen in the browser.")
        page.wait_for_function("document.body.innerText.includes('A fact seen in the browser')",
                               timeout=WAIT * 1000)       # MkDocs' live-reload script
        browser.close()


def _page(served: Served, path: str) -> tuple[int, str]:
    """A page as served, without the number each response gives MkDocs' live-reload script."""
    status, body = _get(served.url + path)
    return status, re.sub(r"livereload\(\d+, \d+\)", "", body)


def test_a_broken_pair_file_is_reported_and_the_last_pages_stay(served: Served) -> None:
    served_before = _page(served, "pairs/KZ-US/")
    assert served_before[0] == 200
    _pair_file(served).write_text("pair: [KZ, US]\nfacts: [\n  - id: 1\n", encoding="utf-8")
    _until(lambda: re.search(r"KZ-US\.yaml:\d+: YAML syntax error", served.output()) is not None,
           "the error reported with its file and line", served)
    time.sleep(1.0)
    assert _page(served, "pairs/KZ-US/") == served_before          # served, not held
    assert served.proc.poll() is None


def test_it_stops_cleanly(served: Served) -> None:
    served.proc.send_signal(signal.SIGTERM)            # as `kill` and most supervisors stop it
    assert served.proc.wait(timeout=20) == 0, served.output()
    assert list(served.tmp.iterdir()) == []            # its temporary site removed
    assert "Traceback" not in served.output()
