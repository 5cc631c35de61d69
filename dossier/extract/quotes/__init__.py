"""Quotes and attributions: who said (or thinks) what, in quotation marks or reported speech.

``marks`` finds the quotation marks, ``direct`` the speaker of each quote, ``reported`` the
reported speech outside them, ``speakers`` who a cue's subject really is, and ``cues`` reads
the learned cue tables (their thresholds are in ``dossier/thresholds.py``).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from ...models import Mention, Quote
from ..doc_text import doc_text
from .direct import direct, merge_split
from .marks import quote_marks, quoted_tokens
from .reported import reported
from .speakers import Context

__all__ = ["quote_marks", "quotes"]


def quotes(doc: Doc, mentions: list[Mention]) -> Iterator[Quote]:
    """Direct quotes first, then reported speech that no direct quote already covers."""
    ctx = Context.of(doc, mentions)
    marks = quote_marks(doc_text(doc))
    quoted = quoted_tokens(doc, marks)
    found = [q for qs, qe in marks if (q := direct(ctx, qs, qe, quoted)) is not None]
    found = merge_split(doc, found)
    for tok in doc:
        if tok.i in quoted:
            continue
        q = reported(ctx, tok)
        # Reported speech that restates a direct quote is not kept.
        if q is not None and not any(_overlap(q, d) for d in found if d.kind == "direct"):
            found.append(q)
    yield from sorted(_outermost(found), key=lambda q: q.start)


def _outermost(quotes: list[Quote]) -> list[Quote]:
    """Of nested attributions ("according to reports, strategists said that …", "she said he
    wants …") the outer one: in annotated news each word belongs to one attribution."""
    kept: list[Quote] = []
    for q in sorted(quotes, key=lambda q: -(q.end - q.start)):
        if not any(_overlap(q, k) for k in kept):
            kept.append(q)
    # … except that "according to reports, the strategists said that …" is the strategists':
    # the report only relays a speaker it names. Said last ("59 percent view her unfavorably,
    # according to a poll"), the source is the one that vouches for the whole sentence.
    for outer in [k for k in kept if k.cue == "according to" and k.speaker_start < k.start]:
        inner = [q for q in quotes if q is not outer and outer.start <= q.speaker_start
                 and q.end <= outer.end and q.speaker_start - outer.start < 20]
        if inner:
            kept.remove(outer)
            kept.append(max(inner, key=lambda q: q.end - q.start))
    return kept


def _overlap(a: Quote, b: Quote) -> bool:
    """Whether two quotes share more than half of the shorter one."""
    inter = min(a.end, b.end) - max(a.start, b.start)
    return inter > 0.5 * min(a.end - a.start, b.end - b.start)
