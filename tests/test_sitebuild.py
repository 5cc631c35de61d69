"""Site builds that render only what changed (``dossier/sitebuild.py``).

Each test compares with the yardstick: ``mkdocs build --strict`` of the same docs into another
folder, which must give the same files, every one byte for byte (the search index as a set of
entries; gzip files by their content, as their header holds the build date).
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from dossier import site as site_module
from dossier.build import build
from dossier.config import Config

ARTICLES = {
    "de-fr.txt": " date 2023-05-02 Germany and France agreed to share gas supplies.",
    "jp-kr.txt": " date 2023-06-01 Japan and South Korea agreed to share fishing waters.",
    "br-ar.txt": " date 2023-07-03 Brazil and Argentina signed a trade accord in Brasilia.",
}


# ------------------------------------------------------------------------------ comparing

def _files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}


def _content(path: Path) -> object:
    raw = path.read_bytes()
    if path.suffix == ".gz":
        return gzip.decompress(raw)
    if path.name in ("search_index.json", "search_index.js"):
        data = json.loads(raw.decode("utf-8").removeprefix("var __index = "))
        return data["config"], sorted(json.dumps(d, sort_keys=True) for d in data["docs"])
    return raw


def differences(built: Path, reference: Path) -> list[str]:
    """The files that differ between two sites, or are in one only."""
    ours, theirs = _files(built), _files(reference)
    out = [f"only in one: {name}" for name in sorted(set(ours) ^ set(theirs))]
    return out + [name for name in sorted(set(ours) & set(theirs))
                  if _content(ours[name]) != _content(theirs[name])]


def full_build(root: Path, dest: Path, env: dict[str, str] | None = None
               ) -> subprocess.CompletedProcess:
    """The yardstick: MkDocs' own command line, into ``dest`` (not -q: MkDocs then drops
    warnings before --strict counts them)."""
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                           str(root / "mkdocs.yml"), "-d", str(dest)], cwd=root,
                          capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})


def assert_as_full_build(cfg: Config, reference: Path) -> None:
    proc = full_build(cfg.root, reference, site_module.mkdocs_environment(cfg))
    assert proc.returncode == 0, proc.stderr
    assert differences(cfg.site, reference) == []


def by_inode(folder: Path) -> dict[int, bytes]:
    return {p.stat().st_ino: p.read_bytes() for p in _files(folder).values()}


# ------------------------------------------------------------------------------ the changes

def _pair_file(project: Path, slug: str) -> tuple[Path, YAML, dict]:
    path = project / "content" / "relations" / f"{slug}.yaml"
    yaml = YAML()
    return path, yaml, yaml.load(path.read_text(encoding="utf-8"))


def _set_first_fact(project: Path, slug: str, key: str, value: str) -> None:
    path, yaml, doc = _pair_file(project, slug)
    doc["facts"][0][key] = value
    with open(path, "w", encoding="utf-8") as fh:
        yaml.dump(doc, fh)


def add_article(project: Path) -> None:
    (project / "content/articles/jp-kr.txt").write_text(ARTICLES["jp-kr.txt"], encoding="utf-8")


def edit_fact(project: Path) -> None:
    _set_first_fact(project, "DE-FR", "text", "Checked by hand: Germany and France share gas.")


def reject_fact(project: Path) -> None:
    _set_first_fact(project, "JP-KR", "status", "rejected")


def change_stylesheet(project: Path) -> None:
    css = project / "templates" / "assets" / "dossier.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* wider */\n", encoding="utf-8")


def delete_article(project: Path) -> None:
    (project / "content/articles/de-fr.txt").unlink()


CHANGES: list[tuple[str, Callable[[Path], None]]] = [
    ("add an article", add_article),
    ("edit a fact's text", edit_fact),
    ("reject a fact", reject_fact),
    ("change the stylesheet (a static file)", change_stylesheet),
    ("delete an article", delete_article),
]


def _start(project: Path, offline: bool = False) -> Config:
    (project / "content/articles/de-fr.txt").write_text(ARTICLES["de-fr.txt"], encoding="utf-8")
    cfg = dataclasses.replace(Config.load(project), offline=offline)
    report = build(cfg, site=True, quiet=True)
    assert "built in full: no site yet" in report.pages
    return cfg


# ------------------------------------------------------------------------------ the tests

@pytest.mark.parametrize("offline", [False, True], ids=["server", "offline"])
def test_a_series_of_changes_built_page_by_page_equals_full_builds(
        project: Path, tmp_path: Path, offline: bool) -> None:
    cfg = _start(project, offline)
    for n, (change, make) in enumerate(CHANGES):
        make(project)
        before = by_inode(cfg.site)
        report = build(cfg, site=True, quiet=True)
        assert "pages rendered again" in report.pages, (change, report.pages)
        assert_as_full_build(cfg, tmp_path / f"reference-{n}")
        # The files kept from the previous site are that site's, never written to.
        kept = {ino: data for ino, data in by_inode(cfg.site).items() if ino in before}
        assert kept and all(before[ino] == data for ino, data in kept.items()), change


def test_a_change_to_mkdocs_yml_builds_every_page(project: Path, tmp_path: Path) -> None:
    cfg = _start(project)
    yml = project / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace(
        "site_name: Dossier", "site_name: Another dossier"), encoding="utf-8")
    report = build(cfg, site=True, quiet=True)
    assert "built in full: mkdocs.yml" in report.pages
    assert_as_full_build(cfg, tmp_path / "reference")
    assert "Another dossier" in (cfg.site / "index.html").read_text(encoding="utf-8")


def touch_site(cfg: Config) -> None:
    (cfg.site / "404.html").write_text("edited by hand", encoding="utf-8")


def lose_record(cfg: Config) -> None:
    (cfg.cache / site_module.RECORD).unlink()


@pytest.mark.parametrize("damage, reason", [
    (touch_site, "site/ is not as the last build left it"),
    (lose_record, "the record of the last site build is missing"),
], ids=["a touched site", "a lost record"])
def test_a_site_that_cannot_be_trusted_is_built_in_full(
        project: Path, tmp_path: Path, damage: Callable[[Config], None], reason: str) -> None:
    cfg = _start(project)
    edit_fact(project)
    damage(cfg)
    assert f"built in full: {reason}" in build(cfg, site=True, quiet=True).pages
    assert_as_full_build(cfg, tmp_path / "reference")


def test_an_interrupted_build_leaves_the_previous_site_whole(project: Path,
                                                              tmp_path: Path) -> None:
    cfg = _start(project)
    before = {name: (p.stat().st_mtime_ns, p.read_bytes()) for name, p in _files(cfg.site).items()}
    edit_fact(project)
    proc = subprocess.Popen([sys.executable, "-m", "dossier", "build", "-q"], cwd=project,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    fresh = cfg.site.with_name(f".{cfg.site.name}.building")
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline and not (
            fresh.is_dir() and any(fresh.iterdir())):
        time.sleep(0.001)
    os.killpg(proc.pid, signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL, "the build ended before it could be stopped"
    assert {name: (p.stat().st_mtime_ns, p.read_bytes())
            for name, p in _files(cfg.site).items()} == before
    report = build(cfg, site=True, quiet=True)
    assert "pages rendered again" in report.pages
    assert_as_full_build(cfg, tmp_path / "reference")


# -------------------------- links, anchors and the navigation, as a full build makes them

MKDOCS_YML = """site_name: Links
docs_dir: docs
theme: {name: material}
plugins: [search]
nav: [{Home: index.md}]
not_in_nav: "/*.md"
validation: {anchors: warn, unrecognized_links: warn, omitted_files: warn}
"""
PAGES = {"index.md": "# Home\n", "a.md": "# A\n\n[b](b.md#here)\n", "b.md": "# B\n\n## Here\n"}

LINK_CASES = [
    # (what changes, the new text of changed pages (None: deleted), what the build does: renders
    # the pages that changed, renders them all, or fails with a full build's message)
    ("a changed page links to an anchor an unchanged page lacks",
     {"a.md": "# A\n\n[b](b.md#nowhere)\n"}, "does not contain an anchor '#nowhere'"),
    ("an unchanged page links to an anchor that is gone",
     {"b.md": "# B\n\n## There\n"}, "does not contain an anchor '#here'"),
    ("an unchanged page links to a page that is gone",
     {"b.md": None}, "is not found among documentation files"),
    ("an unchanged page links to an anchor that is kept",
     {"b.md": "# B\n\n## Here\n\n## There\n"}, "incremental"),
    ("a changed page links to an anchor of an unchanged page",
     {"a.md": "# A\n\nNew text.\n\n[b](b.md#here)\n"}, "incremental"),
    ("a page of the navigation shows an icon there, on every page",
     {"index.md": "---\nicon: material/home\n---\n# Home\n"}, "full"),
]


def _driver(root: Path, site: Path, previous: Path | None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "dossier.sitebuild", str(root / "mkdocs.yml"), str(site),
           str(root / "record.json")] + (["--previous", str(previous)] if previous else [])
    return subprocess.run(cmd, cwd=root, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def _links_project(root: Path) -> None:
    """The pages above, built in full into root/site with their record."""
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    for name, text in PAGES.items():
        (root / "docs" / name).write_text(text, encoding="utf-8")
    assert _driver(root, root / "site", None).returncode == 0


@pytest.mark.parametrize("what, change, outcome", LINK_CASES, ids=[c[0] for c in LINK_CASES])
def test_links_and_navigation_as_a_full_build_makes_them(
        tmp_path: Path, what: str, change: dict[str, str | None], outcome: str) -> None:
    _links_project(tmp_path)
    for name, new in change.items():
        if new is None:
            (tmp_path / "docs" / name).unlink()
        else:
            (tmp_path / "docs" / name).write_text(new, encoding="utf-8")
    ours = _driver(tmp_path, tmp_path / "next", tmp_path / "site")
    reference = full_build(tmp_path, tmp_path / "reference")
    if outcome in ("incremental", "full"):
        assert (ours.returncode, reference.returncode) == (0, 0), ours.stderr + reference.stderr
        assert json.loads(ours.stdout.splitlines()[-1])["mode"] == outcome
        assert differences(tmp_path / "next", tmp_path / "reference") == []
    else:
        assert ours.returncode == reference.returncode == 1
        assert outcome in reference.stderr and outcome in ours.stderr


def test_a_previous_site_it_cannot_read_gives_a_full_build(tmp_path: Path) -> None:
    _links_project(tmp_path)
    (tmp_path / "docs" / "a.md").write_text("# A\n\nNew text.\n", encoding="utf-8")
    (tmp_path / "site" / "search" / "search_index.json").write_text("{", encoding="utf-8")
    ours = _driver(tmp_path, tmp_path / "next", tmp_path / "site")
    assert ours.returncode == 0, ours.stderr
    done = json.loads(ours.stdout.splitlines()[-1])
    assert done["mode"] == "full" and "JSONDecodeError" in done["reason"]
    assert full_build(tmp_path, tmp_path / "reference").returncode == 0
    assert differences(tmp_path / "next", tmp_path / "reference") == []
