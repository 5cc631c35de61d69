"""Events: what one country does to another in a sentence, coded in CAMEO.

CAMEO (Conflict and Mediation Event Observations) is the event ontology of GDELT, ICEWS and the
Phoenix data: twenty root codes from "make public statement" (01) to "use unconventional mass
violence" (20), finer codes below them, a QuadClass (verbal or material, cooperation or
conflict) and a Goldstein weight from -10 to +10 for each.

The verb that relates the two countries is looked up in PETRARCH's CAMEO verb dictionary
(``data/cameo_verbs.json``, derived by ``scripts/derive_cameo.py``): its block of synonyms gives a
default code, and the block's patterns, words that must follow the verb (or precede it) in its
phrase, give a finer one ("sign" alone codes nothing; "sign a trade agreement" is 0311, "sign a
peace treaty" 057). A sentence whose relation is a noun rather than a verb ("talks between Russia
and Ukraine", "sanctions against Iran") is coded from a short table of event nouns. Sectors come
from the Phoenix agents dictionary (``data/agents.tsv``): "US troops" act as MIL, "Japanese
firms" as BUS, a country named alone as GOV.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.tokens import Span, Token

from .lexicon import LIGHT_VERBS, NOUN_EVENTS

DATA = Path(__file__).resolve().parents[1] / "data"


@dataclass(frozen=True)
class Event:
    """A CAMEO event: code, its label, QuadClass (1–4) and Goldstein weight (-10 … +10)."""

    code: str
    label: str
    quad_class: int
    goldstein: float
    word: str                 # the verb or noun it was coded from

    @property
    def root(self) -> str:
        return self.code[:2]

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "label": self.label, "quad_class": self.quad_class,
                "goldstein": self.goldstein}


@lru_cache(maxsize=1)
def codebook() -> dict[str, tuple[str, int, float]]:
    """CAMEO code → (label, QuadClass, Goldstein weight)."""
    out = {}
    for line in (DATA / "cameo_codes.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("code\t") or not line.strip():
            continue
        code, label, quad, goldstein = line.split("\t")
        out[code] = (label, int(quad), float(goldstein))
    return out


def event(code: str, word: str) -> Event | None:
    """The event of a code, falling back to its parent (0254 → 025 → 02) if it is not listed."""
    book = codebook()
    while code and code not in book:
        code = code[:-1]
    if not code:
        return None
    label, quad, goldstein = book[code]
    return Event(code, label, quad, goldstein, word)


@dataclass(frozen=True)
class _Dictionary:
    verbs: dict[str, tuple[int, str | None]]
    blocks: list[tuple[str | None, list[tuple[list[str], list[str], str]]]]
    sets: dict[str, frozenset[str]]


@lru_cache(maxsize=1)
def dictionary() -> _Dictionary:
    data = json.loads((DATA / "cameo_verbs.json").read_text(encoding="utf-8"))
    return _Dictionary(
        verbs={k: (int(v[0]), v[1]) for k, v in data["verbs"].items()},
        blocks=[(b["code"], [(p[0], p[1], p[2]) for p in b["patterns"]]) for b in data["blocks"]],
        sets={k: frozenset(_norm(w) for w in v) for k, v in data["sets"].items()})


@lru_cache(maxsize=1)
def agents() -> dict[str, str]:
    """Agent noun (lower case) → Phoenix sector code."""
    out = {}
    for line in (DATA / "agents.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            noun, code = line.split("\t")
            out[noun] = code
    return out


def _norm(word: str) -> str:
    """A word as patterns and text are compared: lower case, a plural -s dropped."""
    w = word.lower()
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w


def _matches(word: str, tok: Token, sets: dict[str, frozenset[str]]) -> bool:
    if word.startswith("&"):
        options = sets.get(word, frozenset())
        return _norm(tok.text) in options or _norm(tok.lemma_) in options
    w = _norm(word)
    return w in (_norm(tok.text), _norm(tok.lemma_)) or (len(w) > 4 and tok.lower_.startswith(w))


def _subsequence(words: list[str], toks: list[Token], sets: dict[str, frozenset[str]]) -> bool:
    """Whether every pattern word matches a token, in order (multi-word set members aside)."""
    i = 0
    for tok in toks:
        if i < len(words) and _matches(words[i], tok, sets):
            i += 1
    return i == len(words)


def code_verb(verb: Token) -> Event | None:
    """The CAMEO event of a verb in its phrase, or None when the dictionary codes nothing."""
    d = dictionary()
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
    lemma = verb.lemma_.lower()
    entry = None
    for form in ([f"{lemma} {particle}"] if particle else []) + [lemma, verb.lower_]:
        entry = d.verbs.get(form)
        if entry is not None:
            break
    if entry is None:
        return None
    block, own = entry
    default, patterns = d.blocks[block]
    subject = {t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
    after = [t for t in verb.subtree
             if t.i > verb.i and not t.is_punct and t.i not in subject][:16]
    before = [t for t in verb.sent if t.i < verb.i][-8:]
    best: tuple[int, str] | None = None
    for pre, post, code in patterns:
        if not pre and not post:
            continue
        if _subsequence(post, after, d.sets) and _subsequence(pre, before, d.sets):
            size = len(pre) + len(post)
            if best is None or size > best[0]:
                best = (size, code)
    chosen = best[1] if best else own or default
    return event(chosen, verb.text) if chosen else None


def code_noun(noun: Token) -> Event | None:
    code = NOUN_EVENTS.get(noun.lemma_.lower())
    return event(code, noun.text) if code else None


def code_sentence(sent: Span, predicate: Token | None) -> Event | None:
    """The event that relates two countries in a sentence: their linking verb's if the
    dictionary codes it; else an event noun in that verb's phrase, or the sentence's root verb,
    or an event noun anywhere in the sentence."""
    verbs = [predicate] if predicate is not None and predicate.pos_ in ("VERB", "AUX") else []
    verbs += [t for t in [sent.root] if t not in verbs and t.pos_ in ("VERB", "AUX")]
    for verb in verbs:
        if verb.lemma_.lower() in LIGHT_VERBS:
            found = _noun_in(verb.subtree)
            if found is not None:
                return found
        found = code_verb(verb)
        if found is not None:
            return found
    if predicate is not None:
        found = _noun_in(predicate.subtree)
        if found is not None:
            return found
    return _noun_in(sent)


def _noun_in(tokens: Any) -> Event | None:
    for tok in tokens:
        if tok.pos_ in ("NOUN", "PROPN"):
            found = code_noun(tok)
            if found is not None:
                return found
    return None


def sector(mention: Span) -> str:
    """The Phoenix sector of a country mention: the agent noun it qualifies ("US troops" MIL,
    "the Japanese government" GOV, "British firms" BUS), else GOV for the state itself."""
    table = agents()
    root = mention.root
    head = root.head if root.dep_ in ("compound", "amod", "nmod", "poss") else None
    for tok in ([head] if head is not None else []) + [root]:
        for form in (tok.lemma_.lower(), tok.lower_):
            code = table.get(form)
            if code is not None:
                return code
    return "GOV"
