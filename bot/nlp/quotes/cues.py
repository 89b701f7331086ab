"""Which words report speech: speech verbs ("said", "shot back", "issued a statement") and
attribution phrases ("according to X")."""

from __future__ import annotations

import numpy
from spacy.attrs import LOWER, POS
from spacy.strings import get_string_id
from spacy.symbols import AUX, VERB
from spacy.tokens import Doc, Token

from bot.nlp.lexicon import (
    ATTRIBUTION_PHRASES,
    CUE_FORMS,
    CUE_LEMMAS,
    ISSUED_NOUNS,
    ISSUING_VERBS,
    NOUN_CUES,
    PHRASAL_CUES,
    PHRASE_STARTS,
)

# The same words as spaCy's string hashes, to pick tokens out of Doc.to_array(LOWER).
_CUE_FORM_IDS = numpy.array([get_string_id(w) for w in CUE_FORMS], dtype=numpy.uint64)
_PHRASE_START_IDS = numpy.array([get_string_id(w) for w in PHRASE_STARTS], dtype=numpy.uint64)


def is_cue(token: Token) -> bool:
    low = token.text.lower()
    if low in CUE_FORMS:
        return True
    if token.pos_ not in ("VERB", "AUX"):
        return False
    lemma = token.lemma_.lower()
    if lemma in CUE_LEMMAS:
        return True
    if lemma in ISSUING_VERBS:
        return any(c.dep_ == "dobj" and c.lemma_.lower() in ISSUED_NOUNS for c in token.children)
    # The parser takes "back" in "shot back" for a particle or an adverb.
    return any((lemma, c.lower_) in PHRASAL_CUES for c in token.children if c.dep_ in ("prt", "advmod"))


def find_cues(doc: Doc) -> tuple[set[int], list[int]]:
    """Indices of the speech verbs of a document, and of the words that may open an
    attribution phrase. Speech verbs are asked about many times per quotation: they are found
    once, looking closely only at verbs and the cue forms (reading every token's attributes
    is slow)."""
    lower, pos = doc.to_array([LOWER, POS]).T if len(doc) else (numpy.zeros(0), numpy.zeros(0))
    maybe_cue = numpy.isin(lower, _CUE_FORM_IDS) | numpy.isin(pos, (VERB, AUX))
    cue_tokens = {i for i in numpy.flatnonzero(maybe_cue).tolist() if is_cue(doc[i])}
    phrase_starts = numpy.flatnonzero(numpy.isin(lower, _PHRASE_START_IDS)).tolist()
    return cue_tokens, phrase_starts


def attribution_phrase_object(token: Token) -> Token | None:
    """For "according to X" / "in line with X": X (or the source behind "a tweet from X")."""
    if token.lower_ not in PHRASE_STARTS:
        return None
    doc = token.doc
    for phrase in ATTRIBUTION_PHRASES:
        n = len(phrase.split())
        if token.i + n > len(doc) or doc[token.i : token.i + n].text.lower() != phrase:
            continue
        prep = doc[token.i + n - 1]
        objects = [c for c in prep.children if c.dep_ == "pobj"]
        obj = objects[0] if objects else (doc[prep.i + 1] if prep.i + 1 < len(doc) else None)
        if obj is None:
            return None
        # "according to a statement from the ministry": the ministry speaks.
        if obj.lemma_.lower() in NOUN_CUES:
            for prep2 in obj.children:
                if prep2.dep_ == "prep" and prep2.text.lower() in ("from", "by", "of"):
                    inner = [c for c in prep2.children if c.dep_ == "pobj"]
                    if inner:
                        return inner[0]
        return obj
    return None
