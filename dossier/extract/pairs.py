"""Which countries of a sentence relate to which: who acts on whom, read from the parse.

A sentence naming two countries relates them. With three or more, co-occurrence would pair
every one with every other ("relations with the US, Kazakhstan remained an ally of Russia" does
not relate Russia and the US), so pairs come from the dependency parse:

* a country that is the subject of a verb acts on every country in that verb's complements
  (objects, prepositional phrases, clauses without a subject country of their own);
* countries inside one argument are related ("talks between Russia and Ukraine", "the US
  Embassy in Astana"), unless they are simply coordinated;
* coordinated subjects with no country in the complements act together ("France and Germany
  signed a treaty");
* a verb joined to another by "and" without a subject of its own shares that verb's subject.

When the parse relates nobody, every pair of the sentence is kept, so nothing is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from spacy.tokens import Span, Token

from ..countries import pair_key
from ..models import Mention

_SUBJECTS = ("nsubj", "nsubjpass", "csubj", "agent")
_PREDICATES = ("VERB", "AUX")


@dataclass(frozen=True)
class Link:
    pair: tuple[str, str]
    actor: str | None
    target: str | None
    why: str
    kind: str = "named"             # acts | together | phrase | named | continues
    predicate: int | None = None    # the token index of the verb that relates them


def _climb(tok: Token) -> tuple[Token, bool, Token]:
    """(predicate, whether the token is in its subject, the predicate's child on the path)."""
    child, t = tok, tok
    while t.head.i != t.i:
        if t.head.pos_ in _PREDICATES and t.dep_ != "conj":
            return t.head, t.dep_ in _SUBJECTS or (t.dep_ == "pobj" and t.head.dep_ == "agent"), t
        if t.dep_ == "agent" and t.head.pos_ in _PREDICATES:
            return t.head, True, t
        child, t = t, t.head
    return t, False, child


def _own_subject(pred: Token) -> bool:
    return any(c.dep_ in _SUBJECTS for c in pred.children)


def links(sent: Span, mentions: list[Mention]) -> list[Link]:
    """The related pairs of countries in one sentence, with the direction where one acts."""
    codes = sorted({m.code for m in mentions})
    if len(codes) < 2:
        return []
    doc = sent.doc
    placed = []
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None:
            pred, is_subj, arg = _climb(span.root)
            placed.append((m.code, span.root, pred, is_subj, arg))
    subj: dict[int, set[str]] = {}
    comp: dict[int, set[str]] = {}
    preds: dict[int, Token] = {}
    for code, _tok, pred, is_subj, _arg in placed:
        preds[pred.i] = pred
        (subj if is_subj else comp).setdefault(pred.i, set()).add(code)
    # A verb joined by "and" without a subject of its own shares its head's subject countries.
    for i, pred in list(preds.items()):
        p = pred
        while p.dep_ in ("conj", "xcomp", "ccomp", "advcl") and not _own_subject(p) \
                and p.head.pos_ in _PREDICATES and not subj.get(i):
            p = p.head
            if subj.get(p.i):
                subj[i] = set(subj[p.i])
                break
    found: dict[tuple[str, str], Link] = {}

    def add(a: str, b: str, actor: str | None, why: str, kind: str,
            predicate: int | None) -> None:
        if a == b:
            return
        pair = pair_key(a, b)
        if pair not in found or (actor and not found[pair].actor):
            target = (b if actor == a else a) if actor else None
            found[pair] = Link(pair, actor, target, why, kind, predicate)

    for i in preds:
        for a in sorted(subj.get(i, ())):
            for b in sorted(_complements(i, preds, subj, comp)):
                add(a, b, a, f"{a} acts on {b} (subject and complement of "
                             f"“{preds[i].text}”)", "acts", i)
        subjects = sorted(subj.get(i, ()))
        if len(subjects) > 1 and not _complements(i, preds, subj, comp):
            for a, b in combinations(subjects, 2):
                add(a, b, None, f"{a} and {b} act together (“{preds[i].text}”)", "together", i)
    # Countries inside one argument of a verb: "talks between Russia and Ukraine".
    for (c1, t1, p1, _, a1), (c2, t2, p2, _, a2) in combinations(placed, 2):
        if c1 != c2 and a1.i == a2.i and p1.i == p2.i and not _coordinated(t1, t2):
            add(c1, c2, None, f"{c1} and {c2} are named in one phrase", "phrase", p1.i)
    if not found:
        for a, b in combinations(codes, 2):
            add(a, b, None, "named in the same sentence", "named", None)
    return sorted(found.values(), key=lambda link: link.pair)


def _complements(i: int, preds: dict[int, Token], subj: dict[int, set[str]],
                 comp: dict[int, set[str]]) -> set[str]:
    """Countries in a predicate's complements, including clauses below it without a subject
    country of their own ("asked Russia to send troops to Tajikistan")."""
    out = set(comp.get(i, ()))
    for j, pred in preds.items():
        if j != i and not subj.get(j) and preds[i] in pred.ancestors:
            out |= comp.get(j, set())
    return out


def _coordinated(a: Token, b: Token) -> bool:
    """Whether two tokens are conjuncts of one another ("Kazakhstan and Russia")."""
    return b in a.conjuncts or a in b.conjuncts or \
        any(b in c.conjuncts for c in a.ancestors if c.dep_ == "appos") or \
        (a.dep_ == "appos" and a.head == b) or (b.dep_ == "appos" and b.head == a)
