"""A source that cannot be read for a while never changes the dossier.

The project is built, edited by hand (a fact corrected, one deleted, one rejected) and built
again: what a person commits. Then one of its articles becomes unreadable in each way a real one
does (no permission on the file or on its folder, a date typed wrong, a symlink loop beside it, a
copy of it under a name that sorts first), and the build must keep every byte of
``content/relations`` and say why; ``--strict`` must fail; and once the file reads again, the
build must give the same bytes, not the entries back in another order.

Permissions are real: as root (who reads any file) the build runs as ``nobody``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import make_project, run_dossier, shared_folder
from ruamel.yaml import YAML

from dossier.articles import Readings, scan
from dossier.build import Report, build
from dossier.config import Config

VISIT = "extra/visit.txt"
CROSSING = "crossing.txt"
ARTICLES = {
    VISIT: " date 2022-04-02 Chile recalled its ambassador from Peru over fishing rights. Peru thanked "
           "Chile for its quick help after the storm.\n",
    CROSSING: " date 2022-05-03 Argentina accused Chile of closing a border crossing in the Andes.\n",
}


def _build(root: Path, **kwargs: bool) -> Report:
    return build(Config.load(root), site=False, quiet=True, **kwargs)


@pytest.fixture(scope="module")
def edited() -> Path:
    root = make_project(shared_folder("dossier-unreadable-") / "project")
    for name, text in ARTICLES.items():
        (root / "content" / "articles" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / "articles" / name).write_text(text, encoding="utf-8")
    _build(root)
    yaml = YAML()
    for pair, change in (("CL-PE", "edit"), ("KZ-US", "delete and reject")):
        path = root / "content" / "relations" / f"{pair}.yaml"
        doc = yaml.load(path.read_text(encoding="utf-8"))
        if change == "edit":
            doc["facts"][0]["text"] = "Chile recalled its envoy from Peru (corrected by hand)."
        else:
            del doc["facts"][0]
            doc["facts"][0]["status"] = "rejected"
        with open(path, "w", encoding="utf-8") as fh:
            yaml.dump(doc, fh)
    _build(root)
    return root


@pytest.fixture
def project(edited: Path) -> Path:
    root = shared_folder("dossier-unreadable-") / "project"
    shutil.copytree(edited, root, symlinks=True)
    return root


def relations(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of content/relations with its bytes and mode."""
    folder = root / "content" / "relations"
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mode & 0o7777)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("what", ["file", "folder"])
def test_an_article_without_read_permission_keeps_what_it_gave(project: Path, what: str) -> None:
    before = relations(project)
    target = project / "content" / "articles" / (VISIT if what == "file" else "extra")
    target.chmod(0o000)
    proc = run_dossier(project, "build", "--no-site")
    assert proc.returncode == 0, proc.stderr
    assert relations(project) == before
    said = {"file": f"{target}: cannot read file: Permission denied",
            "folder": f"{target}: cannot list the folder; the last good reading of its 1 article(s) "
                      "is used"}[what]
    assert said in proc.stdout, proc.stdout
    assert "last good reading" in proc.stdout
    strict = run_dossier(project, "build", "--no-site", "--strict")
    assert strict.returncode == 1 and "warnings are fatal with --strict" in strict.stderr
    assert relations(project) == before
    target.chmod(0o755 if what == "folder" else 0o644)
    assert run_dossier(project, "build", "--no-site").returncode == 0
    assert relations(project) == before              # the same bytes: nothing came back reordered


def test_a_date_typed_wrong_keeps_what_the_article_gave(project: Path) -> None:
    before = relations(project)
    article = project / "content" / "articles" / VISIT
    good = article.read_text(encoding="utf-8")
    article.write_text(good.replace("2022-04-02", "2022-14-02"), encoding="utf-8")
    report = _build(project)
    assert relations(project) == before
    assert any(w.startswith(f"{article}:1: date '2022-14-02' is not a real date")
               and "last good reading is used" in w for w in report.warnings), report.warnings
    article.write_text(good, encoding="utf-8")
    assert _build(project, strict=True).warnings == []
    assert relations(project) == before


def test_without_a_last_reading_the_pairs_it_may_support_are_left_alone(project: Path) -> None:
    """The cache is gone (``make clean``), so the build cannot know what the unreadable file
    gave: every pair citing an article it does not find is left exactly as it is."""
    shutil.rmtree(project / ".cache")
    before = relations(project)
    article = project / "content" / "articles" / VISIT
    article.chmod(0o000)
    proc = run_dossier(project, "build", "--no-site")
    assert proc.returncode == 0, proc.stderr
    assert relations(project) == before
    assert "CL-PE left as they are: they cite articles that were not read" in proc.stdout
    assert str(article) in proc.stdout
    article.chmod(0o644)
    assert run_dossier(project, "build", "--no-site").returncode == 0
    assert relations(project) == before


def test_symlink_loops_are_skipped_with_a_warning(project: Path) -> None:
    folder = project / "content" / "articles"
    before = relations(project)
    (folder / "self.txt").symlink_to(folder / "self.txt")
    (folder / "ping.txt").symlink_to(folder / "pong.txt")
    (folder / "pong.txt").symlink_to(folder / "ping.txt")
    (folder / "extra" / "up").symlink_to(folder)          # a folder loop: not followed at all
    report = _build(project)
    loops = sorted(w for w in report.warnings if "symlink loop" in w)
    assert [w.split(":")[0] for w in loops] == [str(folder / n) for n in
                                                ("ping.txt", "pong.txt", "self.txt")]
    assert report.read == 3 and relations(project) == before


def test_a_copy_under_a_name_that_sorts_first_takes_nothing_over(project: Path) -> None:
    folder = project / "content" / "articles"
    before = relations(project)
    body = ARTICLES[CROSSING].split(" ", 3)[3]
    (folder / "a-copy.md").write_text(f"---\ntitle: Another title\ndate: 2021-01-01\n---\n{body}",
                                      encoding="utf-8")
    for wiped in (False, True):         # the last reading decides; without it, the citations
        if wiped:
            shutil.rmtree(project / ".cache")
        report = _build(project)
        assert f"{folder / 'a-copy.md'}: duplicates {folder / CROSSING}, skipped" in report.warnings
        assert relations(project) == before


def test_a_new_article_with_the_same_id_does_not_take_the_original_s(project: Path) -> None:
    """Same date, same first sentence, another text: the id stays with the file that had it,
    and the newcomer, though its name sorts first, gets the suffix."""
    folder = project / "content" / "articles"
    cfg = Config.load(project)

    def ids() -> dict[str, str]:
        found = scan(folder, readings=Readings(cfg.cache / "readings", folder))
        return {a.path.name: a.id for a in found.articles}

    original = ids()[CROSSING]
    (folder / "a-same.txt").write_text(ARTICLES[CROSSING].rstrip() + " Both will share the "
                                       "costs of the road.\n", encoding="utf-8")
    _build(project)
    assert ids() == {**ids(), CROSSING: original, "a-same.txt": original + "-2"}
    doc = YAML().load((project / "content" / "relations" / "AR-CL.yaml").read_text("utf-8"))
    assert [str(s["article"]) for s in doc["facts"][0]["sources"]] == [original, original + "-2"]


@pytest.fixture(autouse=True)
def _umask() -> Iterator[None]:
    """Files the nobody user writes must stay readable for the checks above."""
    old = os.umask(0o022)
    yield
    os.umask(old)
