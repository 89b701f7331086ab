"""Links shared in a channel are read and stored as the server's settings say (``store``: a ✅;
``summary``: a summary card too; ``off``); ``ingest`` does it on request."""

from __future__ import annotations

import asyncio
import datetime
import functools
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discordbot.context import NewsContext, scope_of, sharer_of, where_of
from bot.discordbot.embeds import card_to_embed
from bot.discordbot.message_text import links_text
from bot.discordbot.placing import post_under, reply_quietly
from bot.discordbot.shards import owns_scope
from bot.errors import UserFacingError
from bot.ingest.links import SharedLink
from bot.models import ServerSettings
from bot.results import IngestOutcome
from bot.service.message_links import ALL_LINKS, links_of_message, shared_links

if TYPE_CHECKING:
    from bot.discordbot.client import NewsBot

log = logging.getLogger(__name__)

WORKING, DONE, FAILED, SLOW_DOWN = "⏳", "✅", "⚠️", "🐢"
EDIT_WINDOW = datetime.timedelta(minutes=15)  # an edit later than this is not a new share


class Links(commands.Cog):
    def __init__(self, bot: NewsBot):
        self.bot = bot
        self.book = bot.book
        self.intake = bot.service.intake
        self.settings = bot.service.settings
        self._resume_task: asyncio.Task | None = None
        self._warm_task: asyncio.Task | None = None
        # A member sharing links faster than the setting is spamming: those links are not read.
        self._shares_per_minute = bot.settings.shares_per_minute
        self._link_rate = commands.CooldownMapping.from_cooldown(
            max(1, self._shares_per_minute), 60.0, commands.BucketType.member
        )

    async def cog_load(self) -> None:
        self._warm_task = asyncio.create_task(self._warm_analysis())
        self._resume_task = asyncio.create_task(self._resume_unfinished())

    async def cog_unload(self) -> None:
        for task in (self._warm_task, self._resume_task):
            if task is not None:
                task.cancel()

    async def _warm_analysis(self) -> None:
        """Every analysis worker loads its model now, together, while reads are answered."""
        try:
            await self.bot.service.warm_analysis()
        except Exception:  # the first link shared will start them instead
            log.exception("could not start the analysis workers ahead of time")

    async def _resume_unfinished(self) -> None:
        """Links whose ingest a restart interrupted are finished, and their message updated."""
        try:
            await self.bot.wait_until_ready()
            owned = functools.partial(owns_scope, self.bot.settings.shard_count, self.bot.settings.shard_ids)
            for job, outcome in await self.intake.resume_jobs(owned=owned):
                log.info("resumed ingest of %s: %s", job.url, outcome.error or "stored")
                channel = self.bot.get_channel(job.channel_id) if job.channel_id else None
                if not isinstance(channel, discord.abc.Messageable) or job.message_id is None:
                    continue
                try:
                    message = await channel.fetch_message(job.message_id)
                except discord.HTTPException:
                    continue
                settings = await self.settings.get(job.scope)
                await self._settle(message, [outcome], settings, settings.share_mode(where_of(channel)))
        except Exception:
            log.exception("resuming unfinished ingest jobs failed")

    # ---------------------------------------------------------------- which messages are read

    def _addressed_to_me(self, content: str) -> bool:
        """A message that opens with a mention of the bot: a command, by the mention prefix."""
        me = self.bot.user
        return me is not None and content.lstrip().startswith((f"<@{me.id}>", f"<@!{me.id}>"))

    def _is_command(self, content: str) -> bool:
        # commands, ``ingest`` among them, handle their own links ("@Newsdesk summary <link>")
        return content.startswith(self.bot.settings.command_prefix) or self._addressed_to_me(content)

    async def _reading(self, message: discord.Message) -> tuple[ServerSettings, str] | None:
        """The server's settings and this channel's share mode, when the message is read."""
        me = self.bot.user
        if me is not None and message.author.id == me.id:
            return None
        if message.application_id is not None and message.application_id == self.bot.application_id:
            return None  # our own interaction replies and webhooks
        if message.content and self._is_command(message.content):
            return None
        settings = await self.settings.get(scope_of(message.guild, message.author))
        where = where_of(message.channel)
        if (message.webhook_id is not None or message.author.bot) and not settings.reads_feeds(where):
            return None
        if not settings.reads(where):
            return None
        mode = settings.share_mode(where)
        return None if mode == "off" else (settings, mode)

    def _spamming(self, message: discord.Message) -> bool:
        if message.webhook_id is not None or message.author.bot or not self._shares_per_minute:
            return False  # feeds post in bursts; the per-server cap paces them
        sent = (message.edited_at or message.created_at).timestamp()
        return self._link_rate.update_rate_limit(message, sent) is not None

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        reading = await self._reading(message)
        if reading is None:
            return
        settings, mode = reading
        links, past_limit = shared_links(
            links_text(message), self.intake.max_links_per_message, settings
        )  # GIFs, videos: skipped
        await self._store(message, links, past_limit, settings, mode)

    @commands.Cog.listener()
    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        """A link added by editing a message soon after sending it is shared like a new one;
        an edit that adds no link (Discord unfurling an embed) is not. Messages not in the
        cache (sent before a restart) count too: their jobs tell which links were read."""
        after = payload.message
        if discord.utils.utcnow() - after.created_at > EDIT_WINDOW:
            return
        before = payload.cached_message
        if before is not None and links_text(before) == links_text(after):
            return
        reading = await self._reading(after)
        if reading is None:
            return
        settings, mode = reading
        links, past_limit = shared_links(links_text(after), self.intake.max_links_per_message, settings)
        had = await links_of_message(self.bot.service.db, scope_of(after.guild, after.author), after.id)
        if before is not None:
            had |= {link.canonical for link in shared_links(links_text(before), ALL_LINKS, settings)[0]}
        await self._store(after, [link for link in links if link.canonical not in had], past_limit, settings, mode)

    # ---------------------------------------------------------------- reading them

    async def _store(
        self, message: discord.Message, links: list[SharedLink], past_limit: int, settings: ServerSettings, mode: str
    ) -> None:
        if not links:
            return
        if self._spamming(message):
            log.info(
                "links from %s in %s not read: over %d shares a minute",
                message.author.id,
                message.channel.id,
                self._shares_per_minute,
            )
            await self._react(message, SLOW_DOWN)
            return
        # The jobs are written first, so a crash even before the ⏳ loses no link.
        outcomes = await self.intake.ingest_links(
            links, sharer_of(message), planned=lambda: self._react(message, WORKING)
        )
        await self._settle(message, outcomes, settings, mode, past_limit)

    @staticmethod
    async def _react(message: discord.Message, emoji: str) -> None:
        try:
            await message.add_reaction(emoji)
        except discord.HTTPException:
            pass  # no Add Reactions permission, or the message is gone: the reply still says it

    async def _settle(
        self,
        message: discord.Message,
        outcomes: list[IngestOutcome],
        settings: ServerSettings,
        mode: str,
        skipped: int = 0,
    ) -> None:
        """✅ or ⚠️ on the message; a reply only when there is something to say. A link that
        turned out to be no article (an image, a wall) is dropped without a word."""
        if self.bot.user is not None:
            try:
                await message.remove_reaction(WORKING, self.bot.user)
            except discord.HTTPException:
                pass
        for outcome in outcomes:
            if outcome.not_article:
                log.debug("shared link %s is not an article: %s", outcome.source, outcome.error)
        outcomes = [o for o in outcomes if not o.not_article]
        if not outcomes:
            return
        await self._react(message, FAILED if any(o.error for o in outcomes) else DONE)
        read = [o for o in outcomes if o.article is not None]
        if mode == "summary":
            for outcome in read:
                await self._post_summary(message, outcome, settings)
            outcomes = [o for o in outcomes if o.error]  # the cards say the rest
        elif all(o.created for o in outcomes):
            outcomes = []  # a ✅ says it all
        if not outcomes and not skipped:
            return
        (report,) = self.book.links_report(outcomes, skipped)
        await reply_quietly(message, card_to_embed(report))

    async def _post_summary(self, message: discord.Message, outcome: IngestOutcome, settings: ServerSettings) -> None:
        assert outcome.article is not None
        try:
            (card, *_) = await self.book.summary(outcome.article.scope, f"#{outcome.article.number}")
        except UserFacingError as exc:
            log.warning("no summary card for %s: %s", outcome.source, exc)
            return
        await post_under(message, card, settings.summary_place)

    # ---------------------------------------------------------------- on request

    @commands.hybrid_command(name="ingest")
    @app_commands.describe(text="a link, or the article's text", file="a .txt, .md or .html file")
    async def ingest(
        self, ctx: NewsContext, file: discord.Attachment | None = None, *, text: str | None = None
    ) -> None:
        """Store an article from a link, pasted text or an attached file."""
        await ctx.defer()
        if file is not None:
            await ctx.send_cards(await self.book.ingest_upload(file.filename, file.size, file.read, ctx.sharer))
            return
        await ctx.send_cards(await self.book.ingest_text(text or "", ctx.sharer))


async def setup(bot: NewsBot) -> None:
    await bot.add_cog(Links(bot))
