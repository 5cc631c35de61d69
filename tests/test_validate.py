"""Validation of a pair file: every problem, each on the line a person can fix it, and only those.

Each table row is a small YAML text and every message it must give, in order, as the build and
``dossier check`` print them (``path:line: message``; the hints are a table of their own). The
build-level behaviour (nothing written, every file reported) is in ``test_bad_input.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError

from dossier import schema, validate
from dossier.errors import DossierError

PATH = Path("KZ-US.yaml")
KNOWN = {"KZ", "US", "RU"}
UNKNOWN_CODE = "unknown country code {!r}"


def problems(text: str) -> list[DossierError]:
    """What reading ``text`` as KZ-US.yaml reports, in the order ``store.read_pair_file`` checks:
    the syntax, then what no file may hold, then the schema."""
    try:
        doc = YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        return [validate.yaml_error(exc, PATH)]
    return validate.unsafe(doc, PATH) or validate.validate(doc, PATH, KNOWN)


def shown(errors: list[DossierError]) -> list[str]:
    """The messages as printed, without their hints."""
    return [str(DossierError(e.message, e.path, e.line)) for e in errors]


def at(line: int | None, message: str) -> str:
    return str(DossierError(message, PATH, line))


def facts(*lines: str) -> str:
    """A pair file whose facts are ``lines`` (the first fact starts on line 3)."""
    return "pair: [KZ, US]\nfacts:\n" + "".join(line + "\n" for line in lines)


def ignored(key: str, where: str, guess: str | None = None) -> str:
    return (f"unknown key `{key}` in {where}" + (f" (did you mean `{guess}`?)" if guess else "")
            + ": it would be kept but ignored")


# ------------------------------------------------------------------------------ the document

DOCUMENT = [
    ("a list", "- a\n", [at(None, "the file must be a mapping with `pair`, `summary`, `facts`, "
                                  "`quotes`, `entities`")]),
    ("empty", "", [at(None, "the file must be a mapping with `pair`, `summary`, `facts`, "
                            "`quotes`, `entities`")]),
    ("another pair", "pair: [KZ, RU]\n",
     [at(1, "pair ['KZ', 'RU'] does not match the file name (expected ['KZ', 'US'])")]),
    ("summary a list", "pair: [KZ, US]\nsummary: [a]\n", [at(2, "summary must be text")]),
    ("summary null", "pair: [KZ, US]\nsummary:\n", []),
    ("misspelled section", "pair: [KZ, US]\nfatcs: []\n",
     [at(2, ignored("fatcs", "the file", "facts"))]),
    ("section a mapping", "pair: [KZ, US]\nquotes: {}\n", [at(2, "`quotes` must be a list")]),
    ("item text in a flow list", "pair: [KZ, US]\nfacts: [x]\n",
     [at(2, "each item of `facts` must be a mapping")]),
    ("item text in a block list", "pair: [KZ, US]\nentities:\n  - x\n",
     [at(3, "each item of `entities` must be a mapping")]),
    ("every section empty", "pair: [KZ, US]\nsummary: ''\nfacts: []\nquotes: []\nentities: []\n",
     []),
]

# --------------------------------------------------------------------------- keys and ids

KEYS = [
    ("no id", facts("  - text: a"), [at(3, "an item of `facts` has no `id`")]),
    ("empty id", facts("  - id: ''"), [at(3, "an item of `facts` has no `id`")]),
    ("duplicate id", facts("  - id: f1", "  - id: f1"),
     [at(4, "duplicate id 'f1' in `facts` (first on line 3)")]),
    ("same id in two sections", facts("  - id: x1") + "quotes:\n  - id: x1\n", []),
    ("misspelled key", facts("  - id: f1", "    stauts: rejected"),
     [at(4, ignored("stauts", "an item of `facts`", "status"))]),
    # A key of another section is unknown here, and its value is still checked.
    ("a quote's key in a fact", facts("  - id: f1", "    kind: loud"),
     [at(4, ignored("kind", "an item of `facts`", "id")),
      at(4, "kind 'loud' is not one of direct, indirect")]),
    ("a fact's event in a quote", "pair: [KZ, US]\nquotes:\n  - id: q1\n    event: yes\n"
                                  "    relevance: 2\n",
     [at(4, ignored("event", "an item of `quotes`")),
      at(5, ignored("relevance", "an item of `quotes`"))]),
]

# ------------------------------------------------------------------------------- values

TOPICS = ", ".join(schema.CHOICES["topic"])
VALUES = [
    ("unknown topic", facts("  - id: f1", "    topic: diplomcy"),
     [at(4, f"topic 'diplomcy' is not one of {TOPICS}")]),
    ("unknown tone", facts("  - id: f1", "    tone: angry"),
     [at(4, "tone 'angry' is not one of cooperative, conflictual, neutral")]),
    # Unknown keys first, then the closed lists in their order: topic, tone, status, kind.
    ("every list of a quote", "pair: [KZ, US]\nquotes:\n  - id: q1\n    kind: loud\n"
                              "    status: done\n    topic: x\n    tone: y\n",
     [at(6, ignored("topic", "an item of `quotes`")), at(7, ignored("tone", "an item of `quotes`")),
      at(6, f"topic 'x' is not one of {TOPICS}"),
      at(7, "tone 'y' is not one of cooperative, conflictual, neutral"),
      at(5, "status 'done' is not one of extracted, edited, verified, rejected"),
      at(4, "kind 'loud' is not one of direct, indirect")]),
    ("words for a date", facts("  - id: f1", "    date: 21 March 2022"),
     [at(4, "date '21 March 2022' is not an ISO 8601 date on the calendar (YYYY, YYYY-MM or "
            "YYYY-MM-DD)")]),
    ("30 February", facts("  - id: f1", "    date: '2022-02-30'"),
     [at(4, "date '2022-02-30' is not an ISO 8601 date on the calendar (YYYY, YYYY-MM or "
            "YYYY-MM-DD)")]),
    ("month 13", facts("  - id: f1", "    date: 2022-13"),
     [at(4, "date '2022-13' is not an ISO 8601 date on the calendar (YYYY, YYYY-MM or "
            "YYYY-MM-DD)")]),
    ("dates as YAML reads them", facts("  - id: f1", "    date: 2022-03-21", "  - id: f2",
                                       "    date: 2022", "  - id: f3", "    date: null"), []),
    ("text a number", facts("  - id: f1", "    text: 1991"),
     [at(4, "`text` must be text, not int 1991")]),
    ("why a list", facts("  - id: f1", "    why: [a]"),
     [at(4, "`why` must be text, not list ['a']")]),
    ("speaker a mapping", "pair: [KZ, US]\nquotes:\n  - id: q1\n    speaker: {a: 1}\n",
     [at(4, "`speaker` must be text, not dict {'a': 1}")]),
    ("orphaned not a boolean", facts("  - id: f1", "    orphaned: yes"),
     [at(4, "`orphaned` must be true or false")]),
    ("sources a text", facts("  - id: f1", "    sources: the paper"),
     [at(4, "`sources` must be a list of {article: …, sentence: …}")]),
    ("a source of the wrong shape", facts("  - id: f1", "    sources: [{article: a, sentence: "
                                          "first}, {article: b, sentence: 1}, x]"),
     [at(4, "each source must be {article: <article id>, sentence: <number>}")] * 2),
]

# ------------------------------------------------------------------------------ countries

CODES = [
    ("countries not a list", facts("  - id: f1", "    countries: KZ"),
     [at(4, "`countries` must be a list of country codes, e.g. [KZ, US]")]),
    ("unknown code in countries", facts("  - id: f1", "    countries: [KZ, XX]"),
     [at(4, UNKNOWN_CODE.format("XX"))]),
    # In the order of the keys' declaration, whatever the order in the entry.
    ("every code of a fact", facts("  - id: f1", "    target: {country: TT, sector: GOV}",
                                   "    actor: AA", "    speaker_country: SS", "    members: [MM]",
                                   "    countries: [CC]"),
     [at(6, ignored("speaker_country", "an item of `facts`")),
      at(7, ignored("members", "an item of `facts`")),
      *(at(line, UNKNOWN_CODE.format(code))
        for line, code in ((8, "CC"), (7, "MM"), (6, "SS"), (5, "AA"), (4, "TT")))]),
    ("a quote's and an entity's codes", "pair: [KZ, US]\nquotes:\n  - id: q1\n"
                                        "    speaker_country: XX\nentities:\n  - id: e1\n"
                                        "    country: XX\n    members: [KZ, YY]\n",
     [at(4, UNKNOWN_CODE.format("XX")), at(8, UNKNOWN_CODE.format("YY")),
      at(7, UNKNOWN_CODE.format("XX"))]),
    ("actor as a code or a mapping", facts("  - id: f1", "    actor: KZ",
                                           "    target: {country: US, sector: GOV}"), []),
    ("misspelled sector", facts("  - id: f1", "    actor: {country: KZ, sectr: GOV}"),
     [at(4, ignored("sectr", "`actor`", "sector"))]),
    ("sector a number", facts("  - id: f1", "    target: {country: US, sector: 1}"),
     [at(4, "`target.sector` must be text, e.g. GOV")]),
]

# -------------------------------------------------------------------------------- events

EVENTS = [
    ("a code without quotes", facts("  - id: f1", "    event: {code: 0231}"),
     [at(4, "`event.code` must be text, not 231")]),
    ("every key out of range", facts("  - id: f1", "    event: {code: '02', quad_class: 5, "
                                     "goldstein: true, kind: x}"),
     [at(4, "unknown key `kind` in `event`: it would be kept but ignored"),
      at(4, "`event.quad_class` must be a whole number from 1 to 4, not 5"),
      at(4, "`event.goldstein` must be a number from -10 to 10, not True")]),
    ("Goldstein below the scale", facts("  - id: f1", "    event: {goldstein: -10.5}"),
     [at(4, "`event.goldstein` must be a number from -10 to 10, not -10.5")]),
    ("event not a mapping", facts("  - id: f1", "    event: yes"),
     [at(4, "`event` must be a mapping {code, label, quad_class, goldstein} or null")]),
    ("relevance above 1", facts("  - id: f1", "    relevance: 1.5"),
     [at(4, "relevance 1.5 is not a number from 0 to 1")]),
    ("relevance not a number", facts("  - id: f1", "    relevance: .nan"),
     [at(4, "relevance nan is not a number from 0 to 1")]),
    # The event's messages come before the relevance's, whatever the order in the entry.
    ("relevance before event", facts("  - id: f1", "    relevance: 2", "    event: []"),
     [at(5, "`event` must be a mapping {code, label, quad_class, goldstein} or null"),
      at(4, "relevance 2 is not a number from 0 to 1")]),
    ("a complete event", facts("  - id: f1", "    event: {code: '0231', label: Appeal for aid, "
                               "quad_class: 1, goldstein: 3.4}", "    relevance: 0.9"), []),
]

# ---------------------------------------------------------------------------- never data

UNSAFE = [
    ("a Python tag", "pair: [KZ, US]\nsummary: !!python/object/apply:os.system ['echo']\n",
     [at(2, "the tag '!!python/object/apply:os.system' is not allowed")]),
    ("a local tag", "pair: [KZ, US]\nsummary: !mine x\n", [at(2, "the tag '!mine' is not allowed")]),
    ("binary", "pair: [KZ, US]\nsummary: !!binary aGVsbG8=\n",
     [at(2, "bytes values are not allowed")]),
    ("an alias", "pair: [KZ, US]\nquotes: &q []\nentities: *q\n",
     [at(3, "aliases (*name) are not allowed")]),
]

# ---------------------------------------------------------------------------------- syntax

SYNTAX = [
    ("an unclosed quote", 'pair: [KZ, US]\nsummary: "open\nfacts: []\n',
     [at(2, "YAML syntax error: the quoted text that starts on this line is never closed "
            "(found unexpected end of stream on line 4)")]),
    ("an unclosed bracket", "pair: [KZ, US\nfacts: []\n",
     [at(1, "YAML syntax error: the [ or { opened on this line is never closed (expected ',' or "
            "']', but got ':' on line 2)")]),
    ("a tab", "pair: [KZ, US]\nfacts:\n\t- id: 1\n",
     [at(3, "YAML syntax error: found character '\\t' that cannot start any token")]),
    ("a colon in a value", facts("  - id: f1", "    text: a: b"),
     [at(4, "YAML syntax error: mapping values are not allowed here")]),
    ("a key twice", "pair: [KZ, US]\nsummary: a\nsummary: b\n",
     [at(3, 'YAML syntax error: found duplicate key "summary" with value "b" (original value: '
            '"a")')]),
]

TABLE = DOCUMENT + KEYS + VALUES + CODES + EVENTS + UNSAFE + SYNTAX


@pytest.mark.parametrize("text, expected", [c[1:] for c in TABLE], ids=[c[0] for c in TABLE])
def test_messages(text: str, expected: list[str]) -> None:
    assert shown(problems(text)) == expected


# A hint says how to fix it; a message without one says so itself.
HINTS = [
    ("- a\n", "restore it from version control or delete it to regenerate it"),
    ("pair: [KZ, RU]\n", "set `pair: [KZ, US]` or rename the file"),
    ("pair: [KZ, US]\nfatcs: []\n", "a pair file holds pair, summary, facts, quotes, entities; "
                                    "write a note of your own as a comment (# …)"),
    (facts("  - id: f1", "    stauts: x"),
     "an item of `facts` holds id, text, topic, tone, date, countries, actor, target, event, "
     "relevance, why, sources, status, orphaned; write a note of your own as a comment (# …)"),
    (facts("  - text: a"), "give it any unique id, e.g. `id: my-note-1`"),
    (facts("  - id: f1", "    date: 1 May"), 'write it in quotes, e.g. date: "1991-12-16", or null'),
    (facts("  - id: f1", "    countries: [XX]"),
     "use an ISO 3166-1 alpha-2 code such as KZ, or a historical code from the README"),
    (facts("  - id: f1", "    actor: {country: KZ, sectr: GOV}"),
     "write `actor: {country: US, sector: GOV}` or just `actor: US`"),
    (facts("  - id: f1", "    event: {code: 231}"),
     'a CAMEO code keeps its leading zero in quotes: code: "0231"'),
    (facts("  - id: f1", "    event: {label: 1}"), None),
    ("pair: [KZ, US]\nquotes: &q []\nentities: *q\n",
     "write the value out instead of referring to it"),
    ('pair: [KZ, US]\nsummary: "open\n', "close the quote or bracket, or add the missing ':'"),
    ("pair: [KZ, US]\nfacts:\n\t- id: 1\n", "fix the line (check indentation and quotes)"),
]


@pytest.mark.parametrize("text, hint", HINTS)
def test_hints(text: str, hint: str | None) -> None:
    assert [e.hint for e in problems(text)] == [hint]


# ---------------------------------------------------------------------------- file names

NAMES = [
    ("KZ-US.yaml", ("KZ", "US"), None),
    ("kz-us.yaml", None, "the file name must be <A>-<B>.yaml with two country codes in "
                         "alphabetical order"),
    ("US-KZ.yaml", None, "the file name must be <A>-<B>.yaml with two country codes in "
                         "alphabetical order"),
    ("KZ-RU-US.yaml", None, "the file name must be <A>-<B>.yaml with two country codes in "
                            "alphabetical order"),
    ("KZ-KZ.yaml", None, "a pair needs two different countries"),
    ("KZ-XX.yaml", None, "unknown country code 'XX' in the file name"),
]


@pytest.mark.parametrize("name, pair, message", NAMES)
def test_file_names(name: str, pair: tuple[str, str] | None, message: str | None) -> None:
    found, errors = validate.pair_of(Path(name), KNOWN)
    assert found == pair
    assert [(e.path, e.line, e.message) for e in errors] == (
        [(name, None, message)] if message else [])
