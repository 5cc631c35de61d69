"""What the quality scripts share: the project's pipeline, gazetteer and matcher, loaded once."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"


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


def polnear_train(description: str) -> tuple[Path, int | None] | None:
    """The command line of a script that derives data from PolNeAR train (``--corpora``,
    ``--limit``): the train folder and the article limit, or None when the corpus is absent."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--corpora", type=Path, default=CORPORA)
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    folder = args.corpora / "polnear" / "data" / "train"
    if not folder.exists():
        print(f"{folder} not found: nothing derived")
        return None
    return folder, args.limit
