"""Incremental builds: after a change, only what it touches is parsed, merged, written and built.

No timing here: each test checks *what* a rebuild did (which cache entries were computed, which
files changed, whether ruamel.yaml or mkdocs ran), which is what keeps rebuilds fast.
"""

from __future__ import annotations

import gc
import hashlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, NoReturn

import pytest
from conftest import ROOT

from dossier import build as build_module
from dossier import cluster, manifest, render, store
from dossier import site as site_module
from dossier.build import build
from dossier.config import Config
from dossier.runner import progress

NEW_ARTICLE = " date 2023-05-02 Germany and France agreed to share gas supplies."


def snapshot(folder: Path) -> dict[Path, tuple[int, bytes]]:
    """Every file under folder: (modification time in ns, content)."""
    return {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.rglob("*") if p.is_file()}


def add_article(project: Path) -> None:
    (project / "content/articles/b.txt").write_text(NEW_ARTICLE, encoding="utf-8")


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pair files parsed with ruamel.yaml during a test (by file name)."""
    seen: list[str] = []
    real = store.read_pair_file

    def spy(path: Path, known: set[str]) -> Any:
        seen.append(path.name)
        return real(path, known)

    monkeypatch.setattr(store, "read_pair_file", spy)
    return seen


def test_adding_one_article_extracts_only_that_article(project: Path) -> None:
    cfg = Config.load(project)
    build(cfg, site=False)
    entries = set((cfg.cache / "extract").iterdir())
    add_article(project)
    report = build(cfg, site=False)
    assert (report.extracted, report.cached) == (1, 1)
    assert len(set((cfg.cache / "extract").iterdir()) - entries) == 1


def test_adding_one_article_rewrites_only_the_pair_files_it_touches(
        project: Path, parsed: list[str]) -> None:
    cfg = Config.load(project)
    build(cfg, site=False)
    before = snapshot(cfg.relations)
    parsed.clear()
    add_article(project)
    report = build(cfg, site=False)
    after = snapshot(cfg.relations)
    changed = {p.relative_to(cfg.relations).as_posix() for p in after if after[p] != before.get(p)}
    assert changed == {"DE-FR.yaml", ".base/DE-FR.json"}
    assert report.pairs_changed == ["DE-FR"]
    assert parsed == []          # the untouched files are not even parsed again


def test_unchanged_pages_are_not_rewritten(project: Path) -> None:
    cfg = Config.load(project)
    build(cfg, site=False)
    before = snapshot(cfg.docs)
    add_article(project)
    build(cfg, site=False)
    after = snapshot(cfg.docs)
    rewritten = {p for p in before if p in after and after[p][0] != before[p][0]}
    assert all(after[p][1] != before[p][1] for p in rewritten), "a page rewritten unchanged"
    untouched = {p.relative_to(cfg.docs).as_posix() for p in before if p not in rewritten}
    assert {"pairs/KZ-US.md", "countries/KZ.md"} <= untouched
    assert any(p.name.startswith("2022-03-21") for p in before if p not in rewritten)
    new = {p.relative_to(cfg.docs).as_posix() for p in after if p not in before}
    assert "pairs/DE-FR.md" in new


def test_a_rebuild_with_nothing_changed_does_nothing(
        project: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = Config.load(project)
    build(cfg, site=True, quiet=True)
    docs, site, relations = snapshot(cfg.docs), snapshot(cfg.site), snapshot(cfg.relations)
    parsed.clear()
    monkeypatch.setattr(site_module, "run_mkdocs", lambda *a, **k: pytest.fail("mkdocs ran"))
    report = build(cfg, site=True, quiet=True)
    assert parsed == []
    assert "Pages: unchanged" in report.pages and "up to date" in report.pages
    assert (snapshot(cfg.docs), snapshot(cfg.site), snapshot(cfg.relations)) == (
        docs, site, relations)


def test_a_rebuild_with_nothing_new_loads_neither_the_language_model_nor_the_templates(
        project: Path) -> None:
    """spaCy (through the extractors' package), Jinja and datasketch cost a second to import;
    a build that finds nothing new needs none of them."""
    build(Config.load(project), site=False)
    code = ("import sys; from pathlib import Path; from dossier.build import build; "
            "from dossier.config import Config; build(Config.load(Path(sys.argv[1])), site=False); "
            "print(sorted(m for m in ('spacy', 'jinja2', 'datasketch') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(project)], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "[]"


def test_adding_one_article_clusters_only_the_facts_of_the_pair_it_touches(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = Config.load(project)
    build(cfg, site=False)
    seen: list[list[str]] = []
    real = cluster.clusters
    monkeypatch.setattr(cluster, "clusters",
                        lambda items, **kw: seen.append([i.text for i in items]) or real(items, **kw))
    add_article(project)
    build(cfg, site=False)
    assert len(seen) == 1 and "gas supplies" in seen[0][0]


def test_adding_one_article_renders_only_the_pages_it_changes(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = Config.load(project)
    build(cfg, site=False)
    every = {p.relative_to(cfg.docs).as_posix() for p in cfg.docs.rglob("*.md")}
    rendered: list[str] = []
    real = render.render_all

    def spy(pages: list[Any], env: Any, **kwargs: Any) -> dict[str, str]:
        rendered.extend(p.path for p in pages)
        return real(pages, env, **kwargs)

    monkeypatch.setattr(render, "render_all", spy)
    add_article(project)
    build(cfg, site=False)
    new = {"pairs/DE-FR.md", "countries/DE.md", "countries/FR.md",
           "sources/2023-05-02-germany-and-france-agreed-to-share-gas-supplies.md"}
    assert new <= set(rendered) < every | new
    assert "pairs/KZ-US.md" not in rendered and "countries/KZ.md" not in rendered
    # Rendering every page again (no digests, no record of the last build) changes nothing.
    docs = snapshot(cfg.docs)
    (cfg.cache / build_module.PAGE_DIGESTS).unlink()
    (cfg.cache / "build.json").unlink()
    rendered.clear()
    report = build(cfg, site=False)
    assert set(rendered) == every | new
    assert report.pages.startswith("Pages: 0 written") and snapshot(cfg.docs) == docs


def test_a_page_edited_in_the_docs_folder_is_made_again(project: Path) -> None:
    """Pages are kept only while the docs folder is as the render that wrote them left it."""
    cfg = Config.load(project)
    build(cfg, site=False)
    page = cfg.docs / "countries" / "KZ.md"
    text = page.read_text(encoding="utf-8")
    page.write_text("edited by hand\n", encoding="utf-8")
    add_article(project)
    build(cfg, site=False)
    assert page.read_text(encoding="utf-8") == text


def test_a_build_leaves_the_garbage_collector_as_it_found_it(project: Path) -> None:
    before = gc.get_threshold()
    build(Config.load(project), site=False)
    assert gc.get_threshold() == before


@pytest.mark.parametrize("spelling", ["docs", "./docs", "x/../docs", "absolute"])
def test_a_folder_state_is_the_same_however_its_path_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spelling: str) -> None:
    """The docs and site states a build records are compared with the next build's: they are
    the digest of each file's path relative to the folder (as os.path.relpath gives it), size
    and modification time."""
    for name in ("index.md", "a/b/page.md", "a/c.md", "z/x.csv"):
        (tmp_path / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / name).write_text(name, encoding="utf-8")
    (tmp_path / "x").mkdir()
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "docs" if spelling == "absolute" else Path(spelling)
    h = hashlib.sha256()
    for p, (mtime, size) in manifest.file_states(folder).items():
        h.update(f"{os.path.relpath(p, folder)}\0{size}\0{mtime}\n".encode())
    assert manifest.tree_state(folder) == h.hexdigest() == manifest.tree_state(tmp_path / "docs")


def test_a_touched_site_is_built_again(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = Config.load(project)
    build(cfg, site=True, quiet=True)
    (cfg.site / "index.html").unlink()
    runs: list[bool] = []
    real = site_module.run_mkdocs
    monkeypatch.setattr(site_module, "run_mkdocs",
                        lambda *a, **k: runs.append(True) or real(*a, **k))
    build(cfg, site=True, quiet=True)
    assert runs and (cfg.site / "index.html").exists()


def test_a_hand_edit_is_seen_even_with_the_same_size_and_time(project: Path,
                                                             parsed: list[str]) -> None:
    cfg = Config.load(project)
    build(cfg, site=False)
    path = cfg.relations / "KZ-US.yaml"
    text = path.read_text(encoding="utf-8")
    stat = path.stat()
    first = store.plain(store.read_pair_file(path, {"KZ", "US", "RU", "SU"})[0].doc)["facts"][0]
    edited = text.replace(first["text"], first["text"][::-1], 1)   # same length, new content
    assert len(edited) == len(text) and edited != text
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    parsed.clear()
    build(cfg, site=False)
    assert parsed == ["KZ-US.yaml"]
    page = (cfg.docs / "pairs/KZ-US.md").read_text(encoding="utf-8")
    reversed_words = first["text"][::-1].split()[0]
    assert "".join(ch for ch in reversed_words if ch.isalnum()) in page
    assert "status: edited" in path.read_text(encoding="utf-8")


def test_a_broken_edit_is_reported_although_the_file_was_cached(project: Path) -> None:
    cfg = Config.load(project)
    build(cfg, site=False)
    path = cfg.relations / "KZ-US.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("topic: ", "topic: x", 1),
                    encoding="utf-8")
    with pytest.raises(Exception, match=r"KZ-US.yaml:\d+: topic 'x"):
        build(cfg, site=False)


def test_the_merge_gives_the_same_files_without_the_build_memory(project: Path) -> None:
    """Skipping a merge is safe only because merging again would change nothing."""
    cfg = Config.load(project)
    build(cfg, site=False)
    before = snapshot(cfg.relations)
    (cfg.cache / "build.json").unlink()
    shutil.rmtree(cfg.cache / "relations")
    report = build(cfg, site=False)
    assert report.pairs_changed == []
    assert snapshot(cfg.relations) == before


def test_an_extraction_failure_skips_the_article_with_a_warning(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: Any, **kwargs: Any) -> NoReturn:
        raise ValueError("broken rule")

    monkeypatch.setattr("dossier.extract.facts", boom)
    add_article(project)
    report = build(Config.load(project), site=False)
    assert report.extracted == 0
    assert len([w for w in report.warnings if "extraction failed" in w]) == 2


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_shows_counts_and_rate_on_a_terminal() -> None:
    out = _Terminal()
    assert list(progress(range(50), 50, file=out)) == list(range(50))
    text = out.getvalue()
    assert "/50 [" in text and "article/s" in text      # count of total, rate


def test_the_progress_bar_is_quiet_when_not_a_terminal() -> None:
    out = io.StringIO()
    assert list(progress(range(50), 50, file=out)) == list(range(50))
    assert out.getvalue() == ""


def test_no_progress_bar_for_a_few_articles() -> None:
    out = _Terminal()
    list(progress(range(3), 3, file=out))
    assert out.getvalue() == ""


def test_a_failed_site_build_leaves_the_previous_site_whole(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = Config.load(project)
    build(cfg, site=True, quiet=True)
    before = snapshot(cfg.site)

    def broken(cfg: Config, *, quiet: bool = False, site_dir: Path | None = None,
               previous: Path | None = None) -> None:
        assert site_dir is not None and site_dir != cfg.site
        site_dir.mkdir()
        (site_dir / "index.html").write_text("half a site", encoding="utf-8")
        raise build_module.DossierError("the site build failed")

    monkeypatch.setattr(site_module, "run_mkdocs", broken)
    (cfg.site / "404.html").unlink()          # the site must be built again
    before.pop(cfg.site / "404.html")
    with pytest.raises(build_module.DossierError):
        build(cfg, site=True, quiet=True)
    assert snapshot(cfg.site) == before
    monkeypatch.undo()
    build(cfg, site=True, quiet=True)
    assert (cfg.site / "404.html").exists()
    assert not list(project.glob(".site.building"))


def test_a_broken_link_fails_the_site_build_with_mkdocs_message(project: Path) -> None:
    """MkDocs runs with --strict: a warning fails the build, and says why."""
    cfg = Config.load(project)
    home = project / "templates" / "home.md.j2"
    home.write_text(home.read_text(encoding="utf-8") + "\n[broken](no-such-page.md)\n",
                    encoding="utf-8")
    with pytest.raises(build_module.DossierError, match="no-such-page.md") as info:
        build(cfg, site=True, quiet=True)
    assert "site build failed" in str(info.value)
    assert not cfg.site.exists()              # nothing half-built was published
