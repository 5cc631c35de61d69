"""Relevance, topic, tone and CAMEO root on the labelled ``test`` items (``scripts/relevance/
test.jsonl``: two passes, disagreements settled), side by side in one run:

* **every co-mention**: each (sentence, pair) named together goes on the pair page;
* **before**: the dossier before relevance was learned: the pairs the parse relates, with the
  word-count topic and tone;
* **now**: the extractor as it is (``dossier.extract.extract``, the build's code), judged on the
  facts it outputs.

Topic and tone are scored on the items the labels call relevant and the system keeps; CAMEO
root on the relevant items that have a code, against the coder's event for the pair.

    .venv/bin/python scripts/eval_relevance.py [--split test] [--corpora DIR] [--json] [--errors N]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import CORPORA  # noqa: E402
from _relevance import featurised, labels  # noqa: E402
from relevance_candidates import items, read_items  # noqa: E402


def prf(gold: list[bool], pred: list[bool]) -> dict[str, float]:
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    p = tp / max(1, sum(pred))
    r = tp / max(1, sum(gold))
    return {"precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / max(1e-9, p + r), 3), "kept": sum(pred), "of": len(pred)}


def accuracy(pairs: list[tuple[object, object]]) -> dict[str, float]:
    return {"accuracy": round(sum(a == b for a, b in pairs) / max(1, len(pairs)), 3),
            "n": len(pairs)}


def facts_now(rows: list[dict], corpora: Path) -> dict[tuple[str, str, str, int], dict]:
    """The facts the extractor outputs for the labelled items' articles, by (item, pair, start)."""
    from dossier import nlp

    arts = [(name, art) for _, name, art in read_items(
        items(corpora, None, only={r["item"] for r in rows}))]
    out = {}
    for (name, _), rec in zip(arts, nlp.extract_all([a for _, a in arts], n_process=2),
                              strict=True):
        for f in rec["facts"] if isinstance(rec, dict) else []:
            out[(name, f["pair"][0], f["pair"][1], f["start"])] = f
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", type=Path, default=CORPORA)
    ap.add_argument("--split", default="test")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--errors", type=int, default=0, help="print this many errors of each kind")
    args = ap.parse_args()
    if not (args.corpora / "bbc").exists():
        print(f"{args.corpora} not found: nothing measured")
        return 0
    rows = featurised(labels(args.split), args.corpora)
    now = facts_now(rows, args.corpora)
    gold = [r["relevant"] == "Y" for r in rows]
    systems = {
        "every co-mention": [{"kept": True} for _ in rows],
        "before": [{"kept": bool(r["cand"] and r["cand"]["linked"]),
                    "topic": r["cand"] and r["cand"]["old_topic"],
                    "tone": r["cand"] and r["cand"]["old_tone"],
                    "cameo": r["cand"] and r["cand"]["linked"] and r["cand"]["event"]
                    and r["cand"]["event"][:2]} for r in rows],
        "now": [],
    }
    for r in rows:
        f = now.get((r["item"], r["pair"][0], r["pair"][1], r["start"]))
        systems["now"].append({"kept": f is not None, "topic": f and f["topic"],
                               "tone": f and f["tone"],
                               "cameo": f and f.get("event") and f["event"]["code"][:2]})
    report: dict[str, dict] = {}
    for name, preds in systems.items():
        kept = [p["kept"] for p in preds]
        both = [(r, p) for r, p in zip(rows, preds, strict=True)
                if r["relevant"] == "Y" and p["kept"]]
        report[name] = {"relevance": prf(gold, kept)}
        if name != "every co-mention":
            report[name]["topic"] = accuracy([(p["topic"], r["topic"]) for r, p in both])
            report[name]["tone"] = accuracy([(p["tone"], r["tone"]) for r, p in both])
    for name in ("before", "now"):
        coded = [(r, p) for r, p in zip(rows, systems[name], strict=True)
                 if r["relevant"] == "Y" and r.get("cameo")]
        report[name]["cameo root"] = accuracy([(p.get("cameo"), r["cameo"]) for r, p in coded])
        report[name]["cameo root of those kept"] = accuracy(
            [(p.get("cameo"), r["cameo"]) for r, p in coded if p["kept"]])
    report["items"] = {"n": len(rows), "relevant": sum(gold),
                       "by corpus": {c: sum(r["corpus"] == c for r in rows)
                                     for c in ("bbc", "reuters", "polnear")}}
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        print(f"{args.split}: {len(rows)} items, {sum(gold)} relevant")
        for name in systems:
            rel = report[name]["relevance"]
            line = (f"  {name:18} relevance P {rel['precision']:.3f} R {rel['recall']:.3f} "
                    f"F1 {rel['f1']:.3f} (kept {rel['kept']} of {rel['of']})")
            for field in ("topic", "tone", "cameo root", "cameo root of those kept"):
                if field in report[name]:
                    line += f"; {field} {report[name][field]['accuracy']:.3f}"
            print(line)
    if args.errors:
        for kind, want in (("missed", True), ("wrongly kept", False)):
            shown = [(r, p) for r, p, g in zip(rows, systems["now"], gold, strict=True)
                     if g == want and p["kept"] != want][:args.errors]
            print(f"\n{kind}:")
            for r, _ in shown:
                print(f"  {r['id']} {r['pair']} {r['item']}:{r['start']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
