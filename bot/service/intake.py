"""The write path: a link, a file or pasted text becomes a stored, analysed article, once.

Every ingest of a link is an ingest job in the database, so that one cut short by a crash
or restart is finished later (``resume_jobs``).
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.errors import IngestError
from bot.ingest.extract import content_hash, extract_plain
from bot.ingest.links import SharedLink, find_links
from bot.models import ExtractedArticle, IngestJob, Sharer
from bot.nlp.pool import Analyzer
from bot.results import IngestOutcome
from bot.service.sources import ArticleSources
from bot.storage import Database

log = logging.getLogger(__name__)


class Intake:
    def __init__(self, db: Database, analyzer: Analyzer, sources: ArticleSources, max_links_per_message: int):
        self.db = db
        self.analyzer = analyzer
        self.sources = sources
        self.max_links_per_message = max_links_per_message
        self._in_flight: dict[tuple[str, str], asyncio.Future] = {}

    def links_in(self, message: str) -> list[SharedLink]:
        return find_links(message, limit=self.max_links_per_message)

    async def ingest_links(self, links: list[SharedLink], sharer: Sharer) -> list[IngestOutcome]:
        return [await self.ingest_link(link, sharer) for link in links]

    async def ingest_url(self, url: str, sharer: Sharer) -> IngestOutcome:
        try:
            link = SharedLink.of(url)
        except ValueError:
            return IngestOutcome(url, error="that is not a valid link")
        return await self.ingest_link(link, sharer)

    async def ingest_link(self, link: SharedLink, sharer: Sharer) -> IngestOutcome:
        """Fetch, extract, analyse and store one link; a link already stored is not fetched again."""
        existing = await self.db.find_stored(sharer.scope, link.canonical)
        if existing:
            return IngestOutcome(link.url, existing, created=False)
        key = (sharer.scope, link.canonical)
        if key in self._in_flight:  # the same link pasted twice at once: one fetch
            return await asyncio.shield(self._in_flight[key])
        future = asyncio.get_running_loop().create_future()
        self._in_flight[key] = future
        try:
            job_id = await self.db.create_job(link.url, sharer)
            outcome = await self._run_job(job_id, link, sharer)
            future.set_result(outcome)
            return outcome
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # mark retrieved: waiters re-raise it themselves
            raise
        finally:
            del self._in_flight[key]

    async def _run_job(self, job_id: int, link: SharedLink, sharer: Sharer) -> IngestOutcome:
        await self.db.set_job(job_id, "running")
        try:
            article = await self.sources.from_link(link)
            outcome = await self._store(article, sharer, link.url)
        except IngestError as exc:
            await self.db.set_job(job_id, "failed", str(exc))
            return IngestOutcome(link.url, error=str(exc))
        except Exception:
            log.exception("ingest of %s failed", link.url)
            await self.db.set_job(job_id, "failed", "internal error")
            return IngestOutcome(link.url, error="something went wrong while reading that page")
        await self.db.set_job(job_id, "done", article_id=outcome.article.id if outcome.article else None)
        return outcome

    async def _store(self, article: ExtractedArticle, sharer: Sharer, source: str) -> IngestOutcome:
        """Analyse and store an article, unless this scope has it already (by link or text)."""
        digest = content_hash(article.text)
        existing = await self.db.find_stored(sharer.scope, article.canonical_url, digest)
        if existing:
            return IngestOutcome(source, existing, created=False)
        analysis = await self.analyzer.analyze(article.text, article.title)
        try:
            article_id = await self.db.add_article(sharer, article, digest, analysis)
        except sqlite3.IntegrityError:  # stored meanwhile by another task, by link or by text
            existing = await self.db.find_stored(sharer.scope, article.canonical_url, digest)
            return IngestOutcome(source, existing, created=False)
        return IngestOutcome(source, await self.db.get_article(sharer.scope, article_id), created=True)

    async def ingest_text(self, text: str, sharer: Sharer, name: str = "pasted text") -> IngestOutcome:
        try:
            article = extract_plain(text)
        except IngestError as exc:
            return IngestOutcome(name, error=str(exc))
        return await self._store(article, sharer, name)

    async def ingest_upload(
        self, filename: str, size: int, read: Callable[[], Awaitable[bytes]], sharer: Sharer
    ) -> IngestOutcome:
        """A file of ``size`` bytes, read only when it is within the size limit."""
        try:
            if self.sources.too_large(size):
                raise IngestError("that file is larger than the size limit")
            article = await self.sources.from_file(await read(), filename)
        except IngestError as exc:
            return IngestOutcome(filename, error=str(exc))
        return await self._store(article, sharer, filename)

    async def ingest_file(self, data: bytes, filename: str, sharer: Sharer) -> IngestOutcome:
        async def read() -> bytes:
            return data

        return await self.ingest_upload(filename, len(data), read, sharer)

    async def ingest_path(self, path: str, sharer: Sharer) -> IngestOutcome:
        """A local file (console and command line only)."""
        try:
            data = await self.sources.read_path(path)
        except IngestError as exc:
            return IngestOutcome(path, error=str(exc))
        return await self.ingest_file(data, Path(path).name, sharer)

    async def resume_jobs(self) -> list[tuple[IngestJob, IngestOutcome]]:
        """Links whose ingest was cut short by a crash or restart: finish them now."""
        results = []
        for job in await self.db.unfinished_jobs():
            sharer = Sharer(job.scope, job.user_id, job.user_name, job.channel_id, job.message_id)
            try:
                link = SharedLink.of(job.url)
            except ValueError:
                await self.db.set_job(job.id, "failed", "that is not a valid link")
                continue
            existing = await self.db.find_stored(job.scope, link.canonical)
            if existing:
                await self.db.set_job(job.id, "done", article_id=existing.id)
                results.append((job, IngestOutcome(job.url, existing, created=False)))
                continue
            results.append((job, await self._run_job(job.id, link, sharer)))
        return results
