"""The whole path on the sample: build, then the published site with `mkdocs build --strict`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

from dossier.build import build
from dossier.config import Config


def test_sample_site_cites_real_sentences(project: Path) -> None:
    report = build(Config.load(project), site=True)     # runs mkdocs build --strict
    assert "KZ-US" in report.pairs
    site = project / "site"
    pair_html = (site / "pairs/KZ-US/index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="\.\./\.\./sources/([^/"]+)/#(s\d+)"', pair_html)
    assert links, "the pair page cites no sentence"
    for article, anchor in set(links):
        source = (site / "sources" / article / "index.html").read_text(encoding="utf-8")
        m = re.search(rf'<span class="sentence" id="{anchor}">(.*?)</span>', source, re.S)
        assert m, f"{article}#{anchor} is not on its source page"
        sentence = unescape(re.sub(r"<[^>]+>", "", m.group(1))).split()
        words = " ".join(unescape(re.sub(r"<[^>]+>", " ", pair_html)).split())
        # The cited fact or quote shows words of the sentence it cites.
        assert any(" ".join(sentence[i:i + 5]) in words for i in range(len(sentence) - 4))
    # Quotes are grouped by speaker; a named speaker has a page with what they said.
    assert '<h3 id="kassym-jomart-tokayev-president-kazakhstan">' in pair_html
    person = (site / "persons/kassym-jomart-tokayev/index.html").read_text(encoding="utf-8")
    assert "accused" in person and "provocateurs" in person
    assert 'href="../persons/kassym-jomart-tokayev/"' in (site / "people/index.html").read_text(
        encoding="utf-8")
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    hits = [d["location"] for d in index["docs"] if "uranium" in d["text"]]
    assert any(loc.startswith("pairs/KZ-US") for loc in hits)


def test_build_command_summary_and_exit_code(project: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "dossier", "build", "--no-site"], cwd=project,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "Read 1 article(s): 1 new or changed" in proc.stdout
    assert "KZ-US" in proc.stdout
    (project / "content/relations/KZ-US.yaml").write_text("pair: [KZ, US\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "dossier", "build", "--no-site"], cwd=project,
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert "content/relations/KZ-US.yaml:" in proc.stderr and "nothing was written" in proc.stderr


def test_make_check_reports_every_problem(project: Path) -> None:
    rel = project / "content/relations"
    rel.mkdir(parents=True)
    (rel / "KZ-US.yaml").write_text("pair: [KZ, US]\nfacts:\n  - id: a\n    tone: angry\n"
                                    "  - id: a\n    status: done\n", encoding="utf-8")
    (rel / "FR-DE.yaml").write_text("pair: [FR, DE]\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "dossier", "check"], cwd=project,
                          capture_output=True, text=True)
    assert proc.returncode == 1
    err = proc.stderr
    assert "KZ-US.yaml:4: tone 'angry' is not one of cooperative, conflictual, neutral" in err
    assert "KZ-US.yaml:5: duplicate id 'a' in `facts` (first on line 3)" in err
    assert "KZ-US.yaml:6: status 'done' is not one of" in err
    assert "FR-DE.yaml: the file name must be <A>-<B>.yaml" in err
    assert "4 problem(s) found" in err


def test_offline_build_links_pages_that_open_from_disk(project: Path) -> None:
    import dataclasses

    cfg = dataclasses.replace(Config.load(project), offline=True)
    build(cfg, site=True)
    site = project / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="pairs/KZ-US.html"' in home and 'href="countries/KZ.html"' in home
    assert (site / "pairs/KZ-US.html").exists() and not (site / "pairs/KZ-US").exists()
    # The pair's events as CSV, beside its page, linked from it (page.html: same folder).
    assert 'href="KZ-US.csv"' in (site / "pairs/KZ-US.html").read_text(encoding="utf-8")
    assert (site / "pairs/KZ-US.csv").read_text(encoding="utf-8").startswith("pair,fact_id,")
    for href in re.findall(r'href="([^"#?]+)', home):
        if not href.startswith(("http", "mailto:", "data:")):
            assert (site / href).exists(), href      # every local link resolves on disk


def test_zensical_builds_the_same_site(project: Path) -> None:
    import shutil

    exe = shutil.which("zensical", path=str(Path(sys.executable).parent))
    if exe is None:
        import pytest
        pytest.skip("zensical is not installed")
    build(Config.load(project), site=False)
    proc = subprocess.run([exe, "build", "-f", "mkdocs.yml"], cwd=project, capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    pair = (project / "site/pairs/KZ-US/index.html").read_text(encoding="utf-8")
    assert "uranium" in pair and 'class="sentence"' not in pair
    source = next((project / "site/sources").glob("*/index.html")).read_text(encoding="utf-8")
    assert 'id="s5"' in source
