"""Python functions the migrations call (registered on the connection that runs them)."""

from __future__ import annotations

import functools
import re


@functools.lru_cache(maxsize=256)  # each is asked for the start, then the end
def _sentence_span(text: str, sentence: str, start: int, end: int) -> tuple[int, int]:
    """Where a quote's stored sentence lies in its article's text: the occurrence nearest the
    quote, white space matched loosely (reported speech kept it on one line); the quote's own
    span when the sentence is not found (it was cut at 1,000 characters)."""
    words = sentence.rstrip("…").split()
    if not words:
        return start, end
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    best: tuple[int, int] | None = None
    for match in pattern.finditer(text):
        if best is None or abs(match.start() - start) < abs(best[0] - start):
            best = match.span()
        if match.start() > end:
            break
    return best if best is not None else (start, end)


def sentence_start(text: str, sentence: str, start: int, end: int) -> int:
    return _sentence_span(text or "", sentence or "", start, end)[0]


def sentence_end(text: str, sentence: str, start: int, end: int) -> int:
    return _sentence_span(text or "", sentence or "", start, end)[1]
