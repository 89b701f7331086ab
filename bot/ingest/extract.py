"""From a fetched page (or a pasted file) to an ``ExtractedArticle``, or a clear reason why not."""

from __future__ import annotations

import hashlib
import re

from bot.errors import IngestError, NotAnArticle
from bot.models import ExtractedArticle

MIN_ARTICLE_WORDS = 60
_WALL_WORDS = re.compile(
    r"\b(cookies?|consent|javascript|enable|subscribe|log ?in|sign ?in|paywall|subscription|"
    r"accept all|privacy (?:policy|settings)|your browser|captcha|are you a robot)\b",
    re.IGNORECASE,
)
_WORDS = re.compile(r"\w+")


class ExtractionError(IngestError):
    """A page or file with no article in it; the message is fit to show the user."""


class NoArticleText(ExtractionError, NotAnArticle):
    """A page fetched whole with too little text to be an article (a wall, a gallery)."""


def content_hash(text: str) -> str:
    """Identifies the same article under another URL: case and spacing do not count."""
    normal = " ".join(_WORDS.findall(text.lower()))
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def _check_article_text(text: str) -> None:
    words = _WORDS.findall(text)
    if len(words) >= MIN_ARTICLE_WORDS:
        return
    if len(_WALL_WORDS.findall(text)) >= 2:
        raise NoArticleText("that page shows a cookie, login or subscription wall instead of an article")
    raise NoArticleText("no article text was found on that page (it may be a video, a gallery or a wall)")


def extract_html(html: str, url: str | None = None) -> ExtractedArticle:
    # Imported here: trafilatura costs ~0.3 s and 40 MB, and only a process that reads pages needs it.
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False, include_images=False
    )
    text = _printable((getattr(doc, "text", None) or "").strip() if doc is not None else "")
    _check_article_text(text)
    canonical = getattr(doc, "url", None)
    if canonical and not canonical.lower().startswith(("http://", "https://")):
        canonical = None
    return ExtractedArticle(
        text=text,
        title=(getattr(doc, "title", None) or None),
        author=(getattr(doc, "author", None) or None),
        published=(getattr(doc, "date", None) or None),
        site=(getattr(doc, "sitename", None) or None),
        url=url,
        canonical_url=canonical,
    )


def _printable(text: str) -> str:
    """NUL characters (which no store of text keeps) as U+FFFD: one for one, offsets unchanged."""
    return text.replace("\x00", "\ufffd")


def _looks_like_title(line: str) -> bool:
    line = line.strip()
    return 0 < len(line) <= 200 and len(line.split()) <= 25 and line[-1:] not in ".,;:!?"


def _opening_words(text: str, limit: int = 80) -> str:
    """A stand-in title for text with no headline: its first words."""
    first = " ".join(text.split())
    return first if len(first) <= limit else first[: limit - 1].rsplit(" ", 1)[0] + "…"


def guess_title(text: str) -> str | None:
    """The first line, when it reads like a headline (short, no final full stop)."""
    first = text.strip().split("\n", 1)[0].lstrip("# ").strip()
    return first if _looks_like_title(first) else None


def extract_plain(text: str, name: str | None = None) -> ExtractedArticle:
    """Pasted text or a .txt/.md file: kept exactly; the first line is the title when it looks like one."""
    text = _printable(text)
    if not text.strip():
        raise ExtractionError("that text is empty")
    title = guess_title(text) or name or _opening_words(text)
    if len(_WORDS.findall(text)) < 15:
        raise ExtractionError("that text is too short to be an article")
    return ExtractedArticle(text=text, title=title or name)


def extract_file(data: bytes, filename: str) -> ExtractedArticle:
    """An uploaded or local file: .txt and .md as text, .html/.htm through the HTML extractor."""
    lower = filename.lower()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    if lower.endswith((".html", ".htm", ".xhtml")):
        return extract_html(text)
    if lower.endswith((".txt", ".md", ".text", ".markdown")):
        return extract_plain(text, name=None)
    raise ExtractionError("only .txt, .md and .html files can be read")
