"""Scheduled digests: a channel gets the latest articles in brief every day or every week at a
time of day (UTC). Schedules live in the database with the instant each is next due, so a
restart picks them up where they were; a digest whose time passed while the bot was down is
posted on start when it is less than ``CATCH_UP`` late, and otherwise waits for its next time."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

from bot.errors import UserError
from bot.models import DigestSchedule
from bot.storage.store import Store

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
EVERY = ("daily", "weekly")
CATCH_UP = datetime.timedelta(hours=6)
MAX_SCHEDULES = 25  # a server's
_TIME = re.compile(r"^\s*(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\s*(?:utc)?\s*$", re.IGNORECASE)


def parse_time(text: str) -> int:
    """ "08:30", "8", "7pm", "19:05 UTC" -> minutes after midnight."""
    m = _TIME.match(text or "")
    if not m:
        raise UserError("Give the time as HH:MM in UTC, e.g. `08:30` or `18:00`.")
    hour, minute, half = int(m.group(1)), int(m.group(2) or 0), (m.group(3) or "").lower()
    if half:
        if not 1 <= hour <= 12:
            raise UserError("With am or pm, the hour is 1 to 12.")
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        raise UserError("Give the time as HH:MM in UTC, e.g. `08:30` or `18:00`.")
    return hour * 60 + minute


def parse_weekday(text: str | None) -> int:
    word = (text or "").strip().lower()
    for number, day in enumerate(WEEKDAYS):
        if len(word) >= 3 and day.startswith(word):
            return number
    raise UserError("A weekly digest needs its day: monday, tuesday, … sunday.")


def next_run(every: str, weekday: int | None, minute_of_day: int, after: datetime.datetime) -> datetime.datetime:
    """The first instant strictly after ``after`` that the schedule names."""
    after = after.astimezone(datetime.UTC)
    midnight = after.replace(hour=0, minute=0, second=0, microsecond=0)
    candidate = midnight + datetime.timedelta(minutes=minute_of_day)
    if every == "weekly":
        assert weekday is not None
        candidate += datetime.timedelta(days=(weekday - candidate.weekday()) % 7)
        step = datetime.timedelta(days=7)
    else:
        step = datetime.timedelta(days=1)
    while candidate <= after:
        candidate += step
    return candidate


class DigestSchedules:
    def __init__(self, db: Store):
        self.db = db

    async def schedule(
        self,
        scope: str,
        channel_id: int,
        every: str,
        time: str,
        *,
        weekday: str | None = None,
        count: int = 5,
        now: datetime.datetime,
        created_by: int | None = None,
    ) -> DigestSchedule:
        every = every.strip().lower()
        if every not in EVERY:
            raise UserError("A digest comes `daily` or `weekly`.")
        day = parse_weekday(weekday) if every == "weekly" else None
        minute = parse_time(time)
        if not 1 <= count <= 10:
            raise UserError("A digest has 1 to 10 articles.")
        existing = await self.db.digest_schedules(scope)
        if len(existing) >= MAX_SCHEDULES and all(s.channel_id != channel_id for s in existing):
            raise UserError(f"A server has at most {MAX_SCHEDULES} scheduled digests.")
        schedule = DigestSchedule(scope, channel_id, every, day, minute, count, next_run(every, day, minute, now))
        await self.db.save_digest_schedule(schedule, created_by)
        return schedule

    async def unschedule(self, scope: str, channel_id: int) -> None:
        if not await self.db.delete_digest_schedule(scope, channel_id):
            raise UserError("No digest is scheduled in that channel.")

    async def of_scope(self, scope: str) -> list[DigestSchedule]:
        return await self.db.digest_schedules(scope)

    async def times_of_day(self) -> list[int]:
        return await self.db.digest_minutes()

    async def take_due(
        self, now: datetime.datetime, owns: Callable[[DigestSchedule], bool] = lambda schedule: True
    ) -> list[DigestSchedule]:
        """The schedules due at ``now`` that ``owns`` says are this process's, each moved on
        to its next time (a schedule taken here is not taken again, by this process or
        another). Those more than ``CATCH_UP`` late (the bot was down) are moved on without
        being returned."""
        taken = []
        for schedule in await self.db.due_digests(now):
            if not owns(schedule):
                continue
            following = next_run(schedule.every, schedule.weekday, schedule.minute_of_day, now)
            if await self.db.move_digest(schedule, following) and now - schedule.next_run <= CATCH_UP:
                taken.append(schedule)
        return taken
