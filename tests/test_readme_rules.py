"""Every example the README gives of an extraction rule is a case in that rule's test table.

The README's sections on countries and pairs quote the phrases each rule handles ("Bank of Japan",
"the two countries" …). A phrase added there without a case here fails this test, so the README
never promises what no test checks."""

from __future__ import annotations

import re
from types import ModuleType

import pytest
import test_mentions
import test_pairs
from conftest import ROOT


def section(title: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end > 0 else None]


def examples(text: str) -> list[str]:
    """The quoted phrases of a README section, but for the names of other sections it cites."""
    headings = set(re.findall(r"^#+ (.+)$", (ROOT / "README.md").read_text(encoding="utf-8"), re.M))
    found = re.findall(r'"([^"\n]+)"|“([^”\n]+)”', text)
    return [a or b for a, b in found if (a or b) not in headings]


def case_texts(*modules: ModuleType) -> list[str]:
    """The text of every case in the modules' tables: module-level lists of tuples whose first
    item is the text the extractor reads."""
    return [case[0] for m in modules for table in vars(m).values()
            if isinstance(table, list) for case in table
            if isinstance(case, tuple) and case and isinstance(case[0], str)]


def covered(phrase: str, texts: list[str]) -> bool:
    """The phrase stands in a case as a whole word run; only its first letter's case may differ
    (the README quotes "both sides" from inside a sentence that the case starts with)."""
    first = re.escape(phrase[0])
    pattern = rf"(?<!\w)(?:{first}|{first.swapcase()}){re.escape(phrase[1:])}(?!\w)"
    return any(re.search(pattern, t) for t in texts)


COUNTRY_EXAMPLES = examples(section("Countries"))


def test_the_countries_section_gives_examples() -> None:
    assert len(COUNTRY_EXAMPLES) >= 15          # the scan finds them, so the test below can fail


@pytest.mark.parametrize("phrase", COUNTRY_EXAMPLES)
def test_each_country_rule_example_has_a_case(phrase: str) -> None:
    assert covered(phrase, case_texts(test_mentions, test_pairs)), (
        f"README (Countries) cites {phrase!r}, which no case in tests/test_mentions.py or "
        "tests/test_pairs.py contains: add one to the table of its rule")


@pytest.mark.parametrize("phrase, text, expected", [
    ("both sides", "Both sides agreed.", True),
    ("us", "Russia and the US met.", False),
    ("US", "Russia and the US met.", True),
])
def test_coverage_means_a_whole_phrase(phrase: str, text: str, expected: bool) -> None:
    assert covered(phrase, [text]) is expected
