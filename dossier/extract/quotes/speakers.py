"""Speakers: who a cue's subject is, the phrase that names them, and the quote built around them.

A cue's grammatical subject is often not the one who speaks: a relative pronoun stands for its
antecedent, a message for its sender, a share of respondents for its poll, a pronoun in a
complement clause for the subject outside it, and a dateline is never anyone.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from ...models import Mention, Quote
from ...thresholds import HEADLINE_LEAD_WORDS, LEAD_WORDS
from .. import datelines
from ..doc_text import doc_text
from ..lexicon import (
    CONTRACTED_US,
    GROUP_WORDS,
    MESSAGE_NOUNS,
    OBJECT_CONTROL_VERBS,
    POLL_NOUNS,
    QUANTIFIERS,
    RELATIVE_PRONOUNS,
    SPEAKER_NOUNS,
    SPEAKING_PRONOUNS,
)
from .cues import is_cue, learned_speakers
from .marks import colon_index

_TRIM = " \t\n,.;:-–—\"'“”‘’"


@dataclass(frozen=True)
class Context:
    """What building a quote needs of its article, besides the words: the persons it names,
    where its sentences start and its country mentions."""

    doc: Doc
    persons: tuple[Span, ...]
    sent_starts: tuple[int, ...]
    mentions: tuple[Mention, ...]

    @classmethod
    def of(cls, doc: Doc, mentions: list[Mention]) -> Context:
        return cls(doc, tuple(e for e in doc.ents if e.label_ == "PERSON"),
                   tuple(s.start_char for s in doc.sents), tuple(mentions))


class Attribution(NamedTuple):
    """A statement found, before its speaker is resolved: who (a cue's subject, or a headline's
    lead as a span), the cue as written, the statement's character range and its kind."""

    who: Token | Span
    cue: str
    start: int
    end: int
    kind: str                      # direct | indirect


def make_quote(ctx: Context, found: Attribution) -> Quote | None:
    """The quote of an attribution, its speaker resolved; none when nobody can be shown as
    the speaker or nothing is left of the statement."""
    doc = ctx.doc
    start, end = _clean(doc, found.start, found.end)
    if isinstance(found.who, Span):       # a headline's lead: "Lopez Rival Ana Ortiz: …"
        who, speaker, name = _lead_speaker(ctx, found.who)
    else:
        resolved = _cue_speaker(doc, found.who)
        if resolved is None:
            return None
        who, speaker, name = resolved
    if who.lower_ in RELATIVE_PRONOUNS and who.head.dep_ == "relcl" and who.head.head.i < who.i:
        # "the Electoral Board, which ruled …": the phrase runs from the antecedent.
        speaker = doc[speaker_span(who.head.head, appos=False).start: who.i + 1]
    if end - start < 3 or not speaker.text.strip():
        return None
    return Quote(speaker=_resolve(name, ctx.persons), speaker_start=speaker.start_char,
                 speaker_end=speaker.end_char, speaker_country=_country(speaker, ctx.mentions),
                 cue=found.cue, content=doc_text(doc)[start:end], start=start, end=end,
                 kind=found.kind, sentence=bisect.bisect_right(ctx.sent_starts, start) - 1,
                 speaker_head=name.root.idx)


def _lead_speaker(ctx: Context, lead: Span) -> tuple[Token, Span, Span]:
    """(word, phrase, name) of a headline's lead: the person it names, if any."""
    name = next((e for e in ctx.persons if lead.start <= e.start and e.end <= lead.end), lead)
    return name.root, lead, name


def _cue_speaker(doc: Doc, who: Token) -> tuple[Token, Span, Span] | None:
    """(word, phrase, name) of a cue's subject, from the one who really speaks."""
    if who.tag_ == "POS":              # "Ana Ortiz’s call to …": the owner speaks
        who = who.head
    if who.lower_ in CONTRACTED_US:
        return None                    # "Let’s see": no one's statement
    who = _past_dateline(doc, who)
    who = _antecedent_subject(who)
    who = _poll_of(who) or who
    speaker, name = speaker_span(who), speaker_name(who)
    cut = _dateline_end(doc, speaker[0])
    if cut is not None and speaker.start < cut < speaker.end:
        speaker = doc[cut:speaker.end]     # "LIMA - Luis Ruiz": the name
        name = doc[max(cut, name.start):name.end]
    return who, speaker, name


def _clean(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Trim punctuation and spaces from both ends of a character range."""
    text = doc_text(doc)
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def speaker_span(tok: Token, *, appos: bool = True) -> Span:
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


def speaker_name(tok: Token) -> Span:
    """The words that name a speaker: an apposed name ("the head of the union, Ana Ortiz,"
    is Ana Ortiz), else the phrase without its apposition."""
    for c in tok.children:
        if c.dep_ == "appos" and c.i > tok.i and (c.pos_ == "PROPN" or c.ent_type_ == "PERSON") \
                and tok.pos_ != "PROPN":
            return speaker_span(c, appos=False)
    return speaker_span(tok, appos=False)


def subject(verb: Token) -> Token | None:
    """Who a verb's statement belongs to: its subject as written, else the one the parse
    implies (a passive's agent, a coordinated or controlling verb's subject, a participle's
    doer), else none."""
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
        return subject(verb.head.head)    # "voters were more likely to say …"
    if verb.dep_ == "xcomp" and verb.head.lemma_ in OBJECT_CONTROL_VERBS:
        obj = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)
        if obj is not None:               # "the delay led officials to say …": they say it
            return obj
    if verb.dep_ in ("conj", "xcomp") and verb.head.pos_ in ("VERB", "AUX"):
        return _coordinated_subject(verb)
    if verb.tag_ == "VBG" and verb.dep_ == "advcl" and verb.head.pos_ in ("VERB", "AUX"):
        head = verb.head
        while head.dep_ == "ccomp" and head.head.pos_ == "VERB" and is_cue(head.head):
            head = head.head              # "Ruiz said that Lopez stands for …, adding …"
        return subject(head)              # "Ortiz replied, calling the charge …"
    if verb.tag_ == "VBG" and verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return _participle_subject(verb.head)
    if verb.dep_ == "ROOT" and is_cue(verb):
        return _name_before(verb)         # "Gov. Ana Lopez (R-PE), said" misparsed
    return None


def _coordinated_subject(verb: Token) -> Token | None:
    """The subject of a verb coordinated with or completing another ("… and said that",
    "wants to say", "is expected to unveil")."""
    head = verb.head
    if verb.dep_ == "conj" and head.dep_ == "ccomp" and head.head.pos_ == "VERB" and is_cue(verb):
        return subject(head.head)         # "he says the plan failed and says …" is still his
    if verb.dep_ == "xcomp" and not is_cue(verb):
        return subject(head)              # "is expected to unveil", "is scheduled to address"
    return _shared_subject(head)          # "… and said that", "wants to say"


def _participle_subject(noun: Token) -> Token | None:
    """The doer of a participle hung on a noun ("a statement saying …", "calls saying …")."""
    if noun.dep_ == "pobj" and noun.head.head.pos_ == "VERB" and not can_speak(noun):
        # "The governor fought the port deal, at one point calling the minister a coward"
        # hangs the participle on "point": the one who fought speaks, if anyone can.
        doer = subject(noun.head.head)
        if doer is not None and can_speak(doer):
            return doer
    if noun.pos_ == "NOUN" and noun.dep_ == "dobj" and noun.head.pos_ == "VERB":
        author = subject(noun.head)       # "The union issued a statement saying …"
        if author is not None:
            return author
    # "sent an email to supporters stating …": the parser hangs the participle on the
    # addressees; the email's sender speaks.
    return _author(noun) or noun          # "calls saying shots were fired", "voters backing him"


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
    return subject(head)


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
    return subject(noun.head)


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
        if subj.i > who.i or not (subj.pos_ in ("NOUN", "PROPN") and can_speak(subj)
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


def can_speak(tok: Token) -> bool:
    """A subject that can state or believe something: a name, a pronoun, a body or a person."""
    if tok.tag_ == "WDT" and tok.head.dep_ == "relcl":
        return can_speak(tok.head.head)    # "legislation that would allow …" is the legislation
    if tok.pos_ in ("PRON", "PROPN") or tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    return tok.lemma_.lower() in SPEAKER_NOUNS or tok.lemma_.lower() in learned_speakers()


def according_to(tok: Token) -> Token | None:
    """The source X of "according to X"."""
    if tok.lower_ != "according":
        return None
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    return next((c for c in to.children if c.dep_ == "pobj"), None) if to else None


# "LIMA (AP) — …", and a place in capitals alone: "CUSCO, Peru - …", "LIMA — …". Unlike
# datelines.DATELINE (a city in capitals, for a story's country) it also takes a place written
# otherwise before an agency ("Lima (AFP) – …"), which the speaker rules must skip as well.
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


def _resolve(span: Span, persons: tuple[Span, ...]) -> str:
    """A pronoun speaker becomes the latest person named before it, a relative pronoun its
    antecedent ("critics, who say …" are the critics); others stay as written."""
    if len(span) == 1 and span[0].lower_ in RELATIVE_PRONOUNS and span[0].head.dep_ == "relcl":
        return _resolve(speaker_name(span[0].head.head), persons)
    if (len(span) == 1 and span[0].lower_ in SPEAKING_PRONOUNS
            and span[0].lower_ not in ("i", "we", "it")):
        earlier = [p for p in persons if p.end <= span.start]
        if earlier and span[0].lower_ in ("he", "she"):
            return earlier[-1].text
    text = span.text
    if text.lower().startswith("the "):
        text = text[4:]
    return text


def _country(span: Span, mentions: tuple[Mention, ...]) -> str | None:
    """The country named in a speaker phrase, office-holders included ("Tokayev" is a mention)."""
    return next((m.code for m in mentions
                 if span.start_char <= m.start and m.end <= span.end_char), None)


# ------------------------------------------------------------------ headline and digest leads

def line_start(doc: Doc, i: int, *, sentence: bool = True) -> int:
    """The first token of the line (or sentence) that token ``i`` is on."""
    while i > 0 and "\n" not in doc[i - 1].whitespace_ and not doc[i - 1].is_space \
            and not (sentence and doc[i - 1].is_sent_end):
        i -= 1
    return i


def line_lead(doc: Doc, i: int, *, sentence: bool = True) -> tuple[Span, int] | None:
    """The lead before the first colon of token ``i``'s line (and sentence, unless ``sentence``
    is false: the parser often ends a headline's sentence at its colon), before ``i``
    ("Lopez:"), and the index of that colon."""
    start = line_start(doc, i, sentence=sentence)
    colon = next((t.i for t in doc[start:i] if t.text == ":"), None)
    if colon is None or not _is_lead(doc[start:colon], HEADLINE_LEAD_WORDS):
        return None
    return doc[start:colon], colon


def headline_speaker(doc: Doc, span: Span) -> tuple[Span, int] | None:
    """The name before the colon that opens the quote's line, as in headlines ("Lopez: ‘We Will
    Not Sign’", "Lopez: Ruiz Has ‘A Long Way To Go’ On Fishing"), or the line just before
    the quote when it ends in a colon ("Stated Ortiz:" and the quote below it); and the index of
    that colon."""
    found = line_lead(doc, span.start)
    if found is not None:
        return found
    i = colon_index(doc, span)
    if i is None:
        return None
    lead = doc[line_start(doc, i):i]
    return (lead, i) if _is_lead(lead, LEAD_WORDS) else None


def named_before_colon(doc: Doc, span: Span) -> Span | None:
    """A name set off just before a quote's colon: "… - Ana Ortiz: “…”", "More from
    Ruiz and Vidal: “…”" (a digest's way of naming whom it quotes)."""
    i = colon_index(doc, span)
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


def _is_lead(lead: Span, limit: int) -> bool:
    """A short name with no verb: "Lopez Rival Ana Ortiz", not "He said"."""
    return 1 <= len(lead) <= limit and not any(t.pos_ in ("VERB", "AUX") for t in lead) \
        and any(t.pos_ == "PROPN" for t in lead)
