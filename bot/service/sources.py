"""Where articles come from: a link (fetched safely), a file or pasted text, each turned into
an ``ExtractedArticle``. Nothing here stores anything (``analyze`` uses it on its own)."""

from __future__ import annotations

import asyncio
import dataclasses
import re
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from bot.ingest.extract import ExtractionError, extract_file, extract_html, extract_plain, guess_title
from bot.ingest.links import SharedLink, canonicalize
from bot.models import ExtractedArticle
from bot.service.offload import on_text

if TYPE_CHECKING:
    from bot.ingest.fetch import FetchedPage

_URL_SOURCE = re.compile(r"^https?://", re.IGNORECASE)


def is_url(source: str) -> bool:
    return bool(_URL_SOURCE.match(source))


def _site(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def same_site(canonical: str | None, page_url: str) -> bool:
    """A page's canonical link is trusted only on the page's own site: a page must not take
    the place of another site's article by naming that article's URL."""
    if not canonical:
        return False
    try:
        return _site(canonical) == _site(page_url) != ""
    except ValueError:
        return False


class PageFetcher(Protocol):
    """What reading a link needs: ``bot.ingest.fetch.SafeFetcher`` (or a lazy one)."""

    async def fetch(self, url: str) -> FetchedPage: ...

    async def close(self) -> None: ...


class ArticleSources:
    def __init__(self, fetcher: PageFetcher, max_file_bytes: int):
        self.fetcher = fetcher
        self.max_file_bytes = max_file_bytes

    async def close(self) -> None:
        await self.fetcher.close()

    async def from_link(self, link: SharedLink) -> ExtractedArticle:
        """The article behind a link, keyed by its canonical URL (the page's own, if it names one)."""
        page = await self.fetcher.fetch(link.url)
        if page.content_type == "text/plain":
            article = extract_plain(page.text)
        else:
            article = await asyncio.to_thread(extract_html, page.text, page.final_url)
        named = page.final_url
        if article.canonical_url and same_site(article.canonical_url, page.final_url):
            named = article.canonical_url
        canonical = link.canonical if named == link.url else canonicalize(named)
        return dataclasses.replace(article, url=link.url, canonical_url=canonical)

    def too_large(self, size: int) -> bool:
        return size > self.max_file_bytes

    async def from_file(self, data: bytes, filename: str) -> ExtractedArticle:
        """An uploaded or local file: .txt and .md as text, .html through the page extractor."""
        if self.too_large(len(data)):
            raise ExtractionError("that file is larger than the size limit")
        if filename.lower().endswith((".html", ".htm", ".xhtml")):  # the page extractor takes a while
            return await asyncio.to_thread(extract_file, data, filename)
        return await on_text(extract_file, data, filename, size=len(data))

    @staticmethod
    async def read_path(path: str) -> bytes:
        """A local file's bytes (console and command line only)."""
        try:
            return await asyncio.to_thread(Path(path).expanduser().read_bytes)
        except OSError as exc:
            raise ExtractionError(f"cannot read {path}: {exc.strerror or exc}") from exc

    async def for_analysis(self, source: str) -> ExtractedArticle:
        """A path or URL as ``python -m bot analyze`` reads it: a ``.txt`` exactly as decoded
        from UTF-8, so that offsets are offsets into the file."""
        if is_url(source):
            try:
                link = SharedLink.of(source)
            except ValueError as exc:
                raise ExtractionError("that is not a valid link") from exc
            return await self.from_link(link)
        p = Path(source)
        data = await self.read_path(source)
        if p.suffix.lower() in (".html", ".htm", ".xhtml"):
            return await asyncio.to_thread(extract_file, data, p.name)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ExtractionError(f"{source} is not UTF-8 text") from exc
        if not text.strip():
            raise ExtractionError(f"{source} is empty")
        return ExtractedArticle(text=text, title=guess_title(text))
