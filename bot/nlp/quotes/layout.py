"""Where quotations and sentences lie: character offsets, paragraphs and the stretches of
text around a quotation that can hold its cue."""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Token

from bot.nlp.attribution_model import QuoteContext
from bot.nlp.marks import DATELINE, QuoteSpan, paragraphs, sentence_ends


def starts_sentence(char: str) -> bool:
    return char.isupper() or char in '“"‘'


class TextView:
    """Token lookups by character offset, and which characters lie inside quotation marks."""

    def __init__(self, doc: Doc, spans: list[QuoteSpan]):
        self.doc = doc
        self.starts = [t.idx for t in doc]
        self.quoted = sorted((s.open_at, s.outer_end) for s in spans)
        self.quoted_starts = [a for a, _ in self.quoted]
        self._tokens: dict[tuple[int, int], list[Token]] = {}  # the rules ask for the same stretches again

    def inside_quote(self, char: int) -> bool:
        k = bisect.bisect_right(self.quoted_starts, char) - 1
        return k >= 0 and self.quoted[k][0] <= char < self.quoted[k][1]

    def tokens(self, lo: int, hi: int) -> list[Token]:
        """Words in text[lo:hi] that stand outside quotation marks (a list the caller must not change)."""
        cached = self._tokens.get((lo, hi))
        if cached is not None:
            return cached
        a = bisect.bisect_left(self.starts, lo)
        out = []
        for t in self.doc[a:]:
            if t.idx >= hi:
                break
            if not t.is_space and not self.inside_quote(t.idx):
                out.append(t)
        self._tokens[(lo, hi)] = out
        return out

    def words(self, lo: int, hi: int) -> list[Token]:
        """The words of text[lo:hi] outside quotation marks, punctuation left out."""
        return [t for t in self.tokens(lo, hi) if not t.is_punct]


class Layout:
    """Paragraphs, sentence bounds and the text on either side of each quotation."""

    def __init__(self, doc: Doc, text: str, spans: list[QuoteSpan]):
        self.doc = doc
        self.text = text
        self.spans = spans
        self.view = TextView(doc, spans)
        self.quote_ends = {span.outer_end for span in spans if span.close_at is not None}
        self.paragraphs = paragraphs(text)
        self.dateline_tokens = self._dateline_tokens()

    def _dateline_tokens(self) -> set[int]:
        """Tokens of a dateline opening a paragraph: "LONDON —", "PORTLAND, Ore. -",
        "WASHINGTON, Aug. 24 (UPI) —"."""
        out: set[int] = set()
        for para in self.paragraphs:
            match = DATELINE.match(self.text, para.start, para.end)
            if match:
                out.update(t.i for t in self.view.tokens(para.start, match.end("place")))
        return out

    def _ends_sentence(self, end: int) -> bool:
        """A sentence end outside quotation marks, or right after a quotation's closing mark."""
        return not self.view.inside_quote(end - 1) or end in self.quote_ends

    def sentence_start(self, para_start: int, pos: int) -> int:
        ends = [e for e in sentence_ends(self.text, para_start, pos) if e <= pos and self._ends_sentence(e)]
        return ends[-1] if ends else para_start

    def sentence_end(self, pos: int, para_end: int) -> int:
        for e in sentence_ends(self.text, pos, para_end):
            if self._ends_sentence(e):
                return e
        return para_end

    def left_bound(self, span: QuoteSpan, index: int) -> int:
        """Start of the text before the quotation that can hold its cue: its sentence, after
        any quotation before it in the paragraph."""
        para = self.paragraphs[span.paragraph]
        lo = self.sentence_start(para.start, span.open_at)
        if index > 0:
            prev = self.spans[index - 1]
            if prev.paragraph == span.paragraph:
                lo = max(lo, prev.outer_end)
        return lo

    def next_char(self, span: QuoteSpan) -> str:
        """The first character after the closing mark and any spaces, within the paragraph."""
        return self.text[span.outer_end : self.paragraphs[span.paragraph].end].lstrip()[:1]

    def right_bound(self, span: QuoteSpan, index: int) -> int | None:
        """End of the text after the quotation that can hold its cue; None when there is none."""
        if span.close_at is None:
            return None
        para = self.paragraphs[span.paragraph]
        next_char = self.next_char(span)
        if not next_char:
            return None
        if self.text[span.end - 1 : span.end] in ".…" and starts_sentence(next_char):
            return None  # the sentence ended inside the marks ("…?" Vasko asked: it did not)
        hi = self.sentence_end(span.outer_end, para.end)
        if index + 1 < len(self.spans) and self.spans[index + 1].paragraph == span.paragraph:
            hi = min(hi, self.spans[index + 1].open_at)
        return hi

    def quote_sentence_end(self, span: QuoteSpan) -> int:
        """End of the sentence a quotation belongs to: its closing mark when the quoted words
        end a sentence and another begins ('"… yet." The two leaders …')."""
        para = self.paragraphs[span.paragraph]
        if span.close_at is None:
            return para.end
        if self.text[span.end - 1 : span.end] in ".?!…" and starts_sentence(self.next_char(span)):
            return span.outer_end
        return self.sentence_end(span.outer_end, para.end)

    def quote_sentence(self, span: QuoteSpan) -> tuple[int, int]:
        """Start and end of the sentence a quotation belongs to."""
        para = self.paragraphs[span.paragraph]
        return self.sentence_start(para.start, span.open_at), self.quote_sentence_end(span)

    def sentence_bounds(self, span: QuoteSpan) -> tuple[int, int]:
        """Where the sentence a quote is shown in lies, so a reader can check the attribution."""
        para = self.paragraphs[span.paragraph]
        lo = self.sentence_start(para.start, span.open_at)
        hi = self.sentence_end(span.outer_end, para.end) if span.close_at is not None else para.end
        while lo < hi and self.text[lo].isspace():
            lo += 1
        while hi > lo and self.text[hi - 1].isspace():
            hi -= 1
        return lo, hi

    def first_token(self, span: QuoteSpan) -> Token | None:
        k = bisect.bisect_left(self.view.starts, span.start)
        return self.doc[k] if k < len(self.doc) else None

    def quoted_tokens(self, span: QuoteSpan) -> list[Token]:
        a = bisect.bisect_left(self.view.starts, span.start)
        b = bisect.bisect_left(self.view.starts, span.end)
        return [t for t in self.doc[a:b] if not t.is_space and not t.is_punct]

    def words_before_colon(self, lo: int, hi: int) -> list[Token]:
        """The words of text[lo:hi] when it ends with a colon (which opens the quotation), else none."""
        if not self.text[lo:hi].rstrip().endswith(":"):
            return []
        return self.view.words(lo, hi)

    def context(self, span: QuoteSpan) -> QuoteContext:
        """Where a quotation sits, as the attribution model measures it."""
        para = self.paragraphs[span.paragraph]
        return QuoteContext(
            open_at=span.open_at,
            end=span.end,
            words=len(self.text[span.start : span.end].split()),
            paragraph_initial=not self.text[para.start : span.open_at].strip(),
            last_char=self.text[span.end - 1 : span.end],
            next_char=self.next_char(span),
        )
