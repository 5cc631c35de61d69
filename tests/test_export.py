"""``dossier export``: every fact of every pair file as events.csv and events.jsonl, and the same
CSV for one pair published beside its page."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dossier.build import build
from dossier.config import Config
from dossier.render import render_site
from dossier.schema import party as actor_of

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = ["pair", "fact_id", "date", "actor_country", "actor_sector", "target_country",
           "target_sector", "cameo_code", "cameo_label", "quad_class", "goldstein", "topic", "tone",
           "status", "relevance", "text", "sources", "orphaned"]
JSON_KEYS = ["pair", "fact_id", "date", "actor", "target", "event", "topic", "tone", "status",
             "relevance", "text", "sources", "orphaned"]
ARTICLE = "2022-03-21-according-to-us-media-america-intends-to-allocate"   # the sample's id

# Written by hand: facts of the old shape (actor: US, no event) and the new one (actor with its
# sector, a CAMEO event, a relevance score), a rejected fact, an orphaned one, and text that a
# spreadsheet would run as a formula.
KZ_US = """\
pair: [KZ, US]
summary: ''
facts:
  - id: old-1
    text: Washington opened an embassy in Almaty.
    topic: diplomacy
    tone: cooperative
    date: '1991'
    countries: [KZ, US]
    actor: US
    target: KZ
    sources:
      - {article: art-a, sentence: 0}
      - {article: art-a, sentence: 2}
      - {article: art-b, sentence: 1}
    status: extracted
  - id: new-1
    text: Kazakhstan asked the United States for aid.
    topic: economy
    tone: cooperative
    date: '2022-03'
    countries: [KZ, US]
    actor: {country: KZ, sector: GOV}
    target: {country: US, sector: BUS}
    event: {code: "0231", label: Appeal for economic aid, quad_class: 1, goldstein: 3.4}
    relevance: 0.93
    sources:
      - {article: art-a, sentence: 3}
    status: verified
  - id: formula
    text: '=HYPERLINK("http://example.com/x","click")'
    topic: legal
    tone: conflictual
    date: null
    countries: [KZ, US]
    actor: {country: US, sector: null}
    target: null
    event: {code: "173", label: Arrest, quad_class: 4, goldstein: -5.0}
    relevance: 0.5
    sources:
      - {article: art-b, sentence: 4}
    status: edited
  - id: gone
    text: A claim whose article was deleted.
    topic: other
    tone: neutral
    date: null
    countries: [KZ, US]
    sources:
      - {article: art-gone, sentence: 0}
    status: extracted
    orphaned: true
  - id: dropped
    text: A sentence a person rejected.
    topic: other
    tone: neutral
    date: '1990'
    countries: [KZ, US]
    actor: US
    sources:
      - {article: art-a, sentence: 5}
    status: rejected
"""
RU_US = """\
pair: [RU, US]
facts:
  - id: r1
    text: '-5% in trade, said the ministry.'
    topic: economy
    tone: neutral
    date: '2001-05-02'
    countries: [RU, US]
    actor: RU
    sources:
      - {article: art-c, sentence: 1}
"""


def export(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dossier", "export", *args], cwd=root,
                          capture_output=True, text=True, timeout=300)


def write_pairs(project: Path, **files: str) -> None:
    relations = project / "content" / "relations"
    relations.mkdir(parents=True, exist_ok=True)
    for slug, text in files.items():
        (relations / f"{slug.replace('_', '-')}.yaml").write_text(text, encoding="utf-8")


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def test_actor_of_reads_both_shapes() -> None:
    assert actor_of("US") == ("US", None)
    assert actor_of({"country": "US", "sector": "GOV"}) == ("US", "GOV")
    assert actor_of({"country": "KZ"}) == ("KZ", None)
    assert actor_of({"country": None, "sector": "MIL"}) == (None, "MIL")
    assert actor_of(None) == (None, None)
    assert actor_of("") == (None, None)


def test_export_writes_every_fact_once_in_order(project: Path) -> None:
    write_pairs(project, KZ_US=KZ_US, RU_US=RU_US)
    proc = export(project)
    assert proc.returncode == 0, proc.stderr
    assert "Exported 5 fact(s) of 2 pair(s): build/export/events.csv, build/export/events.jsonl" \
        in proc.stdout
    out = project / "build" / "export"
    raw = (out / "events.csv").read_bytes()
    assert raw.startswith(",".join(COLUMNS).encode() + b"\r\n")     # RFC 4180: CRLF
    header, *rows = read_csv(out / "events.csv")
    assert header == COLUMNS
    table = [dict(zip(COLUMNS, r, strict=True)) for r in rows]
    # pair, then date (undated last), then id; the rejected fact is left out
    assert [(r["pair"], r["fact_id"]) for r in table] == [
        ("KZ-US", "old-1"), ("KZ-US", "new-1"), ("KZ-US", "formula"), ("KZ-US", "gone"),
        ("RU-US", "r1")]
    old, new, formula, gone, ru = table
    assert old == {**old, "date": "1991", "actor_country": "US", "actor_sector": "",
                   "target_country": "KZ", "cameo_code": "", "goldstein": "", "relevance": "",
                   "status": "extracted", "sources": "art-a;art-b", "orphaned": "false"}
    assert new == {"pair": "KZ-US", "fact_id": "new-1", "date": "2022-03",
                   "actor_country": "KZ", "actor_sector": "GOV", "target_country": "US",
                   "target_sector": "BUS", "cameo_code": "0231",
                   "cameo_label": "Appeal for economic aid", "quad_class": "1",
                   "goldstein": "3.4", "topic": "economy", "tone": "cooperative",
                   "status": "verified", "relevance": "0.93",
                   "text": "Kazakhstan asked the United States for aid.", "sources": "art-a",
                   "orphaned": "false"}
    # Text a spreadsheet would run is shown as text; a negative number stays a number.
    assert formula["text"] == "'" + '=HYPERLINK("http://example.com/x","click")'
    assert formula["goldstein"] == "-5.0" and float(formula["goldstein"]) == -5.0
    assert (formula["date"], formula["target_country"], formula["target_sector"]) == ("", "", "")
    assert gone["orphaned"] == "true" and gone["actor_country"] == ""
    assert ru["text"] == "'-5% in trade, said the ministry." and ru["status"] == "extracted"

    lines = (out / "events.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert all(list(r) == JSON_KEYS for r in records)
    assert [r["fact_id"] for r in records] == [r["fact_id"] for r in table]
    old_j, new_j, formula_j = records[:3]
    assert old_j["actor"] == {"country": "US", "sector": None} and old_j["event"] is None
    assert old_j["sources"] == [{"article": "art-a", "sentence": 0},
                                {"article": "art-a", "sentence": 2},
                                {"article": "art-b", "sentence": 1}]
    assert new_j["event"] == {"code": "0231", "label": "Appeal for economic aid",
                              "quad_class": 1, "goldstein": 3.4}
    assert new_j["target"] == {"country": "US", "sector": "BUS"} and new_j["relevance"] == 0.93
    assert formula_j["text"].startswith("=HYPERLINK") and formula_j["target"] is None
    assert formula_j["event"]["goldstein"] == -5.0 and formula_j["date"] is None
    assert records[3]["orphaned"] is True


def test_export_one_format_into_another_folder(project: Path) -> None:
    write_pairs(project, RU_US=RU_US)
    proc = export(project, "--format", "jsonl", "--out", "tables")
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (project / "tables").iterdir()) == ["events.jsonl"]
    assert not (project / "build" / "export").exists()


def test_broken_pair_file_stops_the_export_before_any_write(project: Path) -> None:
    write_pairs(project, RU_US=RU_US, KZ_US="pair: [KZ, US]\nfacts:\n  - id: x\n    text: 'open\n")
    proc = export(project)
    assert proc.returncode == 1
    assert re.search(r"content/relations/KZ-US\.yaml:4: YAML syntax error", proc.stderr), \
        proc.stderr
    assert "nothing was written" in proc.stderr
    assert not (project / "build" / "export").exists()
    # A fact of the new shape with a CAMEO code read as a number is refused the same way.
    write_pairs(project, KZ_US=KZ_US.replace('code: "0231"', "code: 0231"))
    proc = export(project, "--format", "csv")
    assert proc.returncode == 1
    assert "KZ-US.yaml:25: `event.code` must be text, not 231" in proc.stderr, proc.stderr
    assert not (project / "build" / "export").exists()


def test_pair_csv_follows_its_pair(tmp_path: Path) -> None:
    """Each pair's CSV is written beside its page, and goes when the pair goes."""
    import yaml

    countries = {c: {"name": c} for c in ("KZ", "RU", "US")}
    relations = [yaml.safe_load(KZ_US), yaml.safe_load(RU_US)]
    docs = tmp_path / "docs"
    render_site(docs, ROOT / "templates", relations=relations, articles=[], countries=countries)
    header, *rows = read_csv(docs / "pairs" / "KZ-US.csv")
    assert header == COLUMNS and [r[1] for r in rows] == ["old-1", "new-1", "formula", "gone"]
    assert "[Download events (CSV)](../pairs/KZ-US.csv)" in (
        docs / "pairs" / "KZ-US.md").read_text(encoding="utf-8")
    report = render_site(docs, ROOT / "templates", relations=relations[1:], articles=[],
                         countries=countries)
    assert not (docs / "pairs" / "KZ-US.csv").exists()
    assert (docs / "pairs" / "RU-US.csv").exists()
    assert report.pages_removed == 2          # the pair page and the KZ page; CSVs are no pages


@pytest.fixture
def built_site(project: Path) -> Path:
    """The sample built into a site, with a pair file of the new shape written by hand."""
    write_pairs(project, FR_KZ=f"""\
pair: [FR, KZ]
facts:
  - id: fr-1
    text: France appealed to Kazakhstan.
    topic: economy
    tone: cooperative
    date: '2022-03-21'
    countries: [FR, KZ]
    actor: {{country: FR, sector: GOV}}
    target: KZ
    event: {{code: "0231", label: Appeal for economic aid, quad_class: 1, goldstein: 3.4}}
    relevance: 0.8
    sources:
      - {{article: {ARTICLE}, sentence: 0}}
    status: verified
""")
    build(Config.load(project), site=True)        # mkdocs build --strict
    return project / "site"


def test_site_links_each_pair_csv(built_site: Path) -> None:
    for slug in ("KZ-US", "FR-KZ"):
        page = (built_site / "pairs" / slug / "index.html").read_text(encoding="utf-8")
        links = re.findall(r'href="([^"]+\.csv)"[^>]*>Download events \(CSV\)', page)
        assert links == [f"../{slug}.csv"], links
        target = (built_site / "pairs" / slug / links[0]).resolve()
        assert target == (built_site / "pairs" / f"{slug}.csv").resolve() and target.is_file()
    header, *rows = read_csv(built_site / "pairs" / "FR-KZ.csv")
    row = dict(zip(header, rows[0], strict=True))
    assert (row["actor_country"], row["actor_sector"], row["target_country"], row["goldstein"]) \
        == ("FR", "GOV", "KZ", "3.4")
    header, *rows = read_csv(built_site / "pairs" / "KZ-US.csv")
    assert header == COLUMNS and rows and {r[0] for r in rows} == {"KZ-US"}
    page = (built_site / "pairs" / "KZ-US" / "index.html").read_text(encoding="utf-8")
    shown = set(re.findall(r'id="fact-([^"]+)"', page))
    assert shown and {r[1] for r in rows} == shown           # one row per fact on the page


def test_new_fields_are_checked_like_the_old(tmp_path: Path) -> None:
    """A slip in the new fields is reported on its line, as any other schema problem."""
    from dossier import countries, store

    path = tmp_path / "KZ-US.yaml"
    path.write_text("""\
pair: [KZ, US]
facts:
  - id: a
    actor: {country: XX, sectr: GOV}
    target: {country: US, sector: 7}
    event: {code: "0231", quad_class: 7, goldstein: -12, weight: 1}
    relevance: 1.5
""", encoding="utf-8")
    _, errors = store.read_pair_file(path, set(countries.load().names))
    assert sorted(str(e).removeprefix(f"{path}:") for e in errors) == sorted([
        "4: unknown key `sectr` in `actor` (did you mean `sector`?): it would be kept but "
        "ignored (write `actor: {country: US, sector: GOV}` or just `actor: US`)",
        "4: unknown country code 'XX' (use an ISO 3166-1 alpha-2 code such as KZ, or a "
        "historical code from the README)",
        "5: `target.sector` must be text, e.g. GOV (put it in quotes)",
        "6: unknown key `weight` in `event`: it would be kept but ignored",
        "6: `event.quad_class` must be a whole number from 1 to 4, not 7",
        "6: `event.goldstein` must be a number from -10 to 10, not -12",
        "7: relevance 1.5 is not a number from 0 to 1",
    ])
