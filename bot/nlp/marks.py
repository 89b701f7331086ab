"""Finding quotation spans in raw text, before any parsing.

Works on characters so that offsets stay exact. A quotation that reaches the end of its
paragraph unclosed is cut there; when the next paragraph reopens the mark, the two pieces
belong to one quotation (news style for quotes that run over several paragraphs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = {"“": '”"', "«": "»", "„": "“”", '"': '"”'}
# Letters/digits before a straight quote mean it closes (or is an inch mark), never opens.
_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "sen",
    "rep",
    "gov",
    "gen",
    "lt",
    "col",
    "sgt",
    "capt",
    "jr",
    "sr",
    "prof",
    "rev",
    "no",
    "vs",
    "inc",
    "corp",
    "co",
    "ltd",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "u.s",
    "u.k",
    "u.n",
    "e.g",
    "i.e",
    "d.c",
    "ft",
    "mt",
    "pres",
    "adm",
    "supt",
}
WORD = re.compile(r"[\w’'-]+")  # a word, with its apostrophes and hyphens
# A dateline opening a paragraph: the place in capitals, perhaps a state or date after a comma
# and an agency in brackets, then a dash: "LONDON —", "PORTLAND, Ore. -",
# "WASHINGTON, Aug. 24 (UPI) —".
DATELINE = re.compile(
    r"(?P<place>[A-Z](?:[A-Z.' ]|-(?=[A-Z])){2,})(?:,[^—–\-(\n]{0,25})?\s*(?:\([A-Za-z .]+\)\s*)?[—–-]+"
)
_SENTENCE_END = re.compile(r"[.!?…][\"”’)]*(?=\s+[\"“‘(]?[A-Z0-9])")


@dataclass(frozen=True)
class QuoteSpan:
    start: int  # first character of the quoted words
    end: int  # one past the last quoted character (closing mark excluded)
    open_at: int  # position of the opening mark
    close_at: int | None  # position of the closing mark; None when the paragraph ended first
    paragraph: int
    group: int  # pieces of one multi-paragraph quotation share a group

    @property
    def outer_end(self) -> int:
        return self.close_at + 1 if self.close_at is not None else self.end


@dataclass(frozen=True)
class Paragraph:
    index: int
    start: int
    end: int


def paragraphs(text: str) -> list[Paragraph]:
    """Non-blank lines; news text puts one paragraph on a line."""
    out: list[Paragraph] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            out.append(Paragraph(len(out), pos + lead, pos + lead + len(stripped)))
        pos += len(line) + 1
    return out


def _opens(text: str, i: int) -> bool:
    ch = text[i]
    if ch not in OPENERS:
        return False
    if ch == '"':
        if i == 0:
            return True
        if text[i - 1] in ".,;:!?":
            # 'named."We were' and '(R-Ore.):"I have': pasted text without the space
            return i + 1 < len(text) and text[i + 1].isalnum()
        return not text[i - 1].isalnum()
    return True


def _mistyped_close(text: str, opened: int, j: int, end: int) -> bool:
    """An opening curly mark typed where the closing one belongs: '“It is late,“ she said'."""
    return text[j] == "“" == text[opened] and text[j - 1] in ",.?!" and (j + 1 == end or text[j + 1].isspace())


_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")


def find_quote_spans(text: str) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    group = -1
    previous_open_ended = False
    for para in paragraphs(text):
        # Attribute values in markup left in the text (<tweet author="…">) are not quotations.
        tag_end = {m.start(): m.end() for m in _TAG.finditer(text, para.start, para.end)}
        i = para.start
        first_in_paragraph = True
        while i < para.end:
            if i in tag_end:
                i = tag_end[i]
                continue
            if not _opens(text, i):
                i += 1
                continue
            closers = OPENERS[text[i]]
            j = i + 1
            while j < para.end and text[j] not in closers and not _mistyped_close(text, i, j, para.end):
                j += 1
            closed = j < para.end
            inner_start, inner_end = i + 1, j
            while inner_start < inner_end and text[inner_start].isspace():
                inner_start += 1
            while inner_end > inner_start and text[inner_end - 1].isspace():
                inner_end -= 1
            if inner_end - inner_start >= 2:
                continues = first_in_paragraph and previous_open_ended and i == para.start
                if not continues:
                    group += 1
                spans.append(QuoteSpan(inner_start, inner_end, i, j if closed else None, para.index, group))
                previous_open_ended = not closed
                first_in_paragraph = False
            i = j + 1
        if first_in_paragraph:
            previous_open_ended = False
    return spans


def is_abbreviation_end(text: str, dot: int) -> bool:
    """True when the '.' at ``dot`` ends an abbreviation or an initial, not a sentence."""
    k = dot
    while k > 0 and (text[k - 1].isalpha() or text[k - 1] == "."):
        k -= 1
    word = text[k:dot].lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def sentence_ends(text: str, lo: int, hi: int) -> list[int]:
    """Positions just after each sentence-final mark in text[lo:hi]."""
    out = []
    for m in _SENTENCE_END.finditer(text, lo, hi):
        if text[m.start()] == "." and is_abbreviation_end(text, m.start()):
            continue
        out.append(m.end())
    return out


def sentence_spans(text: str, quotes: list[QuoteSpan] | None = None) -> list[tuple[int, int]]:
    """Sentences as character ranges: never across a line break, never split inside quotation marks."""
    quotes = find_quote_spans(text) if quotes is None else quotes
    inside = [(q.open_at, q.outer_end) for q in quotes]
    out = []
    for para in paragraphs(text):
        lo = para.start
        for end in sentence_ends(text, para.start, para.end):
            if any(a < end - 1 < b - 1 for a, b in inside):
                continue
            out.append((lo, end))
            lo = end
            while lo < para.end and text[lo].isspace():
                lo += 1
        if lo < para.end:
            out.append((lo, para.end))
    return [(a, b) for a, b in ((a, len(text[:b].rstrip())) for a, b in out) if b > a]
