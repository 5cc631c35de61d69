"""What the relevance scripts share: the labelled items, and each one as the extractor sees it.

A labelled item is a reference (corpus, item, sentence offsets, sha, pair) into an article read
the way ``relevance_candidates.py`` reads it. ``featurised`` parses those articles with the
project's pipeline and returns, for each item, the extractor's candidate for that sentence and
pair (its features, whether the parse links the pair, its event) and the old lexicon topic and
tone: what the model is trained on and what the dossier before relevance did.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
LABELS = HERE / "relevance"


def labels(split: str) -> list[dict[str, Any]]:
    """The labelled items of a split; ``train`` includes the second draw (``train_more.jsonl``,
    the items the first model was least sure of) when there is one."""
    paths = [LABELS / f"{split}.jsonl"]
    if split == "train" and (LABELS / "train_more.jsonl").exists():
        paths.append(LABELS / "train_more.jsonl")
    return [json.loads(line) for path in paths
            for line in path.read_text(encoding="utf-8").splitlines()]


def featurised(rows: list[dict[str, Any]], corpora: Path) -> list[dict[str, Any]]:
    """Each labelled row with ``cand``: the extractor's view of it (None if the sentence is no
    longer found as a candidate of that pair, e.g. after a gazetteer change)."""
    from relevance_candidates import items, read_items, sentence_sha

    from dossier import countries, nlp
    from dossier.extract.facts import candidates, tone, topic
    from dossier.extract.mentions import mentions

    pipe = nlp.load()
    gaz = countries.load()
    matcher, forms = nlp.matcher(pipe)
    arts = [(name, art) for _, name, art in read_items(
        items(corpora, None, only={r["item"] for r in rows}))]
    by_item: dict[str, dict[tuple[str, str, int], dict[str, Any]]] = {}
    docs = pipe.pipe((a.text for _, a in arts), batch_size=64, n_process=2)
    for (name, art), doc in zip(arts, docs, strict=True):
        found = list(mentions(doc, matcher=matcher, forms=forms, gaz=gaz, date=art.date))
        table = by_item.setdefault(name, {})
        for c in candidates(doc, found):
            table[(*c.link.pair, c.sent.start_char)] = {
                "features": c.features, "linked": c.linked,
                "event": c.event.code if c.event is not None else None,
                "old_topic": topic(c.sent), "old_tone": tone(c.sent),
                "sha": sentence_sha(art.text[c.sent.start_char:c.sent.end_char])}
    out = []
    for r in rows:
        cand = by_item.get(r["item"], {}).get((r["pair"][0], r["pair"][1], r["start"]))
        if cand is not None and cand["sha"] != r["sha"]:
            cand = None
        out.append({**r, "cand": cand})
    missing = sum(r["cand"] is None for r in out)
    if missing:
        print(f"{missing} of {len(out)} labelled items not found as candidates", file=sys.stderr)
    return out
