"""The ``settings`` and ``digest schedule`` commands as cards: what a server chose, and one
sentence for each change. Who may change them is the caller's to check (Manage Server)."""

from __future__ import annotations

import datetime

from bot.cards import Card, Field, Formatter
from bot.ingest.article_links import normal_host
from bot.models import DigestSchedule, ServerSettings
from bot.service import NewsService
from bot.service.digests import WEEKDAYS
from bot.text import plural

SHARE_LABELS = {
    "store": "stored, with a ✅ (no reply)",
    "summary": "stored, and a summary card posted",
    "off": "nothing: links are not read",
}


def share_label(settings: ServerSettings, mode: str) -> str:
    label = SHARE_LABELS[mode]
    return label + f" (as a {settings.summary_place})" if mode == "summary" else label


def schedule_line(fmt: Formatter, schedule: DigestSchedule) -> str:
    when = "every day" if schedule.every == "daily" else f"every {WEEKDAYS[schedule.weekday or 0].capitalize()}"
    return (
        f"{fmt.channel(schedule.channel_id)}: {when} at {schedule.time_text}, "
        f"the latest {plural(schedule.count, 'article')} (next {fmt.when(schedule.next_run)})"
    )


def settings_card(fmt: Formatter, settings: ServerSettings, sentences: int, schedules: list[DigestSchedule]) -> Card:
    channels = ", ".join(fmt.channel(c) for c in sorted(settings.channels)) or "every channel"
    share = share_label(settings, settings.share)
    overrides = [f"{fmt.channel(c)}: {mode}" for c, mode in settings.channel_share]
    feeds = ", ".join(fmt.channel(c) for c in sorted(settings.feed_channels)) or "no channel"
    sites = "GIFs, videos, social posts, images, Discord links"
    if settings.skip_hosts:
        sites += "; also " + ", ".join(fmt.code(h) for h in sorted(settings.skip_hosts))
    if settings.read_hosts:
        sites += "; read anyway: " + ", ".join(fmt.code(h) for h in sorted(settings.read_hosts))
    fields = [
        Field("Links are read in", channels + " (threads follow their channel)"),
        Field("A shared link gets", share + ("\n" + "\n".join(overrides) if overrides else "")),
        Field("Posts of webhooks and other bots are read in", feeds),
        Field("Summary length", plural(sentences, "sentence"), inline=True),
        Field("Not read", sites),
        Field("Scheduled digests", "\n".join(schedule_line(fmt, s) for s in schedules) or "none"),
    ]
    return Card(
        title="Settings here",
        fields=fields,
        footer="Members with Manage Server change these with /settings (and schedule digests with /digest schedule).",
    )


class SettingsBook:
    def __init__(self, service: NewsService, fmt: Formatter):
        self.settings = service.settings
        self.digests = service.digests
        self.fmt = fmt

    async def overview(self, scope: str) -> list[Card]:
        settings = await self.settings.get(scope)
        sentences = await self.settings.summary_sentences(scope)
        return [settings_card(self.fmt, settings, sentences, await self.digests.of_scope(scope))]

    def _done(self, sentence: str) -> list[Card]:
        return [Card(description=sentence, tone="ok")]

    async def read_channel(self, scope: str, channel_id: int, read: bool) -> list[Card]:
        settings = await self.settings.read_channel(scope, channel_id, read)
        where = self.fmt.channel(channel_id)
        if read:
            others = len(settings.channels) - 1
            rest = f" (and {plural(others, 'other channel')})" if others else " only"
            return self._done(f"Shared links are now read in {where}{rest}.")
        if not settings.channels:
            return self._done(f"{where} is off the list, which is now empty: links are read in every channel.")
        return self._done(f"Shared links are no longer read in {where}.")

    async def read_every_channel(self, scope: str) -> list[Card]:
        await self.settings.read_every_channel(scope)
        return self._done("Shared links are now read in every channel.")

    async def read_feeds(self, scope: str, channel_id: int, read: bool) -> list[Card]:
        await self.settings.read_feeds(scope, channel_id, read)
        where = self.fmt.channel(channel_id)
        if read:
            return self._done(f"Links posted by webhooks and other bots in {where} are now read (never my own).")
        return self._done(f"Posts of webhooks and other bots in {where} are no longer read.")

    async def set_share(self, scope: str, mode: str, channel_id: int | None) -> list[Card]:
        settings = await self.settings.set_share(scope, mode, channel_id)
        where = "here" if channel_id is None else f"in {self.fmt.channel(channel_id)}"
        return self._done(f"A link shared {where} now gets: {share_label(settings, settings.share_mode(channel_id))}.")

    async def set_summary(self, scope: str, place: str | None, sentences: int | None) -> list[Card]:
        settings = await self.settings.set_summary(scope, place, sentences)
        count = await self.settings.summary_sentences(scope)
        return self._done(
            f"Summaries have {plural(count, 'sentence')}; a shared link's summary card goes "
            f"{'in a thread on the message' if settings.summary_place == 'thread' else 'in a reply'}."
        )

    async def skip_site(self, scope: str, site: str, skip: bool) -> list[Card]:
        await self.settings.skip_site(scope, site, skip)
        host = normal_host(site) or site.strip()
        if skip:
            return self._done(f"Links to {self.fmt.code(host)} are not read here.")
        return self._done(f"Links to {self.fmt.code(host)} are read here again.")

    async def reset(self, scope: str) -> list[Card]:
        await self.settings.reset(scope)
        return self._done("Settings are back to their defaults (scheduled digests are kept).")

    # ---------------------------------------------------------------- scheduled digests

    async def schedule_digest(
        self,
        scope: str,
        channel_id: int,
        every: str,
        time: str,
        weekday: str | None,
        count: int,
        now: datetime.datetime,
        user_id: int | None,
    ) -> list[Card]:
        schedule = await self.digests.schedule(
            scope, channel_id, every, time, weekday=weekday, count=count, now=now, created_by=user_id
        )
        return self._done(f"Digest scheduled: {schedule_line(self.fmt, schedule)}.")

    async def unschedule_digest(self, scope: str, channel_id: int) -> list[Card]:
        await self.digests.unschedule(scope, channel_id)
        return self._done(f"No more scheduled digest in {self.fmt.channel(channel_id)}.")
