"""Gather the labels of ``scripts/relevance_candidates.py``'s items into the repository, as
references only, and report the agreement of the two passes on the test split.

Reads the scratch folder (``--work``): ``candidates.jsonl`` and ``labels/<chunk>.<pass>.jsonl``
(pass A for every chunk, pass B for the test chunks, ``test-settle.S.jsonl`` for the settled
disagreements). Writes ``scripts/relevance/{train,dev,test}.jsonl``: corpus, item, start, end,
sha of the sentence, pair, and the labels (for test the settled ones, and both passes); no text.

    .venv/bin/python scripts/relevance_labels.py --work /tmp/relevance
    .venv/bin/python scripts/relevance_labels.py --more /tmp/relevance/more

``--more DIR`` gathers the second draw of ``train`` items (``relevance_more.py``: ``more.jsonl``
and its labels ``labels/*.jsonl``) into ``relevance/train_more.jsonl`` the same way.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parent / "relevance"
FIELDS = ("relevant", "topic", "tone", "cameo", "actor")
REF = ("corpus", "item", "start", "end", "sha", "pair")


def kappa(pairs: list[tuple[object, object]]) -> float:
    """Cohen's kappa of two labellings of the same items."""
    n = len(pairs)
    cats = {x for p in pairs for x in p}
    po = sum(x == y for x, y in pairs) / n
    pe = sum((sum(x == c for x, _ in pairs) / n) * (sum(y == c for _, y in pairs) / n)
             for c in cats)
    return (po - pe) / (1 - pe) if pe < 1 else 1.0


def load(path: Path) -> dict[str, dict]:
    return {d["id"]: d for d in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work", type=Path)
    ap.add_argument("--more", type=Path)
    args = ap.parse_args()
    if args.more:
        return more(args.more)
    if not args.work:
        ap.error("give --work or --more")
    cands = load(args.work / "candidates.jsonl")
    passes: dict[str, dict[str, dict]] = defaultdict(dict)
    for path in sorted((args.work / "labels").glob("*.jsonl")):
        chunk, which = path.stem.rsplit(".", 1)
        passes["S" if chunk == "test-settle" else which].update(load(path))
    out: dict[str, list[dict]] = defaultdict(list)
    for cid, label in sorted(passes["A"].items()):
        c = cands[cid]
        row = {"id": cid, **{k: c[k] for k in REF}, **{k: label.get(k) for k in FIELDS}}
        if c["split"] == "test":
            second = passes["B"].get(cid)
            if second is None:
                continue
            row["pass_a"] = {k: label.get(k) for k in FIELDS}
            row["pass_b"] = {k: second.get(k) for k in FIELDS}
            settled = passes["S"].get(cid)
            agreed = all(label.get(k) == second.get(k) for k in ("relevant", "topic", "tone",
                                                                  "cameo"))
            if not agreed and settled is None:
                continue              # not settled yet: not scored
            row.update({k: (settled or label).get(k) for k in FIELDS})
        out[c["split"]].append(row)
    OUT.mkdir(exist_ok=True)
    for split, rows in out.items():
        with open(OUT / f"{split}.jsonl", "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
        y = sum(r["relevant"] == "Y" for r in rows)
        print(f"{split}: {len(rows)} items, {y} relevant")
    test = out.get("test", [])
    if test:
        rel = [(r["pass_a"]["relevant"], r["pass_b"]["relevant"]) for r in test]
        both = [r for r in test if r["pass_a"]["relevant"] == r["pass_b"]["relevant"] == "Y"]
        print(f"test agreement, Cohen's kappa: relevance {kappa(rel):.3f} "
              f"({sum(a == b for a, b in rel)} of {len(rel)} alike)"
              + "".join(f", {f} {kappa([(r['pass_a'][f], r['pass_b'][f]) for r in both]):.3f}"
                        for f in ("topic", "tone", "cameo"))
              + f" (over the {len(both)} both passes found relevant)")
    return 0


def more(folder: Path) -> int:
    """The second draw's labels, as references, into ``relevance/train_more.jsonl``."""
    drawn = load(folder / "more.jsonl")
    labelled: dict[str, dict] = {}
    for path in sorted((folder / "labels").glob("*.jsonl")):
        labelled.update(load(path))
    rows = [{"id": i, **{k: d[k] for k in REF},
             **{k: labelled[i].get(k) for k in FIELDS}}
            for i, d in sorted(drawn.items()) if i in labelled]
    with open(OUT / "train_more.jsonl", "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"train_more: {len(rows)} of {len(drawn)} drawn items labelled, "
          f"{sum(r['relevant'] == 'Y' for r in rows)} relevant")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
