"""Reading what was stored: summary, actors, quotes, articles, article, search, forget (digests
are in ``cogs.digests``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discordbot.context import NewsContext, scope_of
from bot.discordbot.errors import handle_command_error

if TYPE_CHECKING:
    from bot.discordbot.client import NewsBot


class Reading(commands.Cog):
    def __init__(self, bot: NewsBot):
        self.bot = bot
        self.book = bot.book
        self.names = bot.service.names

    @commands.command(name="summary")
    async def summary(self, ctx: NewsContext, *, article: str | None = None) -> None:
        """Summarise the latest article, or the one you name (a new link is read first)."""
        async with ctx.typing():  # a link not stored yet is fetched and analysed first
            await ctx.send_cards(await self.book.summary(ctx.scope, article, ctx.sharer))

    @app_commands.command(name="summary")
    @app_commands.describe(
        article="an article id or search words (default: the latest)",
        link="a link: read and stored first when it is new here",
    )
    async def summary_slash(
        self, interaction: discord.Interaction, article: str | None = None, link: str | None = None
    ) -> None:
        """Summarise the latest article, the one you name, or a link."""
        ctx = await NewsContext.from_interaction(interaction)
        await ctx.defer()  # a new link is fetched and analysed: past the 3 s deadline
        try:
            await ctx.send_cards(await self.book.summary(ctx.scope, link or article, ctx.sharer))
        except Exception as exc:  # the same error policy as every other command
            await handle_command_error(ctx, exc)

    @commands.hybrid_command(name="actors")
    @app_commands.describe(article="an article id, link or search words, or 'all' for every article here")
    async def actors(self, ctx: NewsContext, *, article: str | None = None) -> None:
        """Key people, organisations and places of an article."""
        await ctx.send_cards(await self.book.actors(ctx.scope, article))

    @commands.hybrid_command(name="quotes")
    @app_commands.describe(query="a name, optionally 'in <article>'; end with 'direct' or 'reported' for one kind")
    async def quotes(self, ctx: NewsContext, *, query: str) -> None:
        """What a person or organisation said here: their own words, then reported speech."""
        await ctx.send_answer(query, lambda text: self.book.quotes(ctx.scope, text))

    @commands.hybrid_command(name="who")
    @app_commands.describe(name="a person or organisation named in this server's articles")
    async def who(self, ctx: NewsContext, *, name: str) -> None:
        """An actor's profile: descriptions, articles, notable quotes, who they appear with."""
        await ctx.send_answer(name, lambda text: self.book.who(ctx.scope, text))

    @quotes.autocomplete("query")
    @who.autocomplete("name")
    async def name_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Names of this server's actors, most quoted first (from the database)."""
        names = await self.names.autocomplete(scope_of(interaction.guild, interaction.user), current)
        return [app_commands.Choice(name=n[:100], value=n[:100]) for n in names[:25]]

    @commands.hybrid_command(name="articles")
    @app_commands.describe(page="page number")
    async def articles(self, ctx: NewsContext, page: int = 1) -> None:
        """The articles stored here, newest first."""
        await ctx.send_cards(await self.book.articles(ctx.scope, page))

    @commands.hybrid_command(name="article")
    @app_commands.describe(article="the article's id (see articles), link or search words")
    async def article(self, ctx: NewsContext, *, article: str) -> None:
        """One article in detail."""
        await ctx.send_cards(await self.book.article(ctx.scope, article))

    @commands.hybrid_command(name="search")
    @app_commands.describe(words="words to look for in titles, texts and quotes")
    async def search(self, ctx: NewsContext, *, words: str) -> None:
        """Full-text search over this server's articles."""
        await ctx.send_cards(await self.book.search(ctx.scope, words))

    @commands.hybrid_command(name="forget")
    @app_commands.describe(article="the article's id")
    async def forget(self, ctx: NewsContext, article: str) -> None:
        """Remove an article (the person who shared it, or Manage Messages)."""
        await ctx.send_cards(await self.book.forget(ctx.scope, article, ctx.author.id, ctx.can_manage_messages))


async def setup(bot: NewsBot) -> None:
    await bot.add_cog(Reading(bot))
