"""Shared fixtures: the real spaCy pipeline loaded once per session, and throwaway projects."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from dossier import countries, nlp
from dossier.extract import extract

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "content" / "articles" / "2022-03-21-us-kazakhstan-ties.txt"
CORPORA = ROOT.parent / "shared" / "corpora"


@pytest.fixture(scope="session")
def pipeline():  # type: ignore[no-untyped-def]
    return nlp.load()


@pytest.fixture(scope="session")
def run(pipeline):  # type: ignore[no-untyped-def]
    """Extract from a text the way the build does: ``run(text, date=None) -> record``."""
    gaz = countries.load()
    matcher, forms = nlp.matcher(pipeline)

    def _run(text: str, date: str | None = None) -> dict[str, Any]:
        return extract(pipeline(text), gaz=gaz, matcher=matcher, forms=forms, date=date)

    return _run


def make_project(root: Path) -> Path:
    """A fresh copy of the project's configuration and templates with the sample article."""
    (root / "content" / "articles").mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "templates", root / "templates")
    shutil.copy(SAMPLE, root / "content" / "articles" / SAMPLE.name)
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")
