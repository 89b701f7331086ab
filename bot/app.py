"""Building the service from settings: the database, the fetcher and the analysis pool."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bot.config import Settings
from bot.ingest.fetch import SafeFetcher
from bot.nlp.pool import LazyAnalyzer, make_analyzer
from bot.service import ArticleSources, NewsService
from bot.storage import Database


def make_sources(settings: Settings) -> ArticleSources:
    fetcher = SafeFetcher(
        allow_private=settings.allow_private_urls,
        max_bytes=settings.max_body_bytes,
        timeout=settings.fetch_timeout,
        user_agent=settings.user_agent,
    )
    return ArticleSources(fetcher, settings.max_body_bytes)


@asynccontextmanager
async def open_service(settings: Settings, db_path: str | Path | None = None) -> AsyncIterator[NewsService]:
    db = await Database.open(db_path or settings.db_path)
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
    )
    try:
        yield service
    finally:
        await service.close()
