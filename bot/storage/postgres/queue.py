"""The durable queue remote workers take ingest jobs from: rows of ``ingest_jobs`` marked
``remote``, claimed with ``FOR UPDATE SKIP LOCKED`` (two workers never take one job, and
neither waits for the other) and held by a lease the worker renews while it works. A worker
killed mid-job stops renewing; when the lease runs out the job is taken again, and the
attempt limit (``Intake``'s) gives up a job that kills every worker it goes to.

Workers are woken by ``NOTIFY newsdesk_jobs_queued``, and a gateway learns that its job ended by
``NOTIFY newsdesk_jobs_done`` (the job's id); both also look by themselves every few seconds, in
case a notification went by while their listening connection was being made again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import asyncpg

from bot.models import ArticleRecord, IngestJob
from bot.storage.postgres.connected import PgConnected
from bot.storage.postgres.schema import NOW
from bot.storage.records import ARTICLE_COLUMN_NAMES, article_columns_of, article_record, job_record

log = logging.getLogger(__name__)

QUEUED = "newsdesk_jobs_queued"
DONE = "newsdesk_jobs_done"

_STORED_ARTICLE = article_columns_of("a", prefix="stored_")  # beside the job's own columns


def _stored_article(row: asyncpg.Record) -> ArticleRecord | None:
    if row["stored_id"] is None:  # failed, or its article deleted since
        return None
    return article_record({column: row[f"stored_{column}"] for column in ARTICLE_COLUMN_NAMES})


class PgJobQueue(PgConnected):
    async def claim_jobs(self, worker: str, limit: int, lease: float) -> list[IngestJob]:
        """Up to ``limit`` remote jobs, oldest first, now ``worker``'s for ``lease`` seconds:
        queued ones, and running ones whose worker's lease ran out, in one statement. Each
        claim begins an attempt at the job and counts it (``Intake.resume_claimed``)."""
        rows = await self.rows(
            "UPDATE ingest_jobs j SET status = 'running', attempts = attempts + 1, run_id = $1, "
            f"lease_until = now() + make_interval(secs => $3), updated_at = {NOW} "
            "WHERE j.id IN (SELECT id FROM ingest_jobs WHERE remote AND (status = 'queued' "
            "OR (status = 'running' AND (lease_until IS NULL OR lease_until < now()))) "
            "ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED) "
            "RETURNING j.*, (SELECT p.payload FROM ingest_payloads p WHERE p.job_id = j.id) AS payload",
            worker, limit, float(lease),
        )  # fmt: skip
        return sorted((job_record(r) for r in rows), key=lambda job: job.id)

    async def renew_leases(self, worker: str, job_ids: list[int], lease: float) -> None:
        await self.pool.execute(
            "UPDATE ingest_jobs SET lease_until = now() + make_interval(secs => $3) "
            "WHERE id = ANY($2::bigint[]) AND run_id = $1 AND status = 'running'",
            worker, job_ids, float(lease),
        )  # fmt: skip

    async def answer_ended_jobs(self, job_ids: list[int]) -> list[tuple[IngestJob, ArticleRecord | None]]:
        """Those of these jobs that ended (done or failed) and were not answered yet, each with
        the article it stored, marked answered as they are read: no other look, nor this
        gateway's next start, answers one again (a reply is sent once at most)."""
        rows = await self.rows(
            "WITH answered AS (UPDATE ingest_jobs SET answered = true WHERE id = ANY($1::bigint[]) "
            "AND status IN ('done', 'failed') AND NOT answered RETURNING *) "
            f"SELECT j.*, NULL::bytea AS payload, {_STORED_ARTICLE} FROM answered j "
            "LEFT JOIN articles a ON a.id = j.article_id AND a.scope = j.scope",
            job_ids,
        )
        return [(job_record(r), _stored_article(r)) for r in rows]

    async def unanswered_jobs(self) -> list[IngestJob]:
        """Remote jobs a worker ended that no gateway has answered yet (it was stopped meanwhile)."""
        rows = await self.rows(
            "SELECT j.*, NULL::bytea AS payload FROM ingest_jobs j "
            "WHERE NOT j.answered AND j.status IN ('done', 'failed') ORDER BY j.id"
        )
        return [job_record(r) for r in rows]

    async def release_jobs(self, worker: str) -> int:
        """The unfinished jobs a stopping worker holds, queued again at once (and the workers woken)."""
        return await self.scalar(
            "WITH released AS (UPDATE ingest_jobs SET status = 'queued', run_id = NULL, lease_until = NULL "
            "WHERE run_id = $1 AND remote AND status = 'running' RETURNING id) "
            f"SELECT (SELECT count(*) FROM released), pg_notify('{QUEUED}', '')",
            worker,
        )

    async def queue_remote(self, job_ids: list[int]) -> None:
        """Hand these jobs to the workers and wake them, in one statement."""
        await self.pool.execute(
            "WITH queued AS (UPDATE ingest_jobs SET remote = true, answered = false "
            "WHERE id = ANY($1::bigint[]) AND NOT remote) "
            f"SELECT pg_notify('{QUEUED}', '')",
            job_ids,
        )

    async def when_jobs_queued(self, heard: Callable[[str], None]) -> Callable[[], Awaitable[None]]:
        return await self._listen(QUEUED, heard)

    async def when_jobs_end(self, heard: Callable[[str], None]) -> Callable[[], Awaitable[None]]:
        """``heard(job id)`` as each job ends (done or failed)."""
        return await self._listen(DONE, heard)

    async def _listen(self, channel: str, heard: Callable[[str], None]) -> Callable[[], Awaitable[None]]:
        """Call ``heard(payload)`` at each notification on ``channel`` (on a connection of its
        own, outside the pool); returns what stops it."""
        listener = Listener(self.url, channel, heard)
        await listener.start()
        return listener.stop


class Listener:
    """LISTEN on a connection of its own that is made again when it is lost (a restart of the
    server, a network cut): after a second, then up to every ``MAX_RETRY_SECONDS``. Once back,
    ``heard("")`` says notifications may have been missed meanwhile (the caller looks)."""

    MAX_RETRY_SECONDS = 30.0

    def __init__(self, url: str, channel: str, heard: Callable[[str], None]):
        self.url = url
        self.channel = channel
        self.heard = heard
        self._conn: asyncpg.Connection | None = None
        self._again: asyncio.Task | None = None
        self._stopped = False

    async def start(self) -> None:
        conn = await asyncpg.connect(self.url)
        try:
            await conn.add_listener(self.channel, self._on_notice)
        except BaseException:
            await conn.close()
            raise
        conn.add_termination_listener(self._on_lost)
        self._conn = conn

    def _on_notice(self, _conn: object, _pid: int, _channel: str, payload: str) -> None:
        self.heard(payload)

    def _on_lost(self, _conn: object) -> None:
        if not self._stopped and self._again is None:
            self._again = asyncio.get_running_loop().create_task(self._reconnect())

    async def _reconnect(self) -> None:
        delay = 1.0
        while not self._stopped:
            await asyncio.sleep(delay)
            try:
                await self.start()
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                log.warning("could not listen to %s again (%s); next try in %g s", self.channel, exc, delay)
                delay = min(2 * delay, self.MAX_RETRY_SECONDS)
                continue
            self._again = None
            log.info("listening to %s again", self.channel)
            self.heard("")
            return

    async def stop(self) -> None:
        self._stopped = True
        if self._again is not None:
            self._again.cancel()
            await asyncio.gather(self._again, return_exceptions=True)
        if self._conn is not None and not self._conn.is_closed():
            await self._conn.close()
