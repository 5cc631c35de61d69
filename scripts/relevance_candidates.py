"""Candidates for relevance labelling: every (sentence, pair of countries) the extractor finds
named together in BBC News, Reuters-21578 and PolNeAR, with the split each belongs to.

Each corpus item is read as a person would drop it into ``content/articles/`` (the readers of
``dossier.bench``: a BBC file becomes a Markdown article with its title, a Reuters story a text
article with its date), so offsets are into the article body as the build reads it. The output
goes to a scratch folder outside the repository (``--out``) because it holds corpus text:

* ``candidates.jsonl``: id, corpus, item, split, pair, start, end, sha (of the sentence), the
  sentence, the two country names, and what the dossier before relevance did with it
  (``fact``: whether it was a fact of that pair, with its topic and tone);
* ``labelling/<split>-<n>.jsonl``: the items drawn for labelling, without what the dossier did.

Splits are by article, fixed here and never tuned: BBC files numbered 0 mod 5 are test, 1 mod 5
dev; Reuters ``reut2-015…017`` test, ``reut2-013…014`` dev; PolNeAR ``dev`` test; everything else
is train. ``scripts/relevance/`` holds the labels, as references (item, offsets, sha) only.

    .venv/bin/python scripts/relevance_candidates.py --out /tmp/relevance [--limit N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import tempfile
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import CORPORA  # noqa: E402

from dossier import bench, countries, ingest, nlp  # noqa: E402
from dossier.errors import DossierError  # noqa: E402
from dossier.models import Article  # noqa: E402

# How many items of each split to draw for labelling, per corpus.
DRAW = {"train": 1100, "dev": 220, "test": 160}
PER_ARTICLE = 3          # at most this many candidates of one article are drawn
PER_SENTENCE = 2         # … and this many pairs of one sentence (a list of 20 countries is one case)
SEED = 13


def split_of(corpus: str, item: str) -> str:
    if corpus == "bbc":
        n = int(re.search(r"(\d+)\.md$", item).group(1))  # type: ignore[union-attr]
        return {0: "test", 1: "dev"}.get(n % 5, "train")
    if corpus == "reuters":
        n = int(item.split("/")[0][len("reut2-"):])
        return "test" if n >= 15 else "dev" if n >= 13 else "train"
    return "test" if "/dev/" in item else "train"


def sentence_sha(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def items(corpora: Path, limit: int | None, only: set[str] | None = None
          ) -> list[tuple[str, str, bytes]]:
    """(corpus, item name, bytes) of every article (or of those named in ``only``), in a stable
    order."""
    out: list[tuple[str, str, bytes]] = []
    for name, data in bench.bbc(corpora / "bbc"):
        out.append(("bbc", name, data))
    folder = corpora / "reuters21578"
    for sgm in sorted(folder.glob("reut2-*.sgm")):
        if only is not None and not any(n.startswith(sgm.stem + "/") for n in only):
            continue
        with tempfile.TemporaryDirectory() as tmp:
            Path(tmp, sgm.name).symlink_to(sgm)
            out += [("reuters", f"{sgm.stem}/{name}", data) for name, data in bench.reuters(Path(tmp))]
    for split in ("train", "dev"):
        for path in sorted((corpora / "polnear" / "data" / split / "text").glob("*.txt")):
            out.append(("polnear", f"polnear/{split}/{path.name}", path.read_bytes()))
    if only is not None:
        out = [x for x in out if x[1] in only]
    if limit:
        random.Random(SEED).shuffle(out)
        out = sorted(out[:limit], key=lambda x: (x[0], x[1]))
    return out


def read_items(found: list[tuple[str, str, bytes]]) -> list[tuple[str, str, Article]]:
    """(corpus, item name, article) of each item, read by the project's ingest as the file a
    person would drop in; an item it refuses is no candidate, and is left out."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for corpus, name, data in found:
            path = Path(tmp, f"{len(out):06d}{Path(name).suffix}")
            path.write_bytes(data)
            try:
                out.append((corpus, name, ingest.read_article(path)))
            except DossierError:
                continue
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", type=Path, default=CORPORA)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--limit", type=int, default=None, help="articles, drawn at random")
    args = ap.parse_args()
    if not (args.corpora / "bbc").exists():
        print(f"{args.corpora} not found: nothing done")
        return 0
    gaz = countries.load()
    found = items(args.corpora, args.limit)
    print(f"{len(found)} articles", file=sys.stderr)
    candidates = []
    arts = read_items(found)
    records = nlp.extract_all([a for _, _, a in arts], n_process=2)
    for (corpus, name, art), rec in zip(arts, records, strict=True):
        if not isinstance(rec, dict):
            continue
        facts = {(tuple(f["pair"]), f["start"]): f for f in rec["facts"]}
        for start, end in rec["sentences"]:
            codes = sorted({m["code"] for m in rec["mentions"]
                            if start <= m["start"] < end})
            for a, b in combinations(codes, 2):
                fact = facts.get(((a, b), start))
                text = art.text[start:end]
                candidates.append({
                    "corpus": corpus, "item": name, "split": split_of(corpus, name),
                    "pair": [a, b], "names": [gaz.name(a), gaz.name(b)],
                    "start": start, "end": end, "sha": sentence_sha(text),
                    "sentence": " ".join(text.split()), "n_countries": len(codes),
                    "fact": fact is not None,
                    "topic": fact["topic"] if fact else None,
                    "tone": fact["tone"] if fact else None})
    write_items(candidates, args.out / "candidates.jsonl", "c{:06d}")
    draw(candidates, args.out / "labelling")
    return 0


def write_items(rows: list[dict], path: Path, ids: str) -> None:
    """Number the items (``ids``: a format such as "c{:06d}") and write them as JSON Lines."""
    for i, row in enumerate(rows):
        row["id"] = ids.format(i)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def draw(candidates: list[dict], folder: Path) -> None:
    """Items to label: per corpus and split, at random, a few per article and per sentence."""
    rng = random.Random(SEED)
    folder.mkdir(parents=True, exist_ok=True)
    for split, n in DRAW.items():
        chosen = []
        for corpus in ("bbc", "reuters", "polnear"):
            pool = [c for c in candidates if c["corpus"] == corpus and c["split"] == split]
            rng.shuffle(pool)
            per_article: dict[str, int] = {}
            per_sentence: dict[tuple[str, int], int] = {}
            picked = 0
            for c in pool:
                key = (c["item"], c["start"])
                if per_article.get(c["item"], 0) >= PER_ARTICLE or per_sentence.get(key, 0) >= \
                        PER_SENTENCE:
                    continue
                per_article[c["item"]] = per_article.get(c["item"], 0) + 1
                per_sentence[key] = per_sentence.get(key, 0) + 1
                chosen.append(c)
                picked += 1
                if picked >= n:
                    break
            print(f"{split} {corpus}: {picked} of {len(pool)}", file=sys.stderr)
        rng.shuffle(chosen)
        with open(folder / f"{split}.jsonl", "w", encoding="utf-8") as fh:
            for c in chosen:
                fh.write(json.dumps({"id": c["id"], "sentence": c["sentence"], "pair": c["pair"],
                                     "names": c["names"]}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    raise SystemExit(main())
