"""Links shared in a channel are read and stored; ``ingest`` does it on request."""

from __future__ import annotations

import asyncio
import datetime
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discordbot.context import NewsContext, sharer_of
from bot.discordbot.embeds import card_to_embed
from bot.ingest.links import SharedLink
from bot.results import IngestOutcome

if TYPE_CHECKING:
    from bot.discordbot.client import NewsBot

log = logging.getLogger(__name__)

WORKING, DONE, FAILED = "⏳", "✅", "⚠️"
EDIT_WINDOW = datetime.timedelta(minutes=15)  # an edit later than this is not a new share


class Links(commands.Cog):
    def __init__(self, bot: NewsBot):
        self.bot = bot
        self.book = bot.book
        self.intake = bot.service.intake
        self._resume_task: asyncio.Task | None = None

    async def cog_load(self) -> None:
        self._resume_task = asyncio.create_task(self._resume_unfinished())

    async def cog_unload(self) -> None:
        if self._resume_task is not None:
            self._resume_task.cancel()

    async def _resume_unfinished(self) -> None:
        """Links whose ingest a restart interrupted are finished, and their message updated."""
        try:
            await self.bot.wait_until_ready()
            for job, outcome in await self.intake.resume_jobs():
                log.info("resumed ingest of %s: %s", job.url, outcome.error or "stored")
                channel = self.bot.get_channel(job.channel_id) if job.channel_id else None
                if not isinstance(channel, discord.abc.Messageable) or job.message_id is None:
                    continue
                try:
                    message = await channel.fetch_message(job.message_id)
                except discord.HTTPException:
                    continue
                await self._settle(message, [outcome])
        except Exception:
            log.exception("resuming unfinished ingest jobs failed")

    @staticmethod
    async def _react(message: discord.Message, emoji: str) -> None:
        try:
            await message.add_reaction(emoji)
        except discord.HTTPException:
            pass  # no Add Reactions permission, or the message is gone: the reply still says it

    async def _settle(self, message: discord.Message, outcomes: list[IngestOutcome], skipped: int = 0) -> None:
        if self.bot.user is not None:
            try:
                await message.remove_reaction(WORKING, self.bot.user)
            except discord.HTTPException:
                pass
        await self._react(message, FAILED if any(o.error for o in outcomes) else DONE)
        if all(o.created for o in outcomes) and not skipped:
            return  # a ✅ says it all
        (report,) = self.book.links_report([o for o in outcomes if not o.created], skipped)
        try:
            await message.reply(
                embed=card_to_embed(report), mention_author=False, allowed_mentions=discord.AllowedMentions.none()
            )
        except discord.HTTPException:
            log.warning("could not reply in channel %s", message.channel.id)

    def _addressed_to_me(self, content: str) -> bool:
        """A message that opens with a mention of the bot: a command, by the mention prefix."""
        me = self.bot.user
        return me is not None and content.lstrip().startswith((f"<@{me.id}>", f"<@!{me.id}>"))

    def _is_command(self, content: str) -> bool:
        # commands, ``ingest`` among them, handle their own links ("@Newsdesk summary <link>")
        return content.startswith(self.bot.settings.command_prefix) or self._addressed_to_me(content)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or not message.content or self._is_command(message.content):
            return
        links, past_limit = self.intake.shared_links(message.content)  # GIFs, videos, posts: skipped
        await self._store(message, links, past_limit)

    @commands.Cog.listener()
    async def on_message_edit(self, before: discord.Message, after: discord.Message) -> None:
        """A link added by editing a message soon after sending it is shared like a new one;
        an edit that leaves the text as it was (Discord unfurling an embed) is not."""
        if after.author.bot or not after.content or after.content == before.content or self._is_command(after.content):
            return
        if discord.utils.utcnow() - after.created_at > EDIT_WINDOW:
            return
        had = {link.canonical for link in self.intake.shared_links(before.content or "")[0]}
        links, past_limit = self.intake.shared_links(after.content)
        await self._store(after, [link for link in links if link.canonical not in had], past_limit)

    async def _store(self, message: discord.Message, links: list[SharedLink], past_limit: int) -> None:
        if not links:
            return
        # The jobs are written first, so a crash even before the ⏳ loses no link.
        outcomes = await self.intake.ingest_links(
            links, sharer_of(message), planned=lambda: self._react(message, WORKING)
        )
        await self._settle(message, outcomes, past_limit)

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
