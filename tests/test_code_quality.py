"""The package stays clean under ruff and mypy (configured in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from conftest import ROOT


@pytest.mark.parametrize("tool, args", [
    ("ruff", ["check", "dossier", "tests", "scripts"]),
    ("mypy", ["dossier"]),
])
def test_tool_is_clean(tool: str, args: list[str]) -> None:
    if shutil.which(tool, path=str(ROOT / ".venv" / "bin")) is None and not _importable(tool):
        pytest.skip(f"{tool} is not installed")
    proc = subprocess.run([sys.executable, "-m", tool, *args], cwd=ROOT, capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _importable(name: str) -> bool:
    import importlib.util
    return importlib.util.find_spec(name) is not None
