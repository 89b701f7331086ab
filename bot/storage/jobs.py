"""Ingest jobs: one per shared link, so that a link cut short by a crash is finished later."""

from __future__ import annotations

from bot.models import IngestJob, Sharer
from bot.storage.records import Connected, inserted_id


class JobQueries(Connected):
    async def create_job(self, url: str, sharer: Sharer) -> int:
        async with self.transaction() as conn:
            cur = await conn.execute(
                "INSERT INTO ingest_jobs (scope, url, status, user_id, user_name, channel_id, message_id) "
                "VALUES (?, ?, 'queued', ?, ?, ?, ?)",
                (sharer.scope, url, sharer.user_id, sharer.user_name, sharer.channel_id, sharer.message_id),
            )
            return inserted_id(cur)

    async def set_job(self, job_id: int, status: str, reason: str | None = None, article_id: int | None = None) -> None:
        async with self.transaction() as conn:
            await conn.execute(
                "UPDATE ingest_jobs SET status = ?, reason = ?, article_id = COALESCE(?, article_id), "
                "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?",
                (status, reason, article_id, job_id),
            )

    async def unfinished_jobs(self) -> list[IngestJob]:
        async with self.read("SELECT * FROM ingest_jobs WHERE status IN ('queued', 'running') ORDER BY id") as cur:
            rows = await cur.fetchall()
        return [
            IngestJob(
                r["id"],
                r["scope"],
                r["url"],
                r["status"],
                r["reason"],
                r["article_id"],
                r["user_id"],
                r["user_name"],
                r["channel_id"],
                r["message_id"],
            )
            for r in rows
        ]
