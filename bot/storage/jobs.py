"""Ingest jobs: one per shared link, text or file, written before its work starts, so that
work cut short by a crash is finished by the next process (and given up after a few tries)."""

from __future__ import annotations

import aiosqlite

from bot.models import IngestJob, JobSpec, Sharer
from bot.storage.records import Connected, inserted_id, job_record

_NOW = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
_SET_STATUS = (
    "UPDATE ingest_jobs SET status = ?, reason = ?, article_id = COALESCE(?, article_id), "
    f"created = ?, not_article = ?, updated_at = {_NOW} WHERE id = ?"
)
_JOBS = "SELECT j.*, p.payload FROM ingest_jobs j LEFT JOIN ingest_payloads p ON p.job_id = j.id "


class JobQueries(Connected):
    async def create_jobs(self, specs: list[JobSpec], sharer: Sharer, run_id: str) -> list[int]:
        """One job per spec, all in one transaction (a crash leaves all of them or none)."""
        ids = []
        async with self.transaction() as conn:
            for spec in specs:
                cur = await conn.execute(
                    "INSERT INTO ingest_jobs (scope, url, status, user_id, user_name, channel_id, message_id, "
                    "kind, run_id) VALUES (?, ?, 'queued', ?, ?, ?, ?, ?, ?)",
                    (
                        sharer.scope,
                        spec.source,
                        sharer.user_id,
                        sharer.user_name,
                        sharer.channel_id,
                        sharer.message_id,
                        spec.kind,
                        run_id,
                    ),
                )
                ids.append(inserted_id(cur))
                if spec.payload is not None:
                    await conn.execute(
                        "INSERT INTO ingest_payloads (job_id, payload) VALUES (?, ?)", (ids[-1], spec.payload)
                    )
        return ids

    async def start_attempt(self, job_id: int, run_id: str) -> None:
        """The job is this run's, and one more attempt at it begins."""
        async with self.transaction() as conn:
            await conn.execute(
                f"UPDATE ingest_jobs SET status = 'running', attempts = attempts + 1, run_id = ?, updated_at = {_NOW} "
                "WHERE id = ?",
                (run_id, job_id),
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
        async with self.transaction() as conn:
            await conn.execute(_SET_STATUS, (status, reason, article_id, created, not_article, job_id))
            if status in ("done", "failed"):
                await conn.execute("DELETE FROM ingest_payloads WHERE job_id = ?", (job_id,))

    async def job(self, job_id: int) -> IngestJob | None:
        async with self.read(_JOBS + "WHERE j.id = ?", (job_id,)) as cur:
            row = await cur.fetchone()
        return job_record(row) if row is not None else None

    async def unfinished_jobs(self, exclude_run: str | None = None) -> list[IngestJob]:
        """Jobs not done or failed, but for those of the run ``exclude_run`` (work in hand)."""
        async with self.read(
            _JOBS + "WHERE j.status IN ('queued', 'running') AND j.run_id IS NOT ? ORDER BY j.id", (exclude_run,)
        ) as cur:
            return [job_record(r) for r in await cur.fetchall()]

    async def links_of_message(self, scope: str, message_id: int) -> set[str]:
        """The links a message already has jobs for (an edit reads only the links it added)."""
        async with self.read(
            "SELECT url FROM ingest_jobs WHERE message_id = ? AND scope = ? AND kind = 'link'", (message_id, scope)
        ) as cur:
            return {row[0] for row in await cur.fetchall()}


async def end_stored_job(conn: aiosqlite.Connection, job_id: int, article_id: int) -> None:
    """The job that stored ``article_id`` is done, in the transaction that stored it."""
    await conn.execute(_SET_STATUS, ("done", None, article_id, True, False, job_id))
    await conn.execute("DELETE FROM ingest_payloads WHERE job_id = ?", (job_id,))
