"""Which addresses the bot may connect to, and the host a URL really names.

A host is read exactly as the HTTP client will read it (yarl: IDNA/UTS-46 mapping, so
"１２７.０.０.１", "①②⑦.0.0.1" and "127。0。0。1" all become 127.0.0.1), then checked as an
address when it is one. A name is resolved by ``VettingResolver``, which hands aiohttp only
addresses that passed, so a name cannot re-resolve to a private address between the check
and the connection. IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4,
Teredo) are judged by the IPv4 address they carry.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket

from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

from bot.errors import IngestError, NotAnArticle

_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


class FetchError(IngestError):
    """A link that cannot be fetched; the message is fit to show the person who shared it."""


class NotAWebPage(FetchError, NotAnArticle):
    """A link to an image, a PDF, a feed…: fetched as far as its headers, and no article."""


def _carried_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address stands for, when it is one of the transition forms."""
    carried = []
    if ip.ipv4_mapped is not None:
        carried.append(ip.ipv4_mapped)
    if ip.sixtofour is not None:
        carried.append(ip.sixtofour)
    if ip.teredo is not None:
        carried.extend(ip.teredo)
    packed = ip.packed
    if packed[:12] == bytes(12) and packed[12:] not in (bytes(4), b"\x00\x00\x00\x01"):
        carried.append(ipaddress.IPv4Address(packed[12:]))  # IPv4-compatible "::127.0.0.1"
    if any(ip in net for net in _NAT64):
        carried.append(ipaddress.IPv4Address(packed[12:]))
    return carried


def _reason_for(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
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


def forbidden_reason(address: str) -> str | None:
    """Why the bot must not connect to ``address``, or None when it is a public address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "it is not a valid address"
    if isinstance(ip, ipaddress.IPv6Address):
        for carried in _carried_ipv4(ip):
            reason = _reason_for(carried)
            if reason:
                return reason
    return _reason_for(ip)


def host_of(url: URL) -> str:
    """The host as the HTTP client connects to it: IDNA-encoded, an IPv6 address unbracketed."""
    return (url.raw_host or "").rstrip(".").lower()


def literal_address(host: str) -> str | None:
    """The host itself when it is an IP address (the client then skips the resolver)."""
    try:
        return str(ipaddress.ip_address(host.split("%", 1)[0]))
    except ValueError:
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

    def check_host(self, host: str) -> None:
        """Refuse a host before any connection: a forbidden literal address, or localhost."""
        if self.allow_private:
            return
        address = literal_address(host)
        if address is None:
            if host == "localhost" or host.endswith(".localhost"):
                raise FetchError("that link was refused: it points to this machine")
            return  # a name: VettingResolver checks what it resolves to
        reason = self.refusal(address)
        if reason:
            raise FetchError(f"that link was refused: {reason}")


class VettingResolver(AbstractResolver):
    """Resolves names and returns only addresses that ``AddressPolicy`` accepts."""

    def __init__(self, policy: AddressPolicy):
        self.policy = policy

    async def resolve(self, host: str, port: int = 0, family: int = socket.AF_INET) -> list[ResolveResult]:
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM, family=family)
        except (socket.gaierror, UnicodeError) as exc:
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
