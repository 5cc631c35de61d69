"""Facts as events: one event reported by several articles is one fact with several sources, a
verified fact gains new reports without changing, files written before events were coded upgrade
without losing an edit, and the pair page groups facts by CAMEO event type."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from dossier.build import Report, build
from dossier.config import Config

PAIR = Path("content/relations/FR-JP.yaml")
FIRST = (" date 2024-05-06 Japan signed a trade agreement with France on Monday, cutting tariffs on "
         "wine and cars.\nThe deal follows two years of talks.\n")
UPDATE = (" date 2024-05-07 Japan signed a trade agreement with France on Monday, cutting tariffs on "
          "wine, cheese and cars, the trade ministry said.\nFarmers protested in Lyon.\n")
OTHER = (" date 2024-05-20 France expelled two Japanese diplomats accused of spying on its "
         "shipyards.\n")


def _project(tmp_path: Path, *texts: tuple[str, str]) -> Path:
    from conftest import make_project

    root = make_project(tmp_path / "project")
    for sample in (root / "content" / "articles").iterdir():
        sample.unlink()
    for name, text in texts:
        (root / "content" / "articles" / name).write_text(text, encoding="utf-8")
    return root


def _build(root: Path) -> Report:
    return build(Config.load(root), site=False)


def _facts(root: Path) -> list[Any]:
    return list(YAML().load((root / PAIR).read_text(encoding="utf-8"))["facts"])


def _save(root: Path, facts: list[Any]) -> None:
    yaml = YAML()
    doc = yaml.load((root / PAIR).read_text(encoding="utf-8"))
    doc["facts"] = facts
    with open(root / PAIR, "w", encoding="utf-8") as fh:
        yaml.dump(doc, fh)


def _agreement(facts: list[Any]) -> Any:
    found = [f for f in facts if "trade agreement" in f["text"]]
    assert len(found) == 1, [f["text"] for f in facts]
    return found[0]


def test_an_event_reported_by_two_articles_is_one_fact_with_two_sources(tmp_path: Path) -> None:
    root = _project(tmp_path, ("a.txt", FIRST), ("b.txt", UPDATE), ("c.txt", OTHER))
    _build(root)
    facts = _facts(root)
    fact = _agreement(facts)
    assert fact["text"].startswith("Japan signed a trade agreement with France on Monday, cutting "
                                   "tariffs on wine and cars")       # the first report's words
    assert len({s["article"] for s in fact["sources"]}) == 2
    # A different event of the same pair stays a fact of its own.
    assert any("expelled" in f["text"] for f in facts)


def test_facts_carry_actor_target_event_and_relevance(tmp_path: Path) -> None:
    root = _project(tmp_path, ("a.txt", FIRST))
    _build(root)
    fact = _agreement(_facts(root))
    assert fact["actor"] == {"country": "JP", "sector": "GOV"}
    assert fact["target"] == {"country": "FR", "sector": "GOV"}
    event = fact["event"]
    assert set(event) == {"code", "label", "quad_class", "goldstein"}
    assert isinstance(event["code"], str) and 1 <= int(event["code"][:2]) <= 20
    assert event["quad_class"] in (1, 2, 3, 4) and -10 <= event["goldstein"] <= 10
    assert fact["relevance"] is None or 0 <= fact["relevance"] <= 1


def test_a_verified_fact_gains_a_new_report_without_changing(tmp_path: Path) -> None:
    root = _project(tmp_path, ("a.txt", FIRST))
    _build(root)
    facts = _facts(root)
    fact = _agreement(facts)
    fact["text"] = "Japan and France signed a trade agreement (checked)."
    fact["status"] = "verified"
    _save(root, facts)
    (root / "content/articles/b.txt").write_text(UPDATE, encoding="utf-8")
    _build(root)
    after = next(f for f in _facts(root) if f["id"] == fact["id"])
    assert after["text"] == "Japan and France signed a trade agreement (checked)."
    assert after["status"] == "verified"
    assert len({s["article"] for s in after["sources"]}) == 2
    assert not [f for f in _facts(root) if "cheese" in f["text"]]     # not a fact of its own


def test_a_file_written_before_events_upgrades_and_keeps_edits(tmp_path: Path) -> None:
    root = _project(tmp_path, ("a.txt", FIRST), ("c.txt", OTHER))
    _build(root)
    # Make the file and its base look as the previous version wrote them: actor and target as
    # plain codes, no event, no relevance; then a person edits one actor.
    facts = _facts(root)
    base_path = root / "content/relations/.base/FR-JP.json"
    base = json.loads(base_path.read_text(encoding="utf-8"))
    for f in facts:
        for key in ("event", "relevance"):
            f.pop(key, None)
        for key in ("actor", "target"):
            if f.get(key):
                f[key] = f[key]["country"]
    for entry in base["entries"]["facts"].values():
        for key in ("event", "relevance"):
            entry.pop(key, None)
        for key in ("actor", "target"):
            if entry.get(key):
                entry[key] = entry[key]["country"]
    base.pop("checksum", None)       # bases written before checksums are read as well
    base_path.write_text(json.dumps(base), encoding="utf-8")
    expelled = next(f for f in facts if "expelled" in f["text"])
    expelled["actor"] = "JP"         # a person's correction, in the old shape
    _save(root, facts)
    _build(root)
    after = _facts(root)
    upgraded = _agreement(after)
    assert upgraded["actor"] == {"country": "JP", "sector": "GOV"} and upgraded["event"]
    kept = next(f for f in after if f["id"] == expelled["id"])
    assert kept["actor"] == "JP" and kept["status"] == "edited"
    assert kept["event"]             # the new field is filled in beside the edit


def test_the_pair_page_groups_facts_by_event_type(tmp_path: Path) -> None:
    root = _project(tmp_path, ("a.txt", FIRST), ("b.txt", UPDATE), ("c.txt", OTHER))
    _build(root)
    page = (root / "build/docs/pairs/FR-JP.md").read_text(encoding="utf-8")
    facts = _facts(root)
    from dossier.extract.events import codebook

    headings = [line for line in page.splitlines() if line.startswith("### ")]
    for f in facts:
        root_code = f["event"]["code"][:2]
        assert any(codebook()[root_code][0] in h and root_code in h for h in headings), headings
        assert f'class="quad-badge quad-{f["event"]["quad_class"]}"' in page
    assert "2 reports" in page
    assert "## Cooperation and conflict" in page and "dossier-quad" in page
