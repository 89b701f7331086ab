"""Help."""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord.ext import commands

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


async def setup(bot: NewsBot) -> None:
    await bot.add_cog(Meta(bot))
