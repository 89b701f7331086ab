"""Building the service from settings: the database, the fetcher and the analysis pool."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, cast

from bot.config import Settings
from bot.nlp.pool import LazyAnalyzer, make_analyzer
from bot.service import ArticleSources, NewsService
from bot.service.remote_jobs import RemoteJobs
from bot.storage import open_store
from bot.storage.store import JobQueue

if TYPE_CHECKING:
    from bot.ingest.fetch import FetchedPage, SafeFetcher


class LazyFetcher:
    """The safe fetcher, made at the first fetch: a command that reads only (``ask``, the
    console) never imports aiohttp, which is a third of its start-up time."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._fetcher: SafeFetcher | None = None

    async def fetch(self, url: str) -> FetchedPage:
        if self._fetcher is None:
            from bot.ingest.fetch import SafeFetcher

            s = self.settings
            self._fetcher = SafeFetcher(
                allow_private=s.allow_private_urls, max_bytes=s.max_body_bytes, timeout=s.fetch_timeout,
                user_agent=s.user_agent,
            )  # fmt: skip
        return await self._fetcher.fetch(url)

    async def close(self) -> None:
        if self._fetcher is not None:
            await self._fetcher.close()


def make_sources(settings: Settings) -> ArticleSources:
    return ArticleSources(LazyFetcher(settings), settings.max_body_bytes)


@asynccontextmanager
async def open_service(settings: Settings, db_path: str | Path | None = None) -> AsyncIterator[NewsService]:
    db = await open_store(db_path or settings.store)
    remote = RemoteJobs(cast(JobQueue, db)) if settings.analysis == "remote" else None
    analyzer = LazyAnalyzer(
        functools.partial(make_analyzer, settings.spacy_model, settings.nlp_workers, settings.summary_sentences)
    )
    service = NewsService(
        db,
        analyzer,
        make_sources(settings),
        summary_sentences=settings.summary_sentences,
        max_links_per_message=settings.max_links_per_message,
        links_in_flight_per_scope=settings.links_in_flight_per_server,
        parallel_jobs=settings.nlp_workers,
        remote=remote,
    )
    try:
        yield service
    finally:
        await service.close()
