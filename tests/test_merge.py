"""The five rules of the YAML per pair: edits kept, deletions and rejections final, comments
kept, errors as path:line before any write, atomic files."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from dossier.build import Report, build
from dossier.config import Config
from dossier.errors import DossierError

PAIR = Path("content/relations/KZ-US.yaml")


def rebuild(root: Path, *, wipe_cache: bool = False) -> Report:
    if wipe_cache:
        shutil.rmtree(root / ".cache", ignore_errors=True)
    return build(Config.load(root), site=False)


def load(root: Path) -> Any:
    return YAML().load((root / PAIR).read_text(encoding="utf-8"))


def save(root: Path, doc: Any) -> None:
    with open(root / PAIR, "w", encoding="utf-8") as fh:
        YAML().dump(doc, fh)


def edit(root: Path, *changes: tuple[str, str]) -> str:
    """Change the pair file's text as a person would in an editor (the first place each old text
    is found); the new text."""
    path = root / PAIR
    text = path.read_text(encoding="utf-8")
    for old, new in changes:
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def ids(doc: Any, section: str = "facts") -> list[str]:
    return [str(e["id"]) for e in doc[section]]


def test_first_build_writes_the_pair_file(project: Path) -> None:
    report = rebuild(project)
    doc = load(project)
    assert list(doc["pair"]) == ["KZ", "US"] and doc["summary"] == ""
    assert len(doc["facts"]) >= 4
    assert all(e["status"] == "extracted" for e in doc["facts"])
    assert "KZ-US" in report.pairs_changed
    # Rebuilding with nothing changed leaves the file alone, byte for byte.
    files = sorted(p for p in (project / "content/relations").rglob("*") if p.is_file())
    before = [f.read_bytes() for f in files]
    for _ in range(2):
        report = rebuild(project)
        assert report.pairs_changed == []
        assert [f.read_bytes() for f in files] == before     # YAML and .base files alike


def test_edited_field_is_kept_and_the_rest_still_updates(project: Path) -> None:
    rebuild(project)
    doc = load(project)
    first = doc["facts"][0]
    first["text"] = "Corrected by hand."
    first["topic"] = "culture"
    doc["summary"] = "Written by a person."
    save(project, doc)
    for wipe in (False, True):
        rebuild(project, wipe_cache=wipe)
        doc = load(project)
        fact = next(e for e in doc["facts"] if e["id"] == first["id"])
        assert fact["text"] == "Corrected by hand." and fact["topic"] == "culture"
        assert fact["status"] == "edited"
        assert doc["summary"] == "Written by a person."


def test_deleted_and_rejected_entries_never_come_back(project: Path) -> None:
    rebuild(project)
    doc = load(project)
    deleted, rejected = str(doc["facts"][0]["id"]), str(doc["facts"][1]["id"])
    del doc["facts"][0]
    doc["facts"][0]["status"] = "rejected"
    quote = str(doc["quotes"][0]["id"])
    del doc["quotes"][0]
    save(project, doc)
    for wipe in (False, True):
        rebuild(project, wipe_cache=wipe)
        doc = load(project)
        assert deleted not in ids(doc) and quote not in ids(doc, "quotes")
        assert ids(doc).count(rejected) == 1
        assert next(e for e in doc["facts"] if e["id"] == rejected)["status"] == "rejected"


def test_comments_and_key_order_survive(project: Path) -> None:
    rebuild(project)
    edit(project, ("facts:\n", "# my note on the facts\nfacts:\n"),
         ("summary: ''", "summary: ''  # to write next week"))
    doc = load(project)
    first = doc["facts"][0]
    reordered = {k: first[k] for k in reversed(list(first))}
    first.clear()
    first.update(reordered)
    save(project, doc)
    rebuild(project, wipe_cache=True)
    text = (project / PAIR).read_text(encoding="utf-8")
    assert "# my note on the facts\n" in text and "# to write next week" in text
    assert list(load(project)["facts"][0])[0] == "status"          # the person's order


def test_new_article_adds_entries_without_touching_edits(project: Path) -> None:
    rebuild(project)
    doc = load(project)
    doc["facts"][0]["tone"] = "neutral"
    save(project, doc)
    (project / "content/articles/2022-04-01-visit.md").write_text(
        "---\ntitle: Blinken visits Astana\ndate: 2022-04-01\n---\n"
        "The US Secretary of State visited Kazakhstan and signed an energy agreement.\n",
        encoding="utf-8")
    report = rebuild(project)
    assert report.extracted == 1 and report.cached == 1    # only the new article is parsed
    doc = load(project)
    assert doc["facts"][0]["tone"] == "neutral"
    assert any(s["article"].startswith("2022-04-01") for e in doc["facts"] for s in e["sources"])


def test_removed_article_drops_machine_facts_and_flags_edited_ones(project: Path) -> None:
    extra = project / "content/articles/2022-04-01-visit.md"
    extra.write_text("---\ntitle: A visit\ndate: 2022-04-01\n---\n"
                     "The United States agreed to fund student exchanges with Kazakhstan.\n"
                     "Kazakhstan accused the United States of meddling in its elections.\n",
                     encoding="utf-8")
    rebuild(project)
    doc = load(project)
    from_extra = [e for e in doc["facts"] if e["sources"][0]["article"].startswith("2022-04-01")]
    assert len(from_extra) == 2
    edited_id = from_extra[0]["id"]
    from_extra[0]["text"] = "Signed in Astana (checked)."
    save(project, doc)
    extra.unlink()
    rebuild(project)
    doc = load(project)
    left = [e for e in doc["facts"] if e["sources"][0]["article"].startswith("2022-04-01")]
    assert [e["id"] for e in left] == [edited_id] and left[0]["orphaned"] is True


def test_yaml_syntax_error_stops_the_build_before_writing(project: Path) -> None:
    rebuild(project)
    path = project / PAIR
    broken = edit(project, ("summary: ''", "summary: 'unclosed"))
    other = project / "content/relations/KZ-RU.yaml"
    before = other.read_bytes()
    with pytest.raises(DossierError) as caught:
        rebuild(project)
    message = str(caught.value)
    assert f"{path}:" in message and "YAML syntax error" in message
    assert path.read_text(encoding="utf-8") == broken and other.read_bytes() == before


def test_schema_errors_are_all_reported_with_lines(project: Path) -> None:
    rebuild(project)
    path = project / PAIR
    text = edit(project, ("topic: diplomacy", "topic: diplomcy"),
                ("countries: [KZ, US]", "countries: [KZ, XX]"))
    lines = text.splitlines()
    topic_line = next(i for i, line in enumerate(lines, 1) if "diplomcy" in line)
    with pytest.raises(DossierError) as caught:
        rebuild(project)
    message = str(caught.value)
    assert (f"{path}:{topic_line}: topic 'diplomcy' is not one of diplomacy, economy"
            in message)
    assert "unknown country code 'XX'" in message


def test_writes_leave_no_temporary_files(project: Path) -> None:
    rebuild(project)
    leftovers = [p.name for p in (project / "content/relations").rglob("*") if ".tmp" in p.name]
    assert leftovers == []


def test_build_interrupted_between_base_and_yaml_loses_nothing(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dossier import store

    rebuild(project)
    article = next((project / "content/articles").iterdir())
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("Oil-rich Kazakhstan", "oil-rich Kazakhstan"), encoding="utf-8")
    real = store.atomic_write

    def dies_on_yaml(path: Path, data: str, **kwargs: Path | None) -> None:
        if path.name == "KZ-US.yaml":
            raise KeyboardInterrupt          # the build is killed after writing the base
        real(path, data, **kwargs)

    monkeypatch.setattr(store, "atomic_write", dies_on_yaml)
    with pytest.raises(KeyboardInterrupt):
        rebuild(project)
    monkeypatch.setattr(store, "atomic_write", real)
    rebuild(project)
    doc = load(project)
    assert all(e["status"] == "extracted" for e in doc["facts"])    # nothing mistaken for an edit
    assert any("oil-rich Kazakhstan" in e["text"] for e in doc["facts"])


def test_norway_stays_a_country_for_every_yaml_reader(project: Path) -> None:
    import yaml

    (project / "content/articles/oslo.txt").write_text(
        " date 2023-01-05 Norway agreed to supply France with gas through a new pipeline.",
        encoding="utf-8")
    build(Config.load(project), site=True)
    text = (project / "content/relations/FR-NO.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(text)["pair"] == ["FR", "NO"]        # PyYAML reads YAML 1.1
    assert (project / "site/pairs/FR-NO/index.html").exists()


def test_pair_left_empty_by_the_extraction_goes_unless_a_person_wrote_in_it(project: Path) -> None:
    extra = project / "content/articles/fr-de.txt"
    extra.write_text(" date 2023-05-02 Germany and France agreed to share gas supplies.",
                     encoding="utf-8")
    rebuild(project)
    pair = project / "content/relations/DE-FR.yaml"
    assert pair.exists()
    extra.unlink()
    rebuild(project)
    assert not pair.exists() and not (project / "content/relations/.base/DE-FR.json").exists()
    extra.write_text(" date 2023-05-02 Germany and France agreed to share gas supplies.",
                     encoding="utf-8")
    rebuild(project)
    pair.write_text("# keep this pair\n" + pair.read_text(encoding="utf-8"), encoding="utf-8")
    extra.unlink()
    rebuild(project)
    assert pair.read_text(encoding="utf-8").startswith("# keep this pair")
