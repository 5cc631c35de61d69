"""Train the relevance, topic and tone models (``dossier/data/relevance_model.json``) on the
labelled ``train`` items, choosing the regularisation and the threshold on ``dev``. The ``test``
split is never read here.

Features are those of ``dossier.extract.relevance.features``, computed by the extractor itself
on the parsed articles (``_relevance.featurised``). The models are logistic regressions
(scikit-learn, ``.venv/bin/pip install -e '.[train]'``); only their weights ship, and the
dossier applies them without scikit-learn.

    .venv/bin/python scripts/train_relevance.py [--corpora DIR] [--precision 0.9]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import CORPORA  # noqa: E402
from _relevance import featurised, labels  # noqa: E402

MODEL = Path(__file__).resolve().parents[1] / "dossier" / "data" / "relevance_model.json"
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
MIN_WEIGHT = 1e-3        # smaller weights are dropped from the file: they change nothing


def prf(gold: list[bool], pred: list[bool]) -> tuple[float, float, float]:
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    p = tp / max(1, sum(pred))
    r = tp / max(1, sum(gold))
    return p, r, 2 * p * r / max(1e-9, p + r)


def weights(vec, coef, intercept: float) -> dict[str, float]:  # type: ignore[no-untyped-def]
    out = {name: round(float(w), 4) for name, w in zip(vec.feature_names_, coef, strict=True)
           if abs(w) >= MIN_WEIGHT}
    out["bias"] = round(out.get("bias", 0.0) + float(intercept), 4)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", type=Path, default=CORPORA)
    ap.add_argument("--precision", type=float, default=0.90,
                    help="the threshold is the lowest that keeps this precision on dev")
    args = ap.parse_args()
    if not (args.corpora / "bbc").exists():
        print(f"{args.corpora} not found: nothing trained")
        return 0
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    train = [r for r in featurised(labels("train"), args.corpora) if r["cand"]]
    dev = [r for r in featurised(labels("dev"), args.corpora) if r["cand"]]
    vec = DictVectorizer()
    x_train = vec.fit_transform([dict.fromkeys(r["cand"]["features"], 1) for r in train])
    x_dev = vec.transform([dict.fromkeys(r["cand"]["features"], 1) for r in dev])
    y_train = [r["relevant"] == "Y" for r in train]
    y_dev = [r["relevant"] == "Y" for r in dev]
    best = None
    for c in C_GRID:
        clf = LogisticRegression(C=c, max_iter=2000).fit(x_train, y_train)
        scores = clf.predict_proba(x_dev)[:, 1]
        for t in sorted(set(round(s, 3) for s in scores)):
            p, r, f = prf(y_dev, [s >= t for s in scores])
            key = (p >= args.precision, r if p >= args.precision else f)
            if best is None or key > best[0]:
                best = (key, c, t, p, r, f, clf)
    assert best is not None
    _, c, threshold, p, r, f, clf = best
    print(f"relevance: C={c}, threshold {threshold:.3f}; dev P {p:.3f} R {r:.3f} F1 {f:.3f} "
          f"({len(train)} train, {len(dev)} dev items)")
    model = {"relevance": weights(vec, clf.coef_[0], clf.intercept_[0]),
             "threshold": threshold, "C": c,
             "trained_on": f"{len(train)} train items, {sum(y_train)} relevant"}
    for field in ("topic", "tone"):
        rows = [r for r in train if r["relevant"] == "Y" and r.get(field)]
        dev_rows = [r for r in dev if r["relevant"] == "Y" and r.get(field)]
        x = vec.transform([dict.fromkeys(r["cand"]["features"], 1) for r in rows])
        xd = vec.transform([dict.fromkeys(r["cand"]["features"], 1) for r in dev_rows])
        best_acc, best_clf = -1.0, None
        for c in C_GRID:
            m = LogisticRegression(C=c, max_iter=3000).fit(x, [r[field] for r in rows])
            acc = sum(a == r[field] for a, r in zip(m.predict(xd), dev_rows, strict=True)) / max(
                1, len(dev_rows))
            if acc > best_acc:
                best_acc, best_clf = acc, m
        assert best_clf is not None
        classes = list(best_clf.classes_)
        coef = best_clf.coef_ if len(classes) > 2 else [-best_clf.coef_[0], best_clf.coef_[0]]
        inter = best_clf.intercept_ if len(classes) > 2 else [-best_clf.intercept_[0],
                                                              best_clf.intercept_[0]]
        model[field] = {cls: weights(vec, coef[i], inter[i]) for i, cls in enumerate(classes)}
        print(f"{field}: dev accuracy {best_acc:.3f} over {len(dev_rows)} relevant items")
    MODEL.write_text(json.dumps(model, sort_keys=True, indent=0) + "\n", encoding="utf-8")
    print(f"written {MODEL} ({MODEL.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
