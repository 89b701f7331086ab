"""Word features of a whole document as arrays, read once: the actor rules that look at every
token (ordinary words, acronyms) pick their few candidates here instead of building a Token
object per word."""

from __future__ import annotations

import bisect
from collections import Counter

import numpy as np
from spacy.attrs import IS_ALPHA, IS_LOWER, IS_TITLE, IS_UPPER, LENGTH, LOWER, ORTH, POS, SPACY
from spacy.parts_of_speech import ADJ, ADV, NOUN, VERB
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

_COMMON_POS = np.array([NOUN, ADJ, VERB, ADV], dtype=np.uint64)


class TokenTable:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        columns = doc.to_array([ORTH, LOWER, IS_ALPHA, IS_UPPER, IS_LOWER, IS_TITLE, POS, SPACY, LENGTH])
        if columns.ndim == 1:  # an empty document
            columns = columns.reshape(0, 9)
        self.orth, self.lower = columns[:, 0], columns[:, 1]
        self.alpha, self.upper, self.is_lower, self.title = (columns[:, k].astype(bool) for k in (2, 3, 4, 5))
        self.pos, self.length = columns[:, 6], columns[:, 8]
        spaced = columns[:, 7].astype(bool)
        # a word that starts after white space (not inside 'alt.religion.scientology')
        self.after_space = np.concatenate(([True], spaced[:-1])) if len(spaced) else spaced
        self._starts: list[int] | None = None
        self._ends: list[int] = []

    def sentence(self, i: int) -> Span:
        """The sentence of token i (sentence bounds found once, not per question)."""
        if self._starts is None:
            self._starts = [sent.start for sent in self.doc.sents]
            self._ends = [*self._starts[1:], len(self.doc)]
        k = max(0, bisect.bisect_right(self._starts, i) - 1)
        return self.doc[self._starts[k] : self._ends[k]] if self._starts else self.doc[0:0]

    def shouted(self, sentence: Span) -> bool:
        """Half the words or more in capitals: a shouted line, not acronyms."""
        s, e = sentence.start, sentence.end
        return 2 * int((self.upper[s:e] & self.alpha[s:e]).sum()) >= int(self.alpha[s:e].sum())

    def where(self, text: str) -> list[int]:
        return np.flatnonzero(self.orth == get_string_id(text)).tolist()

    def where_any(self, texts: set[str]) -> list[int]:
        ids = np.array([get_string_id(t) for t in texts], dtype=np.uint64)
        return np.flatnonzero(np.isin(self.orth, ids)).tolist()

    def acronym_candidates(self, shortest: int, longest: int) -> list[int]:
        mask = self.upper & self.alpha & (self.length >= shortest) & (self.length <= longest)
        return np.flatnonzero(mask).tolist()

    def ordinary_words(self) -> frozenset[str]:
        """Words the text uses in lower case as ordinary words at least as often as capitalised:
        'iodine', 'government', 'volunteer' (a writer's 'the scientology website' once does not
        make Scientology a word; nor does an address such as 'alt.religion.scientology')."""
        counted = self.alpha & self.after_space
        strings = self.doc.vocab.strings
        lower = Counter(strings[int(h)] for h in self.lower[counted & self.is_lower & np.isin(self.pos, _COMMON_POS)])
        capitalised = Counter(strings[int(h)] for h in self.lower[counted & ~self.is_lower & self.title])
        return frozenset(w for w, n in lower.items() if n >= capitalised[w] or n >= capitalised[w.rstrip("s")])
