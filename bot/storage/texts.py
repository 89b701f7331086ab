"""Article texts are stored compressed (zlib): they are most of a store, and news prose
compresses about 2.4 to 1. Reads cut what they need (a quote, its sentence, the summary)
from the unpacked text in Python; in SQL, ``newsdesk_unpack(text)`` (on every connection) gives
the search index its view of the texts."""

from __future__ import annotations

import functools
import zlib

LEVEL = 6  # zlib's default: level 9 saves 1% more for twice the time


def pack(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), LEVEL)


@functools.lru_cache(maxsize=64)  # the quotes of one article ask for its text again and again
def unpack(stored: bytes | str | None) -> str:
    if stored is None:
        return ""
    if isinstance(stored, str):  # a text stored before texts were packed (migration 11 packs them)
        return stored
    return zlib.decompress(stored).decode("utf-8")
