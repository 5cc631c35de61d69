"""The extraction cache: keyed by article text and extractor version."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
from conftest import ROOT

from dossier import build as build_module
from dossier import thresholds
from dossier.build import build
from dossier.config import Config


def test_unchanged_articles_come_from_the_cache(project: Path) -> None:
    cfg = Config.load(project)
    first = build(cfg, site=False)
    assert (first.extracted, first.cached) == (1, 0)
    second = build(cfg, site=False)
    assert (second.extracted, second.cached) == (0, 1)
    (project / "content/articles/b.txt").write_text(
        " date 2023-05-02 Germany and France agreed to share gas supplies.", encoding="utf-8")
    third = build(cfg, site=False)
    assert (third.extracted, third.cached) == (1, 1)
    assert (project / "content/relations/DE-FR.yaml").exists()


def test_a_rule_change_inside_an_extraction_package_invalidates_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "dossier"
    shutil.copytree(ROOT / "dossier" / "extract", package / "extract",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (package / "data").symlink_to(ROOT / "dossier" / "data")
    monkeypatch.setattr(build_module, "HERE", package)
    before = build_module._extractor_digest.__wrapped__()
    rules = package / "extract" / "quotes" / "cues.py"
    rules.write_text(rules.read_text(encoding="utf-8") + "# a changed rule\n", encoding="utf-8")
    assert build_module._extractor_digest.__wrapped__() != before


@pytest.mark.parametrize("name, value, invalidates", [
    ("SCARE_WORDS", 9, True),              # what a quote is: every article again
    ("SURNAME_NEAR", 11, True),
    ("CLUSTER_JACCARD", 0.5, False),       # how records group: the cache stays
    ("MAX_QUOTE_COUNTRIES", 5, False),
])
def test_only_extraction_thresholds_invalidate_the_cache(
        monkeypatch: pytest.MonkeyPatch, name: str, value: float, invalidates: bool) -> None:
    before = build_module._extractor_digest.__wrapped__()
    monkeypatch.setattr(thresholds, name, value)
    assert (build_module._extractor_digest.__wrapped__() != before) is invalidates


def test_every_threshold_the_extractors_read_is_in_their_cache_key() -> None:
    imported = set()
    for path in (ROOT / "dossier" / "extract").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("thresholds"):
                imported |= {alias.name for alias in node.names}
    assert imported and imported <= set(thresholds.EXTRACTION)
