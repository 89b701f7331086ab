"""Jobs done by remote workers (``NEWSBOT_ANALYSIS=remote``): the gateway hands a job to the
queue and waits until a worker ends it, then reads the outcome and its article from the store,
marking it answered in the same statement. It learns of the end by the store's notification,
and also looks every ``POLL_SECONDS`` (a notification sent while its listening connection was
down is not sent again). The job stays in the store throughout: a gateway that restarts waits
for its unfinished jobs again, and answers those that ended while it was away."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from bot.models import ArticleRecord, IngestJob
from bot.results import IngestOutcome
from bot.storage.store import JobQueue

log = logging.getLogger(__name__)

POLL_SECONDS = 5.0


class RemoteJobs:
    def __init__(self, queue: JobQueue, poll: float = POLL_SECONDS):
        self.queue = queue
        self.poll = poll
        self._waiting: dict[int, asyncio.Future[tuple[IngestJob, ArticleRecord | None]]] = {}
        self._stop_listening: Callable[[], Awaitable[None]] | None = None
        self._polling: asyncio.Task | None = None
        self._looking: set[asyncio.Task] = set()  # looks started by a notification

    async def outcome_of(self, job_id: int, source: str, ended_maybe: bool = False) -> IngestOutcome:
        """Hand the job to the workers, and its outcome once one of them ended it
        (``ended_maybe``: it may have ended already, while no gateway was waiting for it)."""
        await self._start()
        future = self._waiting.get(job_id) or asyncio.get_running_loop().create_future()
        self._waiting[job_id] = future
        try:
            await self.queue.queue_remote([job_id])
            if ended_maybe:  # else its end is heard, or seen by the next look
                await self._look([job_id])
            job, article = await future  # marked answered as it was read: the caller answers in Discord
        finally:
            self._waiting.pop(job_id, None)
        if job.status == "failed":
            return IngestOutcome(source, error=job.reason or "that could not be read", not_article=job.not_article)
        if article is None:
            return IngestOutcome(source, error="that article was deleted in the meantime")
        return IngestOutcome(source, article, created=bool(job.created))

    async def unanswered(self) -> list[IngestJob]:
        """Jobs workers ended while no gateway was waiting for them (it was stopped)."""
        return await self.queue.unanswered_jobs()

    async def close(self) -> None:
        if self._polling is not None:
            self._polling.cancel()
            await asyncio.gather(self._polling, return_exceptions=True)
        if self._stop_listening is not None:
            await self._stop_listening()

    async def _start(self) -> None:
        if self._polling is None:
            self._polling = asyncio.create_task(self._poll())
            self._stop_listening = await self.queue.when_jobs_end(self._heard)

    def _heard(self, payload: str) -> None:
        """A job's id as it ends; "" when the listening connection is back after a loss (the
        jobs that ended meanwhile were not heard of)."""
        if not payload:
            job_ids = list(self._waiting)
        else:
            job_ids = [int(payload)] if payload.isdigit() and int(payload) in self._waiting else []
        if job_ids:
            look = asyncio.create_task(self._look(job_ids))
            self._looking.add(look)
            look.add_done_callback(self._looking.discard)

    async def _poll(self) -> None:
        while True:
            await asyncio.sleep(self.poll)
            if self._waiting:
                try:
                    await self._look(list(self._waiting))
                except Exception:  # the store may be back at the next look
                    log.exception("could not look at %d remote job(s)", len(self._waiting))

    async def _look(self, job_ids: list[int]) -> None:
        for job, article in await self.queue.answer_ended_jobs(job_ids):
            future = self._waiting.get(job.id)
            if future is not None and not future.done():
                future.set_result((job, article))
