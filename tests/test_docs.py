"""The documentation stays true to the code: the architecture page names every module, and the
README links it."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT

ARCHITECTURE = ROOT / "docs" / "architecture.md"


def _modules() -> list[Path]:
    return sorted(p for folder in ("dossier", "dossier/extract") for p in (ROOT / folder).glob("*.py")
                  if p.name not in ("__main__.py",) and not (p.name == "__init__.py"
                                                            and folder == "dossier"))


def test_the_architecture_page_names_every_module() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    missing = [p.relative_to(ROOT).as_posix() for p in _modules() if f"`{p.name}`" not in text]
    assert missing == [], f"docs/architecture.md does not describe {missing}"


def test_the_architecture_page_names_only_files_that_exist() -> None:
    import re

    text = ARCHITECTURE.read_text(encoding="utf-8")
    for path in re.findall(r"`((?:dossier|scripts|templates|tests)/[\w/.-]+\.\w+)`", text):
        assert (ROOT / path).exists(), f"docs/architecture.md names {path}, which does not exist"


def test_the_readme_links_the_architecture_page() -> None:
    assert "(docs/architecture.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
