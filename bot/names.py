"""How actor names are compared, and the one rule for a lone surname.

"Biden's", "biden" and " Biden " are one key. A key of two words or more is a full name; its
last word is its surname. A lone surname stands for the one person whose full name ends in
it, and for nobody when several share it. Storage, the service and the NLP all ask here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

_POSSESSIVE = re.compile(r"(?:['’]s|['’])(?=\s|$)")
_LEADING_THE = re.compile(r"^the\s+")
_NOT_WORD = re.compile(r"[^\w\s-]")


def name_key(name: str) -> str:
    """The key a name is compared by: case, possessives, punctuation, a leading "the" and
    middle initials aside ("Donald J. Trump" and "Donald Trump" are one key)."""
    text = unicodedata.normalize("NFKC", name or "").lower()
    text = _POSSESSIVE.sub("", text)
    text = _NOT_WORD.sub("", text)
    words = _LEADING_THE.sub("", " ".join(text.split())).split()
    if len(words) > 2:
        words = [words[0], *(w for w in words[1:-1] if len(w) > 1), words[-1]]
    return " ".join(words)


def surname_key(key: str) -> str:
    """The last word of a name key: "biden" for "joe biden" (and for "biden")."""
    words = key.split()
    return words[-1] if words else ""


def is_full_name(key: str) -> bool:
    return " " in key.strip()


DOMINANCE = 3.0  # a person owns a shared surname named in this many times the next one's articles


def dominant(counts: Mapping[str, int]) -> str | None:
    """The key counted ``DOMINANCE`` times as often as the next one (ties by key), or None
    when fewer than two keys compete or none dominates."""
    ranked = sorted(counts, key=lambda k: (-counts[k], k))
    if len(ranked) < 2:
        return None
    return ranked[0] if counts[ranked[0]] >= DOMINANCE * counts[ranked[1]] else None


def inner_full_name(key: str, keys: Iterable[str]) -> str | None:
    """The shortest other full name that ``key`` ends in ("crooked hillary clinton" is
    "hillary clinton"), or that it is with a middle name ("hillary rodham clinton")."""
    words = key.split()
    middle = f"{words[0]} {words[2]}" if len(words) == 3 else None
    inner = [k for k in keys if k != key and is_full_name(k) and (key.endswith(" " + k) or k == middle)]
    return min(inner, key=len) if inner else None


def sole_bearer(surname: str, names: Iterable[str]) -> str | None:
    """The one name of ``names`` whose last word is ``surname``; None when none or several are."""
    bearers = [name for name in names if surname_key(name) == surname]
    return bearers[0] if len(bearers) == 1 else None
