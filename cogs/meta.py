"""Help, and the owner's ``sync`` of the slash commands."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import discord
from discord.ext import commands

from bot.cards import Card
from bot.discordbot.context import NewsContext

if TYPE_CHECKING:
    from bot.discordbot.client import NewsBot


class Meta(commands.Cog):
    def __init__(self, bot: NewsBot):
        self.bot = bot

    @commands.hybrid_command(name="help")
    async def help(self, ctx: NewsContext) -> None:
        """What the bot can do."""
        await ctx.send_cards(self.bot.book.help())

    @commands.command(name="sync", hidden=True)
    @commands.is_owner()
    async def sync(self, ctx: NewsContext, where: Literal["global", "here", "clear"] = "global") -> None:
        """Register the slash commands: everywhere (Discord shows them within the hour), in this
        server at once (for testing), or clear this server's copies."""
        if where == "global":
            count = await self.bot.sync_app_commands()
            text = f"Registered {count} commands everywhere; Discord may take up to an hour to show them."
        elif ctx.guild is None:
            raise commands.NoPrivateMessage()
        elif where == "here":
            count = await self.bot.sync_app_commands(ctx.guild.id)
            text = f"Registered {count} commands in this server."
        else:
            self.bot.tree.clear_commands(guild=discord.Object(ctx.guild.id))
            await self.bot.tree.sync(guild=discord.Object(ctx.guild.id))
            text = "Cleared this server's own copies of the commands (the global ones remain)."
        await ctx.send_cards([Card(description=text, tone="ok")])


async def setup(bot: NewsBot) -> None:
    await bot.add_cog(Meta(bot))
