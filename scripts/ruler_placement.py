"""Where should gazetteer patterns go: an entity ruler *before* spaCy's NER, or a matcher *after* it?

Measured on CoNLL-2003 (eng.testa by default): among gold ORG spans that contain a country form
("Bank of Japan", "Russian Central Bank"), how many does each pipeline still recognise as one ORG
span, and the country-mention F1 each gives. Reads ../shared/corpora (research-only; nothing is
copied). Usage: .venv/bin/python scripts/ruler_placement.py [--split eng.testa]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dossier import countries, nlp  # noqa: E402
from dossier.extract.mentions import mentions  # noqa: E402


def conll_docs(path: Path) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Documents as (text, gold spans (start, end, label)); tokens joined by single spaces."""
    docs, text, spans, cur = [], [], [], None
    pos = 0

    def close_span() -> None:
        nonlocal cur
        if cur:
            spans.append(tuple(cur))
            cur = None

    for line in path.read_text(encoding="utf-8").splitlines() + ["-DOCSTART- -X- O O"]:
        if line.startswith("-DOCSTART-"):
            close_span()
            if text:
                docs.append(("".join(text).rstrip(), list(spans)))
            text, spans, pos = [], [], 0
            continue
        if not line.strip():
            close_span()
            if text and not text[-1].endswith("\n"):
                text[-1] = text[-1].rstrip(" ") + "\n"
                pos = sum(len(t) for t in text)
            continue
        tok, *_, tag = line.split()
        start = pos
        text.append(tok + " ")
        pos += len(tok) + 1
        label = tag[2:] if tag != "O" else None
        if label and cur and cur[2] == label and not tag.startswith("B-"):
            cur[1] = start + len(tok)
        else:
            close_span()
            if label:
                cur = [start, start + len(tok), label]
    return docs


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    ap.add_argument("--split", default="eng.testa")
    args = ap.parse_args()
    path = args.corpora / "conll2003" / args.split
    if not path.exists():
        print(f"{path} not found: nothing to measure")
        return 0
    docs = conll_docs(path)
    gaz = countries.load()
    forms = {f.text for f in gaz.forms if f.kind in ("name", "demonym", "capital", "city")}
    after = nlp.load()
    matcher, by_text = nlp.matcher(after)
    import spacy
    before = spacy.load(nlp.model_name(), exclude=["textcat", "senter"])
    ruler = before.add_pipe("entity_ruler", before="ner")
    ruler.add_patterns([{"label": "GPE", "pattern": t} for t in sorted(forms)])

    org_gold = [(i, s, e) for i, (text, spans) in enumerate(docs) for s, e, lab in spans
                if lab == "ORG" and any(f in text[s:e].split() or f in text[s:e] for f in forms)
                and text[s:e] not in forms]
    results = {}
    for name, pipe in (("ruler before NER", before), ("matcher after NER", after)):
        kept = 0
        tp = fp = fn = 0
        parsed = list(pipe.pipe((t for t, _ in docs), batch_size=32))
        for i, (s, e) in [(i, (s, e)) for i, s, e in org_gold]:
            if any(ent.start_char == s and ent.end_char == e and ent.label_ == "ORG"
                   for ent in parsed[i].ents):
                kept += 1
        for (text, spans), doc in zip(docs, parsed, strict=True):
            gold = {(s, e) for s, e, lab in spans if lab in ("LOC", "MISC") and text[s:e] in forms}
            if name.startswith("ruler"):
                pred = {(ent.start_char, ent.end_char) for ent in doc.ents
                        if ent.label_ == "GPE" and ent.text in forms}
            else:
                pred = {(m.start, m.end) for m in mentions(doc, matcher=matcher, forms=by_text,
                                                           gaz=gaz, kinds=("name", "demonym",
                                                                           "capital", "city"))}
            tp += len(gold & pred)
            fp += len(pred - gold)
            fn += len(gold - pred)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        results[name] = (kept, p, r, f)
    print(f"{args.split}: {len(docs)} documents, {len(org_gold)} gold ORG spans containing a "
          f"country form")
    print(f"{'pipeline':<20} {'ORG kept whole':>15} {'P':>6} {'R':>6} {'F1':>6}")
    for name, (kept, p, r, f) in results.items():
        print(f"{name:<20} {kept:>9}/{len(org_gold):<5} {p:6.3f} {r:6.3f} {f:6.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
