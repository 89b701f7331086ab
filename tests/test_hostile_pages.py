"""Hostile pages served on 127.0.0.1: each is refused or read within the fetch deadline, and
the event loop stays responsive meanwhile (its worst delay is measured)."""

from __future__ import annotations

import asyncio
import gc
import gzip
import time

import pytest
import pytest_asyncio
from aiohttp import web

from bot.ingest.decode import decode_page, page_charset
from bot.ingest.fetch import FetchError, SafeFetcher
from tests.loopback import serve

TIMEOUT = 3.0
BODY = "<html><body><p>“We will not go back,” said Marta Quellin. It’s the union’s call.</p></body></html>"


class LoopWatch:
    """The worst lateness of a 10 ms heartbeat on the event loop while it runs."""

    def __init__(self):
        self.worst = 0.0
        self._task: asyncio.Task | None = None

    async def _beat(self):
        while True:
            start = time.perf_counter()
            await asyncio.sleep(0.01)
            self.worst = max(self.worst, time.perf_counter() - start - 0.01)

    def __enter__(self):
        # A full garbage collection over the whole test session's heap (the model, hundreds
        # of parsed documents) can take longer than the bound: that is the test run's cost,
        # not the fetcher's, so the older objects are set aside while the watch runs.
        gc.collect()
        gc.freeze()
        self._task = asyncio.get_running_loop().create_task(self._beat())
        return self

    def __exit__(self, *exc):
        assert self._task is not None
        self._task.cancel()
        gc.unfreeze()


def _raw(body: bytes, content_type: str, **headers: str) -> web.Response:
    return web.Response(body=body, headers={"Content-Type": content_type, **headers})


PACKED_ZEROS = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)  # made once, off the watched loop


@pytest_asyncio.fixture
async def hostile():
    packed = PACKED_ZEROS

    async def punycode(request):
        return _raw(b"<html><body>" + b"a" * 2_000_000 + b"</body></html>", "text/html; charset=punycode")

    async def undefined(request):
        return _raw(BODY.encode(), "text/html; charset=undefined")

    async def cp1252(request):
        return _raw(BODY.encode("windows-1252"), "text/html")

    async def utf16(request):
        return _raw(BODY.encode("utf-16-le"), "text/html")

    async def utf16_bom(request):
        return _raw(BODY.encode("utf-16"), "text/html")

    async def bomb(request):
        # 1 GB of zeros, sent as about 1 MB of gzip
        response = web.StreamResponse(headers={"Content-Type": "text/html", "Content-Encoding": "gzip"})
        await response.prepare(request)
        for _ in range(16):
            await response.write(packed)
        return response

    async def drip(request):
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        await response.prepare(request)
        for _ in range(12):  # longer than the fetch deadline, one byte at a time
            await response.write(b"<p>.")
            await asyncio.sleep(0.5)
        return response

    async def silent(request):
        await asyncio.sleep(TIMEOUT + 2)
        return web.Response(text="late")

    async def markup(request):
        return _raw(b"<html><body>" + b"<div>" * 400_000 + b"x" + b"</div>" * 400_000 + b"</body></html>", "text/html")

    app = web.Application()
    for name, handler in list(locals().items()):
        if callable(handler) and name not in ("request", "app", "packed"):
            app.router.add_get(f"/{name}", handler)
    runner, base = await serve(app)
    yield base
    await runner.cleanup()


@pytest.mark.parametrize(
    "path, readable",
    [
        ("punycode", True),
        ("undefined", True),
        ("cp1252", True),
        ("utf16", True),
        ("utf16_bom", True),
        ("bomb", False),
        ("drip", False),
        ("silent", False),
        ("markup", True),
    ],
)
async def test_hostile_page_is_bounded(hostile, path, readable):
    fetcher = SafeFetcher(trusted_addresses=frozenset({"127.0.0.1"}), timeout=TIMEOUT)
    started = time.perf_counter()
    with LoopWatch() as watch:
        try:
            page = await fetcher.fetch(f"{hostile}/{path}")
        except FetchError:
            page = None
        finally:
            await fetcher.close()
    elapsed = time.perf_counter() - started
    assert elapsed <= TIMEOUT + 1.0, f"{path} took {elapsed:.1f} s"
    assert watch.worst <= 0.1, f"the loop stalled {watch.worst * 1000:.0f} ms on {path}"
    assert (page is not None) == readable
    if page is not None and path not in ("punycode", "markup"):
        assert "“We will not go back,”" in page.text and "union’s" in page.text


def test_only_text_encodings_are_page_charsets():
    assert page_charset("UTF-8") == "utf-8" and page_charset("latin1") == "iso8859-1"
    for name in ("punycode", "idna", "undefined", "utf-7", "unicode_escape", "rot13", "base64", "zlib", "nonsense"):
        assert page_charset(name) is None


def test_undeclared_encodings_are_detected():
    assert decode_page(BODY.encode("windows-1252"), None) == BODY
    assert decode_page(BODY.encode("utf-16-le"), None) == BODY
    assert decode_page(b"\xef\xbb\xbf" + BODY.encode(), None) == BODY
    assert decode_page(BODY.encode(), "punycode") == BODY
