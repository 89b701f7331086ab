"""``python -m bot worker``: a remote analysis worker. It takes ingest jobs a gateway handed to
the queue (``bot.storage.postgres.queue``), and does each as the bot itself would (fetch,
extract, analyse, store, through the same ``Intake``), so the gateway only talks to Discord.

Any number of workers on any machines share one PostgreSQL store. Each holds at most
``at_once`` jobs, keeps their leases fresh while it works, and on SIGTERM gives back the jobs it
holds (queued again at once) before it exits 0; after SIGKILL its jobs are taken again when
their leases run out.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import gc
import logging
from typing import cast

from bot.config import EXIT_CONFIG, Settings
from bot.models import IngestJob
from bot.service import NewsService
from bot.storage.store import JobQueue

log = logging.getLogger(__name__)

LEASE_SECONDS = 60.0  # a killed worker's job waits at most this long for another worker
POLL_SECONDS = 5.0  # a look at the queue without a notification (one may be missed on reconnect)


class RemoteWorker:
    def __init__(
        self, service: NewsService, queue: JobQueue, at_once: int = 1, lease: float = LEASE_SECONDS,
        poll: float = POLL_SECONDS,
    ):  # fmt: skip
        self.service = service
        self.queue = queue
        self.at_once = max(1, at_once)
        self.lease = lease
        self.poll = poll
        self.name = service.intake.run_id  # the jobs it holds carry it as their run id
        self.done = 0
        self._held: dict[int, asyncio.Task] = {}
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()

    async def run(self) -> None:
        stop_listening = await self.queue.when_jobs_queued(lambda _payload: self._wake.set())
        renewing = asyncio.create_task(self._renew_leases())
        try:
            while not self._stopping.is_set():
                self._wake.clear()  # before the look: a job ending meanwhile wakes the wait below
                free = self.at_once - len(self._held)
                if free > 0:
                    try:
                        claimed = await self.queue.claim_jobs(self.name, free, self.lease)
                    except Exception:  # the store may be away for a moment: the next look tries again
                        log.exception("could not look at the queue; trying again in %g s", self.poll)
                        claimed = []
                    for job in claimed:
                        self._held[job.id] = asyncio.create_task(self._do(job))
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.poll)
        finally:
            renewing.cancel()
            await self.service.intake.stop()  # the attempts under way end here, their jobs unfinished
            await asyncio.gather(renewing, *self._held.values(), return_exceptions=True)
            await self.queue.release_jobs(self.name)  # back in the queue for another worker
            await stop_listening()

    async def _do(self, job: IngestJob) -> None:
        try:
            outcome = await self.service.intake.resume_claimed(job)
            self.done += 1
            if outcome.error:
                log.info("job %d (%s): %s", job.id, job.url, outcome.error)
            elif outcome.article:
                log.info("job %d (%s): stored as #%d", job.id, job.url, outcome.article.number)
        except Exception:
            log.exception("job %d failed in this worker; it goes back to the queue", job.id)
        finally:
            self._held.pop(job.id, None)
            self._wake.set()  # room for the next job

    async def _renew_leases(self) -> None:
        while True:
            await asyncio.sleep(self.lease / 3)
            if self._held:
                try:
                    await self.queue.renew_leases(self.name, list(self._held), self.lease)
                except Exception:  # the store may be back at the next turn; the lease has time left
                    log.exception("could not renew the leases of %d job(s)", len(self._held))


def settle_start_up_objects() -> None:
    """Keep the garbage collector off what start-up made (modules, the store's pool): it lives
    as long as the worker. Each analysis comes back as thousands of new objects, which start a
    full collection every few articles; going over everything, those took about a quarter of
    this process's CPU time (perf), ~1 ms an article that a busy machine's analysis waits for."""
    gc.collect()
    gc.freeze()


async def run_worker(settings: Settings, lease: float = LEASE_SECONDS) -> int:
    """The ``worker`` command: work the queue until SIGTERM or SIGINT."""
    import sys

    from bot.app import open_service
    from bot.stopping import call_when_set, stop_requests

    if settings.db_url is None:
        print("python -m bot worker takes its jobs from a PostgreSQL store: set NEWSBOT_DB=postgresql://…",
              file=sys.stderr)  # fmt: skip
        return EXIT_CONFIG
    with stop_requests("the jobs in hand go back to the queue") as stop:
        # a worker does its jobs itself, whatever the gateways' NEWSBOT_ANALYSIS says
        async with open_service(dataclasses.replace(settings, analysis="local")) as service:
            # twice its analysis processes (or the one thread), so fetching and storing overlap analysis
            at_once = 2 * max(1, settings.nlp_workers)
            worker = RemoteWorker(service, cast(JobQueue, service.db), at_once=at_once, lease=lease)
            stopping = asyncio.create_task(call_when_set(stop, worker.stop))
            if not stop.is_set():
                await service.warm_analysis()
                settle_start_up_objects()
                print(f"worker {worker.name} ready: {worker.at_once} job(s) at a time", flush=True)
            await worker.run()
            stopping.cancel()
            print(f"worker {worker.name} stopped after {worker.done} job(s)", flush=True)
    return 0
