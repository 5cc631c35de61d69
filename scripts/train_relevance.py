"""Train the relevance, topic and tone models (``dossier/data/relevance_model.json.gz``) on the
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
import gzip
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import CORPORA  # noqa: E402
from _relevance import featurised, labels  # noqa: E402

from dossier.extract.relevance import root_feature  # noqa: E402

MODEL = Path(__file__).resolve().parents[1] / "dossier" / "data" / "relevance_model.json.gz"
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
MIN_WEIGHT = 1e-3        # smaller weights are dropped from the file: they change nothing
MIN_CLASS_WEIGHT = 1e-2  # per class of a many-class model: keeps the file small, changes no choice
ROOT_C = 0.3             # regularisation of the fold models that give the tone model its roots


def prf(gold: list[bool], pred: list[bool], missed: int = 0) -> tuple[float, float, float]:
    """Precision, recall and F1; ``missed`` relevant items were dropped before the model."""
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    p = tp / max(1, sum(pred))
    r = tp / max(1, sum(gold) + missed)
    return p, r, 2 * p * r / max(1e-9, p + r)


def weights(vec, coef, intercept: float,  # type: ignore[no-untyped-def]
            smallest: float = MIN_WEIGHT) -> dict[str, float]:
    out = {name: round(float(w), 4) for name, w in zip(vec.feature_names_, coef, strict=True)
           if abs(w) >= smallest}
    out["bias"] = round(out.get("bias", 0.0) + float(intercept), 4)
    return out


def matrix(vec, rows: list[dict]):  # type: ignore[no-untyped-def]
    return vec.transform([dict.fromkeys(r["cand"]["features"], 1) for r in rows])


def fit_classes(x, y: list[str], c: float):  # type: ignore[no-untyped-def]
    from sklearn.linear_model import LogisticRegression
    return LogisticRegression(C=c, max_iter=3000).fit(x, y)


def classifier(vec, rows: list[dict], dev_rows: list[dict], field: str  # type: ignore[no-untyped-def]
               ) -> tuple[dict[str, dict[str, float]], list[str]]:
    """One-vs-rest weights for ``field`` over the rows that have it, the regularisation chosen
    on dev; and the class it gives every dev row."""
    rows = [r for r in rows if r.get(field)]
    scored = [r for r in dev_rows if r.get(field)]
    best_acc, best = -1.0, None
    for c in C_GRID:
        m = fit_classes(matrix(vec, rows), [r[field] for r in rows], c)
        acc = sum(a == r[field] for a, r in zip(m.predict(matrix(vec, scored)), scored,
                                                strict=True)) / max(1, len(scored))
        if acc > best_acc:
            best_acc, best = acc, m
    assert best is not None
    classes = list(best.classes_)
    coef = best.coef_ if len(classes) > 2 else [-best.coef_[0], best.coef_[0]]
    inter = best.intercept_ if len(classes) > 2 else [-best.intercept_[0], best.intercept_[0]]
    print(f"{field}: C={best.C}, dev accuracy {best_acc:.3f} over {len(scored)} relevant items")
    table = {cls: weights(vec, coef[i], inter[i], MIN_CLASS_WEIGHT)
             for i, cls in enumerate(classes)}
    return table, [str(x) for x in best.predict(matrix(vec, dev_rows))]


def held_out_roots(vec, rows: list[dict], folds: int = 5) -> list[str]:  # type: ignore[no-untyped-def]
    """For each row, the CAMEO root a model trained on the other folds gives it."""
    out = [""] * len(rows)
    for k in range(folds):
        fit = [r for i, r in enumerate(rows) if i % folds != k and r.get("cameo")]
        m = fit_classes(matrix(vec, fit), [r["cameo"] for r in fit], ROOT_C)
        idx = [i for i in range(len(rows)) if i % folds == k]
        for i, root in zip(idx, m.predict(matrix(vec, [rows[i] for i in idx])), strict=True):
            out[i] = str(root)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", type=Path, default=CORPORA)
    ap.add_argument("--precision", type=float, default=None,
                    help="choose the threshold with the best recall at this precision on dev "
                         "(default: the best F1 on dev)")
    args = ap.parse_args()
    if not (args.corpora / "bbc").exists():
        print(f"{args.corpora} not found: nothing trained")
        return 0
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    # Only a pair the parse relates can become a fact (``facts.facts``): the model learns to tell
    # those that are about the relation from those that are not. A dev item the parse does not
    # relate counts as dropped when the threshold is chosen.
    train = [r for r in featurised(labels("train"), args.corpora) if r["cand"]
             and r["cand"]["linked"]]
    every_dev = [r for r in featurised(labels("dev"), args.corpora) if r["cand"]]
    dev = [r for r in every_dev if r["cand"]["linked"]]
    vec = DictVectorizer()
    x_train = vec.fit_transform([dict.fromkeys(r["cand"]["features"], 1) for r in train])
    x_dev = vec.transform([dict.fromkeys(r["cand"]["features"], 1) for r in dev])
    y_train = [r["relevant"] == "Y" for r in train]
    y_dev = [r["relevant"] == "Y" for r in dev]
    unrelated = sum(r["relevant"] == "Y" for r in every_dev if not r["cand"]["linked"])
    best = None
    for c in C_GRID:
        clf = LogisticRegression(C=c, max_iter=2000).fit(x_train, y_train)
        scores = clf.predict_proba(x_dev)[:, 1]
        for t in sorted(set(round(s, 3) for s in scores)):
            p, r, f = prf(y_dev, [s >= t for s in scores], missed=unrelated)
            key = (f, 0.0) if args.precision is None else (
                p >= args.precision, r if p >= args.precision else f)
            if best is None or key > best[0]:
                best = (key, c, t, p, r, f, clf)
    assert best is not None
    _, c, threshold, p, r, f, clf = best
    print(f"relevance: C={c}, threshold {threshold:.3f}; dev P {p:.3f} R {r:.3f} F1 {f:.3f} "
          f"({len(train)} train, {len(every_dev)} dev items, {len(dev)} related by the parse)")
    model = {"relevance": weights(vec, clf.coef_[0], clf.intercept_[0]),
             "threshold": threshold, "C": c,
             "trained_on": f"{len(train)} train items, {sum(y_train)} relevant"}
    relevant = [r for r in train if r["relevant"] == "Y"]
    dev_relevant = [r for r in dev if r["relevant"] == "Y"]
    model["root"], dev_roots = classifier(vec, relevant, dev_relevant, "cameo")
    model["topic"], _ = classifier(vec, relevant, dev_relevant, "topic")
    # The tone reads the event's root: on train the root each item gets from a model that did
    # not see it (five folds), on dev the root the model above gives, as in the dossier.
    train_roots = held_out_roots(vec, relevant)
    for r, root in zip(relevant, train_roots, strict=True):
        r["cand"]["features"] = [*r["cand"]["features"], root_feature(root)]
    for r, root in zip(dev_relevant, dev_roots, strict=True):
        r["cand"]["features"] = [*r["cand"]["features"], root_feature(root)]
    vec = DictVectorizer().fit([dict.fromkeys(r["cand"]["features"], 1) for r in train])
    model["tone"], _ = classifier(vec, relevant, dev_relevant, "tone")
    # Compact and gzipped (mtime 0, so the same model gives the same bytes): a quarter of the
    # size, the same weights.
    text = json.dumps(model, sort_keys=True, separators=(",", ":")).encode("utf-8")
    MODEL.write_bytes(gzip.compress(text, 9, mtime=0))
    print(f"written {MODEL} ({MODEL.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
