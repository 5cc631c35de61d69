"""Quotes and attributions: who said (or thinks) what, in quotation marks or reported speech."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from ..models import Mention, Quote
from . import datelines
from .doc_text import doc_text
from .lexicon import (
    GROUP_WORDS,
    MESSAGE_NOUNS,
    OBJECT_CONTROL_VERBS,
    OBJECT_OF_CUES,
    POLL_NOUNS,
    QUANTIFIERS,
    SPEAKER_NOUNS,
    SPEECH_VERBS,
    VIEW_NOUNS,
)

OPENERS = {"“": "”", "«": "»", '"': '"', "„": "“", "‘": "’"}
# Typed and typeset marks get mixed in one quote ("We will win,” he said).
_ALSO_CLOSES = {'"': ("”",), "“": ('"',)}
# Marks that are also apostrophes or inch signs: they open after a non-letter and close before
# one ("‘We will win’" is a quote; "don’t" and "the Lopezes’ house" close nothing).
_AMBIGUOUS = {'"', "‘", "’"}
_PRONOUNS = {"he", "she", "they", "i", "we", "it"}
_CONTRACTED = {"'s", "’s", "s"}          # "let's": a speaker nobody can be shown as
_TRIM = " \t\n,.;:-–—\"'“”‘’"


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


def _clean(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Trim punctuation and spaces from both ends of a character range."""
    text = doc_text(doc)
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _speaker_span(tok: Token, *, appos: bool = True) -> Span:
    """The noun phrase of a speaker: its subtree without relative clauses ("the minister, who
    arrived on Monday," is "the minister"); a place stays ("officials in Seoul"), and so do an
    apposition ("Ruiz, a former candidate,") and fellow speakers ("Lopez and Ruiz");
    the name alone (``appos=False``) is without both."""
    drop: set[int] = set()
    cut = ("relcl", "acl", "punct") + (() if appos else ("appos", "cc", "conj"))
    for c in tok.children:
        # "Lopez and Ruiz" speak together; "The general toured …" misparsed as a
        # conjunct of its subject is no speaker.
        if c.i > tok.i and (c.dep_ in cut or c.dep_ == "conj" and c.pos_ not in (
                "NOUN", "PROPN", "PRON")):
            drop |= {t.i for t in c.subtree}
    idx = [t.i for t in tok.subtree if t.i not in drop]
    span = tok.doc[min(idx): max(idx) + 1]
    while len(span) > 1 and (span[-1].is_punct or span[-1].dep_ == "cc" or span[-1].tag_ == "POS"):
        span = span[:-1]             # "the minister's view": the minister
    if span.text.count("(") > span.text.count(")") and span.end < len(tok.doc) \
            and tok.doc[span.end].text == ")":
        span = tok.doc[span.start:span.end + 1]    # "Gov. Ana Lopez (R-PE)"
    while len(span) > 1 and span[0].is_punct:
        span = span[1:]
    return span


def _speaker_name(tok: Token) -> Span:
    """The words that name a speaker: an apposed name ("the head of the union, Ana Ortiz,"
    is Ana Ortiz), else the phrase without its apposition."""
    for c in tok.children:
        if c.dep_ == "appos" and c.i > tok.i and (c.pos_ == "PROPN" or c.ent_type_ == "PERSON") \
                and tok.pos_ != "PROPN":
            return _speaker_span(c, appos=False)
    return _speaker_span(tok, appos=False)


_RELATIVE = {"who", "that", "which"}


def _subject(verb: Token) -> Token | None:
    subj = _nominal_subject(verb)
    if subj is not None:
        if subj.tag_ == "WDT" and verb.dep_ == "relcl":
            # "Lopez released a video that said …": the video's author speaks.
            return _author(verb.head) or subj
        return subj
    for c in verb.children:               # passive: "it was announced by the ministry that …"
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    for c in verb.children:               # "About 4 in 10 say …": the parser's number is the subject
        if c.dep_ == "nummod" and c.i < verb.i and c.pos_ == "NUM":
            return c
    if verb.dep_ == "xcomp" and verb.head.dep_ == "acomp" and verb.head.head.pos_ in ("VERB", "AUX"):
        return _subject(verb.head.head)   # "voters were more likely to say …"
    if verb.dep_ == "xcomp" and verb.head.lemma_ in OBJECT_CONTROL_VERBS:
        obj = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)
        if obj is not None:               # "the delay led officials to say …": they say it
            return obj
    if verb.dep_ in ("conj", "xcomp") and verb.head.pos_ in ("VERB", "AUX"):
        head = verb.head
        if verb.dep_ == "conj" and head.dep_ == "ccomp" and head.head.pos_ == "VERB" and _is_cue(verb):
            return _subject(head.head)    # "he says the plan failed and says …" is still his
        if verb.dep_ == "xcomp" and not _is_cue(verb):
            return _subject(head)         # "is expected to unveil", "is scheduled to address"
        return _shared_subject(head)      # "… and said that", "wants to say"
    if verb.tag_ == "VBG" and verb.dep_ == "advcl" and verb.head.pos_ in ("VERB", "AUX"):
        head = verb.head
        while head.dep_ == "ccomp" and head.head.pos_ == "VERB" and _is_cue(head.head):
            head = head.head              # "Ruiz said that Lopez stands for …, adding …"
        return _subject(head)             # "Ortiz replied, calling the charge …"
    if verb.tag_ == "VBG" and verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        noun = verb.head
        if noun.dep_ == "pobj" and noun.head.head.pos_ == "VERB" and not _can_speak(noun):
            # "The governor fought the port deal, at one point calling the minister a coward"
            # hangs the participle on "point": the one who fought speaks, if anyone can.
            doer = _subject(noun.head.head)
            if doer is not None and _can_speak(doer):
                return doer
        if noun.pos_ == "NOUN" and noun.dep_ == "dobj" and noun.head.pos_ == "VERB":
            author = _subject(noun.head)  # "The union issued a statement saying …"
            if author is not None:
                return author
        # "sent an email to supporters stating …": the parser hangs the participle on the
        # addressees; the email's sender speaks.
        return _author(noun) or noun      # "calls saying shots were fired", "voters backing him"
    if verb.dep_ == "ROOT" and _is_cue(verb):
        return _name_before(verb)         # "Gov. Ana Lopez (R-PE), said" misparsed
    return None


def _shared_subject(head: Token) -> Token | None:
    """The subject a verb shares with the one it is coordinated with or completes: of a passive
    verb the one it is done to ("Lopez was greeted at the port by Ruiz and laughed …", "was
    urged by aides to say …" are Lopez's), not the agent."""
    if not any(c.dep_ == "nsubj" for c in head.children):
        done_to = next((c for c in head.children if c.dep_ == "nsubjpass"), None)
        if done_to is not None:
            return done_to
        if head.dep_ == "conj" and head.head.pos_ in ("VERB", "AUX") and any(
                c.dep_ == "auxpass" for c in head.children):
            return _shared_subject(head.head)   # "Ruiz led the talks but was slowed by …"
    return _subject(head)


def _name_before(verb: Token) -> Token | None:
    """A name right before a verb the parser left without a subject, past a comma and a
    parenthesis ("Gov. Ana Lopez (R-PE), said, …")."""
    doc, i, start = verb.doc, verb.i - 1, verb.sent.start
    while i >= start and doc[i].text == ",":
        i -= 1
    if i >= start and doc[i].text == ")":
        while i >= start and doc[i].text != "(":
            i -= 1
        i -= 1
    if i < start or doc[i].pos_ != "PROPN" or doc[i].ent_type_ != "PERSON" \
            or doc[i].dep_ in ("dobj", "pobj", "dative"):
        return None                       # "In praising Lopez, admits …": no speaker
    return doc[i]


def _author(noun: Token) -> Token | None:
    """Who sent or issued a message ("released a video", "an email to supporters")."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "to":
        to = noun.head.head               # "an email to supporters", "sent an email to …"
        noun = to if to.pos_ == "NOUN" else next(
            (c for c in to.children if c.dep_ == "dobj"), noun)
    if noun.lemma_.lower() not in MESSAGE_NOUNS or noun.dep_ != "dobj" or noun.head.pos_ != "VERB":
        return None
    return _subject(noun.head)


def _antecedent_subject(who: Token) -> Token:
    """A pronoun in a "what …" or complement clause stands for the subject outside it
    ("Farmers pointed to what they called …", "Lopez replied by saying she …"): annotated
    news names that speaker by the phrase outside. In an adverbial clause or a clause of its
    own ("after he delivered …", "X, he said, …") the pronoun is itself the source."""
    if who.lower_ not in ("he", "she", "they") or who.dep_ != "nsubj":
        return who
    certain = who.head.dep_ == "ccomp" and who.head.head.pos_ == "ADJ"   # "X were certain they …"
    # "Lopez replied by saying she should not have called …", "Ruiz played down the idea that
    # he had made a deal": a complement clause's pronoun is the subject outside.
    certain = certain or who.head.dep_ in ("ccomp", "acl", "pcomp")
    if not certain and not any(
            t.lower_ in ("what", "how", "whom") for t in who.doc[max(0, who.i - 2):who.i]):
        return who
    plural = who.lower_ == "they"
    verb = who.head
    while verb.dep_ != "ROOT" and verb.head.i != verb.i:
        verb = verb.head
        subj = _nominal_subject(verb)
        if subj is None:
            continue
        if subj.i > who.i or not (subj.pos_ in ("NOUN", "PROPN") and _can_speak(subj)
                                  or subj.lower_ in QUANTIFIERS):
            return who
        many = subj.tag_ in ("NNS", "NNPS") or subj.lower_ in GROUP_WORDS | QUANTIFIERS or any(
            c.dep_ in ("conj", "nummod") for c in subj.children)
        return subj if many == plural else who
    return who


def _nominal_subject(verb: Token) -> Token | None:
    """A verb's subject as written: its nsubj, or the one the parser put inside a participle
    it took for a clausal subject ("Most farmers heading to the fair said …")."""
    for c in verb.children:
        if c.dep_ == "nsubj":
            return c
    for c in verb.children:
        if c.dep_ == "csubj" and c.tag_ == "VBG":
            return next((s for s in c.children if s.dep_ == "nsubj" and s.i < c.i), None)
    return None


def _poll_of(who: Token) -> Token | None:
    """A share of respondents ("51 percent of voters said …") speaks through the poll its
    sentence names before it ("In a Lima Institute poll, …", "According to a survey, …"), as
    annotated news has it."""
    if not (who.lower_ in GROUP_WORDS or who.pos_ == "NUM"):
        return None
    polls = [t for t in who.doc[who.sent.start:who.i]
             if t.lemma_.lower() in POLL_NOUNS and t.pos_ == "NOUN"]
    return polls[-1] if polls else None   # named first; "… in a later poll" is the share's


# "LIMA (AP) — …", and a place in capitals alone: "CUSCO, Peru - …", "LIMA — …".
_DATELINE = re.compile(rf"""(?:[^\n]{{0,60}}?{datelines.AGENCY}
    |[ \t]*[A-Z][A-Z.'\- ]*[A-Z.](?:[ \t]*,[ \t]*[A-Z][A-Za-z.'\- ]{{1,30}}?)?)[ \t]*[-–—]+[ \t]*""",
                       re.X)


def _dateline_end(doc: Doc, tok: Token) -> int | None:
    """Index of the first token after the dateline that ``tok`` lies in, if it lies in one."""
    m = _DATELINE.match(doc_text(doc), doc_text(doc).rfind("\n", 0, tok.idx) + 1)
    if m is None or tok.idx >= m.end():
        return None
    return next((t.i for t in doc[tok.i:] if t.idx >= m.end()), len(doc))


def _past_dateline(doc: Doc, tok: Token) -> Token:
    """A subject the parser found in a dateline ("LIMA (AP) — Ana Lopez and her allies
    went …", "CUSCO, Peru - Sen. Ana Lopez went …") is the phrase after the dash."""
    i = _dateline_end(doc, tok)
    if i is None or i >= len(doc) or doc[i].pos_ not in ("PROPN", "NOUN", "DET", "ADJ", "PRON"):
        return tok                        # ("LIMA - Rallying farmers, Lopez …": not that)
    head = doc[i]
    while head.head.i != head.i and head.head.pos_ in ("NOUN", "PROPN") and head.head.i > head.i:
        head = head.head
    return head


def _resolve(span: Span, persons: list[Span]) -> str:
    """A pronoun speaker becomes the latest person named before it, a relative pronoun its
    antecedent ("critics, who say …" are the critics); others stay as written."""
    if len(span) == 1 and span[0].lower_ in _RELATIVE and span[0].head.dep_ == "relcl":
        return _resolve(_speaker_name(span[0].head.head), persons)
    if len(span) == 1 and span[0].lower_ in _PRONOUNS and span[0].lower_ not in ("i", "we", "it"):
        earlier = [p for p in persons if p.end <= span.start]
        if earlier and span[0].lower_ in ("he", "she"):
            return earlier[-1].text
    text = span.text
    if text.lower().startswith("the "):
        text = text[4:]
    return text


def _country(span: Span, mentions: list[Mention]) -> str | None:
    """The country named in a speaker phrase, office-holders included ("Tokayev" is a mention)."""
    return next((m.code for m in mentions
                 if span.start_char <= m.start and m.end <= span.end_char), None)


def quotes(doc: Doc, mentions: list[Mention]) -> Iterator[Quote]:
    """Direct quotes first, then reported speech that no direct quote already covers."""
    persons = [e for e in doc.ents if e.label_ == "PERSON"]
    sent_starts = [s.start_char for s in doc.sents]
    found: list[Quote] = []

    def make(who: Token | Span, cue: str, start: int, end: int, kind: str) -> Quote | None:
        start, end = _clean(doc, start, end)
        if isinstance(who, Span):        # a headline's lead: "Lopez Rival Ana Ortiz: …"
            speaker = who
            name = next((e for e in persons if who.start <= e.start and e.end <= who.end), who)
            who = name.root
        else:
            if who.tag_ == "POS":          # "Ana Ortiz’s call to …": the owner speaks
                who = who.head
            if who.lower_ in _CONTRACTED:
                return None                # "Let’s see": no one's statement
            who = _past_dateline(doc, who)
            who = _antecedent_subject(who)
            who = _poll_of(who) or who
            speaker, name = _speaker_span(who), _speaker_name(who)
            cut = _dateline_end(doc, speaker[0])
            if cut is not None and speaker.start < cut < speaker.end:
                speaker = doc[cut:speaker.end]     # "LIMA - Luis Ruiz": the name
                name = doc[max(cut, name.start):name.end]
        if who.lower_ in _RELATIVE and who.head.dep_ == "relcl" and who.head.head.i < who.i:
            # "the Electoral Board, which ruled …": the phrase runs from the antecedent.
            speaker = doc[_speaker_span(who.head.head, appos=False).start: who.i + 1]
        if end - start < 3 or not speaker.text.strip():
            return None
        return Quote(_resolve(name, persons), speaker.start_char, speaker.end_char,
                     _country(speaker, mentions), cue, doc_text(doc)[start:end], start, end,
                     kind, bisect.bisect_right(sent_starts, start) - 1, name.root.idx)

    marks = quote_marks(doc_text(doc))
    sents = list(doc.sents)
    index = {sent.start: i for i, sent in enumerate(sents)}
    quoted = {t.i for qs, qe in marks
              for t in doc.char_span(max(0, qs - 1), min(len(doc_text(doc)), qe + 1),
                                     alignment_mode="expand") or ()}
    for qs, qe in marks:
        q = _direct(doc, qs, qe, make, sents, index, quoted)
        if q:
            found.append(q)
    found = _merge_split(doc, found)
    for tok in doc:
        if tok.i in quoted:
            continue
        q = _reported(doc, tok, make)
        if q is not None:
            q = _headline_statement(doc, tok, q, make)
        # Reported speech that restates a direct quote is not kept.
        if q and not any(_overlap(q, d) for d in found if d.kind == "direct"):
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
    inter = min(a.end, b.end) - max(a.start, b.start)
    return inter > 0.5 * min(a.end - a.start, b.end - b.start)


def _direct(doc: Doc, qs: int, qe: int, make, sents: list[Span],  # type: ignore[no-untyped-def]
            index: dict[int, int], quoted: set[int]) -> Quote | None:
    """The speaker of a quote: a speech verb outside any quotation marks in the same or a
    nearby sentence ("we believe" inside the quote is the speaker's words, not its cue)."""
    span = doc.char_span(qs, qe, alignment_mode="expand")
    if span is None:
        return None
    headline = _headline_speaker(doc, span)
    if (len(span) < 3 and span[-1].text not in ".!?,") or _is_title(span, headline is not None) \
            or _is_scare_quote(doc, span, qs):
        return None          # a scare-quoted word or title, not a statement
    first = span[0].sent
    last = span[-1].sent
    idx = index[first.start]
    before = sents[max(0, idx - 1): idx]
    after = sents[idx + 1: idx + 2]
    # A quote with no cue of its own goes on from the sentence before ("“…,” the farmer told
    # Reuters. “She was very kind.”") more often than the next sentence names its speaker:
    # tuned on PolNeAR train, where the sentence after speaks of something else.
    nearby = [first, last] + before + after
    def distance(tok: Token) -> tuple[bool, int]:
        # A sure cue ("said", "told") before a doubtful one ("deemed"), then the nearest.
        sure = tok.lemma_ in SPEECH_VERBS or _precision(tok) >= 0.5 or tok.lower_ == "according"
        return not sure, min(abs(tok.idx - qs), abs(tok.idx - qe))

    tag = _speech_tag(doc, span) or _lead_tag(doc, span)
    if tag is not None:            # "“…,” Ortiz continued.": any verb in that place reports it
        relay = next((src for t in doc[tag[0].i + 1:tag[0].sent.end]
                      if t.i not in quoted and (src := _according_to(t)) is not None), None)
        if relay is not None:      # "“…,” the judge said, according to the Post."
            return make(relay, "according to", qs, qe, "direct")
        return make(tag[1], tag[0].text, qs, qe, "direct")
    named = _named_before_colon(doc, span)
    if named is not None:          # "Pollsters agree - Ana Ortiz: “…”"
        return make(named, ":", qs, qe, "direct")
    if headline is not None:
        # The quote's own line names its speaker; a cue elsewhere speaks of something else.
        nearby = [s for s in dict.fromkeys([first, last]) if s.end > headline[1]]
    colon = _colon_before(doc, span)
    for sent in nearby:
        cues = [t for t in sent if t.i not in quoted and (t.pos_ == "VERB" and _is_cue(t)
                or _according_to(t) is not None) and (headline is None or t.i > headline[1])]
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
            cues = [t for t in cues if not distance(t)[0]]
        for tok in sorted(cues, key=distance):
            source = _according_to(tok)
            if source is not None:     # "was “the best year yet,” according to Mr. Ruiz"
                return make(source, "according to", qs, qe, "direct")
            subj = _subject(tok)
            if subj is not None and subj.i not in quoted:
                tok, subj = _outer_cue(tok, subj, quoted)
                clause = next((c for c in tok.children if c.dep_ == "ccomp"), None)
                if clause is not None:
                    lo = clause.left_edge.idx
                    hi = clause.right_edge.idx + len(clause.right_edge)
                    if lo < qs - 1 and qe <= hi and (hi - lo) > 1.5 * (qe - qs):
                        # A quoted fragment inside reported speech ("said that he has
                        # “expanded the party”"): the statement is the clause. A clause that
                        # opens with the quote ("said “We'll see,” when asked") is the quote.
                        if doc[clause.left_edge.i].lower_ == "that":
                            lo = doc[clause.left_edge.i + 1].idx
                        return make(subj, tok.text, lo, hi, "indirect")
                return make(subj, tok.text, qs, qe, "direct")
    if headline is not None:       # a headline or transcript: "Lopez: ‘We Will Not Sign’"
        return make(headline[0], ":", qs, qe, "direct")
    return None


def _outer_cue(tok: Token, subj: Token, quoted: set[int]) -> tuple[Token, Token]:
    """The outermost of nested cues ("Lopez told reporters she thought Ruiz had “made up the
    figures”" is Lopez's): the inner cue and its subject are part of what the outer one reports."""
    while tok.dep_ == "ccomp" and tok.head.pos_ == "VERB" and tok.head.i not in quoted \
            and _is_cue(tok.head):
        outer = _subject(tok.head)
        if outer is None:
            break
        tok, subj = tok.head, outer
    return tok, subj


def _speech_tag(doc: Doc, span: Span) -> tuple[Token, Token | Span] | None:
    """The verb and subject of a short tag right after a quote that ends in a comma, question or
    exclamation mark ("“…,” Ortiz continued.", "“…?” asked the senator"): in that place a verb
    reports the quote whatever it is, "continued" and "barked" as much as "said"."""
    last = _last_mark(span)
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
        if len(before) >= TAG_WORDS and not all(t.pos_ in _TAG_PHRASE_POS for t in before):
            return None                # a long phrase before the verb must name the speaker
        if tok.tag_ not in ("VBD", "VBZ", "VBP"):
            return None                # "…,” the number needed to win": no tag
        subj = _subject(tok)
        if before and (subj is None or not i <= subj.i < tok.i) \
                and all(t.pos_ in ("PROPN", "NOUN", "PRON", "DET", "ADJ") for t in before):
            subj = before.root         # "“Like Cusco. Or Arica,” Lopez said." misparsed
        if not before and (subj is None or subj.i < tok.i):
            # "“Every single clause,” said Ruiz, who …": the subject follows the verb.
            k = tok.i + 1
            while k < len(doc) and k < tok.i + 1 + TAG_WORDS + 3 and (doc[k].pos_ in (
                    "PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM") or doc[k].tag_ == "POS"):
                k += 1                 # "… cheered Lopez’s running mate", "wrote another"
            after = doc[tok.i + 1:k]
            subj = after.root if after and (any(t.pos_ in ("PROPN", "NOUN") for t in after)
                                            or after.text.lower() in ("another", "one")) else None
        if subj is None or tok.dep_ == "relcl" or subj.lower_ in _RELATIVE:
            return None
        # The tag starts right at the mark: "Ortiz continued", "asked the senator", and the
        # verb takes no statement of its own ("Others saw the same thing" is a new sentence).
        starts = tok.i == i or _speaker_span(subj).start <= i <= subj.i
        # "“Sunk!” shouted the front page": an inverted subject the parser took for an object;
        # "Lopez hails ‘victory,’ skips vote" in a headline is an object.
        inverted = subj if tok.tag_ == "VBD" else None
        own = _own_statement(tok, objects=not _is_cue(tok), but=inverted)
        if not starts or own or not i <= subj.i < max(i + TAG_WORDS + 3, tok.i):
            return None
        if subj.i < tok.i and _speaker_span(subj).start < i:
            return tok, before         # the parser hung the quote on the name: the name alone
        return tok, subj
    return None


def _own_statement(verb: Token, *, objects: bool, but: Token | None = None,
                   quoted: set[int] | frozenset[int] = frozenset()) -> bool:
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
            t.pos_ in _PHRASE_POS or t.text == "," or t.tag_ in ("VBG", "VBN", "RB")
            for t in phrase) or _own_statement(verb, objects=not _is_cue(verb)):
        return None                      # ("…, told the Post": the one told is no statement)
    subj = next((c for c in verb.children if c.dep_ == "nsubj" and i <= c.i < verb.i), None)
    if subj is None:                     # the parser hung the name on the quote's words: the
        return verb, phrase              # phrase alone is the speaker ("Ortiz, 61,")
    return verb, subj


def _lead_tag(doc: Doc, span: Span) -> tuple[Token, Token] | None:
    """The verb and subject of a short clause that opens a sentence and leads into a quote
    with a comma or colon ("She continued, “…”"): like a tag after a quote, any verb there
    reports it."""
    i = _before_mark(doc, span)
    if i < 1 or i == span.start - 1 or doc[i].text not in (",", ":"):
        return None
    verb = doc[i - 1]
    while verb.pos_ == "ADV" and verb.i > 0:
        verb = doc[verb.i - 1]           # "She added quickly, “…”"
    if verb.pos_ != "VERB" or verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    subj = _subject(verb)
    if subj is None or subj.i > verb.i or subj.lower_ in _RELATIVE:
        return None
    start = doc[_speaker_span(subj).start]
    line = doc_text(doc).rfind("\n", 0, start.idx) + 1
    opens = start.i == start.sent.start or not doc_text(doc)[line:start.idx].strip()
    if not opens or verb.i - start.i > TAG_WORDS + 3:
        return None                      # "In 2014, when asked about the deal, she said, …"
    return verb, subj


_TITLE_SMALL = {"a", "an", "the", "of", "and", "in", "on", "for", "to", "with", "at", "by", "or"}


def _is_title(span: Span, in_headline: bool) -> bool:
    """A name in quotation marks — a programme, a book, a slogan's title ("Good Morning
    America", "Meet the Press") — or no words at all, rather than something said. A headline's
    words are title-cased, its quotes too: there, a quote is no title."""
    words = [t for t in span if t.is_alpha]
    if not words:
        return True
    titled = all(t.text[0].isupper() or t.lower_ in _TITLE_SMALL for t in words) \
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


def _is_scare_quote(doc: Doc, span: Span, qs: int) -> bool:
    """A few words quoted inside a sentence of the writer's own ("called the plan “reckless”
    on Monday"): the sentence, if anything, is reported speech, not a quotation."""
    words = [t for t in span if t.is_alpha]
    if len(words) > SCARE_WORDS or _last_mark(span).text in ".!?,":
        return False
    before = doc_text(doc)[:qs - 1].rstrip()
    return bool(before) and before[-1] not in ",:;—–-(\n"


def _last_mark(span: Span) -> Token:
    """A quote's last token before any inner closing marks ("… a ‘fair deal,’”": the comma)."""
    last = span[-1]
    while last.is_quote and last.i > span.start:
        last = last.doc[last.i - 1]
    return last


def _before_mark(doc: Doc, span: Span) -> int:
    """Index of the token before a quote's opening mark and any space (-1 at the start)."""
    i = span.start - 1
    while i >= 0 and (doc[i].is_space or doc[i].is_quote):
        i -= 1
    return i


def _colon(doc: Doc, span: Span) -> int | None:
    """Index of the colon just before a quote's opening mark, if there is one."""
    i = _before_mark(doc, span)
    return i if i >= 1 and doc[i].text == ":" else None


def _named_before_colon(doc: Doc, span: Span) -> Span | None:
    """A name set off just before a quote's colon: "… - Ana Ortiz: “…”", "More from
    Ruiz and Vidal: “…”" (a digest's way of naming whom it quotes)."""
    i = _colon(doc, span)
    if i is None:
        return None
    j = i
    while j > 0 and (doc[j - 1].pos_ == "PROPN" or (
            doc[j - 1].lower_ == "and" and j > 1 and doc[j - 2].pos_ == "PROPN" and j < i)):
        j -= 1
    if j == i or i - j > LEAD_WORDS or doc[j].lower_ == "and":
        return None
    mark = doc[j - 1] if j > 0 else None
    if mark is None or mark.text not in ("-", "–", "—", "from", "From"):
        return None
    return doc[j:i]


def _colon_before(doc: Doc, span: Span) -> Token | None:
    """The verb of a clause that ends in a colon just before the quote ("she wrote:")."""
    i = _colon(doc, span)
    if i is None:
        return None
    head = doc[i].head
    return head if head.pos_ in ("VERB", "AUX") and head.i < i else None


def _headline_speaker(doc: Doc, span: Span) -> tuple[Span, int] | None:
    """The name before the colon that opens the quote's line, as in headlines ("Lopez: ‘We Will
    Not Sign’", "Lopez: Ruiz Has ‘A Long Way To Go’ On Fishing"), or the line just before
    the quote when it ends in a colon ("Stated Ortiz:" and the quote below it); and the index of
    that colon."""
    found = _line_lead(doc, span.start)
    if found is not None:
        return found
    i = _colon(doc, span)
    if i is None:
        return None
    lead = doc[_line_start(doc, i):i]
    return (lead, i) if _is_lead(lead, LEAD_WORDS) else None


def _line_lead(doc: Doc, i: int, *, sentence: bool = True) -> tuple[Span, int] | None:
    """The lead before the first colon of token ``i``'s line (and sentence, unless ``sentence``
    is false: the parser often ends a headline's sentence at its colon), before ``i``
    ("Lopez:"), and the index of that colon."""
    start = _line_start(doc, i, sentence=sentence)
    colon = next((t.i for t in doc[start:i] if t.text == ":"), None)
    if colon is None or not _is_lead(doc[start:colon], HEADLINE_LEAD_WORDS):
        return None
    return doc[start:colon], colon


def _is_lead(lead: Span, limit: int) -> bool:
    """A short name with no verb: "Lopez Rival Ana Ortiz", not "He said"."""
    return 1 <= len(lead) <= limit and not any(t.pos_ in ("VERB", "AUX") for t in lead) \
        and any(t.pos_ == "PROPN" for t in lead)


def _headline_statement(doc: Doc, cue: Token, q: Quote, make) -> Quote | None:  # type: ignore[no-untyped-def]
    """Reported speech on a headline's line after its lead ("Report: Ortiz Advised
    Lopez To Sign Port Deal") is the lead's statement, the rest of the line its content."""
    found = _line_lead(doc, cue.i, sentence=False)
    if found is None or q.speaker_start < doc[found[1]].idx:
        return q
    lead, colon = found
    end = cue.i
    while end < len(doc) and "\n" not in doc[end].whitespace_ and not doc[end].is_space:
        end += 1
    last = doc[min(end, len(doc) - 1)]
    return make(lead, ":", doc[colon].idx + 1, last.idx + len(last), "indirect") or q


def _line_start(doc: Doc, i: int, *, sentence: bool = True) -> int:
    """The first token of the line (or sentence) that token ``i`` is on."""
    while i > 0 and "\n" not in doc[i - 1].whitespace_ and not doc[i - 1].is_space \
            and not (sentence and doc[i - 1].is_sent_end):
        i -= 1
    return i


def _token_at(doc: Doc, offset: int) -> int:
    """Index of the token at or after a character offset."""
    span = doc.char_span(offset, offset, alignment_mode="expand")
    if span is not None:
        return span.start
    return next((t.i for t in doc if t.idx >= offset), len(doc))


def _merge_split(doc: Doc, quotes: list[Quote]) -> list[Quote]:
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
            others = [t for t in doc[_token_at(doc, prev.end):_token_at(doc, q.start)]
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


def _according_to(tok: Token) -> Token | None:
    """The source X of "according to X"."""
    if tok.lower_ != "according":
        return None
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    return next((c for c in to.children if c.dep_ == "pobj"), None) if to else None


def _reported(doc: Doc, tok: Token, make) -> Quote | None:  # type: ignore[no-untyped-def]
    """Reported speech around one token: "X said that …", "X accused Y of …", "according to X",
    "X are of the view that …"."""
    if tok.lower_ == "according":
        src = _according_to(tok)
        if src is None:
            return None
        sent = tok.sent
        phrase_end = max(t.i for t in tok.subtree)
        if tok.i == sent.start or tok.i <= sent.start + 1:
            start, end = doc[phrase_end].idx + len(doc[phrase_end]), sent.end_char
        else:
            start, end = sent.start_char, tok.idx
        return make(src, "according to", start, end, "indirect")
    if tok.lemma_ in VIEW_NOUNS and tok.head.dep_ == "prep" and tok.head.head.lemma_ == "be":
        be = tok.head.head
        subj = _subject(be)
        clause = next((c for c in tok.children if c.dep_ in ("acl", "ccomp", "relcl")), None)
        if subj is None or clause is None:
            return None
        lo = min(t.i for t in clause.subtree)
        if doc[lo].lower_ == "that":
            lo += 1
        hi = max(t.i for t in clause.subtree)
        phrase = doc[be.i:tok.i + 1].text
        return make(subj, phrase, doc[lo].idx, doc[hi].idx + len(doc[hi]),
                    "indirect")
    if tok.lemma_ in VIEW_NOUNS and tok.dep_ == "nsubj" and tok.head.lemma_ == "be":
        # "The minister's view is that …": the owner of the view speaks.
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        clause = next((c for c in tok.head.children if c.dep_ in ("ccomp", "attr")), None)
        if owner is None or clause is None or clause.i < tok.head.i:
            return None
        lo, hi = min(t.i for t in clause.subtree), max(t.i for t in clause.subtree)
        if doc[lo].lower_ == "that":
            lo += 1
        return make(owner, doc[tok.i:tok.head.i + 1].text, doc[lo].idx,
                    doc[hi].idx + len(doc[hi]), "indirect")
    cue = cue_table().get((tok.lemma_.lower(), tok.pos_))
    if cue is None and tok.lemma_ in SPEECH_VERBS and tok.pos_ == "VERB":
        cue = _DEFAULT_CUE
    if cue is None or cue.precision < MIN_CUE_PRECISION or tok.pos_ != "VERB" \
            or (tok.lemma_.lower(), tok.pos_) in false_alarm_cues():
        return None
    subj = _subject(tok)
    if subj is None or subj.lower_ in ("it", "there", "you") or (
            subj.tag_ == "DT" and subj.lower_ in ("this", "that", "these")):
        return None           # "That shows how …", "That said, …", "you can say …": no one
    if cue.precision < SURE_CUE_PRECISION and not _can_speak(subj):
        return None           # "the priority areas … will be supporting …": no one speaks
    content = None
    min_tokens = 3
    if tok.lemma_ in OBJECT_OF_CUES:
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "about")),
                  None)
        if obj is not None and of is None:   # "accused the provocateurs of …" parsed under the object
            of = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if obj is not None and of is not None:
            content = (min(t.i for t in obj.subtree), max(t.i for t in of.subtree))
    if content is None:
        # The complement this cue takes in annotated news: a clause ("said that …"), an
        # infinitive ("vowed to …"), an object ("criticized the plan") — in that cue's order.
        comp = next((c for dep in cue.content for c in tok.children if c.dep_ == dep), None)
        if comp is not None:
            lo, hi = min(t.i for t in comp.subtree), max(t.i for t in comp.subtree)
            if doc[lo].lower_ == "that":
                lo += 1
            if comp.dep_ == "dobj":
                # "criticized Lopez for accepting …", "called the charge 'absurd'": what
                # is said of the object follows it.
                for c in sorted(tok.children, key=lambda c: c.i):
                    if c.i > hi and c.dep_ in _OBJECT_TAIL and all(
                            t.is_punct for t in doc[hi + 1:c.left_edge.i]):
                        hi = max(t.i for t in c.subtree)
                min_tokens = 1            # "endorsed Lopez" states a stance
                tail = [c for c in tok.children if c.i > tok.i and c.dep_ in _OBJECT_TAIL]
                if comp.lower_ == "what" and comp.i < tok.i and tail:
                    # "what they called Peru's failure": what is said is the phrase after.
                    lo = min(t.i for t in tail[0].subtree)
                    hi = max(t.i for c in tail for t in c.subtree)
            content = (lo, hi)
        elif cue.head and tok.dep_ in ("parataxis", "ccomp", "advcl") and tok.head.i < tok.i \
                and not (tok.dep_ == "ccomp" and _is_cue(tok.head)):
            # (In "voters say they don't know …" the clause is what the voters say.)
            # "The plan is dead, he said": the statement is the clause the cue interrupts.
            head = tok.head
            lo = min(t.i for t in head.subtree)
            hi = min(t.i for t in tok.subtree) - 1
            content = (lo, hi)
        elif tok.dep_ in ("advcl", "parataxis") and tok.head.i > max(t.i for t in tok.subtree) \
                and all(c.lower_ == "as" for c in tok.children if c.dep_ == "mark"):
            # … but "When Lopez attacked the judge, voters were outraged" reports nothing.
            # "As the Post observed, farmers control 30 seats": the clause after the cue's.
            lo = max(t.i for t in tok.subtree) + 1
            hi = max(t.i for t in tok.head.subtree)
            content = (lo, hi)
    if content is None:
        return None
    lo, hi = _cut_at_next_attribution(doc, tok, *content)
    if hi - lo + 1 < min_tokens:
        return None
    return make(subj, tok.text, doc[lo].idx, doc[hi].idx + len(doc[hi]),
                "indirect")


def _cut_at_next_attribution(doc: Doc, cue: Token, lo: int, hi: int) -> tuple[int, int]:
    """End the content where a further attribution of its own begins: in "he says the plan
    failed and says he wrote a bill" or "…, claiming that …" the second cue starts a statement
    of its own, which annotated news counts separately."""
    for t in doc[lo:hi + 1]:
        if t.i > lo and _according_to(t) is not None:
            hi = t.i - 1               # "…, according to a poll": the poll's, not the cue's
            while hi > lo and doc[hi].is_punct:
                hi -= 1
            break
        if (t.i > lo + 1 and t != cue and t.pos_ == "VERB" and t.dep_ in ("conj", "advcl")
                and _is_cue(t) and t.head.i < t.i):
            hi = min(hi, t.left_edge.i - 1) if t.left_edge.i > lo else hi
            while hi > lo and (doc[hi].is_punct or doc[hi].dep_ == "cc"):
                hi -= 1
            break
    return lo, hi


def _precision(tok: Token) -> float:
    cue = cue_table().get((tok.lemma_.lower(), tok.pos_))
    return cue.precision if cue is not None else 0.0


def _is_cue(tok: Token) -> bool:
    return _precision(tok) >= SURE_CUE_PRECISION or tok.lemma_ in SPEECH_VERBS


def _can_speak(tok: Token) -> bool:
    """A subject that can state or believe something: a name, a pronoun, a body or a person."""
    if tok.tag_ == "WDT" and tok.head.dep_ == "relcl":
        return _can_speak(tok.head.head)   # "legislation that would allow …" is the legislation
    if tok.pos_ in ("PRON", "PROPN") or tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    return tok.lemma_.lower() in SPEAKER_NOUNS or tok.lemma_.lower() in learned_speakers()


@dataclass(frozen=True)
class Cue:
    """How a word introduces attributed content, learned from annotated news (data/cues.tsv)."""

    precision: float              # how often the word is a cue when it occurs
    content: tuple[str, ...]      # dependency labels of its content, most frequent first
    head: bool                    # whether its content is often the clause it interrupts


_CONTENT_DEPS = ("ccomp", "xcomp", "dobj", "advcl")
_OBJECT_TAIL = ("prep", "oprd", "ccomp", "xcomp", "advcl")
_DEFAULT_CUE = Cue(1.0, ("ccomp",), True)
CUES = Path(__file__).resolve().parents[1] / "data" / "cues.tsv"
SPEAKERS = CUES.with_name("speakers.tsv")
CUE_HITS = CUES.with_name("cue_hits.tsv")
MIN_CUE_PRECISION = 0.1          # tuned on PolNeAR train (scripts/eval_quotes.py --split train)
MIN_CUE_COUNT = 5
MERGE_WORDS = 8                   # at most this many words between two parts of one quote
SCARE_WORDS = 8                   # a quoted fragment this short inside a sentence is no quotation
HEADLINE_LEAD_WORDS = 6           # "Lopez Rival Ana Ortiz: …"; longer, a headline's own words
LEAD_WORDS = 10                   # "Stated Ortiz:" on the line before a quote
APPOSED_TAG_WORDS = 16            # "“…,” Ruiz, a top Lopez ally, said"
TAG_WORDS = 4                     # "“…,” the former senator continued": a tag after a quote
LONG_TAG_WORDS = 8                # "“…,” Lopez campaign chief Ana Ortiz said": a name only
MIN_SPEAKER_SHARE = 0.05          # of a noun's occurrences that are a source (data/speakers.tsv)
SURE_CUE_PRECISION = 0.3          # below it, a cue needs a subject that can speak or think
# A rare cue whose reported speech mostly matched nothing in annotated news is left out
# (data/cue_hits.tsv): tuned on PolNeAR train, where it keeps F1 and lifts speaker accuracy.
FALSE_ALARM_PRECISION = 0.2       # a cue at least this often an attribution always stays
FALSE_ALARM_MIN_REPORTED = 10     # fewer reports than this say too little to judge
FALSE_ALARM_MAX_MATCHED = 0.45    # share of its reports that matched, below which it goes
# What a long speaker phrase in a tag is made of ("the Peruvian deputy trade minister").
_TAG_PHRASE_POS = ("PROPN", "NOUN", "DET", "ADJ", "NUM", "PART", "PUNCT")
# What a speaker's phrase with an apposition is made of ("Ruiz, a top Lopez ally,").
_PHRASE_POS = ("PROPN", "NOUN", "DET", "ADJ", "NUM", "ADP", "PART", "CCONJ", "PRON")


def _rows(path: Path) -> list[list[str]]:
    """The tab-separated rows of one of the derived tables, without comments (none if absent)."""
    if not path.exists():
        return []
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def learned_speakers() -> frozenset[str]:
    """Common nouns that head a source in annotated news ("voters", "poll"): data/speakers.tsv."""
    # A noun that is a source only now and then ("the new rules will …") is no speaker.
    return frozenset(row[0] for row in _rows(SPEAKERS)
                     if int(row[1]) >= MIN_SPEAKER_SHARE * int(row[2]))


@lru_cache(maxsize=1)
def false_alarm_cues() -> frozenset[tuple[str, str]]:
    """Rare cues ("put", "provide", "draw") whose reported speech mostly matched no annotated
    attribution on PolNeAR train: data/cue_hits.tsv, made by scripts/derive_cue_hits.py."""
    table = cue_table()
    out = set()
    for lemma, pos, reported, matched in (row[:4] for row in _rows(CUE_HITS)):
        cue = table.get((lemma, pos))
        if cue is not None and cue.precision < FALSE_ALARM_PRECISION \
                and int(reported) >= FALSE_ALARM_MIN_REPORTED \
                and int(matched) < FALSE_ALARM_MAX_MATCHED * int(reported):
            out.add((lemma, pos))
    return frozenset(out)


@lru_cache(maxsize=1)
def cue_table() -> dict[tuple[str, str], Cue]:
    table: dict[tuple[str, str], Cue] = {}
    for row in _rows(CUES):
        lemma, pos, count, _total, precision, content, _source = (row + [""] * 7)[:7]
        if int(count) < MIN_CUE_COUNT:
            continue
        deps = [d.rsplit(":", 1) for d in content.split(",") if ":" in d]
        n = int(count)
        learned = tuple(d for d, c in deps if d in _CONTENT_DEPS and int(c) >= 0.1 * n)
        head = any(d == "head" and int(c) >= 0.05 * n for d, c in deps)
        table[(lemma, pos)] = Cue(float(precision), learned or ("ccomp",), head)
    return table
