"""The attribution rules: each reads one quotation's surroundings and proposes one speaker
(or none). ``cascade.CASCADE`` lists them in the order they are trusted.

Every rule has the signature ``rule(qd, span, index, left)``: the document, the quotation,
its index among the document's quotations, and where the text before it that can hold its
cue starts.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from bot.nlp.lexicon import CUE_LEMMAS, DASHES, NEW_CLAUSE_WORDS, NOUN_CUES
from bot.nlp.marks import QuoteSpan
from bot.nlp.quotes.cues import attribution_phrase_object
from bot.nlp.quotes.document import QuoteDocument
from bot.nlp.quotes.speakers import Speaker, depth, in_parentheses, is_known_source, is_mention

# A parenthesis closing the words before a colon: "Rep. Ordway (R-Ore.):".
_PARTY_TAG = re.compile(r"\s*\([^()\n]{1,40}\)\s*:\s*$")


def speaker_for_cue(qd: QuoteDocument, cue: Token, candidates: list[Token], nearest: bool = False) -> Speaker | None:
    """Who speaks through a speech verb: its parsed speaker, else the nearest plausible
    mention among ``candidates`` (before the verb first)."""
    roles = qd.roles
    subj = roles.cue_speaker(cue)
    if subj is not None and roles.can_speak(subj):
        return qd.names.speaker(subj, cue.text)
    # Without a parsed subject, a common noun must be a known kind of source: "her notes",
    # "rising costs" are things.
    plausible = [
        t for t in candidates if is_mention(t) and roles.can_speak(t) and is_known_source(t) and not in_parentheses(t)
    ]
    before = [t for t in plausible if t.i < cue.i and t.dep_ != "pobj"]
    after = [t for t in plausible if t.i > cue.i]
    pick: Token | None
    if before:
        pick = before[-1] if nearest else before[0]
    else:
        pick = after[0] if after else None
    if pick is None:
        return None
    return qd.names.speaker_of_mention(pick, cue.text)


# ---------------------------------------------------------------- after the quotation


def cue_after(qd: QuoteDocument, span: QuoteSpan, index: int, left: int) -> Speaker | None:
    """``"…," she said`` / ``"…," according to the ministry``: a cue right after the quotation."""
    hi = qd.layout.right_bound(span, index)
    if hi is None:
        return None
    text = qd.text
    between = text[span.outer_end : hi].lstrip()
    inner_tail = text[span.end - 1 : span.end]
    if not (between[:1] in (",", "—", "–", "-", ";") or inner_tail in ",?!—–-" or between[:1].islower()):
        return None
    words = qd.view.words(span.outer_end, hi)
    if words and words[0].lower_ in NEW_CLAUSE_WORDS:
        return None  # '"…," but he also noted': a new clause, not this quotation's cue
    short = _short_attribution(qd, words[:6])
    if short is not None:
        return short
    for t in words[:25]:
        obj = attribution_phrase_object(t)
        if obj is not None:
            return qd.names.speaker(obj, "according to")
        if qd.roles.is_cue(t):
            return speaker_for_cue(qd, t, words)
    return _any_verb_attribution(qd, span.outer_end, hi)


def _short_attribution(qd: QuoteDocument, words: list[Token]) -> Speaker | None:
    """``"…," the leaflet read`` / ``"…," said Ms. Ortiz``: a cue word within the first
    words after a quotation, trusted whatever the tagger made of it."""
    roles = qd.roles
    for k, t in enumerate(words):
        # is_cue covers CUE_FORMS; the lemma alone is trusted whatever the tagger said
        if t.lemma_.lower() not in CUE_LEMMAS and not roles.is_cue(t):
            if t.pos_ in ("VERB", "AUX"):
                return None
            continue
        if k == 0:
            after = [w for w in words[1:] if is_mention(w) and roles.can_speak(w)]
            return qd.names.speaker_of_mention(after[0], t.text) if after else None
        head = words[k - 1]
        if head.like_num and head.dep_ == "appos" and head.head.i < head.i:
            head = head.head  # "Ramos, 58, told AFP": the age belongs to Ramos
        if head.pos_ in ("NOUN", "PROPN", "PRON", "ADJ") and roles.can_speak(head, tagged=False):
            return qd.names.speaker_of_mention(head, t.text)
        return None
    return None


def _any_verb_attribution(qd: QuoteDocument, lo: int, hi: int) -> Speaker | None:
    """``"…?" Hannity pressed.`` / ``"…!" beamed Hartley``: a clause of a name and one verb
    right after a quotation is its attribution, whatever the verb (spun text picks odd ones)."""
    clause: list[Token] = []
    for t in qd.view.tokens(lo, hi):
        if (t.is_punct or t.pos_ == "CCONJ") and clause:
            break  # '"…," Ortiz barked and a guard led him out'
        if not t.is_punct:
            clause.append(t)
    nominal = ("PROPN", "PRON", "DET", "NOUN", "ADJ")
    if len(clause) < 2:
        return None
    if clause[0].tag_ in ("VBD", "VBZ") and clause[0].pos_ == "VERB":
        # "beamed Lena Ortiz of Madison": the name right after the verb
        verb, mention = clause[0], []
        for t in clause[1:5]:
            if t.pos_ not in nominal:
                break
            mention.append(t)
    elif clause[-1].tag_ in ("VBD", "VBZ") and clause[-1].pos_ == "VERB" and len(clause) <= 4:
        verb, mention = clause[-1], clause[:-1]
        if not all(t.pos_ in nominal for t in mention):
            return None
    else:
        return None
    if not mention:
        return None
    head = mention[-1]
    return qd.names.speaker_of_mention(head, verb.text) if qd.roles.can_speak(head) else None


# ---------------------------------------------------------------- before the quotation


def governing_cue(qd: QuoteDocument, span: QuoteSpan, index: int, left: int) -> Speaker | None:
    """The speech verb before the quotation that governs it (see ``last_cue``)."""
    return last_cue(qd, left, span.open_at, qd.layout.first_token(span))


def last_cue(qd: QuoteDocument, lo: int, hi: int, quote: Token | None = None) -> Speaker | None:
    """The speaker of the speech verb before ``hi`` that governs the quotation, the outermost
    one when several do ("The mayor said she seldom asks …, "…"": the mayor); else of the
    nearest speech verb, of "according to X", or of a speech noun ("his remarks that "…"")."""
    roles, names = qd.roles, qd.names
    words = qd.view.words(lo, hi)
    if quote is not None:
        governing = sorted((t for t in words if roles.is_cue(t) and t.is_ancestor(quote)), key=depth)
        found = [sp for sp in (speaker_for_cue(qd, t, words, nearest=True) for t in governing) if sp]
        if found:
            outer, inner = found[0], found[-1]
            # The outer speaker ("Renwick said … whom he called …"), unless the inner one is
            # another named person ("Costa asked Ferraz …, when he claimed …": Ferraz's words).
            two_people = outer.kind == inner.kind == "PERSON" and inner.name != outer.name
            return inner if two_people else outer
    for t in reversed(words):
        if roles.is_cue(t):
            speaker = speaker_for_cue(qd, t, words, nearest=True)
            if speaker is not None:
                return speaker
        obj = attribution_phrase_object(t)
        if obj is not None:
            return names.speaker(obj, "according to")
    for t in reversed(words):
        if t.lemma_.lower() in NOUN_CUES:
            # "Quellin dismissed Oduya's remarks as "…"": the words are Quellin's.
            verb = t.head if t.dep_ in ("dobj", "pobj") else None
            if verb is not None and any(c.lower_ == "as" for c in verb.children):
                subj = roles.subject_of(verb)
                if subj is not None and roles.can_speak(subj):
                    return names.speaker(subj, verb.text)
            owners = [c for c in t.children if c.dep_ == "poss"]
            if owners:
                return names.speaker(owners[0], t.text)
    return None


def clause_before_colon(qd: QuoteDocument, span: QuoteSpan, index: int, left: int) -> Speaker | None:
    """``He returned to his familiar lines: "…"``: the subject of the clause the colon ends."""
    roles = qd.roles
    for t in reversed(qd.layout.words_before_colon(left, span.open_at)):
        if t.pos_ in ("VERB", "AUX"):
            subj = roles.cue_speaker(t) if roles.is_cue(t) else roles.subject_of(t)
            if subj is not None and roles.can_speak_as_subject(subj):
                return qd.names.speaker(subj, t.text)
    return None


def cue_in_sentence(qd: QuoteDocument, span: QuoteSpan, index: int, left: int) -> Speaker | None:
    """A cue anywhere in the quotation's sentence, nearest first (several partial quotes
    in one sentence share the cue at its end)."""
    words = qd.view.words(*qd.layout.quote_sentence(span))
    cues = [t for t in words if qd.roles.is_cue(t)]
    for cue in sorted(cues, key=lambda t: min(abs(t.idx - span.open_at), abs(t.idx - span.outer_end))):
        speaker = speaker_for_cue(qd, cue, words, nearest=cue.idx < span.open_at)
        if speaker is not None:
            return speaker
    return None


def that_clause(qd: QuoteDocument, span: QuoteSpan, index: int, left: int) -> Speaker | None:
    """``Ortiz groused that the board "…"``: with no speech verb, the subject of the verb
    whose that-clause holds the quotation."""
    roles = qd.roles
    t = qd.layout.first_token(span)
    for _ in range(12):
        if t is None or t.head.i == t.i:
            return None
        if t.dep_ == "ccomp" and any(c.dep_ == "mark" and c.lower_ == "that" for c in t.children):
            subj = roles.subject_of(t.head)
            if subj is not None and roles.can_speak(subj) and not qd.view.inside_quote(t.head.idx):
                return qd.names.speaker(subj, t.head.text)
            return None
        t = t.head
    return None


# ---------------------------------------------------------------- transcript and list styles


def colon_label(qd: QuoteDocument, span: QuoteSpan, index: int, left: int) -> Speaker | None:
    """A name right before the colon that opens the quotation: "Ruiz: "…""."""
    words = qd.layout.words_before_colon(left, span.open_at)
    tag = _PARTY_TAG.search(qd.text, left, span.open_at)
    if tag is not None:
        # "Rep. Ordway (R-Ore.):" is Ordway's
        words = [t for t in words if t.idx < tag.start()]
    if words and words[-1].pos_ in ("PROPN", "NOUN", "PRON") and qd.roles.can_speak(words[-1]):
        return qd.names.speaker_of_mention(words[-1], None)
    return None


def signature(qd: QuoteDocument, span: QuoteSpan, index: int, left: int) -> Speaker | None:
    """A quotation signed after it: on the next line ("— Ruiz.") or after the closing mark
    at the end of its own paragraph ("“…” ― Ruiz", as reader reactions are set)."""
    paragraphs = qd.layout.paragraphs
    para = paragraphs[span.paragraph]
    same_line = bool(qd.text[span.outer_end : para.end].strip())
    if same_line:
        if span.close_at is None:
            return None
        lo, hi = span.outer_end, para.end
    elif span.paragraph + 1 < len(paragraphs):
        following = paragraphs[span.paragraph + 1]
        lo, hi = following.start, following.end
    else:
        return None
    line = qd.text[lo:hi].strip()
    if line[:1] not in DASHES or len(line.split()) > 8:
        return None
    words = qd.view.words(lo, hi)
    if not words or (same_line and not (words[0].text[:1].isupper() or words[0].text[:1] == "@")):
        return None  # '“…” — paper burning in a fireplace': a description, not a signature
    if qd.roles.can_speak(words[0]):
        return qd.names.speaker_of_mention(words[0], None)
    return None
