"""The extraction cache: keyed by article text and extractor version."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT

from dossier import build as build_module
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


@pytest.mark.parametrize("changed", ["extract/quotes/cues.py", "thresholds.py"])
def test_a_rule_or_threshold_change_invalidates_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changed: str) -> None:
    package = tmp_path / "dossier"
    shutil.copytree(ROOT / "dossier" / "extract", package / "extract",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "dossier" / "thresholds.py", package / "thresholds.py")
    (package / "data").symlink_to(ROOT / "dossier" / "data")
    monkeypatch.setattr(build_module, "HERE", package)
    before = build_module._extractor_digest.__wrapped__()
    rules = package / changed
    rules.write_text(rules.read_text(encoding="utf-8") + "# a changed rule\n", encoding="utf-8")
    assert build_module._extractor_digest.__wrapped__() != before
