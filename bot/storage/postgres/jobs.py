"""Ingest jobs in PostgreSQL: one per shared link, text or file, written before its work starts."""

from __future__ import annotations

from bot.models import IngestJob, JobSpec, Sharer
from bot.storage.postgres.connected import PgConnected
from bot.storage.postgres.queue import DONE
from bot.storage.postgres.schema import NOW
from bot.storage.records import job_record

_JOBS = "SELECT j.*, p.payload FROM ingest_jobs j LEFT JOIN ingest_payloads p ON p.job_id = j.id "


class PgJobQueries(PgConnected):
    async def create_jobs(self, specs: list[JobSpec], sharer: Sharer, run_id: str) -> list[int]:
        """One job per spec, all in one transaction (a crash leaves all of them or none)."""
        ids = []
        async with self.transaction() as conn:
            for spec in specs:  # a job and the text or file it carries: one statement
                job_id = await conn.fetchval(
                    "WITH job AS (INSERT INTO ingest_jobs (scope, url, status, user_id, user_name, channel_id, "
                    "message_id, kind, run_id) VALUES ($1, $2, 'queued', $3, $4, $5, $6, $7, $8) RETURNING id), "
                    "carried AS (INSERT INTO ingest_payloads (job_id, payload) SELECT id, $9 FROM job "
                    "WHERE $9::bytea IS NOT NULL) SELECT id FROM job",
                    sharer.scope, spec.source, sharer.user_id, sharer.user_name, sharer.channel_id,
                    sharer.message_id, spec.kind, run_id, spec.payload,
                )  # fmt: skip
                ids.append(job_id)
        return ids

    async def start_attempt(self, job_id: int, run_id: str) -> None:
        await self.pool.execute(
            f"UPDATE ingest_jobs SET status = 'running', attempts = attempts + 1, run_id = $1, updated_at = {NOW} "
            "WHERE id = $2",
            run_id,
            job_id,
        )

    async def set_job(
        self,
        job_id: int,
        status: str,
        reason: str | None = None,
        article_id: int | None = None,
        created: bool | None = None,
        not_article: bool = False,
    ) -> None:
        """A job's new status (``created``, ``not_article``: how it ended); a job that ended no
        longer keeps the text or file it carried."""
        ended = status in ("done", "failed")
        # one statement (one transaction): the status, the payload gone once the job ended, and
        # a gateway waiting for a remote worker's job told it ended (at commit)
        await self.pool.execute(
            "WITH job AS (UPDATE ingest_jobs SET status = $1, reason = $2, article_id = COALESCE($3, article_id), "
            f"created = $5, not_article = $6, updated_at = {NOW} WHERE id = $4 RETURNING id), "
            "gone AS (DELETE FROM ingest_payloads WHERE job_id = $4 AND $7) "
            f"SELECT pg_notify('{DONE}', id::text) FROM job WHERE $7",
            status, reason, article_id, job_id, created, not_article, ended,
        )  # fmt: skip

    async def job(self, job_id: int) -> IngestJob | None:
        row = await self.row(_JOBS + "WHERE j.id = $1", job_id)
        return job_record(row) if row is not None else None

    async def unfinished_jobs(self, exclude_run: str | None = None) -> list[IngestJob]:
        """Jobs not done or failed, but for those of the run ``exclude_run`` (work in hand)."""
        rows = await self.rows(
            _JOBS + "WHERE j.status IN ('queued', 'running') AND j.run_id IS DISTINCT FROM $1 ORDER BY j.id",
            exclude_run,
        )
        return [job_record(r) for r in rows]

    async def links_of_message(self, scope: str, message_id: int) -> set[str]:
        rows = await self.rows(
            "SELECT url FROM ingest_jobs WHERE message_id = $1 AND scope = $2 AND kind = 'link'", message_id, scope
        )
        return {r[0] for r in rows}
