"""No fetch of an internal address, in any spelling: every target below is refused, and no
connection is attempted to anything but the loopback test servers (counted at the socket)."""

from __future__ import annotations

import asyncio

import pytest
import pytest_asyncio
from aiohttp import web
from yarl import URL

from bot.ingest.fetch import FetchError, SafeFetcher
from tests.loopback import serve


@pytest_asyncio.fixture
async def connections(monkeypatch):
    """Every address the event loop is asked to connect a socket to, in this test."""
    loop = asyncio.get_running_loop()
    seen: list[tuple] = []
    sock_connect, create_connection = loop.sock_connect, loop.create_connection

    async def recording_sock_connect(sock, address):
        seen.append(tuple(address)[:2])
        return await sock_connect(sock, address)

    async def recording_create_connection(*args, **kwargs):
        host = kwargs.get("host", args[1] if len(args) > 1 else None)
        if host is not None:
            seen.append((host, kwargs.get("port", args[2] if len(args) > 2 else None)))
        return await create_connection(*args, **kwargs)

    monkeypatch.setattr(loop, "sock_connect", recording_sock_connect)
    monkeypatch.setattr(loop, "create_connection", recording_create_connection)
    return seen


@pytest_asyncio.fixture
async def internal():
    """A page that must never be read, on 127.0.0.1 and on 127.0.0.2, counting its requests."""
    hits: list[str] = []

    async def secret(request):
        hits.append(str(request.url))
        return web.Response(text="<html><body>internal only</body></html>", content_type="text/html")

    servers = []
    for host in ("127.0.0.1", "127.0.0.2"):
        app = web.Application()
        app.router.add_get("/{tail:.*}", secret)
        servers.append(await serve(app, host))
    port1, port2 = (int(base.rsplit(":", 1)[1]) for _, base in servers)
    yield hits, port1, port2
    for runner, _ in servers:
        await runner.cleanup()


DIRECT = [
    # 127.0.0.1 spelled every way the client would still read as loopback
    "http://127.0.0.1:{p}/",
    "http://１２７.０.０.１:{p}/",
    "http://①②⑦.0.0.1:{p}/",
    "http://127。0。0。1:{p}/",
    "http://127．0．0．1:{p}/",
    "http://127｡0｡0｡1:{p}/",
    "http://¹²⁷.⁰.⁰.¹:{p}/",
    "http://𝟏𝟐𝟕.𝟎.𝟎.𝟏:{p}/",
    "http://127.0.0.1.:{p}/",
    "http://user:pass@127.0.0.1:{p}/",
    "http://localhost:{p}/",
    "http://LOCALHOST.:{p}/",
    "http://ｌｏｃａｌｈｏｓｔ:{p}/",
    "http://news.localhost:{p}/",
    "http://2130706433:{p}/",
    "http://0x7f000001:{p}/",
    "http://0x7f.1:{p}/",
    "http://127.1:{p}/",
    "http://0177.0.0.1:{p}/",
    "http://0:{p}/",
    "http://[::1]:{p}/",
    "http://[::ffff:127.0.0.1]:{p}/",
    "http://[::ffff:7f00:1]:{p}/",
    "http://[::127.0.0.1]:{p}/",
    "http://[64:ff9b::7f00:1]:{p}/",
    "http://[2002:7f00:1::]:{p}/",
    "http://[2002:7f00:0001::1]:{p}/",
    # other internal networks, plain and in Unicode digits
    "http://169.254.169.254/latest/meta-data/",
    "http://１６９.２５４.１６９.２５４/latest/meta-data/",
    "http://10.0.0.1/",
    "http://１０.０.０.１/",
    "http://0.0.0.0/",
    "http://０.０.０.０/",
    "http://192.168.1.1/",
    "http://172.16.0.1/",
    "http://100.64.0.1/",
    "http://224.0.0.1/",
    "http://255.255.255.255/",
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://[::]/",
    "http://[::ffff:10.0.0.1]/",
    "http://[2002:a9fe:a9fe::]/",
    "http://[64:ff9b::a00:1]/",
    "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
]


@pytest.mark.parametrize("target", DIRECT)
async def test_internal_target_is_refused_without_connecting(target, internal, connections):
    hits, port, _ = internal
    fetcher = SafeFetcher(timeout=5)
    try:
        with pytest.raises(FetchError):
            await fetcher.fetch(target.format(p=port))
    finally:
        await fetcher.close()
    assert connections == [] and hits == []


REDIRECTS = [
    "http://１２７.０.０.２:{p}/",
    "http://127。0。0。2:{p}/",
    "http://𝟏𝟐𝟕.𝟎.𝟎.𝟐:{p}/",
    "http://[::ffff:127.0.0.2]:{p}/",
    "http://localhost:{p}/",
    "//１２７.０.０.２:{p}/",
]


@pytest_asyncio.fixture
async def redirector():
    """A trusted site on 127.0.0.1 that redirects wherever it is told, also with raw UTF-8."""

    async def redirect(request):
        raise web.HTTPFound(request.query["to"])

    async def raw(request):
        # the Location header as raw UTF-8 bytes, as a hostile server would send it
        target = request.query["to"].encode("utf-8").decode("latin-1")
        return web.Response(status=302, headers={"Location": target})

    app = web.Application()
    app.router.add_get("/redirect", redirect)
    app.router.add_get("/raw", raw)
    runner, base = await serve(app)
    yield base
    await runner.cleanup()


@pytest.mark.parametrize("kind", ["redirect", "raw"])
@pytest.mark.parametrize("target", REDIRECTS)
async def test_a_redirect_to_an_internal_address_is_refused(kind, target, internal, redirector, connections):
    hits, _, port2 = internal
    fetcher = SafeFetcher(trusted_addresses=frozenset({"127.0.0.1"}), timeout=5)
    url = URL(f"{redirector}/{kind}").with_query(to=target.format(p=port2))
    try:
        with pytest.raises(FetchError):
            await fetcher.fetch(str(url))
    finally:
        await fetcher.close()
    assert hits == []
    assert {host for host, _ in connections} <= {"127.0.0.1"}
