"""Shared fixtures: the real spaCy pipeline loaded once per session, and throwaway projects."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from dossier import countries, nlp
from dossier.extract import extract
from dossier.extract.facts import Candidate, candidates
from dossier.extract.mentions import mentions

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "content" / "articles" / "2022-03-21-us-kazakhstan-ties.txt"
CORPORA = ROOT.parent / "shared" / "corpora"

Record = dict[str, Any]
#: ``run(text, date=None)``: the extraction record of a text, as the build makes it.
Run = Callable[..., Record]
#: ``related(text)``: the candidates of a text whose countries the parse relates.
Related = Callable[[str], list[Candidate]]


@pytest.fixture(scope="session")
def pipeline() -> Language:
    return nlp.load()


@pytest.fixture(scope="session")
def run(pipeline: Language) -> Run:
    """Extract from a text the way the build does: ``run(text, date=None) -> record``."""
    gaz = countries.load()
    matcher, forms = nlp.matcher(pipeline)

    def _run(text: str, date: str | None = None) -> dict[str, Any]:
        return extract(pipeline(text), gaz=gaz, matcher=matcher, forms=forms, date=date)

    return _run


@pytest.fixture(scope="session")
def related(pipeline: Language) -> Related:
    """What the parse and the event dictionary say of a text, before the relevance model judges
    it: ``related(text) -> [Candidate]`` for the pairs the parse relates."""
    gaz = countries.load()
    matcher, forms = nlp.matcher(pipeline)

    def _related(text: str) -> list[Candidate]:
        doc = pipeline(text)
        found = list(mentions(doc, matcher=matcher, forms=forms, gaz=gaz, date=None))
        return list(candidates(doc, found, with_features=False, linked_only=True))

    return _related


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


# ------------------------------------------------------------------ files a build cannot read

NOBODY = 65534


def shared_folder(prefix: str) -> Path:
    """A temporary folder another user can enter: pytest's own are private to their owner."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix=prefix))
    folder.chmod(0o755)
    return folder


def run_dossier(root: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """``python -m dossier ARGS`` in ``root`` as a user a ``chmod 000`` shuts out.

    Root reads any file whatever its mode, so as root the command runs as ``nobody``, the
    project handed over to it first; as anyone else it runs as that user."""
    import os

    prefix: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("root reads any file: util-linux's setpriv is needed to run as nobody")
        for path in [root, *root.rglob("*")]:
            os.lchown(path, NOBODY, NOBODY)
        # util-linux's setpriv rather than subprocess's user=: the interpreter may live under
        # /root, which setpriv's child still starts from.
        prefix = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    env = {**os.environ, "HOME": str(root), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([*prefix, sys.executable, "-m", "dossier", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=timeout)
