"""Country flags are pictures shipped with the site (flag-icons, MIT), never emoji."""

from __future__ import annotations

import re
from pathlib import Path

from dossier import countries

FLAGS = Path(__file__).resolve().parents[1] / "templates" / "assets" / "flags"
REGIONAL_INDICATORS = re.compile("[\U0001F1E6-\U0001F1FF]")


def test_every_current_gazetteer_code_has_a_flag_file() -> None:
    gaz = countries.load()
    current = [c for c in gaz.names if c not in gaz.historical]
    assert len(current) > 240
    missing = [c for c in current if not (FLAGS / f"{gaz.flag(c)}.svg").is_file()]
    assert missing == []


def test_only_the_gazetteer_flags_and_their_licence_ship() -> None:
    gaz = countries.load()
    shipped = {p.name for p in FLAGS.iterdir()}
    assert shipped == {f"{gaz.flag(c)}.svg" for c in gaz.names if gaz.flag(c)} | {"LICENSE"}
    assert "MIT License" in (FLAGS / "LICENSE").read_text(encoding="utf-8")


def test_the_flag_files_are_plain_pictures() -> None:
    """No script and nothing fetched from elsewhere (an <img> would not run or load them anyway)."""
    for svg in FLAGS.glob("*.svg"):
        text = svg.read_text(encoding="utf-8")
        assert text.lstrip().startswith("<svg"), svg.name
        assert "<script" not in text and "url(http" not in text, svg.name
        assert not re.search(r'href="(?!#)', text), svg.name


def test_flag_names_a_picture_not_an_emoji() -> None:
    gaz = countries.load()
    assert gaz.flag("KZ") == "kz" and gaz.flag("XK") == "xk"
    for historical in ("SU", "YU", "CS", "DD"):
        assert historical in gaz.historical and gaz.flag(historical) == ""
    assert gaz.flag("K1") == "" and gaz.flag("KAZ") == "" and gaz.flag("ÄB") == ""
    info = gaz.country_info()
    assert not any(REGIONAL_INDICATORS.search(c["flag"] + c["name"]) for c in info.values())
