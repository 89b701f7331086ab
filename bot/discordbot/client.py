"""The Discord bot: built with its service (made in ``runner.main``), loads the cogs in
``setup_hook``, and never pings anyone."""

from __future__ import annotations

import logging

import discord
from discord.ext import commands

from bot.commands import CommandBook
from bot.config import Settings
from bot.discordbot.context import NewsContext
from bot.discordbot.embeds import MarkdownFormatter
from bot.discordbot.errors import handle_command_error
from bot.service import NewsService

log = logging.getLogger(__name__)

EXTENSIONS = ("cogs.links", "cogs.reading", "cogs.meta")
REQUIRED_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,
    add_reactions=True,
    read_message_history=True,
)


def make_intents() -> discord.Intents:
    intents = discord.Intents.default()
    intents.message_content = True  # links and prefix commands are in the message text
    return intents


class NewsBot(commands.Bot):
    def __init__(self, service: NewsService, settings: Settings, *, sync_commands: bool = True, **kwargs):
        super().__init__(
            command_prefix=commands.when_mentioned_or(settings.command_prefix),
            intents=kwargs.pop("intents", make_intents()),
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            **kwargs,
        )
        self.service = service
        self.settings = settings
        self.book = CommandBook(service, MarkdownFormatter(), settings.command_prefix)
        self.sync_commands = sync_commands

    async def get_context(self, origin, /, *, cls=NewsContext):
        return await super().get_context(origin, cls=cls)

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        if not self.sync_commands:
            return
        try:
            if self.settings.dev_guild_id:
                guild = discord.Object(self.settings.dev_guild_id)
                self.tree.copy_global_to(guild=guild)
                await self.tree.sync(guild=guild)
            else:
                await self.tree.sync()
        except discord.HTTPException:
            log.exception("could not register the slash commands; the ! commands still work")

    async def on_ready(self) -> None:
        log.info("logged in as %s (%s) in %d servers", self.user, self.user and self.user.id, len(self.guilds))
        if self.application_id:
            url = discord.utils.oauth_url(
                self.application_id, permissions=REQUIRED_PERMISSIONS, scopes=("bot", "applications.commands")
            )
            log.info("invite me with: %s", url)

    async def on_command_error(self, ctx: commands.Context, error: commands.CommandError) -> None:
        await handle_command_error(ctx, error)
