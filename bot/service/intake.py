"""The write path: a link, a file or pasted text becomes a stored, analysed article, once.

Every ingest is a job in the database, written before its work starts (all the links of a
message in one transaction), so a crash or restart loses nothing: the next process finishes
what an earlier one left (``resume_jobs``), and gives a job up after ``MAX_ATTEMPTS``. Jobs
of this process are never taken for leftovers, however early they arrive after start.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

from bot.errors import IngestError, NotAnArticle
from bot.ingest.extract import content_hash, extract_plain
from bot.ingest.links import SharedLink, find_links
from bot.models import ExtractedArticle, JobSpec, Sharer
from bot.nlp.pool import Analyzer
from bot.results import IngestOutcome
from bot.service.leftovers import LeftoverJobs
from bot.service.offload import on_text
from bot.service.ordered import in_input_order
from bot.service.remote_jobs import RemoteJobs
from bot.service.sources import ArticleSources
from bot.storage.store import DuplicateArticle, Store
from bot.text import count_words

log = logging.getLogger(__name__)


class ScopeGates:
    """At most ``size`` links of one scope (server) fetched and analysed at once; the others
    wait their turn, so one busy server neither loses links nor takes every worker."""

    def __init__(self, size: int):
        self.size = size
        self._gates: dict[str, tuple[asyncio.Semaphore, int]] = {}

    @contextlib.asynccontextmanager
    async def slot(self, scope: str) -> AsyncIterator[None]:
        gate, users = self._gates.get(scope) or (asyncio.Semaphore(self.size), 0)
        self._gates[scope] = (gate, users + 1)
        try:
            async with gate:
                yield
        finally:
            gate, users = self._gates[scope]
            if users == 1:
                del self._gates[scope]
            else:
                self._gates[scope] = (gate, users - 1)


class Intake(LeftoverJobs):
    def __init__(
        self,
        db: Store,
        analyzer: Analyzer,
        sources: ArticleSources,
        max_links_per_message: int,
        links_in_flight_per_scope: int = 4,
        parallel_jobs: int = 1,
        remote: RemoteJobs | None = None,
    ):
        self.db = db
        self.remote = remote  # set: remote workers do the jobs, this process waits for them
        self.analyzer = analyzer
        self.sources = sources
        self.max_links_per_message = max_links_per_message
        self.gates = ScopeGates(links_in_flight_per_scope)
        self.parallel_jobs = max(1, parallel_jobs)  # analyses at once in bulk work: the workers
        self.run_id = uuid.uuid4().hex  # this process: its jobs are work in hand, not leftovers
        self._in_flight: dict[tuple[str, str], asyncio.Future] = {}
        self._attempts: set[asyncio.Task] = set()  # the tasks inside an attempt: stopped at shutdown
        self.in_hand: set[int] = set()
        self.claimed: set[int] = set()

    def links_in(self, message: str) -> list[SharedLink]:
        return find_links(message, limit=self.max_links_per_message)

    # ---------------------------------------------------------------- links

    async def ingest_links(
        self, links: list[SharedLink], sharer: Sharer, planned: Callable[[], Awaitable[None]] | None = None
    ) -> list[IngestOutcome]:
        """Every link gets its job before the first is fetched (``planned`` is awaited then);
        then they are read in order."""
        job_ids = await self.db.create_jobs([JobSpec("link", link.url) for link in links], sharer, self.run_id)
        if planned is not None:
            await planned()
        return [await self._ingest_link(job_id, link, sharer) for job_id, link in zip(job_ids, links, strict=True)]

    async def ingest_url(self, url: str, sharer: Sharer) -> IngestOutcome:
        try:
            link = SharedLink.of(url)
        except ValueError:
            return IngestOutcome(url, error="that is not a valid link")
        (outcome,) = await self.ingest_links([link], sharer)
        return outcome

    async def _ingest_link(self, job_id: int, link: SharedLink, sharer: Sharer) -> IngestOutcome:
        """One link's job: a link already stored is not fetched again, nor one being fetched."""
        existing = await self.db.find_stored(sharer.scope, link.canonical)
        if existing:
            await self.db.set_job(job_id, "done", article_id=existing.id, created=False)
            return IngestOutcome(link.url, existing, created=False)
        key = (sharer.scope, link.canonical)
        if key in self._in_flight:  # the same link shared twice at once: one fetch
            outcome = await asyncio.shield(self._in_flight[key])
            await self._finish(job_id, outcome)
            return dataclasses.replace(outcome, source=link.url, created=False)
        future = asyncio.get_running_loop().create_future()
        self._in_flight[key] = future
        try:
            async with self.gates.slot(sharer.scope):
                outcome = await self._attempt(job_id, link.url, sharer, lambda: self.sources.from_link(link))
            future.set_result(outcome)
            return outcome
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # mark retrieved: waiters re-raise it themselves
            raise
        finally:
            del self._in_flight[key]

    # ---------------------------------------------------------------- texts and files

    async def ingest_specs(
        self, specs: list[JobSpec], sharer: Sharer, each: Callable[[IngestOutcome], None] | None = None
    ) -> list[IngestOutcome]:
        """Links, texts and files: every job written first, in one transaction, then done with
        the longest texts and files first, so no long one is left for last while the other
        workers idle (``each`` is still told of every outcome in input order)."""
        job_ids = await self.db.create_jobs(specs, sharer, self.run_id)
        work = [functools.partial(self._run, job_id, spec, sharer) for job_id, spec in zip(job_ids, specs, strict=True)]
        longest_first = sorted(range(len(specs)), key=lambda i: -len(specs[i].payload or b""))  # links: size unknown
        return await in_input_order(work, 2 * self.parallel_jobs, each, start_order=longest_first)

    async def _run(self, job_id: int, spec: JobSpec, sharer: Sharer) -> IngestOutcome:
        with self.holding(job_id):
            return await self._run_job(job_id, spec, sharer)

    async def _run_job(self, job_id: int, spec: JobSpec, sharer: Sharer) -> IngestOutcome:
        if spec.kind == "link":
            try:
                link = SharedLink.of(spec.source)
            except ValueError:
                outcome = IngestOutcome(spec.source, error="that is not a valid link")
                await self._finish(job_id, outcome)
                return outcome
            return await self._ingest_link(job_id, link, sharer)
        data = spec.payload or b""
        if spec.kind == "text":
            return await self._attempt(job_id, spec.source, sharer, lambda: _from_text(data.decode("utf-8")))
        return await self._attempt(job_id, spec.source, sharer, lambda: self.sources.from_file(data, spec.source))

    async def ingest_text(self, text: str, sharer: Sharer, name: str = "pasted text") -> IngestOutcome:
        (outcome,) = await self.ingest_specs([JobSpec("text", name, text.encode("utf-8"))], sharer)
        return outcome

    async def ingest_upload(
        self, filename: str, size: int, read: Callable[[], Awaitable[bytes]], sharer: Sharer
    ) -> IngestOutcome:
        """A file of ``size`` bytes, read only when it is within the size limit."""
        if self.sources.too_large(size):
            return IngestOutcome(filename, error="that file is larger than the size limit")
        (outcome,) = await self.ingest_specs([JobSpec("file", filename, await read())], sharer)
        return outcome

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

    # ---------------------------------------------------------------- the work of one job

    async def _attempt(
        self, job_id: int, source: str, sharer: Sharer, article: Callable[[], Awaitable[ExtractedArticle]]
    ) -> IngestOutcome:
        """One attempt at a job: read the article, store it, record how it ended."""
        task = asyncio.current_task()
        if task is not None:
            self._attempts.add(task)
            task.add_done_callback(self._attempts.discard)
        if self.remote is not None:
            return await self.remote.outcome_of(job_id, source)
        if job_id not in self.claimed:
            await self.db.start_attempt(job_id, self.run_id)
        try:
            outcome = await self._store(await article(), sharer, source, job_id)
        except NotAnArticle as exc:
            outcome = IngestOutcome(source, error=str(exc), not_article=True)
        except IngestError as exc:
            outcome = IngestOutcome(source, error=str(exc))
        except Exception:
            log.exception("ingest of %s failed", source)
            outcome = IngestOutcome(source, error="something went wrong while reading that page")
        if not outcome.created:  # a new article's job ended in the transaction that stored it
            await self._finish(job_id, outcome)
        return outcome

    async def _finish(self, job_id: int, outcome: IngestOutcome) -> None:
        if outcome.error:
            await self.db.set_job(job_id, "failed", outcome.error, not_article=outcome.not_article)
        else:
            article_id = outcome.article.id if outcome.article else None
            await self.db.set_job(job_id, "done", article_id=article_id, created=outcome.created)

    async def _store(self, article: ExtractedArticle, sharer: Sharer, source: str, job_id: int) -> IngestOutcome:
        """Analyse and store an article, unless this scope has it already (by link or text)."""
        digest = await on_text(content_hash, article.text, size=len(article.text))
        existing = await self.db.find_stored(sharer.scope, article.canonical_url, digest)
        if existing:
            return IngestOutcome(source, existing, created=False)
        analysis = await self.analyzer.analyze(article.text, article.title)
        words = await on_text(count_words, article.text, size=len(article.text))
        try:
            stored = await self.db.add_article(sharer, article, digest, analysis, words, job_id=job_id)
        except DuplicateArticle:  # stored meanwhile by another task, by link or by text
            existing = await self.db.find_stored(sharer.scope, article.canonical_url, digest)
            return IngestOutcome(source, existing, created=False)
        return IngestOutcome(source, stored, created=True)

    async def stop(self) -> None:
        """Cancel the attempts under way and wait for them to end: their jobs stay unfinished
        in the store, and the next start resumes them (a clean stop on SIGTERM)."""
        attempts = [t for t in self._attempts if t is not asyncio.current_task()]
        for task in attempts:
            task.cancel()
        await asyncio.gather(*attempts, return_exceptions=True)


async def _from_text(text: str) -> ExtractedArticle:
    return extract_plain(text)
