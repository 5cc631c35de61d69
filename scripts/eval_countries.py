"""Measure country-mention extraction on CoNLL-2003 and Reuters-21578, against a plain-spaCy baseline.

Run from the repository root:

    .venv/bin/python scripts/eval_countries.py                 # CoNLL testa + first 2,000 Reuters stories
    .venv/bin/python scripts/eval_countries.py --reuters-dev   # Reuters held-out slice reut2-015..017
    .venv/bin/python scripts/eval_countries.py --json          # machine-readable figures
    .venv/bin/python scripts/eval_countries.py --errors        # also the most frequent error patterns

The corpora are research-only: this script reads them at run time and never writes their text anywhere.
When they are absent it says so and exits 0.

CoNLL-2003 (mention level)
    Each ``-DOCSTART-`` document becomes one text: tokens joined by single spaces, sentences by a
    newline. Gold country mentions are the LOC and MISC spans whose whole text is a gazetteer form of
    kind name / demonym / capital / city (the project's own ``gaz.forms``), matched exactly or, failing
    that, case-insensitively (so "LONDON", "U.S." and "US" count). The gold code is the code of that
    form, taking the most specific kind (name > demonym > capital > city); when several codes tie, any
    of them is accepted. Consequences: a LOC the gazetteer does not know (a river, a region, an
    unlisted city) is not gold, and an ambiguous form ("Georgia") counts as its country.
    Predicted = ``rec["countries"]``. Scores: exact-span P/R/F1, overlap P/R/F1 (greedy one-to-one, any
    shared character), and code accuracy among exact matches.

Reuters-21578 (article level)
    ``<REUTERS>`` items with a non-empty ``<BODY>`` and ``<PLACES>``, text = TITLE + blank line + BODY,
    article date from ``<DATE>``. Gold = the PLACES tags mapped with ``REUTERS_PLACES`` below (tags that
    are not in the table are ignored). Predicted = the set of codes in ``rec["countries"]``. Micro P/R/F1
    over (article, code) pairs. PLACES are weak labels (they list the places a story is *about*, not
    every country it names), so precision here is a lower bound.

Baseline (both corpora, same loaded pipeline and docs): spaCy's GPE / NORP / LOC entities, a leading
"the " dropped, converted to a code by exact lookup of the entity text among the gazetteer's ``name``
and ``demonym`` forms only (no capitals, no cities).
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
DEFAULT_CORPORA = ROOT.parent / "shared" / "corpora"

PLACE_KINDS = ("name", "demonym", "capital", "city")
KIND_ORDER = {k: i for i, k in enumerate(PLACE_KINDS)}

# Reuters-21578 PLACES tag -> ISO 3166-1 alpha-2 code. States that no longer exist keep their former
# ISO code (USSR SU, East Germany DD, Czechoslovakia CS, Yugoslavia YU, South Yemen YD); West Germany is
# DE and North Yemen YE (their successors kept those codes); Zaire, Kampuchea and Burma are the current
# codes of the same state (CD, KH, MM). Every tag that occurs in the corpus is listed.
REUTERS_PLACES = {
    "afghanistan": "AF", "algeria": "DZ", "angola": "AO", "antigua": "AG", "argentina": "AR",
    "aruba": "AW", "australia": "AU", "austria": "AT", "bahrain": "BH", "bangladesh": "BD",
    "barbados": "BB", "belgium": "BE", "bermuda": "BM", "bhutan": "BT", "bolivia": "BO",
    "botswana": "BW", "brazil": "BR", "brunei": "BN", "bulgaria": "BG", "burma": "MM",
    "cameroon": "CM", "canada": "CA", "cayman-islands": "KY", "chad": "TD", "chile": "CL",
    "china": "CN", "colombia": "CO", "congo": "CG", "costa-rica": "CR", "cuba": "CU", "cyprus": "CY",
    "czechoslovakia": "CS", "denmark": "DK", "djibouti": "DJ", "dominican-republic": "DO",
    "east-germany": "DD", "ecuador": "EC", "egypt": "EG", "el-salvador": "SV", "ethiopia": "ET",
    "fiji": "FJ", "finland": "FI", "france": "FR", "gabon": "GA", "ghana": "GH", "greece": "GR",
    "guam": "GU", "guatemala": "GT", "guinea": "GN", "guyana": "GY", "haiti": "HT",
    "honduras": "HN", "hong-kong": "HK", "hungary": "HU", "iceland": "IS", "india": "IN",
    "indonesia": "ID", "iran": "IR", "iraq": "IQ", "ireland": "IE", "israel": "IL", "italy": "IT",
    "ivory-coast": "CI", "jamaica": "JM", "japan": "JP", "jordan": "JO", "kampuchea": "KH",
    "kenya": "KE", "kuwait": "KW", "lebanon": "LB", "liberia": "LR", "libya": "LY",
    "liechtenstein": "LI", "luxembourg": "LU", "madagascar": "MG", "malawi": "MW", "malaysia": "MY",
    "malta": "MT", "mauritania": "MR", "mauritius": "MU", "mexico": "MX", "morocco": "MA",
    "mozambique": "MZ", "namibia": "NA", "nepal": "NP", "netherlands": "NL", "new-zealand": "NZ",
    "nicaragua": "NI", "nigeria": "NG", "north-korea": "KP", "norway": "NO", "oman": "OM",
    "pakistan": "PK", "panama": "PA", "papua-new-guinea": "PG", "paraguay": "PY", "peru": "PE",
    "philippines": "PH", "poland": "PL", "portugal": "PT", "qatar": "QA", "romania": "RO",
    "rwanda": "RW", "saudi-arabia": "SA", "senegal": "SN", "sierra-leone": "SL", "singapore": "SG",
    "somalia": "SO", "south-africa": "ZA", "south-korea": "KR", "spain": "ES", "sri-lanka": "LK",
    "sudan": "SD", "suriname": "SR", "sweden": "SE", "switzerland": "CH", "syria": "SY",
    "taiwan": "TW", "tanzania": "TZ", "thailand": "TH", "togo": "TG", "trinidad-tobago": "TT",
    "tunisia": "TN", "turkey": "TR", "uae": "AE", "uganda": "UG", "uk": "GB",
    "uruguay": "UY", "us-virgin-islands": "VI", "usa": "US", "ussr": "SU", "vanuatu": "VU", "venezuela": "VE",
    "vietnam": "VN", "west-germany": "DE", "yemen-arab-republic": "YE", "yemen-demo-republic": "YD",
    "yugoslavia": "YU", "zaire": "CD", "zambia": "ZM", "zimbabwe": "ZW",
}

# Codes that name the same state, applied to gold and predictions alike: ISO 3166-3 four-letter codes
# of former states (a gazetteer may use them for historical entries) -> the two-letter codes above;
# the project gazetteer's "XW" (West Germany) is the DE of the Reuters table.
CODE_EQUIV = {"XW": "DE", "SUHH": "SU", "DDDE": "DD", "CSHH": "CS", "YUCS": "YU", "YDYE": "YD", "ZRCD": "CD",
              "BUMM": "MM", "ZR": "CD", "BU": "MM"}


def norm_code(code: str) -> str:
    return CODE_EQUIV.get(code, code)


# ---------------------------------------------------------------------------------------- scoring

def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "pred": n_pred, "gold": n_gold, "p": round(p, 4), "r": round(r, 4),
            "f1": round(f, 4)}


def overlap_matches(gold: list[tuple[int, int]], pred: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching of spans sharing at least one character, largest overlap first."""
    cands = []
    for gi, (gs, ge) in enumerate(gold):
        for pi, (ps, pe) in enumerate(pred):
            inter = min(ge, pe) - max(gs, ps)
            if inter > 0:
                cands.append((inter, gi, pi))
    from _common import greedy_match

    return greedy_match(cands)


# ---------------------------------------------------------------------------------------- gazetteer

def phoenix_places(path: Path) -> dict[str, set[str]]:
    """Country-level synonyms of the Phoenix (Open Event Data Alliance) dictionary: names,
    adjectives, capitals and cities listed under each country, folded to lower case, by ISO code.
    An independent notion of "a span that names a country", so that the gold is not the
    extractor's own gazetteer."""
    from derive_phoenix import phoenix

    out: dict[str, set[str]] = {}
    for code, forms in phoenix(path).items():
        for form in forms:
            text = form.replace("_", " ").strip().casefold()
            if text and not re.search(r"[()\d]", text):
                out.setdefault(code, set()).add(text)
    return out


class Lookup:
    """Gold and baseline lookups: the project's gazetteer, optionally with Phoenix's forms."""

    def __init__(self, gaz, phoenix: dict[str, set[str]] | None = None) -> None:  # type: ignore[no-untyped-def]
        self.exact: dict[str, list] = {}
        self.folded: dict[str, list] = {}
        self.baseline: dict[str, set[str]] = {}
        self.phoenix: dict[str, set[str]] = {}
        for code, names in (phoenix or {}).items():
            for name in names:
                self.phoenix.setdefault(name, set()).add(code)
        for f in gaz.forms:
            if f.kind in PLACE_KINDS:
                self.exact.setdefault(f.text, []).append(f)
                self.folded.setdefault(f.text.casefold(), []).append(f)
            if f.kind in ("name", "demonym"):
                self.baseline.setdefault(f.text, set()).add(norm_code(f.code))

    def gold_codes(self, text: str) -> set[str] | None:
        forms = self.exact.get(text) or self.folded.get(text.casefold())
        if not forms:
            return self.phoenix.get(text.casefold())
        best = min(KIND_ORDER[f.kind] for f in forms)
        return {norm_code(f.code) for f in forms if KIND_ORDER[f.kind] == best}

    def gold_kind(self, text: str) -> str:
        forms = self.exact.get(text) or self.folded.get(text.casefold()) or []
        if not forms:
            return "city"           # a Phoenix form the gazetteer lacks
        return min((f.kind for f in forms), key=KIND_ORDER.__getitem__)

    def baseline_code(self, text: str) -> str | None:
        if text.lower().startswith("the "):
            text = text[4:]
        codes = self.baseline.get(text)
        return min(codes) if codes else None


def baseline_mentions(doc, look: Lookup) -> list[tuple[int, int, str]]:  # type: ignore[no-untyped-def]
    out = []
    for ent in doc.ents:
        if ent.label_ not in ("GPE", "NORP", "LOC"):
            continue
        code = look.baseline_code(ent.text)
        if code:
            start = ent.start_char + (4 if ent.text.lower().startswith("the ") else 0)
            out.append((start, ent.end_char, code))
    return out


# ---------------------------------------------------------------------------------------- CoNLL

def read_conll(path: Path, limit: int | None) -> list[dict]:
    """Documents as {"text", "spans": [(start, end, label)], "tokens": [(start, end, label)]}."""
    docs: list[dict] = []
    sents: list[list[tuple[str, str]]] = []
    cur: list[tuple[str, str]] = []

    def flush_doc() -> None:
        if cur:
            sents.append(list(cur))
            cur.clear()
        if sents:
            docs.append(build(sents))
            sents.clear()

    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("-DOCSTART-"):
            flush_doc()
            if limit and len(docs) >= limit:
                return docs
            continue
        if not line.strip():
            if cur:
                sents.append(list(cur))
                cur.clear()
            continue
        cols = line.split()
        cur.append((cols[0], cols[-1]))
    flush_doc()
    return docs[:limit] if limit else docs


def build(sents: list[list[tuple[str, str]]]) -> dict:
    parts: list[str] = []
    pos = 0
    toks: list[tuple[int, int, str]] = []
    for si, sent in enumerate(sents):
        if si:
            parts.append("\n")
            pos += 1
        for ti, (word, tag) in enumerate(sent):
            if ti:
                parts.append(" ")
                pos += 1
            toks.append((pos, pos + len(word), tag))
            parts.append(word)
            pos += len(word)
        toks.append((-1, -1, "O"))             # sentence boundary closes any open entity
    spans: list[tuple[int, int, str]] = []
    open_: list | None = None
    for s, e, tag in toks:
        typ = tag[2:] if tag != "O" else None
        if open_ and (typ != open_[2] or tag.startswith("B-") or s < 0):
            spans.append(tuple(open_))  # type: ignore[arg-type]
            open_ = None
        if typ and s >= 0:
            if open_ is None:
                open_ = [s, e, typ]
            else:
                open_[1] = e
    return {"text": "".join(parts), "spans": spans}


def eval_conll(path: Path, pipe, gaz, matcher, forms, look: Lookup, limit: int | None,  # type: ignore[no-untyped-def]
               errors: Counter) -> dict:
    from dossier.extract import extract

    docs = read_conll(path, limit)
    n_gold = n_pred = n_base = tp = tp_ov = tp_base = tp_base_ov = 0
    code_ok = code_all = 0
    n_sent = 0
    kind_gold: Counter = Counter()
    kind_tp: Counter = Counter()
    kind_base: Counter = Counter()
    for d, doc in zip(docs, pipe.pipe([d["text"] for d in docs], batch_size=32), strict=True):
        text = d["text"]
        n_sent += text.count("\n") + 1
        gold = []
        for s, e, lab in d["spans"]:
            if lab in ("LOC", "MISC"):
                codes = look.gold_codes(text[s:e])
                if codes:
                    gold.append((s, e, codes))
                    kind_gold[look.gold_kind(text[s:e])] += 1
        rec = extract(doc, gaz=gaz, matcher=matcher, forms=forms, date="1996-08-30")
        pred = [(m["start"], m["end"], norm_code(m["code"])) for m in rec["countries"]]
        base = baseline_mentions(doc, look)
        n_gold += len(gold)
        n_pred += len(pred)
        n_base += len(base)
        gold_by_span = {(s, e): c for s, e, c in gold}
        base_spans = {(s, e) for s, e, _ in base}
        for s, e, _ in gold:
            if (s, e) in base_spans:
                kind_base[look.gold_kind(text[s:e])] += 1
        for s, e, code in pred:
            if (s, e) in gold_by_span:
                kind_tp[look.gold_kind(text[s:e])] += 1
                tp += 1
                code_all += 1
                if code in gold_by_span[(s, e)]:
                    code_ok += 1
                else:
                    errors[f"conll code: gold {'/'.join(sorted(gold_by_span[(s, e)]))} "
                           f"-> predicted {code} ({text[s:e]!r})"] += 1
        tp_base += sum(1 for s, e, _ in base if (s, e) in gold_by_span)
        gs = [(s, e) for s, e, _ in gold]
        tp_ov += len(overlap_matches(gs, [(s, e) for s, e, _ in pred]))
        tp_base_ov += len(overlap_matches(gs, [(s, e) for s, e, _ in base]))
        classify_conll_errors(text, d["spans"], gold, pred, errors)
    return {
        "documents": len(docs), "sentences": n_sent,
        "exact": prf(tp, n_pred, n_gold), "overlap": prf(tp_ov, n_pred, n_gold),
        "code_accuracy": round(code_ok / code_all, 4) if code_all else None, "code_matched": code_all,
        "baseline_exact": prf(tp_base, n_base, n_gold), "baseline_overlap": prf(tp_base_ov, n_base, n_gold),
        "recall_by_gold_kind": {k: {"gold": kind_gold[k],
                                    "extractor": round(kind_tp[k] / kind_gold[k], 4),
                                    "baseline": round(kind_base[k] / kind_gold[k], 4)}
                                for k in PLACE_KINDS if kind_gold[k]},
    }


def classify_conll_errors(text, spans, gold, pred, errors: Counter) -> None:  # type: ignore[no-untyped-def]
    gold_spans = {(s, e) for s, e, _ in gold}
    for s, e, _ in pred:
        if (s, e) in gold_spans:
            continue
        if any(min(e, ge) > max(s, gs) for gs, ge in gold_spans):
            errors["conll FP: boundary differs from a gold mention"] += 1
            continue
        inside = [lab for gs, ge, lab in spans if gs <= s and e <= ge]
        if inside:
            errors[f"conll FP: inside a gold {inside[0]} span"
                   + (" (the whole span)" if any(gs == s and ge == e for gs, ge, _ in spans) else "")] += 1
        else:
            errors["conll FP: outside any gold entity"] += 1
    pred_spans = [(s, e) for s, e, _ in pred]
    for s, e, _ in gold:
        if (s, e) in set(pred_spans):
            continue
        if any(min(e, pe) > max(s, ps) for ps, pe in pred_spans):
            continue                                      # counted as a boundary FP above
        t = text[s:e]
        if t.isupper() and len(t) > 3:
            shape = "ALL CAPS"
        else:
            shape = "abbrev" if "." in t or t.isupper() else "mixed case"
        errors[f"conll FN: missed gold mention ({shape})"] += 1
        errors[f"conll FN text: {t}"] += 1


# ---------------------------------------------------------------------------------------- Reuters

_ITEM = re.compile(r"<REUTERS\b.*?</REUTERS>", re.S)


def _tag(item: str, name: str) -> str:
    m = re.search(rf"<{name}>(.*?)</{name}>", item, re.S)
    return html.unescape(m.group(1)) if m else ""


_MONTHS = {m: i + 1 for i, m in enumerate(
    ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"])}


def _date(raw: str) -> str | None:
    m = re.match(r"\s*(\d{1,2})-([A-Z]{3})-(\d{4})", raw)
    if not m or m.group(2) not in _MONTHS:
        return None
    return f"{m.group(3)}-{_MONTHS[m.group(2)]:02d}-{int(m.group(1)):02d}"


def read_reuters(folder: Path, n: int, dev: bool) -> tuple[list[dict], Counter]:
    files = sorted(folder.glob("reut2-*.sgm"))
    if dev:
        files = [f for f in files if f.stem in ("reut2-015", "reut2-016", "reut2-017")]
    stories: list[dict] = []
    unmapped: Counter = Counter()
    for f in files:
        raw = f.read_bytes().decode("latin-1")
        for m in _ITEM.finditer(raw):
            item = m.group(0)
            body = _tag(item, "BODY").strip()
            places = re.findall(r"<D>(.*?)</D>", _tag(item, "PLACES"))
            if not body or not places:
                continue
            body = re.sub(r"\s*Reuter\s*\x03?\s*$", "", body).rstrip("\x03").strip()
            gold = set()
            for p in places:
                if p in REUTERS_PLACES:
                    gold.add(REUTERS_PLACES[p])
                else:
                    unmapped[p] += 1
            title = _tag(item, "TITLE").strip()
            stories.append({"text": (title + "\n\n" + body) if title else body, "gold": gold,
                            "date": _date(_tag(item, "DATE")),
                            "dateline": _tag(item, "DATELINE").strip()})
            if not dev and n and len(stories) >= n:
                return stories, unmapped
    return (stories[:n] if n and not dev else stories), unmapped


def eval_reuters(folder: Path, n: int, dev: bool, pipe, gaz, matcher, forms, look: Lookup,  # type: ignore[no-untyped-def]
                 errors: Counter) -> dict:
    from dossier.extract import extract

    stories, unmapped = read_reuters(folder, n, dev)
    # The <DATELINE> ("NEW YORK, March 3 - ") sits outside <BODY>. The "+ dateline" rows put it
    # back where the story has it, between the title and the body, as a news file would.
    def with_dateline(st: dict) -> str:
        title, _, body = st["text"].partition("\n\n")
        return f"{title}\n{st['dateline']} {body}" if body else f"{st['dateline']} {title}"

    inline = pipe.pipe([with_dateline(s) for s in stories], batch_size=32)
    c: Counter = Counter()
    for st, doc, dl in zip(stories, pipe.pipe([s["text"] for s in stories], batch_size=32), inline,
                           strict=True):
        rec = extract(doc, gaz=gaz, matcher=matcher, forms=forms, date=st["date"])
        pred = {norm_code(m["code"]) for m in rec["countries"]}
        base = {code for _, _, code in baseline_mentions(doc, look)}
        rec_dl = extract(dl, gaz=gaz, matcher=matcher, forms=forms, date=st["date"])
        pred_dl = {norm_code(m["code"]) for m in rec_dl["countries"]}
        base_dl = {code for _, _, code in baseline_mentions(dl, look)}
        gold = st["gold"]
        c["gold"] += len(gold)
        for name, got in (("x", pred), ("b", base), ("xd", pred_dl), ("bd", base_dl)):
            c[name + "_tp"] += len(got & gold)
            c[name + "_pred"] += len(got)
        for code in pred - gold:
            errors[f"reuters FP code {code}"] += 1
        for code in gold - pred:
            errors[f"reuters FN code {code}"] += 1
            errors["reuters FN: tagged place not named in title/body"
                   + (" but in the dateline" if code in pred_dl else "")] += 1
    row = {k: prf(c[k + "_tp"], c[k + "_pred"], c["gold"]) for k in ("x", "b", "xd", "bd")}
    return {"stories": len(stories), "slice": "reut2-015..017" if dev else f"first {n}",
            "extractor": row["x"], "baseline": row["b"],
            "extractor_with_dateline": row["xd"], "baseline_with_dateline": row["bd"],
            "unmapped_tags": dict(unmapped)}


# ---------------------------------------------------------------------------------------- main

def fmt(row: dict) -> str:
    return (f"P {row['p']:.3f}  R {row['r']:.3f}  F1 {row['f1']:.3f}   "
            f"(tp {row['tp']}, pred {row['pred']}, gold {row['gold']})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    ap.add_argument("--split", choices=("testa", "train"), default="testa", help="CoNLL-2003 file")
    ap.add_argument("--reuters", type=int, default=2000, metavar="N",
                    help="first N Reuters stories with a body and places (0: skip Reuters)")
    ap.add_argument("--reuters-dev", action="store_true",
                    help="use all usable stories of reut2-015..017 instead of the first N")
    ap.add_argument("--limit", type=int, default=None, help="at most this many CoNLL documents")
    ap.add_argument("--gold", choices=("gazetteer", "union"), default="union",
                    help="what names a country in CoNLL gold: the project gazetteer, or it and "
                         "the Phoenix dictionary's country synonyms (default)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--errors", action="store_true", help="print the most frequent error patterns")
    args = ap.parse_args(argv)

    conll = args.corpora / "conll2003" / f"eng.{args.split}"
    reuters = args.corpora / "reuters21578"
    if not conll.exists() and not reuters.exists():
        print(f"corpora not found under {args.corpora}; nothing to measure")
        return 0

    t0 = time.time()
    from _common import load_project

    pipe, gaz, matcher, forms, model = load_project()
    phoenix = args.corpora / "gazetteers" / "Phoenix.Countries.actors.txt"
    look = Lookup(gaz, phoenix_places(phoenix) if args.gold == "union" and phoenix.exists() else None)
    errors: Counter = Counter()
    out: dict = {"model": model}
    if conll.exists():
        out["conll"] = eval_conll(conll, pipe, gaz, matcher, forms, look, args.limit, errors)
        out["conll"]["split"] = args.split
    else:
        print(f"{conll} not found; CoNLL skipped")
    if reuters.exists() and (args.reuters or args.reuters_dev):
        out["reuters"] = eval_reuters(reuters, args.reuters, args.reuters_dev, pipe, gaz, matcher,
                                      forms, look, errors)
    out["pairs"] = "pair F1: not measured here"
    out["seconds"] = round(time.time() - t0, 1)

    if args.json:
        if args.errors:
            out["errors"] = dict(errors.most_common(60))
        print(json.dumps(out, indent=2))
        return 0
    print(f"model {model}   ({out['seconds']} s)")
    if "conll" in out:
        c = out["conll"]
        print(f"\nCoNLL-2003 eng.{c['split']}: {c['documents']} documents, {c['sentences']} lines,"
              f" {c['exact']['gold']} gold country mentions")
        print(f"  {'extractor exact':<18} {fmt(c['exact'])}")
        print(f"  {'extractor overlap':<18} {fmt(c['overlap'])}")
        print(f"  {'baseline exact':<18} {fmt(c['baseline_exact'])}")
        print(f"  {'baseline overlap':<18} {fmt(c['baseline_overlap'])}")
        print(f"  code accuracy among exact matches: {c['code_accuracy']} (n={c['code_matched']})")
        print("  exact recall by kind of the gold form: " + ", ".join(
            f"{k} {v['extractor']:.3f} / baseline {v['baseline']:.3f} (n={v['gold']})"
            for k, v in c["recall_by_gold_kind"].items()))
    if "reuters" in out:
        r = out["reuters"]
        print(f"\nReuters-21578 ({r['slice']}): {r['stories']} stories, article-level country sets, micro")
        print(f"  {'extractor':<18} {fmt(r['extractor'])}")
        print(f"  {'baseline':<18} {fmt(r['baseline'])}")
        print(f"  {'extractor+dateline':<18} {fmt(r['extractor_with_dateline'])}")
        print(f"  {'baseline+dateline':<18} {fmt(r['baseline_with_dateline'])}")
        if r["unmapped_tags"]:
            print(f"  unmapped PLACES tags ignored: {r['unmapped_tags']}")
    print(f"\n{out['pairs']}")
    if args.errors:
        print("\nerror patterns (count):")
        for group in ("conll FP:", "conll FN:", "conll FN text:", "conll code:", "reuters FP code",
                      "reuters FN:", "reuters FN code"):
            rows = [(k, v) for k, v in errors.most_common() if k.startswith(group)][:8]
            for k, v in rows:
                print(f"  {v:5d}  {k}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
