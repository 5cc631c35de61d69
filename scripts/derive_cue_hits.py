"""Derive `dossier/data/cue_hits.tsv`: how often the extractor's reported speech, cue by cue,
matches an annotated attribution in PolNeAR's training split.

A cue that is rarely an attribution ("put", "provide", "draw") still fires now and then, and
on PolNeAR train most of what it reports matches nothing; the extractor leaves such cues out
(`quotes.cues.false_alarm_cues`). The count is taken with that filter off, so that deriving again
gives the same table. Only counts are written; no text. The dev split is kept for measuring.

    .venv/bin/python scripts/derive_cue_hits.py [--limit N]
"""

from __future__ import annotations

import importlib
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
OUT = ROOT / "dossier" / "data" / "cue_hits.tsv"


def main() -> int:
    from _common import load_project, polnear_train
    from eval_quotes import load_articles, match

    train = polnear_train(__doc__.splitlines()[0])
    if train is None:
        return 0
    folder, limit = train

    from dossier.extract import extract

    cue_rules = importlib.import_module("dossier.extract.quotes.cues")
    cue_rules.false_alarm_cues = lambda: frozenset()   # count every cue, left out or not
    pipe, gaz, matcher, forms, _ = load_project()
    articles, _ = load_articles(folder, limit)
    fired: Counter = Counter()
    hit: Counter = Counter()
    for art, doc in zip(articles, pipe.pipe((a["text"] for a in articles), batch_size=16),
                        strict=True):
        found = [q for q in extract(doc, gaz=gaz, matcher=matcher, forms=forms, date=None)["quotes"]
                 if q["kind"] == "indirect" and q["cue"] != "according to"]
        pred = [{"content": [(q["start"], q["end"])]} for q in found]
        matched = {pi for _, pi in match(art["gold"], pred)}
        for pi, q in enumerate(found):
            # The cue's word nearest the speaker: the verb the speaker is the subject of.
            words = [t for t in doc if t.text == q["cue"]]
            if not words:
                continue
            cue = min(words, key=lambda t: abs(t.idx - q["speaker_head"]))
            key = (cue.lemma_.lower(), cue.pos_)
            fired[key] += 1
            hit[key] += pi in matched
    rows = ["# How often the extractor's reported speech matches an annotated attribution in",
            "# PolNeAR train, by cue (scripts/derive_cue_hits.py): counts only.",
            "# lemma\tpos\treported\tmatched"]
    rows += [f"{lemma}\t{pos}\t{n}\t{hit[(lemma, pos)]}"
             for (lemma, pos), n in sorted(fired.items(), key=lambda kv: (-kv[1], kv[0]))]
    OUT.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(rows) - 3} cues from {len(articles)} articles")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
