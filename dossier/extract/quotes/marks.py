"""Quotation marks: where quotes open and close in the text, and which quoted words are a
statement rather than a title or a scare quote."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ...thresholds import SCARE_WORDS
from ..doc_text import doc_text
from ..lexicon import TITLE_SMALL_WORDS

OPENERS = {"“": "”", "«": "»", '"': '"', "„": "“", "‘": "’"}
# Typed and typeset marks get mixed in one quote ("We will win,” he said).
_ALSO_CLOSES = {'"': ("”",), "“": ('"',)}
# Marks that are also apostrophes or inch signs: they open after a non-letter and close before
# one ("‘We will win’" is a quote; "don’t" and "the Lopezes’ house" close nothing).
_AMBIGUOUS = {'"', "‘", "’"}


def quote_marks(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text inside each pair of quotation marks.

    An unclosed quote that reaches a paragraph break continues when the next paragraph opens
    with a quotation mark (the newspaper convention for quotes of several paragraphs); an
    unclosed one that does not is dropped instead of swallowing the rest of the article.
    """
    # Two apostrophes stand for a quotation mark in some newspapers' text (''We will win,'' he
    # said); read as a space and one straight mark, every offset stays where it was.
    original, text = text, text.replace("''", ' "')
    out: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in OPENERS and (ch not in _AMBIGUOUS or i == 0 or not text[i - 1].isalnum()):
            close = OPENERS[ch]
            j, start = i + 1, i + 1
            while j < n:
                c = text[j]
                if (c == close or c in _ALSO_CLOSES.get(ch, ())) and (
                        c not in _AMBIGUOUS or j + 1 == n or not text[j + 1].isalnum()):
                    if not (c == "’" and text[j - 1] == "s" and text[j + 1:j + 3].strip()[:1].islower()):
                        break                       # … unless "the Lopezes’ terms"
                if c == "\n" and text[j:j + 2] == "\n\n":
                    k = j
                    while k < n and text[k].isspace():
                        k += 1
                    if k < n and text[k] == ch:     # next paragraph reopens: same quote
                        j = k + 1
                        continue
                    j = -1
                    break
                j += 1
            if 0 < j < n and j > start:
                out.append((start, j - (original[j - 1:j + 1] == "''")))
                i = j + 1
                continue
        i += 1
    return out


def quoted_tokens(doc: Doc, marks: list[tuple[int, int]]) -> frozenset[int]:
    """Indices of the tokens inside quotation marks, the marks included: words there are the
    speaker's, never a cue or a speaker of their own."""
    text = doc_text(doc)
    return frozenset(t.i for qs, qe in marks
                     for t in doc.char_span(max(0, qs - 1), min(len(text), qe + 1),
                                            alignment_mode="expand") or ())


def is_title(span: Span, in_headline: bool) -> bool:
    """A name in quotation marks — a programme, a book, a slogan's title ("Good Morning
    America", "Meet the Press") — or no words at all, rather than something said. A headline's
    words are title-cased, its quotes too: there, a quote is no title."""
    words = [t for t in span if t.is_alpha]
    if not words:
        return True
    titled = all(t.text[0].isupper() or t.lower_ in TITLE_SMALL_WORDS for t in words) \
        and words[0].text[0].isupper()
    if len(words) > 6 or not titled or in_headline:
        return False
    if span[-1].text in ".!?,":
        # "Win," he said: a statement; but "in his book, “A Farmer’s Son.”" is a title that
        # takes the sentence's full stop, unless a colon or a cue introduces it ("…: ‘Very
        # Good Reporter.’").
        before = doc_text(span.doc)[:span.start_char].rstrip(" \"'“‘«„").rstrip()
        return len(words) >= 2 and before[-1:] == ","
    return True


def is_scare_quote(doc: Doc, span: Span, qs: int) -> bool:
    """A few words quoted inside a sentence of the writer's own ("called the plan “reckless”
    on Monday"): the sentence, if anything, is reported speech, not a quotation."""
    words = [t for t in span if t.is_alpha]
    if len(words) > SCARE_WORDS or last_mark(span).text in ".!?,":
        return False
    before = doc_text(doc)[:qs - 1].rstrip()
    return bool(before) and before[-1] not in ",:;—–-(\n"


def last_mark(span: Span) -> Token:
    """A quote's last token before any inner closing marks ("… a ‘fair deal,’”": the comma)."""
    last = span[-1]
    while last.is_quote and last.i > span.start:
        last = last.doc[last.i - 1]
    return last


def before_mark(doc: Doc, span: Span) -> int:
    """Index of the token before a quote's opening mark and any space (-1 at the start)."""
    i = span.start - 1
    while i >= 0 and (doc[i].is_space or doc[i].is_quote):
        i -= 1
    return i


def colon_index(doc: Doc, span: Span) -> int | None:
    """Index of the colon just before a quote's opening mark, if there is one."""
    i = before_mark(doc, span)
    return i if i >= 1 and doc[i].text == ":" else None


def token_at(doc: Doc, offset: int) -> int:
    """Index of the token at or after a character offset."""
    span = doc.char_span(offset, offset, alignment_mode="expand")
    if span is not None:
        return span.start
    return next((t.i for t in doc if t.idx >= offset), len(doc))
