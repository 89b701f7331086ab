"""Bytes of a page to text: the declared charset when it is a real text encoding, else the
byte-order mark, the page's own <meta>, UTF-8, and a detected legacy encoding.

Only character encodings are accepted: codecs such as punycode, idna, unicode-escape or
utf-7 are not page encodings, and some of them are slow enough on a crafted page to stall
a process for minutes. Decoding runs in a worker thread (``decode_page``), never on the loop.
"""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)
# Python codecs that are text encodings but no page charset (or too costly to run on one).
_NOT_PAGE_CHARSETS = frozenset(
    "punycode idna undefined utf-7 unicode-escape raw-unicode-escape palmos mbcs oem".split()
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
DETECTION_SAMPLE = 64 * 1024  # what charset detection reads: enough to tell, bounded in time
LEGACY_DEFAULT = "windows-1252"  # what browsers assume for an undeclared Western page


def page_charset(name: str | None) -> str | None:
    """The codec for a declared charset, or None when it is unknown or no page encoding."""
    if not name:
        return None
    try:
        info = codecs.lookup(name.strip().strip("\"'"))
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_PAGE_CHARSETS:
        return None
    return info.name


def _bom_charset(body: bytes) -> str | None:
    for bom, charset in _BOMS:
        if body.startswith(bom):
            return charset
    return None


def _detected(body: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(body[:DETECTION_SAMPLE]).best()
    return page_charset(best.encoding) if best is not None else None


def _utf16_without_bom(body: bytes) -> str | None:
    """UTF-16 with no byte-order mark: ASCII markup then has a NUL beside every character
    (which UTF-8 would happily keep)."""
    sample = body[:4096]
    if len(sample) < 64:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def decode_page(body: bytes, declared: str | None) -> str:
    """The page's text. A declared charset that fails is tried no further than its own bytes."""
    bom = _bom_charset(body)
    if bom:
        return body.decode(bom, errors="replace")
    meta = _META_CHARSET.search(body[:4096])
    for charset in (page_charset(declared), page_charset(meta.group(1).decode("ascii", "ignore")) if meta else None):
        if charset:
            try:
                return body.decode(charset)
            except UnicodeDecodeError:
                continue
    wide = _utf16_without_bom(body)
    if wide:
        return body.decode(wide, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    detected = _detected(body) or LEGACY_DEFAULT
    return body.decode(detected, errors="replace")
