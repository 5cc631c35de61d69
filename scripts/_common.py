"""What the quality scripts share: the project's pipeline, gazetteer and matcher, loaded once."""

from __future__ import annotations

from typing import Any


def load_project() -> tuple[Any, Any, Any, Any, str]:
    """(pipeline, gazetteer, matcher, forms by text, model id) exactly as the build loads them."""
    from dossier import countries, nlp

    pipe = nlp.load()
    matcher, forms = nlp.matcher(pipe)
    return pipe, countries.load(), matcher, forms, nlp.model_id(pipe)


def greedy_match(candidates: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """One-to-one matching from (overlap, gold index, predicted index) candidates, largest first."""
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out
