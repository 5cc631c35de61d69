"""Derive `dossier/data/cues.tsv`, the attribution cue table, from PolNeAR's training split.

For every annotated attribution in `polnear/data/train`, the cue's head word (lemma and part of
speech) is counted, with how its content and source hang on it in spaCy's parse (ccomp, xcomp,
dobj …; nsubj, poss …). Beside it, how often that lemma occurs at all in the same texts, so that
the table carries an estimated precision: "say" is a cue almost every time, "show" rarely. Only
counts are written; no text. The dev split is kept for measuring (scripts/eval_quotes.py).

    .venv/bin/python scripts/derive_cues.py [--limit N]
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
OUT = ROOT / "dossier" / "data" / "cues.tsv"
SPEAKERS = ROOT / "dossier" / "data" / "speakers.tsv"
MIN_COUNT = 3


def main() -> int:
    from _common import load_project, polnear_train
    from eval_quotes import load_articles

    train = polnear_train(__doc__.splitlines()[0])
    if train is None:
        return 0
    folder, limit = train

    pipe = load_project()[0]
    articles, _ = load_articles(folder, limit)
    cue: Counter = Counter()
    total: Counter = Counter()
    content_dep: dict[tuple[str, str], Counter] = defaultdict(Counter)
    source_dep: dict[tuple[str, str], Counter] = defaultdict(Counter)
    speaker: Counter = Counter()          # common nouns heading a source: "voters", "poll"
    for art, doc in zip(articles, pipe.pipe((a["text"] for a in articles), batch_size=16),
                        strict=True):
        for tok in doc:
            if tok.pos_ in ("VERB", "NOUN", "ADJ", "ADP", "AUX"):
                total[(tok.lemma_.lower(), tok.pos_)] += 1
        for g in art["gold"]:
            if not g["cue"]:
                continue
            s, e = g["cue"][0]
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is None:
                continue
            head = span.root
            key = (head.lemma_.lower(), head.pos_)
            cue[key] += 1
            cs, ce = g["content"][0]
            content = doc.char_span(cs, ce, alignment_mode="expand")
            if content is not None:
                root = content.root
                rel = root.dep_ if root.head == head else ("head" if head in root.subtree
                                                           else "other")
                content_dep[key][rel] += 1
            if g["source"]:
                ss, se = g["source"][0]
                src = doc.char_span(ss, se, alignment_mode="expand")
                if src is not None:
                    r = src.root
                    if r.pos_ == "NOUN":
                        speaker[r.lemma_.lower()] += 1
                    rel = r.dep_ if r.head == head else (
                        f"{r.head.lower_}:{r.dep_}" if r.head.head == head else "other")
                    source_dep[key][rel] += 1
    rows = ["# Attribution cues derived from PolNeAR train by scripts/derive_cues.py: counts only.",
            "# lemma\tpos\tcue\ttotal\tprecision\tcontent deps\tsource deps"]
    for (lemma, pos), n in sorted(cue.items(), key=lambda kv: (-kv[1], kv[0])):
        if n < MIN_COUNT:
            continue
        tot = max(total[(lemma, pos)], n)
        deps = ",".join(f"{d}:{c}" for d, c in content_dep[(lemma, pos)].most_common(4))
        srcs = ",".join(f"{d}:{c}" for d, c in source_dep[(lemma, pos)].most_common(4))
        rows.append(f"{lemma}\t{pos}\t{n}\t{tot}\t{n / tot:.3f}\t{deps}\t{srcs}")
    OUT.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(rows) - 2} cues from {len(articles)} articles")
    rows = ["# Common nouns heading an attribution's source in PolNeAR train "
            "(scripts/derive_cues.py): counts only.", "# lemma\tsource\ttotal"]
    rows += [f"{lemma}\t{n}\t{max(total[(lemma, 'NOUN')], n)}"
             for lemma, n in sorted(speaker.items(), key=lambda kv: (-kv[1], kv[0])) if n >= MIN_COUNT]
    SPEAKERS.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{SPEAKERS.relative_to(ROOT)}: {len(rows) - 2} speaker nouns")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
