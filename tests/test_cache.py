"""The extraction cache: keyed by article text and extractor version."""

from __future__ import annotations

from pathlib import Path

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
