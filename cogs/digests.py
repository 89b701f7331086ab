"""Digests: ``digest`` now, and digests scheduled per channel (``digest schedule``), posted by
a ``discord.ext.tasks`` loop that wakes at the scheduled times of day. Schedules are in the
database, so they survive restarts; the loop re-reads its times whenever one changes."""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.discordbot.context import NewsContext, manages_server
from bot.discordbot.embeds import card_to_embed
from bot.discordbot.shards import owns_scope
from bot.errors import UserFacingError
from bot.models import DigestSchedule

if TYPE_CHECKING:
    from bot.discordbot.client import NewsBot

log = logging.getLogger(__name__)

MIDNIGHT = datetime.time(0, 0, tzinfo=datetime.UTC)  # the loop's time when nothing is scheduled
Channel = discord.TextChannel | discord.Thread | discord.VoiceChannel


class Digests(commands.Cog):
    def __init__(self, bot: NewsBot):
        self.bot = bot
        self.book = bot.book
        self.settings_book = bot.settings_book
        self.schedules = bot.service.digests

    async def cog_load(self) -> None:
        await self._retime()
        self.digest_clock.start()

    async def cog_unload(self) -> None:
        self.digest_clock.cancel()

    @commands.hybrid_group(name="digest", fallback="now", invoke_without_command=True)
    @app_commands.describe(count="how many of the latest articles (default 5)")
    async def digest(self, ctx: NewsContext, count: commands.Range[int, 1, 10] = 5) -> None:
        """The latest articles in brief, and who recurs across them."""
        await ctx.send_cards(await self.book.digest(ctx.scope, count))

    @digest.command(name="schedule")
    @manages_server()
    @app_commands.describe(
        every="daily or weekly",
        time="time of day in UTC, HH:MM",
        weekday="for a weekly digest: monday … sunday",
        count="how many of the latest articles (default 5)",
        channel="where to post it (default: here)",
    )
    async def schedule(
        self,
        ctx: NewsContext,
        every: Literal["daily", "weekly"],
        time: str,
        weekday: str | None = None,
        count: commands.Range[int, 1, 10] = 5,
        channel: Channel | None = None,
    ) -> None:
        """Post a digest in a channel every day or every week (one schedule a channel)."""
        target = (channel or ctx.channel).id
        cards = await self.settings_book.schedule_digest(
            ctx.scope, target, every, time, weekday, count, discord.utils.utcnow(), ctx.author.id
        )
        await self._retime()
        await ctx.send_cards(cards)

    @digest.command(name="unschedule")
    @manages_server()
    @app_commands.describe(channel="the channel whose digest to stop (default: here)")
    async def unschedule(self, ctx: NewsContext, channel: Channel | None = None) -> None:
        """Stop a channel's scheduled digest."""
        cards = await self.settings_book.unschedule_digest(ctx.scope, (channel or ctx.channel).id)
        await self._retime()
        await ctx.send_cards(cards)

    # ---------------------------------------------------------------- the clock

    async def _retime(self) -> None:
        minutes = await self.schedules.times_of_day()
        times = [datetime.time(m // 60, m % 60, tzinfo=datetime.UTC) for m in minutes] or [MIDNIGHT]
        self.digest_clock.change_interval(time=times)

    @tasks.loop(time=MIDNIGHT)
    async def digest_clock(self) -> None:
        await self._post_due()

    @digest_clock.before_loop
    async def _before_clock(self) -> None:
        await self.bot.wait_until_ready()
        await self._post_due()  # what fell due while the bot was down (within the catch-up)

    @digest_clock.error
    async def _clock_failed(self, error: BaseException) -> None:
        log.error("the digest clock stopped", exc_info=error)

    def _owns(self, schedule: DigestSchedule) -> bool:
        """Schedules of servers this process is connected to (a shard's own); a DM's belongs to
        the process running shard 0, which Discord sends every DM to."""
        if schedule.scope.startswith("guild:"):
            return self.bot.get_guild(int(schedule.scope.removeprefix("guild:"))) is not None
        return owns_scope(self.bot.settings.shard_count, self.bot.settings.shard_ids, schedule.scope)

    async def _post_due(self) -> None:
        try:
            due = await self.schedules.take_due(discord.utils.utcnow(), self._owns)
        except Exception:
            log.exception("could not read the scheduled digests")
            return
        for schedule in due:
            await self._post(schedule)

    async def _post(self, schedule: DigestSchedule) -> None:
        try:
            cards = await self.book.digest(schedule.scope, schedule.count)
        except UserFacingError as exc:  # nothing stored yet: no digest to post
            log.info("scheduled digest in %s skipped: %s", schedule.channel_id, exc)
            return
        channel = self.bot.get_partial_messageable(schedule.channel_id)
        try:
            await channel.send(embed=card_to_embed(cards[0]), allowed_mentions=discord.AllowedMentions.none())
        except discord.HTTPException as exc:
            log.warning("could not post the scheduled digest in %s: %s", schedule.channel_id, exc)


async def setup(bot: NewsBot) -> None:
    await bot.add_cog(Digests(bot))
