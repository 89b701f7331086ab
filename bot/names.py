"""How names are compared: "Biden's", "biden" and " Biden " are one key."""

from __future__ import annotations

import re
import unicodedata

_POSSESSIVE = re.compile(r"(?:['’]s|['’])(?=\s|$)")
_LEADING_THE = re.compile(r"^the\s+")
_NOT_WORD = re.compile(r"[^\w\s-]")


def name_key(name: str) -> str:
    text = unicodedata.normalize("NFKC", name or "").lower()
    text = _POSSESSIVE.sub("", text)
    text = _NOT_WORD.sub("", text)
    text = _LEADING_THE.sub("", " ".join(text.split()))
    return text.strip()
