"""Fetching a shared link without letting anyone point the bot at a private network.

Every hop is checked before it is requested: the scheme, and the host as the HTTP client
reads it (``addresses``); names are vetted again by the resolver at connection time.
Redirects are followed by hand, at most ``MAX_REDIRECTS``. The body is read in chunks and
cut off at the size cap; decoding runs in a worker thread inside the same deadline. At most
``max_concurrent`` fetches run at once, so the bodies in memory stay within a budget.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from urllib.parse import urljoin

import aiohttp
from yarl import URL

from bot.ingest.addresses import (
    AddressPolicy,
    FetchError,
    NotAWebPage,
    VettingResolver,
    forbidden_reason,
    host_of,
)
from bot.ingest.decode import decode_page

__all__ = ["FetchError", "FetchedPage", "SafeFetcher", "forbidden_reason"]

MAX_REDIRECTS = 5
ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


@dataclass(frozen=True)
class FetchedPage:
    final_url: str  # after redirects
    content_type: str
    text: str


class SafeFetcher:
    def __init__(
        self,
        *,
        allow_private: bool = False,
        trusted_addresses: frozenset[str] = frozenset(),
        max_bytes: int = 5 * 1024 * 1024,
        timeout: float = 20.0,
        user_agent: str = "Mozilla/5.0 (compatible; NewsdeskBot/0.1)",
        max_concurrent: int = 4,
    ):
        self.policy = AddressPolicy(allow_private, trusted_addresses)
        self.max_bytes = max_bytes
        self.timeout = aiohttp.ClientTimeout(total=timeout, connect=min(10.0, timeout), sock_read=min(10.0, timeout))
        self.user_agent = user_agent
        self._slots = asyncio.Semaphore(max_concurrent)
        self._session: aiohttp.ClientSession | None = None

    async def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(resolver=VettingResolver(self.policy), limit=8, ttl_dns_cache=0)
            self._session = aiohttp.ClientSession(
                connector=connector,
                timeout=self.timeout,
                headers={
                    "User-Agent": self.user_agent,
                    "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8",
                    "Accept-Language": "en;q=0.9",
                },
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    def check_url(self, url: str) -> URL:
        """The URL the client will request, refused before any connection when its scheme,
        port or host is not allowed."""
        try:
            parsed = URL(url)
            port = parsed.explicit_port
        except (ValueError, TypeError, UnicodeError) as exc:
            raise FetchError("that is not a valid link") from exc
        if (parsed.scheme or "").lower() not in ("http", "https"):
            raise FetchError("only http and https links can be read")
        host = host_of(parsed)
        if not host:
            raise FetchError("that link has no host")
        if port == 0:
            raise FetchError("that link has an invalid port")
        self.policy.check_host(host)
        return parsed

    async def fetch(self, url: str) -> FetchedPage:
        session = await self._get_session()
        current = url
        try:
            async with self._slots, asyncio.timeout(self.timeout.total):
                for _ in range(MAX_REDIRECTS + 1):
                    target = self.check_url(current)
                    async with session.get(target, allow_redirects=False) as resp:
                        if resp.status in (301, 302, 303, 307, 308):
                            location = resp.headers.get("Location")
                            if not location:
                                raise FetchError("the site sent a redirect without a destination")
                            current = urljoin(str(target), location)
                            continue
                        return await self._read(str(target), resp)
                raise FetchError(f"the link redirected more than {MAX_REDIRECTS} times")
        except FetchError:
            raise
        except TimeoutError as exc:
            raise FetchError("the site took too long to answer") from exc
        except aiohttp.ClientConnectorError as exc:
            if isinstance(exc.__cause__, FetchError) or isinstance(getattr(exc, "os_error", None), FetchError):
                raise FetchError(str(exc.__cause__ or exc.os_error)) from exc
            raise FetchError("the site could not be reached") from exc
        except aiohttp.ClientError as exc:
            cause = exc.__cause__ or exc.__context__
            if isinstance(cause, FetchError):
                raise cause from exc
            raise FetchError("the site could not be reached") from exc

    async def _read(self, final_url: str, resp: aiohttp.ClientResponse) -> FetchedPage:
        if resp.status >= 400:
            raise FetchError(f"the site answered HTTP {resp.status}")
        content_type = (resp.content_type or "").lower()
        if content_type and content_type != "application/octet-stream" and content_type not in ACCEPTED_TYPES:
            raise NotAWebPage(f"that link is not a web page ({content_type})")
        declared = resp.content_length
        if declared is not None and declared > self.max_bytes:
            raise FetchError(f"that page is larger than {self.max_bytes // (1024 * 1024)} MB")
        body = bytearray()
        async for chunk in resp.content.iter_chunked(64 * 1024):
            body.extend(chunk)
            if len(body) > self.max_bytes:
                raise FetchError(f"that page is larger than {self.max_bytes // (1024 * 1024)} MB")
        text = await asyncio.to_thread(decode_page, bytes(body), resp.charset)
        if not content_type or content_type == "application/octet-stream":
            head = text[:2048].lower()
            if "<html" not in head and "<!doctype html" not in head:
                raise NotAWebPage("that link is not a web page")
            content_type = "text/html"
        return FetchedPage(final_url=final_url, content_type=content_type, text=text)
