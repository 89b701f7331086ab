"""Fetching a shared link without letting anyone point the bot at a private network.

Every hop is checked: the scheme, the host's addresses (a literal IP is checked here, since
aiohttp skips its resolver for those; a name is resolved by ``VettingResolver``, which hands
aiohttp only addresses that passed, so a name cannot re-resolve to a private address between
the check and the connection). Redirects are followed by hand, at most ``MAX_REDIRECTS``.
The body is read in chunks and cut off at the size cap.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult

from bot.errors import IngestError

MAX_REDIRECTS = 5
ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)


class FetchError(IngestError):
    """A link that cannot be fetched; the message is fit to show the person who shared it."""


@dataclass(frozen=True)
class FetchedPage:
    final_url: str  # after redirects
    content_type: str
    text: str


def forbidden_reason(address: str) -> str | None:
    """Why the bot must not connect to ``address``, or None when it is a public address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "it is not a valid address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return "it points to this machine"
    if ip.is_link_local:
        return "it points to a link-local address"
    if ip.is_multicast:
        return "it points to a multicast address"
    if ip.is_unspecified:
        return "it points to an unspecified address"
    if ip.is_private or ip.is_reserved or not ip.is_global:
        return "it points to a private network"
    return None


class AddressPolicy:
    """Which addresses may be fetched: public ones, plus private ones only when allowed."""

    def __init__(self, allow_private: bool = False, trusted: frozenset[str] = frozenset()):
        self.allow_private = allow_private
        self.trusted = trusted  # exact addresses exempt from the check (tests, an internal mirror)

    def refusal(self, address: str) -> str | None:
        if self.allow_private or address in self.trusted:
            return None
        return forbidden_reason(address)


class VettingResolver(AbstractResolver):
    """Resolves names and returns only addresses that ``AddressPolicy`` accepts."""

    def __init__(self, policy: AddressPolicy):
        self.policy = policy

    async def resolve(self, host: str, port: int = 0, family: int = socket.AF_INET) -> list[ResolveResult]:
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM, family=family)
        except socket.gaierror as exc:
            raise FetchError(f"the site {host} could not be found") from exc
        results: list[ResolveResult] = []
        refused = None
        for fam, _, proto, _, sockaddr in infos:
            address = str(sockaddr[0])
            reason = self.policy.refusal(address)
            if reason:
                refused = reason
                continue
            results.append(
                ResolveResult(
                    hostname=host,
                    host=address,
                    port=int(sockaddr[1]),
                    family=fam,
                    proto=proto,
                    flags=socket.AI_NUMERICHOST,
                )
            )
        if not results:
            raise FetchError(f"that link was refused: {refused or 'no address found'}")
        return results

    async def close(self) -> None:
        return None


def _decode(body: bytes, charset: str | None) -> str:
    candidates = [charset] if charset else []
    m = _META_CHARSET.search(body[:4096])
    if m:
        candidates.append(m.group(1).decode("ascii", "ignore"))
    candidates.append("utf-8")
    for enc in candidates:
        try:
            return body.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("utf-8", errors="replace")


class SafeFetcher:
    def __init__(
        self,
        *,
        allow_private: bool = False,
        trusted_addresses: frozenset[str] = frozenset(),
        max_bytes: int = 5 * 1024 * 1024,
        timeout: float = 20.0,
        user_agent: str = "Mozilla/5.0 (compatible; NewsdeskBot/0.1)",
    ):
        self.policy = AddressPolicy(allow_private, trusted_addresses)
        self.max_bytes = max_bytes
        self.timeout = aiohttp.ClientTimeout(total=timeout, connect=min(10.0, timeout), sock_read=min(10.0, timeout))
        self.user_agent = user_agent
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

    def check_url(self, url: str) -> None:
        """Refuse a URL before any connection: scheme, host, literal addresses."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as exc:
            raise FetchError("that is not a valid link") from exc
        if parts.scheme.lower() not in ("http", "https"):
            raise FetchError("only http and https links can be read")
        host = parts.hostname
        if not host:
            raise FetchError("that link has no host")
        if port == 0:
            raise FetchError("that link has an invalid port")
        if self.policy.allow_private:
            return
        try:
            ipaddress.ip_address(host.split("%", 1)[0])
        except ValueError:
            if host.lower() == "localhost" or host.lower().endswith(".localhost"):
                raise FetchError("that link was refused: it points to this machine") from None
            return  # a name: VettingResolver checks what it resolves to
        reason = self.policy.refusal(host)
        if reason:
            raise FetchError(f"that link was refused: {reason}")

    async def fetch(self, url: str) -> FetchedPage:
        session = await self._get_session()
        current = url
        try:
            async with asyncio.timeout(self.timeout.total):
                for _ in range(MAX_REDIRECTS + 1):
                    self.check_url(current)
                    async with session.get(current, allow_redirects=False) as resp:
                        if resp.status in (301, 302, 303, 307, 308):
                            location = resp.headers.get("Location")
                            if not location:
                                raise FetchError("the site sent a redirect without a destination")
                            current = urljoin(current, location)
                            continue
                        return await self._read(url, current, resp)
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

    async def _read(self, url: str, final_url: str, resp: aiohttp.ClientResponse) -> FetchedPage:
        if resp.status >= 400:
            raise FetchError(f"the site answered HTTP {resp.status}")
        content_type = (resp.content_type or "").lower()
        if content_type and content_type != "application/octet-stream" and content_type not in ACCEPTED_TYPES:
            raise FetchError(f"that link is not a web page ({content_type})")
        declared = resp.content_length
        if declared is not None and declared > self.max_bytes:
            raise FetchError(f"that page is larger than {self.max_bytes // (1024 * 1024)} MB")
        body = bytearray()
        async for chunk in resp.content.iter_chunked(64 * 1024):
            body.extend(chunk)
            if len(body) > self.max_bytes:
                raise FetchError(f"that page is larger than {self.max_bytes // (1024 * 1024)} MB")
        text = _decode(bytes(body), resp.charset)
        if not content_type or content_type == "application/octet-stream":
            head = text[:2048].lower()
            if "<html" not in head and "<!doctype html" not in head:
                raise FetchError("that link is not a web page")
            content_type = "text/html"
        return FetchedPage(final_url=final_url, content_type=content_type, text=text)
