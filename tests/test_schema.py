"""The declaration of a pair file's fields, and what is derived from it."""

from __future__ import annotations

from typing import Any

import pytest
from ruamel.yaml import YAML

from dossier import schema


def test_every_choice_field_has_its_list() -> None:
    """A `choice` field declared without the values it may take would accept anything."""
    choice = {f.name for fields in schema.FIELDS.values() for f in fields if f.kind == "choice"}
    assert choice | {"status"} == set(schema.CHOICES)


@pytest.mark.parametrize("kind, names", [
    ("codes", ("countries", "members")),       # facts first, then entities
    ("code", ("speaker_country", "country")),
    ("party", ("actor", "target")),
    ("sources", ("sources",)),                 # in every section, named once
    ("no such kind", ()),
])
def test_named_gives_each_field_of_a_kind_once_in_declared_order(
        kind: str, names: tuple[str, ...]) -> None:
    assert schema.named(kind) == names


# A document as ruamel.yaml reads it -> the same as plain Python.
PLAIN = [
    ("pair: [KZ, US]\n", {"pair": ["KZ", "US"]}),
    ("a: {b: [1, 2.5, true, null]}\n", {"a": {"b": [1, 2.5, True, None]}}),
    ("date: 2022-03-21\n", {"date": "2022-03-21"}),              # a date is text
    ("text: 'quoted'\n", {"text": "quoted"}),
    ("1: one\n", {"1": "one"}),                                   # keys are text
]


@pytest.mark.parametrize("text, expected", PLAIN)
def test_plain(text: str, expected: dict[str, Any]) -> None:
    value = schema.plain(YAML(typ="rt").load(text))
    assert value == expected
    # ruamel's containers and strings compare equal to plain ones: their types tell them apart.
    assert {t for t in _types(value) if issubclass(t, (dict, list, str))} <= {dict, list, str}


def _types(value: Any) -> set[type]:
    """The exact types of a value and of everything in it."""
    inner = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return {type(value)}.union(*(_types(v) for v in inner))
