"""The gazetteer is read with libyaml's safe loader: the same data as PyYAML's own, faster."""

from __future__ import annotations

import pytest
import yaml

from dossier import countries


def test_the_fast_loader_reads_the_same_data() -> None:
    for path in (countries.DATA, countries.DERIVED):
        text = path.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=countries.SAFE_LOADER) == yaml.safe_load(text)


def test_the_fast_loader_constructs_no_objects() -> None:
    with pytest.raises(yaml.constructor.ConstructorError):
        yaml.load("!!python/object/apply:os.getcwd []", Loader=countries.SAFE_LOADER)
