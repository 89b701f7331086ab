"""Per-server settings: ``/settings`` (``!settings`` shows them). Members with Manage Server
change them; in a DM the space is the member's own."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.discordbot.context import NewsContext, manages_server, where_of

if TYPE_CHECKING:
    from bot.discordbot.client import NewsBot

Channel = discord.TextChannel | discord.Thread | discord.VoiceChannel | discord.ForumChannel


class ServerSettingsCog(commands.Cog, name="Settings"):
    def __init__(self, bot: NewsBot):
        self.bot = bot
        self.book = bot.settings_book

    @commands.hybrid_group(name="settings", fallback="show", invoke_without_command=True)
    async def settings(self, ctx: NewsContext) -> None:
        """How this server's shared links are handled, and its scheduled digests."""
        await ctx.send_cards(await self.book.overview(ctx.scope))

    @settings.command(name="channels")
    @manages_server()
    @app_commands.describe(action="read links in this channel too, stop reading it, or read every channel")
    async def channels(
        self, ctx: NewsContext, action: Literal["add", "remove", "all"], channel: Channel | None = None
    ) -> None:
        """In which channels shared links are read (threads follow their channel)."""
        if action == "all":
            await ctx.send_cards(await self.book.read_every_channel(ctx.scope))
            return
        target = where_of(channel or ctx.channel)
        await ctx.send_cards(await self.book.read_channel(ctx.scope, target, action == "add"))

    @settings.command(name="share")
    @manages_server()
    @app_commands.describe(
        mode="store: a ✅ only; summary: a summary card too; off: links are not read",
        channel="only this channel (default: the whole server)",
    )
    async def share(
        self, ctx: NewsContext, mode: Literal["store", "summary", "off"], channel: Channel | None = None
    ) -> None:
        """What a link shared in passing gets."""
        target = where_of(channel) if channel is not None else None
        await ctx.send_cards(await self.book.set_share(ctx.scope, mode, target))

    @settings.command(name="summary")
    @manages_server()
    @app_commands.describe(place="a reply, or a thread on the message", sentences="sentences in a summary (1-5)")
    async def summary(
        self,
        ctx: NewsContext,
        place: Literal["reply", "thread"] | None = None,
        sentences: int | None = None,
    ) -> None:
        """Where a shared link's summary card goes, and how long summaries are."""
        await ctx.send_cards(await self.book.set_summary(ctx.scope, place, sentences))

    @settings.command(name="feeds")
    @manages_server()
    @app_commands.describe(read="read links posted by webhooks and other bots (news feeds) here")
    async def feeds(self, ctx: NewsContext, read: bool, channel: Channel | None = None) -> None:
        """Whether posts of webhooks and other bots are read in a channel (never the bot's own)."""
        target = where_of(channel or ctx.channel)
        await ctx.send_cards(await self.book.read_feeds(ctx.scope, target, read))

    @settings.command(name="skip")
    @manages_server()
    @app_commands.describe(action="skip a site's links, or read them again", site="a host name, e.g. example.com")
    async def skip(self, ctx: NewsContext, action: Literal["add", "remove"], site: str) -> None:
        """Sites whose links are not read (GIF, video and social sites are skipped already)."""
        await ctx.send_cards(await self.book.skip_site(ctx.scope, site, action == "add"))

    @settings.command(name="reset")
    @manages_server()
    async def reset(self, ctx: NewsContext) -> None:
        """Every setting back to its default."""
        await ctx.send_cards(await self.book.reset(ctx.scope))


async def setup(bot: NewsBot) -> None:
    await bot.add_cog(ServerSettingsCog(bot))
