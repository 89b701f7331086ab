"""Per-server settings (one JSON object a scope) and scheduled digests."""

from __future__ import annotations

import datetime
import json

from bot.models import DigestSchedule, ServerSettings
from bot.storage.records import Connected

_SETS = ("channels", "feed_channels", "skip_hosts", "read_hosts")


def settings_to_json(settings: ServerSettings) -> str:
    data: dict = {
        "channels": sorted(settings.channels),
        "share": settings.share,
        "channel_share": [[channel, mode] for channel, mode in sorted(settings.channel_share)],
        "summary_place": settings.summary_place,
        "feed_channels": sorted(settings.feed_channels),
        "summary_sentences": settings.summary_sentences,
        "skip_hosts": sorted(settings.skip_hosts),
        "read_hosts": sorted(settings.read_hosts),
    }
    return json.dumps(data, separators=(",", ":"))


def settings_from_json(text: str) -> ServerSettings:
    """Keys a later version wrote and this one does not know are ignored; missing keys keep
    their defaults."""
    data = json.loads(text)
    known = {key: data[key] for key in ServerSettings.__dataclass_fields__ if key in data}
    for key in _SETS:
        if key in known:
            known[key] = frozenset(known[key])
    if "channel_share" in known:
        known["channel_share"] = tuple((int(channel), str(mode)) for channel, mode in known["channel_share"])
    return ServerSettings(**known)


def _when(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).astimezone(datetime.UTC)


def utc_stamp(when: datetime.datetime) -> str:
    return when.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def digest_schedule(row) -> DigestSchedule:
    return DigestSchedule(
        scope=row["scope"],
        channel_id=row["channel_id"],
        every=row["every"],
        weekday=row["weekday"],
        minute_of_day=row["minute_of_day"],
        count=row["count"],
        next_run=_when(row["next_run"]),
    )


class SettingsQueries(Connected):
    async def server_settings(self, scope: str) -> ServerSettings:
        async with self.read("SELECT settings FROM server_settings WHERE scope = ?", (scope,)) as cur:
            row = await cur.fetchone()
        return settings_from_json(row[0]) if row is not None else ServerSettings()

    async def save_server_settings(self, scope: str, settings: ServerSettings) -> None:
        async with self.transaction() as conn:
            await conn.execute(
                "INSERT INTO server_settings (scope, settings) VALUES (?, ?) ON CONFLICT (scope) DO UPDATE SET "
                "settings = excluded.settings, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
                (scope, settings_to_json(settings)),
            )

    # ---------------------------------------------------------------- scheduled digests

    async def save_digest_schedule(self, schedule: DigestSchedule, created_by: int | None) -> None:
        """One schedule a channel: a new one replaces the channel's earlier one."""
        async with self.transaction() as conn:
            await conn.execute(
                "INSERT OR REPLACE INTO digest_schedules (scope, channel_id, every, weekday, minute_of_day, count, "
                "next_run, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    schedule.scope,
                    schedule.channel_id,
                    schedule.every,
                    schedule.weekday,
                    schedule.minute_of_day,
                    schedule.count,
                    utc_stamp(schedule.next_run),
                    created_by,
                ),
            )

    async def delete_digest_schedule(self, scope: str, channel_id: int) -> bool:
        async with self.transaction() as conn:
            cur = await conn.execute(
                "DELETE FROM digest_schedules WHERE scope = ? AND channel_id = ?", (scope, channel_id)
            )
            return cur.rowcount > 0

    async def digest_schedules(self, scope: str) -> list[DigestSchedule]:
        async with self.read("SELECT * FROM digest_schedules WHERE scope = ? ORDER BY channel_id", (scope,)) as cur:
            return [digest_schedule(row) for row in await cur.fetchall()]

    async def due_digests(self, now: datetime.datetime) -> list[DigestSchedule]:
        async with self.read(
            "SELECT * FROM digest_schedules WHERE next_run <= ? ORDER BY next_run", (utc_stamp(now),)
        ) as cur:
            return [digest_schedule(row) for row in await cur.fetchall()]

    async def digest_minutes(self) -> list[int]:
        """Every time of day (minutes after midnight, UTC) a digest is scheduled at."""
        async with self.read("SELECT DISTINCT minute_of_day FROM digest_schedules ORDER BY 1") as cur:
            return [row[0] for row in await cur.fetchall()]

    async def move_digest(self, schedule: DigestSchedule, next_run: datetime.datetime) -> bool:
        """Moves a schedule on from the run it was due for; False when another process (or an
        earlier run of this one) already did, so that a digest is posted once."""
        async with self.transaction() as conn:
            cur = await conn.execute(
                "UPDATE digest_schedules SET next_run = ? WHERE scope = ? AND channel_id = ? AND next_run = ?",
                (utc_stamp(next_run), schedule.scope, schedule.channel_id, utc_stamp(schedule.next_run)),
            )
            return cur.rowcount > 0
