"""Quotes as a whole (``dossier.extract.quotes``): a real article, and the README's quote rules
each covered by a case of the tables in ``fixtures/quotes/`` (run by ``test_quotes_*.py``)."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, SAMPLE
from quote_cases import FIXTURES, Case, Run, tables

from dossier.ingest import read_article


def test_reported_speech_in_a_real_article(run: Run) -> None:
    art = read_article(SAMPLE)
    rec = run(art.text, art.date)
    cues = {(q["cue"], q["kind"]) for q in rec["quotes"]}
    assert ("said", "indirect") in cues and ("accused", "indirect") in cues
    tokayev = [q for q in rec["quotes"]
               if q["cue"] == "accused" and q["speaker"] == "Kassym-Jomart Tokayev"]
    assert tokayev and tokayev[0]["speaker_country"] == "KZ"
    assert any(q["speaker"] == "critics" for q in rec["quotes"])   # "critics are of the view"
    for q in rec["quotes"]:
        assert art.text[q["start"]:q["end"]] == q["content"]


# ------------------------------------------------------------------ the README's rules have cases

# An example of the README's "## Quotes" section is a phrase in straight double quotation marks
# there; one that stands for a quote with its tag ("…," Ortiz continued) runs on to the next ")"
# or ";". A case covers an example when the example's words, cut at each "…" and each
# placeholder X, all occur in the case's text in that order (ignoring case, spacing and whether
# marks are curly or straight); an example worded otherwise than every case (other names, a
# shorter phrase) is listed here with the id of the case that covers it.
COVERED_BY = {
    '"Ortiz replied: "': "after-a-colon",
    '"Lopez: Ruiz Has ‘A Long Way To Go’"': "a-quote-later-in-the-line",
    '"…," Ortiz continued': "any-verb-in-the-tag",
    '"…," the judge said, according to the Post': "relaying-a-tag",
    '"She continued, “…”"': "a-short-lead-in",
    '"…," Ruiz, a top Lopez ally, said': "a-speaker-with-an-apposition",
    '"… - Ana Ortiz: “…”"': "a-digest-names-whom-it-quotes-before-the-colon",
    '"Meet the Press"': "programme-title",
    '"in his book, “A Farmer’s Son.”"': "title-takes-the-sentences-full-stop",
    '"X\'s view is that …"': "a-view-that-belongs-to-someone",
    '"Lopez told reporters she thought Ruiz had “made up the figures”"':
        "a-quote-inside-nested-cues-is-the-outer-speakers",
    '"When X attacked the judge, …"': "a-clause-of-time-reports-nothing",
    '"draw"': "a-rare-cue-that-mostly-reports-nothing-is-left-out",
    '"Lopez and Ruiz"': "fellow-speakers-share-the-phrase",
    '"legislation that would allow …"': "a-thing-named-by-that-or-which-does-not-speak",
    '"the delay led officials to say …"': "who-is-led-to-say-something-says-it",
    '"Lopez was greeted by Ruiz and said …"': "a-verb-coordinated-with-a-passive-one-is-its-subjects",
    '"sent an email to supporters stating …"': "an-email-speaks-for-whoever-sent-it",
    '"In a Lima Institute poll, 8 percent said …"':
        "a-share-of-respondents-speaks-through-the-poll-named-first",
    '"Farmers pointed to what they called …"': "a-pronoun-in-a-what-clause-is-the-subject-outside-it",
    '"Lopez replied by saying she …"': "a-pronoun-in-a-complement-clause-is-the-subject-outside",
    '"LIMA (AP) — …"': "a-dateline-is-never-the-speaker",
    '"Kassem Tokayev"': "a-misspelt-leader-is-the-one-whose-country-is-named",
    '"a State Department spokesman"': "role-and-country-from-the-phrase",
}


def readme_examples() -> list[str]:
    """The examples of the README's "## Quotes" section, as written there."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Quotes\n", 1)[1].split("\n## ", 1)[0]
    parts = " ".join(section.split()).split('"')
    assert len(parts) % 2 == 1, "an unmatched quotation mark in the README's Quotes section"
    examples = []
    for inside, after in zip(parts[1::2], parts[2::2], strict=True):
        example = f'"{inside}"'
        if inside.strip("… ") in (",", "?", "!"):     # a quote's stand-in: the tag after it
            example += re.split(r"[);]", after, maxsplit=1)[0].rstrip()
        if _fragments(example):
            examples.append(example)
    return examples


def _normal(text: str) -> str:
    for curly, straight in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'")):
        text = text.replace(curly, straight)
    return " ".join(text.lower().split())


def _fragments(example: str) -> list[str]:
    """The words of an example between its stand-ins ("…", X), without the marks around them."""
    return [f for piece in re.split(r"…|\bX\b", example)
            if (f := _normal(piece).strip(" \"',.;!?"))]


def _covers(text: str, example: str) -> bool:
    at, text = 0, _normal(text)
    for fragment in _fragments(example):
        at = text.find(fragment, at)
        if at < 0:
            return False
        at += len(fragment)
    return True


def all_cases() -> dict[str, Case]:
    """Every case of the tables in tests/fixtures/quotes/, by id."""
    found: dict[str, Case] = {}
    for path in sorted(FIXTURES.glob("*.yaml")):
        for c in (c for cases in tables(path.stem).values() for c in cases):
            assert c.id not in found, f"two cases are called {c.id}"
            found[c.id] = c
    return found


def test_every_readme_example_has_a_case() -> None:
    cases, examples = all_cases(), readme_examples()
    missing = [e for e in examples if e not in COVERED_BY
               and not any(_covers(c.text, e) for c in cases.values())]
    assert missing == [], "README examples with no case: add a case, or list it in COVERED_BY"
    assert [e for e in COVERED_BY if e not in examples] == [], "COVERED_BY lists a gone example"
    assert [i for i in COVERED_BY.values() if i not in cases] == [], "COVERED_BY names no case"


@pytest.mark.parametrize("text, example, covered", [
    ("“We will win,” Lopez continued.", '"…," Lopez continued', True),
    ("Lopez continued: “We will win.”", '"…," Lopez continued', True),
    ("“We will win,” Ortiz continued.", '"…," Lopez continued', False),
    ("According to Ruiz, the port is fine.", '"according to X"', True),
    ("The port is fine, Ruiz said.", '"according to X"', False),
    ("Ruiz said it: the port is fine.", '"Ruiz said …: the port"', True),
    ("The port is fine: Ruiz said it.", '"Ruiz said …: the port"', False),
])
def test_the_matching_rule(text: str, example: str, covered: bool) -> None:
    assert _covers(text, example) is covered
