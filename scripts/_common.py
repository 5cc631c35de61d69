"""What the quality scripts share: the project's pipeline, gazetteer and matcher, loaded once."""

from __future__ import annotations

from typing import Any


def load_project() -> tuple[Any, Any, Any, Any, str]:
    """(pipeline, gazetteer, matcher, forms by text, model id) exactly as the build loads them."""
    from dossier import countries, nlp

    pipe = nlp.load()
    matcher, forms = nlp.matcher(pipe)
    return pipe, countries.load(), matcher, forms, nlp.model_id(pipe)
