"""`python -m dossier extract --json FILE…`: its output contract (README, "`dossier extract --json`"),
and a golden file.

Regenerate the golden file after an intended change with:
    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_extract_json.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SAMPLE

from dossier import schema

FIXTURE = ROOT / "tests/fixtures/extract/two_countries_with_quote.txt"
GOLDEN = ROOT / "tests/golden/two_countries_with_quote.jsonl"
KEYS = ["path", "article", "date", "body_start", "countries", "pairs", "facts", "quotes",
        "entities"]


def extract_json(*files: Path | str, cwd: Path = ROOT) -> tuple[list[dict], subprocess.CompletedProcess]:
    proc = subprocess.run([sys.executable, "-m", "dossier", "extract", "--json", *map(str, files)],
                          cwd=cwd, capture_output=True, text=True)
    return [json.loads(line) for line in proc.stdout.splitlines()], proc


def test_contract_on_the_sample_and_a_fixture(tmp_path: Path) -> None:
    before = sorted(p.name for p in (ROOT / "content").rglob("*"))
    rows, proc = extract_json(SAMPLE, FIXTURE)
    assert proc.returncode == 0, proc.stderr
    assert [r["path"] for r in rows] == [str(SAMPLE), str(FIXTURE)]     # input order
    for row, path in zip(rows, (SAMPLE, FIXTURE), strict=False):
        assert list(row) == KEYS
        body = path.read_text(encoding="utf-8")[row["body_start"]:]
        for c in row["countries"]:
            assert list(c) == ["code", "text", "start", "end", "kind"]
            assert body[c["start"]:c["end"]] == c["text"]
        for p in row["pairs"]:
            assert p["pair"] == sorted(p["pair"]) and all(len(s) == 2 for s in p["sentences"])
        for f in row["facts"]:
            assert list(f) == ["pair", "start", "end", *schema.FACT_FIELDS[:-1]]   # not sources
            assert set(f["event"] or {}) <= set(schema.EVENT_KEYS)
        for q in row["quotes"]:
            assert body[q["start"]:q["end"]] == q["content"]
            assert q["kind"] in ("direct", "indirect")
        for e in row["entities"]:
            assert body[e["start"]:e["end"]] == e["text"]
    sample = rows[0]
    assert sample["date"] == "2022-03-21" and sample["body_start"] == len(" date 2022-03-21 ")
    assert ["KZ", "US"] in [p["pair"] for p in sample["pairs"]]
    assert sorted(p.name for p in (ROOT / "content").rglob("*")) == before   # nothing written


def test_golden_output() -> None:
    rows, proc = extract_json(FIXTURE.relative_to(ROOT))
    assert proc.returncode == 0, proc.stderr
    got = json.dumps(rows[0], ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(got, encoding="utf-8")
    assert got == GOLDEN.read_text(encoding="utf-8")


def test_unreadable_file_is_reported_in_place(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    rows, proc = extract_json(empty, FIXTURE)
    assert proc.returncode == 1
    assert rows[0]["path"] == str(empty) and "empty" in rows[0]["error"]
    assert rows[1]["article"].startswith("2024-06-12")
    assert f"{empty}" in proc.stderr
