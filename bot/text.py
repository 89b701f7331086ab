"""Small helpers for the sentences the bot writes."""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """ "1 quote", "3 quotes" (``plural_form`` for irregular words)."""
    return f"{count} {singular if count == 1 else plural_form or singular + 's'}"


def clip(text: str, limit: int) -> str:
    """The text on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def full_stop(text: str) -> str:
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def one_line(text: str | None) -> str | None:
    """The text on one line, its white space (no-break spaces too) single spaces; None if empty."""
    return " ".join((text or "").split()) or None


def count_words(text: str) -> int:
    """Words as members count them: runs of letters and digits ("U.S." is two)."""
    return sum(1 for _ in _WORD.finditer(text))


MAX_CONTEXT_CHARS = 1000


def quote_context(text: str) -> str:
    """The sentence around a quote as it is shown: on one line, at most ``MAX_CONTEXT_CHARS``."""
    line = " ".join(text.split())
    return line if len(line) <= MAX_CONTEXT_CHARS else line[: MAX_CONTEXT_CHARS - 1] + "…"
