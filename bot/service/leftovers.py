"""After a restart: the jobs an earlier process left unfinished (a crash, a restart), and, for a
gateway with remote workers, the ones they ended while it was away. A job this process is
doing, or waiting for a worker to do, is never one of them, whatever run id a worker gave it."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator

from bot.models import IngestJob, JobSpec, Sharer
from bot.results import IngestOutcome
from bot.service.ordered import in_input_order
from bot.service.remote_jobs import RemoteJobs
from bot.storage.store import Store

MAX_ATTEMPTS = 3


class LeftoverJobs:
    """What ``Intake`` does after a restart (its part of the class)."""

    db: Store
    remote: RemoteJobs | None
    run_id: str
    parallel_jobs: int
    in_hand: set[int]  # the jobs this process is doing or waiting for
    claimed: set[int]  # the jobs in hand whose attempt their claim from the queue began

    async def _run(self, job_id: int, spec: JobSpec, sharer: Sharer) -> IngestOutcome:
        raise NotImplementedError  # Intake's

    @contextlib.contextmanager
    def holding(self, job_id: int) -> Iterator[None]:
        self.in_hand.add(job_id)
        try:
            yield
        finally:
            self.in_hand.discard(job_id)

    async def leftover_jobs(self, owned: Callable[[str], bool] | None = None) -> list[IngestJob]:
        """Jobs an earlier process left unfinished (a crash or restart), of the scopes this
        process answers for (``owned``; default: all): the console and the CLI take the local
        ones, each bot process its own shards' ones, so no process takes another's live work."""
        jobs = await self.db.unfinished_jobs(exclude_run=self.run_id)
        if self.remote is not None:  # and those remote workers ended while this gateway was away
            jobs = sorted(jobs + await self.remote.unanswered(), key=lambda job: job.id)
        return [job for job in jobs if job.id not in self.in_hand and (owned is None or owned(job.scope))]

    async def resume_jobs(
        self, jobs: list[IngestJob] | None = None, owned: Callable[[str], bool] | None = None
    ) -> list[tuple[IngestJob, IngestOutcome]]:
        """Finish the leftover jobs now, or give one up after ``MAX_ATTEMPTS`` (a job that
        crashes the process every time)."""
        jobs = await self.leftover_jobs(owned) if jobs is None else jobs
        outcomes = await in_input_order([functools.partial(self._resume, job) for job in jobs], 2 * self.parallel_jobs)
        return list(zip(jobs, outcomes, strict=True))

    async def resume_claimed(self, job: IngestJob) -> IngestOutcome:
        """Do a job this process (a remote worker) claimed from the queue: the claim began its
        attempt and counted it, so the attempt costs no write of its own."""
        if job.attempts > MAX_ATTEMPTS:
            return await self._give_up(job, job.attempts - 1)
        self.claimed.add(job.id)
        try:
            return await self._run(job.id, JobSpec(job.kind, job.url, job.payload), job.sharer)
        finally:
            self.claimed.discard(job.id)

    async def _give_up(self, job: IngestJob, attempts: int) -> IngestOutcome:
        reason = f"gave up after {attempts} attempts"
        await self.db.set_job(job.id, "failed", reason)
        return IngestOutcome(job.url, error=reason)

    async def _resume(self, job: IngestJob) -> IngestOutcome:
        if self.remote is not None and job.status in ("done", "failed"):  # ended, not answered yet
            with self.holding(job.id):
                return await self.remote.outcome_of(job.id, job.url, ended_maybe=True)
        if job.attempts >= MAX_ATTEMPTS:
            return await self._give_up(job, job.attempts)
        return await self._run(job.id, JobSpec(job.kind, job.url, job.payload), job.sharer)
