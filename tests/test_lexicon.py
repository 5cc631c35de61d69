"""The word lists: each written without repeats (a repeated word is a slip that hides the one
meant), every word in lower case, and each topic's words its own."""

from __future__ import annotations

import ast
from collections import Counter

from conftest import ROOT

LEXICON = ROOT / "dossier" / "extract" / "lexicon.py"


def _written_lists() -> list[tuple[str, int, list[str]]]:
    """(name, line, words) of every word list as written in the source, before a set drops the
    repeats: the space-separated strings, the literal sets of strings and the keys of the literal
    mappings (a repeated key silently replaces the first) of each assignment."""
    out = []
    for node in ast.parse(LEXICON.read_text(encoding="utf-8")).body:
        if not (isinstance(node, (ast.Assign, ast.AnnAssign))):
            continue
        target = node.targets[0] if isinstance(node, ast.Assign) else node.target
        name = target.id if isinstance(target, ast.Name) else ""
        for sub in ast.walk(node.value) if node.value is not None else []:
            if isinstance(sub, ast.Constant) and isinstance(sub.value, str) and "\n" in sub.value:
                out.append((name, sub.lineno, sub.value.split()))
            elif isinstance(sub, ast.Set) and all(isinstance(e, ast.Constant) for e in sub.elts):
                out.append((name, sub.lineno,
                            [str(e.value) for e in sub.elts if isinstance(e, ast.Constant)]))
            elif isinstance(sub, ast.Dict) and all(isinstance(k, ast.Constant) for k in sub.keys):
                out.append((name, sub.lineno,
                            [str(k.value) for k in sub.keys if isinstance(k, ast.Constant)]))
    return out


def test_no_word_list_repeats_a_word() -> None:
    lists = _written_lists()
    assert len(lists) >= 15
    for _, line, words in lists:
        repeated = [w for w, n in Counter(words).items() if n > 1]
        assert repeated == [], f"lexicon.py:{line}: {repeated} written twice"


def test_words_are_lower_case_lemmas() -> None:
    from dossier.extract.lexicon import CASE_SENSITIVE

    for name, line, words in _written_lists():
        if name not in CASE_SENSITIVE:
            assert all(w == w.lower() for w in words), f"lexicon.py:{line}: {name}"


def test_a_word_names_one_topic() -> None:
    from dossier.extract.lexicon import TOPIC_WORDS

    seen: dict[str, str] = {}
    for topic, words in TOPIC_WORDS.items():
        for w in words:
            assert w not in seen, f"{w!r} is a word of both {seen[w]} and {topic}"
            seen[w] = topic
