"""A second draw of ``train`` items to label, where the relevance model is least sure.

The first draw (``relevance_candidates.py``) is at random. The model trained on it scores the
coordinated subjects of a joint action ("A and B signed …") low, because most coordinated
subjects in it are lists; more labelled items of that kind, and of any kind the model scores near
its threshold, are what it lacks. This script reads ``train`` articles that no labelled item comes
from, keeps the candidates the parse relates, and draws those the model scores between 0.2 and
0.8 or whose link is a joint action, at most two per article; it writes them with their text to
``DIR/more.jsonl`` (outside the repository: it holds corpus text) for labelling under
``relevance/LABELLING.md``. ``relevance_labels.py --more DIR`` then adds their labels, as
references only, to ``relevance/train_more.jsonl``, which training reads with ``train.jsonl``.
``dev`` and ``test`` are not touched.

    .venv/bin/python scripts/relevance_more.py --out DIR [--articles 1500] [--items 400]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import CORPORA  # noqa: E402
from _relevance import labels  # noqa: E402
from relevance_candidates import SEED, items, read_items, sentence_sha, split_of, write_items  # noqa: E402

from dossier import countries, nlp  # noqa: E402
from dossier.extract.facts import candidates  # noqa: E402
from dossier.extract.mentions import mentions  # noqa: E402
from dossier.extract.relevance import model  # noqa: E402

UNSURE = (0.2, 0.8)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", type=Path, default=CORPORA)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--articles", type=int, default=1500)
    ap.add_argument("--items", type=int, default=400)
    args = ap.parse_args()
    learned = model()
    if not (args.corpora / "bbc").exists() or learned is None:
        print("corpora or model missing: nothing drawn")
        return 0
    used = {r["item"] for split in ("train", "dev", "test") for r in labels(split)}
    pool = [x for x in items(args.corpora, None)
            if split_of(x[0], x[1]) == "train" and x[1] not in used]
    rng = random.Random(SEED + 1)
    rng.shuffle(pool)
    arts = read_items(sorted(pool[:args.articles], key=lambda x: (x[0], x[1])))
    pipe, gaz = nlp.load(), countries.load()
    matcher, forms = nlp.matcher(pipe)
    drawn = []
    for (corpus, name, art), doc in zip(arts, pipe.pipe((a.text for _, _, a in arts),
                                                          batch_size=64), strict=True):
        found = list(mentions(doc, matcher=matcher, forms=forms, gaz=gaz, date=art.date))
        unsure = []
        for c in candidates(doc, found, linked_only=True):
            score = learned.relevant(c.features)
            if UNSURE[0] <= score <= UNSURE[1] or c.link.kind == "together":
                text = art.text[c.sent.start_char:c.sent.end_char]
                unsure.append({"corpus": corpus, "item": name, "pair": list(c.link.pair),
                               "start": c.sent.start_char, "end": c.sent.end_char,
                               "sha": sentence_sha(text), "sentence": " ".join(text.split()),
                               "score": round(score, 3), "link": c.link.kind})
        rng.shuffle(unsure)
        drawn += unsure[:2]
    rng.shuffle(drawn)
    drawn = drawn[:args.items]
    write_items(drawn, args.out / "more.jsonl", "m{:05d}")
    print(f"{len(drawn)} items from {len(arts)} articles into {args.out / 'more.jsonl'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
