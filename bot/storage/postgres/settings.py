"""Per-server settings and scheduled digests in PostgreSQL (the same JSON and the same UTC
text stamps as SQLite's ``bot.storage.settings``)."""

from __future__ import annotations

import datetime

from bot.models import DigestSchedule, ServerSettings
from bot.storage.postgres.connected import PgConnected, changed
from bot.storage.postgres.schema import NOW
from bot.storage.settings import digest_schedule, settings_from_json, settings_to_json, utc_stamp


class PgSettingsQueries(PgConnected):
    async def server_settings(self, scope: str) -> ServerSettings:
        row = await self.row("SELECT settings FROM server_settings WHERE scope = $1", scope)
        return settings_from_json(row[0]) if row is not None else ServerSettings()

    async def save_server_settings(self, scope: str, settings: ServerSettings) -> None:
        await self.pool.execute(
            "INSERT INTO server_settings (scope, settings) VALUES ($1, $2) ON CONFLICT (scope) DO UPDATE SET "
            f"settings = excluded.settings, updated_at = {NOW}",
            scope,
            settings_to_json(settings),
        )

    async def save_digest_schedule(self, schedule: DigestSchedule, created_by: int | None) -> None:
        """One schedule a channel: a new one replaces the channel's earlier one."""
        await self.pool.execute(
            "INSERT INTO digest_schedules (scope, channel_id, every, weekday, minute_of_day, count, next_run, "
            "created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (scope, channel_id) DO UPDATE SET "
            "every = excluded.every, weekday = excluded.weekday, minute_of_day = excluded.minute_of_day, "
            "count = excluded.count, next_run = excluded.next_run, created_by = excluded.created_by",
            schedule.scope, schedule.channel_id, schedule.every, schedule.weekday, schedule.minute_of_day,
            schedule.count, utc_stamp(schedule.next_run), created_by,
        )  # fmt: skip

    async def delete_digest_schedule(self, scope: str, channel_id: int) -> bool:
        status = await self.pool.execute(
            "DELETE FROM digest_schedules WHERE scope = $1 AND channel_id = $2", scope, channel_id
        )
        return changed(status) > 0

    async def digest_schedules(self, scope: str) -> list[DigestSchedule]:
        rows = await self.rows("SELECT * FROM digest_schedules WHERE scope = $1 ORDER BY channel_id", scope)
        return [digest_schedule(r) for r in rows]

    async def due_digests(self, now: datetime.datetime) -> list[DigestSchedule]:
        rows = await self.rows("SELECT * FROM digest_schedules WHERE next_run <= $1 ORDER BY next_run", utc_stamp(now))
        return [digest_schedule(r) for r in rows]

    async def digest_minutes(self) -> list[int]:
        rows = await self.rows("SELECT DISTINCT minute_of_day FROM digest_schedules ORDER BY 1")
        return [r[0] for r in rows]

    async def move_digest(self, schedule: DigestSchedule, next_run: datetime.datetime) -> bool:
        """Moves a schedule on from the run it was due for; False when another process already did."""
        status = await self.pool.execute(
            "UPDATE digest_schedules SET next_run = $1 WHERE scope = $2 AND channel_id = $3 AND next_run = $4",
            utc_stamp(next_run), schedule.scope, schedule.channel_id, utc_stamp(schedule.next_run),
        )  # fmt: skip
        return changed(status) > 0
