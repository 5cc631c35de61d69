"""Direct quotes: the speaker of the words inside a pair of quotation marks.

In order: a tag right after the quote or a short clause leading into it (any verb there
reports it), a name set off before its colon, a cue in the quote's own or a nearby sentence,
and last a headline's lead. One quote split by its attribution is then joined again.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from spacy.tokens import Doc, Span, Token

from ...models import Quote
from ...thresholds import APPOSED_TAG_WORDS, LONG_TAG_WORDS, MERGE_WORDS, TAG_WORDS
from ..doc_text import doc_text
from ..lexicon import RELATIVE_PRONOUNS, SPEECH_VERBS
from .cues import PHRASE_POS, TAG_PHRASE_POS, is_cue, precision
from .marks import before_mark, colon_index, is_scare_quote, is_title, last_mark, token_at
from .speakers import (
    Attribution,
    Context,
    according_to,
    headline_speaker,
    make_quote,
    named_before_colon,
    speaker_span,
    subject,
)


def direct(ctx: Context, qs: int, qe: int, quoted: frozenset[int]) -> Quote | None:
    """The quote inside the marks at characters ``qs``..``qe`` and its speaker: a speech verb
    outside any quotation marks in the same or a nearby sentence ("we believe" inside the
    quote is the speaker's words, not its cue). None for a title or a scare quote."""
    doc = ctx.doc
    span = doc.char_span(qs, qe, alignment_mode="expand")
    if span is None:
        return None
    headline = headline_speaker(doc, span)
    if (len(span) < 3 and span[-1].text not in ".!?,") or is_title(span, headline is not None) \
            or is_scare_quote(doc, span, qs):
        return None          # a scare-quoted word or title, not a statement
    found = _tagged(doc, span, qs, qe, quoted)
    if found is None:
        named = named_before_colon(doc, span)
        if named is not None:          # "Pollsters agree - Ana Ortiz: “…”"
            found = Attribution(named, ":", qs, qe, "direct")
    if found is None:
        found = _cued(doc, span, qs, qe, headline, quoted)
    if found is None and headline is not None:
        # a headline or transcript: "Lopez: ‘We Will Not Sign’"
        found = Attribution(headline[0], ":", qs, qe, "direct")
    return make_quote(ctx, found) if found is not None else None


def _tagged(doc: Doc, span: Span, qs: int, qe: int, quoted: frozenset[int]) -> Attribution | None:
    """The speaker a tag names ("“…,” Ortiz continued.", "She continued, “…”"): any verb in
    that place reports the quote; a tag relayed by "according to" is the relay's."""
    tag = _speech_tag(doc, span) or _lead_tag(doc, span)
    if tag is None:
        return None
    relay = next((src for t in doc[tag[0].i + 1:tag[0].sent.end]
                  if t.i not in quoted and (src := according_to(t)) is not None), None)
    if relay is not None:          # "“…,” the judge said, according to the Post."
        return Attribution(relay, "according to", qs, qe, "direct")
    return Attribution(tag[1], tag[0].text, qs, qe, "direct")


def _cued(doc: Doc, span: Span, qs: int, qe: int, headline: tuple[Span, int] | None,
          quoted: frozenset[int]) -> Attribution | None:
    """The speaker a cue names in the quote's sentences or, failing them, the sentence before
    or after: of each sentence's cues a sure one first, then the nearest."""
    first, last = span[0].sent, span[-1].sent
    if headline is not None:
        # The quote's own line names its speaker; a cue elsewhere speaks of something else.
        nearby = [s for s in dict.fromkeys([first, last]) if s.end > headline[1]]
    else:
        # A quote with no cue of its own goes on from the sentence before ("“…,” the farmer
        # told Reuters. “She was very kind.”") more often than the next sentence names its
        # speaker: in annotated news the sentence after speaks of something else.
        before = [doc[first.start - 1].sent] if first.start > 0 else []
        after = [doc[first.end].sent] if first.end < len(doc) else []
        nearby = [first, last] + before + after
    colon = _colon_verb(doc, span)
    for sent in nearby:
        cues = _sentence_cues(sent, headline, quoted)
        if colon is not None and sent == nearby[0]:
            cues.append(colon)           # "Ortiz replied: “We are far from a deal.”"
        if sent.start > last.start:
            # The sentence after a quote: a cue there that reports a clause or, other than a
            # speech verb's addressee, an object of its own ("Ruiz also claimed that …", "Ruiz
            # slammed the plan") starts a new statement.
            cues = [t for t in cues if not _own_statement(
                t, objects=t.lemma_ not in SPEECH_VERBS, quoted=quoted)]
        if sent.end <= first.start:
            # The sentence before: only a sure cue ("said", "told") carries over to the quote;
            # "Lopez toured the port. “…”" may be anyone's.
            cues = [t for t in cues if _sure(t)]
        for tok in sorted(cues, key=partial(_rank, qs=qs, qe=qe)):
            found = _cue_attribution(doc, tok, qs, qe, quoted)
            if found is not None:
                return found
    return None


def _sentence_cues(sent: Span, headline: tuple[Span, int] | None,
                   quoted: frozenset[int]) -> list[Token]:
    """The cues of a sentence outside quotation marks (and after a headline's lead)."""
    return [t for t in sent if t.i not in quoted and (t.pos_ == "VERB" and is_cue(t)
            or according_to(t) is not None) and (headline is None or t.i > headline[1])]


def _sure(tok: Token) -> bool:
    """A sure cue: "said", "told", "according to", not "deemed"."""
    return tok.lemma_ in SPEECH_VERBS or precision(tok) >= 0.5 or tok.lower_ == "according"


def _rank(tok: Token, qs: int, qe: int) -> tuple[bool, int]:
    """The order in which a quote's cues are tried: a sure cue before a doubtful one, then
    the nearest to the quote."""
    return not _sure(tok), min(abs(tok.idx - qs), abs(tok.idx - qe))


def _cue_attribution(doc: Doc, tok: Token, qs: int, qe: int,
                     quoted: frozenset[int]) -> Attribution | None:
    """The quote's attribution to one cue's subject (the outermost of nested cues); reported
    speech when the quote is a fragment inside the clause the cue reports."""
    source = according_to(tok)
    if source is not None:     # "was “the best year yet,” according to Mr. Ruiz"
        return Attribution(source, "according to", qs, qe, "direct")
    subj = subject(tok)
    if subj is None or subj.i in quoted:
        return None
    tok, subj = _outer_cue(tok, subj, quoted)
    clause = next((c for c in tok.children if c.dep_ == "ccomp"), None)
    if clause is not None:
        lo = clause.left_edge.idx
        hi = clause.right_edge.idx + len(clause.right_edge)
        if lo < qs - 1 and qe <= hi and (hi - lo) > 1.5 * (qe - qs):
            # A quoted fragment inside reported speech ("said that he has “expanded the
            # party”"): the statement is the clause. A clause that opens with the quote
            # ("said “We'll see,” when asked") is the quote.
            if doc[clause.left_edge.i].lower_ == "that":
                lo = doc[clause.left_edge.i + 1].idx
            return Attribution(subj, tok.text, lo, hi, "indirect")
    return Attribution(subj, tok.text, qs, qe, "direct")


def _outer_cue(tok: Token, subj: Token, quoted: frozenset[int]) -> tuple[Token, Token]:
    """The outermost of nested cues ("Lopez told reporters she thought Ruiz had “made up the
    figures”" is Lopez's): the inner cue and its subject are part of what the outer one reports."""
    while tok.dep_ == "ccomp" and tok.head.pos_ == "VERB" and tok.head.i not in quoted \
            and is_cue(tok.head):
        outer = subject(tok.head)
        if outer is None:
            break
        tok, subj = tok.head, outer
    return tok, subj


def _speech_tag(doc: Doc, span: Span) -> tuple[Token, Token | Span] | None:
    """The verb and subject of a short tag right after a quote that ends in a comma, question or
    exclamation mark ("“…,” Ortiz continued.", "“…?” asked the senator"): in that place a verb
    reports the quote whatever it is, "continued" and "barked" as much as "said"."""
    last = last_mark(span)
    if last.text not in (",", "?", "!"):
        return None
    i = span.end
    while i < len(doc) and (doc[i].is_quote or doc[i].is_space):
        i += 1
    if i == last.i + 1 or i >= len(doc) or "\n" in doc_text(doc)[last.idx:doc[i].idx]:
        return None                    # no closing mark right after the content, or a new line
    for tok in doc[i: i + LONG_TAG_WORDS]:
        if tok.is_punct and tok.text != "-":
            return _apposed_tag(doc, i)
        if tok.pos_ != "VERB" or tok.dep_ == "compound":
            continue                   # ("novelist" tagged as a verb in a name)
        before = doc[i:tok.i]
        if len(before) >= TAG_WORDS and not all(t.pos_ in TAG_PHRASE_POS for t in before):
            return None                # a long phrase before the verb must name the speaker
        if tok.tag_ not in ("VBD", "VBZ", "VBP"):
            return None                # "…,” the number needed to win": no tag
        subj = _tag_subject(doc, tok, before, i)
        if subj is None or tok.dep_ == "relcl" or subj.lower_ in RELATIVE_PRONOUNS:
            return None
        # The tag starts right at the mark: "Ortiz continued", "asked the senator", and the
        # verb takes no statement of its own ("Others saw the same thing" is a new sentence).
        starts = tok.i == i or speaker_span(subj).start <= i <= subj.i
        # "“Sunk!” shouted the front page": an inverted subject the parser took for an object;
        # "Lopez hails ‘victory,’ skips vote" in a headline is an object.
        inverted = subj if tok.tag_ == "VBD" else None
        own = _own_statement(tok, objects=not is_cue(tok), but=inverted)
        if not starts or own or not i <= subj.i < max(i + TAG_WORDS + 3, tok.i):
            return None
        if subj.i < tok.i and speaker_span(subj).start < i:
            return tok, before         # the parser hung the quote on the name: the name alone
        return tok, subj
    return None


def _tag_subject(doc: Doc, verb: Token, before: Span, i: int) -> Token | None:
    """The subject of a tag's verb: the words between the mark and the verb, or those after an
    inverted verb ("“…,” said Ruiz, who …")."""
    subj = subject(verb)
    if before and (subj is None or not i <= subj.i < verb.i) \
            and all(t.pos_ in ("PROPN", "NOUN", "PRON", "DET", "ADJ") for t in before):
        subj = before.root         # "“Like Cusco. Or Arica,” Lopez said." misparsed
    if not before and (subj is None or subj.i < verb.i):
        # "“Every single clause,” said Ruiz, who …": the subject follows the verb.
        k = verb.i + 1
        while k < len(doc) and k < verb.i + 1 + TAG_WORDS + 3 and (doc[k].pos_ in (
                "PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM") or doc[k].tag_ == "POS"):
            k += 1                 # "… cheered Lopez’s running mate", "wrote another"
        after = doc[verb.i + 1:k]
        subj = after.root if after and (any(t.pos_ in ("PROPN", "NOUN") for t in after)
                                        or after.text.lower() in ("another", "one")) else None
    return subj


def _own_statement(verb: Token, *, objects: bool, but: Token | None = None,
                   quoted: frozenset[int] = frozenset()) -> bool:
    """Whether a verb reports something of its own after it, outside quotation marks: a clause,
    or an object when ``objects`` (a speech verb's object is whom it tells); ``but`` is a word
    the parser took for an object that is the verb's subject."""
    return any(c.i > verb.i and c != but and (c.dep_ in ("ccomp", "xcomp")
                                              or c.dep_ == "dobj" and objects)
               and not any(w.i in quoted for w in c.subtree) for c in verb.children)


def _apposed_tag(doc: Doc, i: int) -> tuple[Token, Token | Span] | None:
    """A tag whose speaker has an apposition: "“…,” Ruiz, a top Lopez ally, said."."""
    words = doc[i:min(len(doc), i + APPOSED_TAG_WORDS)]
    # A participle inside the apposition is not the tag's verb ("Ortiz, a former miner, said").
    verb = next((t for t in words if t.pos_ in ("VERB", "AUX") and not (
        t.tag_ in ("VBG", "VBN") and any(w.text == "," for w in doc[i:t.i]))), None)
    if verb is None or verb.pos_ != "VERB" or verb.tag_ not in ("VBD", "VBZ", "VBP") \
            or doc[verb.i - 1].text != "," or any(t.is_sent_start for t in doc[i + 1:verb.i + 1]):
        return None
    phrase = doc[i:verb.i - 1]
    if not phrase or phrase[0].pos_ != "PROPN" or not all(
            t.pos_ in PHRASE_POS or t.text == "," or t.tag_ in ("VBG", "VBN", "RB")
            for t in phrase) or _own_statement(verb, objects=not is_cue(verb)):
        return None                      # ("…, told the Post": the one told is no statement)
    subj = next((c for c in verb.children if c.dep_ == "nsubj" and i <= c.i < verb.i), None)
    if subj is None:                     # the parser hung the name on the quote's words: the
        return verb, phrase              # phrase alone is the speaker ("Ortiz, 61,")
    return verb, subj


def _lead_tag(doc: Doc, span: Span) -> tuple[Token, Token] | None:
    """The verb and subject of a short clause that opens a sentence and leads into a quote
    with a comma or colon ("She continued, “…”"): like a tag after a quote, any verb there
    reports it."""
    i = before_mark(doc, span)
    if i < 1 or i == span.start - 1 or doc[i].text not in (",", ":"):
        return None
    verb = doc[i - 1]
    while verb.pos_ == "ADV" and verb.i > 0:
        verb = doc[verb.i - 1]           # "She added quickly, “…”"
    if verb.pos_ != "VERB" or verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    subj = subject(verb)
    if subj is None or subj.i > verb.i or subj.lower_ in RELATIVE_PRONOUNS:
        return None
    start = doc[speaker_span(subj).start]
    line = doc_text(doc).rfind("\n", 0, start.idx) + 1
    opens = start.i == start.sent.start or not doc_text(doc)[line:start.idx].strip()
    if not opens or verb.i - start.i > TAG_WORDS + 3:
        return None                      # "In 2014, when asked about the deal, she said, …"
    return verb, subj


def _colon_verb(doc: Doc, span: Span) -> Token | None:
    """The verb of a clause that ends in a colon just before the quote ("she wrote:")."""
    i = colon_index(doc, span)
    if i is None:
        return None
    head = doc[i].head
    return head if head.pos_ in ("VERB", "AUX") and head.i < i else None


def merge_split(doc: Doc, quotes: list[Quote]) -> list[Quote]:
    """One quote split by its attribution ("We will win," she said, "and soon.") is one quote."""
    out: list[Quote] = []
    for q in sorted(quotes, key=lambda q: q.start):
        prev = out[-1] if out else None
        if prev is not None and prev.kind == q.kind == "direct" and q.start > prev.end:
            between = doc_text(doc)[prev.end:q.start]
            words = [w for w in between.split() if any(ch.isalnum() for ch in w)]
            # The same attribution ("…," he said. "…") or the same speaker named again.
            same_cue = prev.speaker_start == q.speaker_start and prev.cue == q.cue
            inside = same_cue and prev.end <= q.speaker_start and q.speaker_end <= q.start
            # "…," she said, and her husband cut in. "…": another subject between, another voice.
            others = [t for t in doc[token_at(doc, prev.end):token_at(doc, q.start)]
                      if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "conj"
                      and not q.speaker_start <= t.idx < q.speaker_end]
            same = same_cue and not others
            # "…," the minister told reporters after the talks in Astana. "…": one statement,
            # however long the attribution between its parts.
            if (inside or len(words) <= MERGE_WORDS) and same and "\n" not in between:
                # The statement without the attribution between its parts.
                out[-1] = replace(prev, end=q.end, content=f"{prev.content} … {q.content}")
                continue
        out.append(q)
    return out
