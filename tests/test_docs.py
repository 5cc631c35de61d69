"""The documentation stays true to the code: the architecture page names every module, and the
README links it."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT

ARCHITECTURE = ROOT / "docs" / "architecture.md"


def _modules() -> list[tuple[Path, str]]:
    """Every module of dossier/ and of dossier/extract/ with its packages, and the name the page
    gives it: `build.py`, `mentions.py`, `quotes/marks.py`."""
    extract = ROOT / "dossier" / "extract"
    top = [(p, p.name) for p in (ROOT / "dossier").glob("*.py")
           if p.name not in ("__main__.py", "__init__.py")]
    return sorted(top + [(p, p.relative_to(extract).as_posix()) for p in extract.rglob("*.py")
                         if p.name != "__main__.py"])


def test_the_architecture_page_names_every_module() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    missing = [p.relative_to(ROOT).as_posix() for p, name in _modules() if f"`{name}`" not in text]
    assert missing == [], f"docs/architecture.md does not describe {missing}"


def test_the_module_list_reaches_into_packages() -> None:
    names = [name for _, name in _modules()]
    assert "build.py" in names and "mentions.py" in names and "quotes/marks.py" in names


def test_the_architecture_page_names_only_files_that_exist() -> None:
    import re

    text = ARCHITECTURE.read_text(encoding="utf-8")
    for path in re.findall(r"`((?:dossier|scripts|templates|tests)/[\w/.-]+\.\w+)`", text):
        assert (ROOT / path).exists(), f"docs/architecture.md names {path}, which does not exist"


def test_the_readme_links_the_architecture_page() -> None:
    assert "(docs/architecture.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
