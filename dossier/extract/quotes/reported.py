"""Reported speech: "X said that …", "X accused Y of …", "according to X", "X are of the view
that …", "X's position is that …".

For a cue word the steps are: is it a cue (``cues.reporting_cue``), who speaks (its subject, if
that can speak), what is said (the complement this cue takes in annotated news, or the clause
it interrupts or follows), and where a further attribution cuts that short. On a headline's
line the lead before the colon is the speaker.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ...models import Quote
from ...thresholds import SURE_CUE_PRECISION
from ..lexicon import OBJECT_OF_CUES, VIEW_NOUNS
from .cues import OBJECT_TAIL, Cue, is_cue, reporting_cue
from .speakers import Attribution, Context, according_to, can_speak, line_lead, make_quote, subject


def reported(ctx: Context, tok: Token) -> Quote | None:
    """The reported speech ``tok`` is the cue of, if any."""
    found = _attribution(ctx.doc, tok)
    if found is None:
        return None
    q = make_quote(ctx, found)
    return None if q is None else _headline_statement(ctx, tok, q)


def _attribution(doc: Doc, tok: Token) -> Attribution | None:
    """What ``tok`` attributes, by the kind of cue it is."""
    if tok.lower_ == "according":
        return _according(doc, tok)
    if tok.lemma_ in VIEW_NOUNS and tok.head.dep_ == "prep" and tok.head.head.lemma_ == "be":
        return _of_the_view(doc, tok)
    if tok.lemma_ in VIEW_NOUNS and tok.dep_ == "nsubj" and tok.head.lemma_ == "be":
        return _view_is(doc, tok)
    return _cued(doc, tok)


def _according(doc: Doc, tok: Token) -> Attribution | None:
    """"According to X, …" (the rest of the sentence) or "…, according to X" (what precedes)."""
    src = according_to(tok)
    if src is None:
        return None
    sent = tok.sent
    phrase_end = max(t.i for t in tok.subtree)
    if tok.i == sent.start or tok.i <= sent.start + 1:
        start, end = doc[phrase_end].idx + len(doc[phrase_end]), sent.end_char
    else:
        start, end = sent.start_char, tok.idx
    return Attribution(src, "according to", start, end, "indirect")


def _of_the_view(doc: Doc, tok: Token) -> Attribution | None:
    """"Critics are of the view that …": the subject of "are" holds the view."""
    be = tok.head.head
    subj = subject(be)
    clause = next((c for c in tok.children if c.dep_ in ("acl", "ccomp", "relcl")), None)
    if subj is None or clause is None:
        return None
    lo, hi = _clause(doc, clause)
    return Attribution(subj, doc[be.i:tok.i + 1].text, doc[lo].idx, doc[hi].idx + len(doc[hi]),
                       "indirect")


def _view_is(doc: Doc, tok: Token) -> Attribution | None:
    """"The minister's view is that …": the owner of the view speaks."""
    owner = next((c for c in tok.children if c.dep_ == "poss"), None)
    clause = next((c for c in tok.head.children if c.dep_ in ("ccomp", "attr")), None)
    if owner is None or clause is None or clause.i < tok.head.i:
        return None
    lo, hi = _clause(doc, clause)
    return Attribution(owner, doc[tok.i:tok.head.i + 1].text, doc[lo].idx,
                       doc[hi].idx + len(doc[hi]), "indirect")


def _clause(doc: Doc, head: Token) -> tuple[int, int]:
    """First and last token of a clause, without its opening "that"."""
    lo, hi = min(t.i for t in head.subtree), max(t.i for t in head.subtree)
    if doc[lo].lower_ == "that":
        lo += 1
    return lo, hi


def _cued(doc: Doc, tok: Token) -> Attribution | None:
    """Reported speech introduced by a cue verb: "said that …", "vowed to …", "criticized …"."""
    cue = reporting_cue(tok)
    if cue is None:
        return None
    subj = _speaker(tok, cue)
    if subj is None:
        return None
    content = _content(doc, tok, cue)
    if content is None:
        return None
    lo, hi, min_tokens = content
    lo, hi = _cut_at_next_attribution(doc, tok, lo, hi)
    if hi - lo + 1 < min_tokens:
        return None
    return Attribution(subj, tok.text, doc[lo].idx, doc[hi].idx + len(doc[hi]), "indirect")


def _speaker(cue_word: Token, cue: Cue) -> Token | None:
    """The subject of a cue, if it is someone: not "it", "there", a generic "you" or a
    demonstrative, and for a doubtful cue one that can speak or think."""
    subj = subject(cue_word)
    if subj is None or subj.lower_ in ("it", "there", "you") or (
            subj.tag_ == "DT" and subj.lower_ in ("this", "that", "these")):
        return None           # "That shows how …", "That said, …", "you can say …": no one
    if cue.precision < SURE_CUE_PRECISION and not can_speak(subj):
        return None           # "the priority areas … will be supporting …": no one speaks
    return subj


def _content(doc: Doc, tok: Token, cue: Cue) -> tuple[int, int, int] | None:
    """First and last token of what a cue reports, and the fewest tokens that make a statement."""
    if tok.lemma_ in OBJECT_OF_CUES:
        found = _object_of(tok)
        if found is not None:
            return found[0], found[1], 3
    # The complement this cue takes in annotated news: a clause ("said that …"), an
    # infinitive ("vowed to …"), an object ("criticized the plan") — in that cue's order.
    comp = next((c for dep in cue.content for c in tok.children if c.dep_ == dep), None)
    if comp is not None:
        return _complement(doc, tok, comp)
    if cue.head and tok.dep_ in ("parataxis", "ccomp", "advcl") and tok.head.i < tok.i \
            and not (tok.dep_ == "ccomp" and is_cue(tok.head)):
        # (In "voters say they don't know …" the clause is what the voters say.)
        # "The plan is dead, he said": the statement is the clause the cue interrupts.
        return min(t.i for t in tok.head.subtree), min(t.i for t in tok.subtree) - 1, 3
    if tok.dep_ in ("advcl", "parataxis") and tok.head.i > max(t.i for t in tok.subtree) \
            and all(c.lower_ == "as" for c in tok.children if c.dep_ == "mark"):
        # … but "When Lopez attacked the judge, voters were outraged" reports nothing.
        # "As the Post observed, farmers control 30 seats": the clause after the cue's.
        return max(t.i for t in tok.subtree) + 1, max(t.i for t in tok.head.subtree), 3
    return None


def _object_of(tok: Token) -> tuple[int, int] | None:
    """The object and its "of …" of a cue like "accused the provocateurs of …"."""
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "about")), None)
    if obj is not None and of is None:   # "accused the provocateurs of …" parsed under the object
        of = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if obj is None or of is None:
        return None
    return min(t.i for t in obj.subtree), max(t.i for t in of.subtree)


def _complement(doc: Doc, tok: Token, comp: Token) -> tuple[int, int, int]:
    """The range of a cue's complement; an object takes what is said of it along."""
    lo, hi = _clause(doc, comp)
    if comp.dep_ != "dobj":
        return lo, hi, 3
    # "criticized Lopez for accepting …", "called the charge 'absurd'": what is said of the
    # object follows it.
    for c in sorted(tok.children, key=lambda c: c.i):
        if c.i > hi and c.dep_ in OBJECT_TAIL and all(
                t.is_punct for t in doc[hi + 1:c.left_edge.i]):
            hi = max(t.i for t in c.subtree)
    tail = [c for c in tok.children if c.i > tok.i and c.dep_ in OBJECT_TAIL]
    if comp.lower_ == "what" and comp.i < tok.i and tail:
        # "what they called Peru's failure": what is said is the phrase after.
        lo = min(t.i for t in tail[0].subtree)
        hi = max(t.i for c in tail for t in c.subtree)
    return lo, hi, 1                  # "endorsed Lopez" states a stance


def _cut_at_next_attribution(doc: Doc, cue: Token, lo: int, hi: int) -> tuple[int, int]:
    """End the content where a further attribution of its own begins: in "he says the plan
    failed and says he wrote a bill" or "…, claiming that …" the second cue starts a statement
    of its own, which annotated news counts separately."""
    for t in doc[lo:hi + 1]:
        if t.i > lo and according_to(t) is not None:
            hi = t.i - 1               # "…, according to a poll": the poll's, not the cue's
            while hi > lo and doc[hi].is_punct:
                hi -= 1
            break
        if (t.i > lo + 1 and t != cue and t.pos_ == "VERB" and t.dep_ in ("conj", "advcl")
                and is_cue(t) and t.head.i < t.i):
            hi = min(hi, t.left_edge.i - 1) if t.left_edge.i > lo else hi
            while hi > lo and (doc[hi].is_punct or doc[hi].dep_ == "cc"):
                hi -= 1
            break
    return lo, hi


def _headline_statement(ctx: Context, cue: Token, q: Quote) -> Quote:
    """Reported speech on a headline's line after its lead ("Report: Ortiz Advised
    Lopez To Sign Port Deal") is the lead's statement, the rest of the line its content."""
    doc = ctx.doc
    found = line_lead(doc, cue.i, sentence=False)
    if found is None or q.speaker_start < doc[found[1]].idx:
        return q
    lead, colon = found
    end = cue.i
    while end < len(doc) and "\n" not in doc[end].whitespace_ and not doc[end].is_space:
        end += 1
    last = doc[min(end, len(doc) - 1)]
    return make_quote(ctx, Attribution(lead, ":", doc[colon].idx + 1, last.idx + len(last),
                                       "indirect")) or q
