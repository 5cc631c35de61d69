"""Pair quality on sentences where one country acts on another.

Gold: `scripts/pairs_gold.tsv` (hand-annotated sentences of BBC News, referenced by file and
offsets; the text stays in ../shared/corpora). For each sentence, the pairs the extractor assigns
to it (`rec["pairs"]`) are compared with the gold pairs; micro precision, recall and F1, beside the
co-occurrence baseline (every pair of countries the same extractor finds in the sentence).

    .venv/bin/python scripts/eval_pairs.py [--corpora DIR]
"""

from __future__ import annotations

import argparse
import sys
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))


def prf(tp: int, pred: int, gold: int) -> str:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (tp {tp}, pred {pred}, gold {gold})"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    args = ap.parse_args()
    rows = [line.split("\t") for line in (ROOT / "scripts" / "pairs_gold.tsv").read_text(
        encoding="utf-8").splitlines() if line and not line.startswith(("#", "path\t"))]
    if not (args.corpora / rows[0][0]).exists():
        print(f"{args.corpora} not found: nothing to measure")
        return 0
    from _common import load_project

    from dossier.extract import extract

    pipe, gaz, matcher, forms, model = load_project()
    counts = {"x_tp": 0, "x_pred": 0, "b_tp": 0, "b_pred": 0, "gold": 0}
    by_file: dict[str, dict] = {}
    for path, start, end, pairs in rows:
        if path not in by_file:
            text = (args.corpora / path).read_text(encoding="latin-1")
            by_file[path] = extract(pipe(text), gaz=gaz, matcher=matcher, forms=forms,
                                    date="2005-01-01")
        rec = by_file[path]
        s, e = int(start), int(end)
        gold = {tuple(p.split("-")) for p in pairs.strip().split(",")}
        pred = {tuple(p["pair"]) for p in rec["pairs"] if [s, e] in p["sentences"]}
        codes = sorted({m["code"] for m in rec["mentions"] if s <= m["start"] < e})
        base = set(combinations(codes, 2))
        counts["gold"] += len(gold)
        counts["x_tp"] += len(pred & gold)
        counts["x_pred"] += len(pred)
        counts["b_tp"] += len(base & gold)
        counts["b_pred"] += len(base)
    print(f"model {model}; {len(rows)} sentences where one country acts on another")
    print("  extractor    " + prf(counts["x_tp"], counts["x_pred"], counts["gold"]))
    print("  co-occurrence " + prf(counts["b_tp"], counts["b_pred"], counts["gold"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
