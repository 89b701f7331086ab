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
from bot.discordbot.heartbeat import HeartbeatWriter
from bot.health import heartbeat_path
from bot.service import NewsService

log = logging.getLogger(__name__)

EXTENSIONS = ("cogs.links", "cogs.menus", "cogs.reading", "cogs.digests", "cogs.settings", "cogs.meta")
REQUIRED_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    create_public_threads=True,  # for summary cards in a thread, when a server asks for that
    embed_links=True,
    add_reactions=True,
    read_message_history=True,
)


# Commands a member may run in a row before being asked to slow down (RoboDanny's pattern).
COMMANDS_PER_WINDOW, COMMAND_WINDOW_SECONDS = 8, 10.0


def make_intents(message_content: bool = True) -> discord.Intents:
    """Only what the bot uses: servers and channels, messages (for shared links and ! commands)
    and DMs; no members, presences or reactions. Without Message Content the bot still answers
    slash commands, message menus and messages that mention it."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.dm_messages = True
    intents.message_content = message_content
    return intents


class NewsBot(commands.Bot):
    def __init__(self, service: NewsService, settings: Settings, *, first_start_sync: bool = True, **kwargs):
        super().__init__(
            command_prefix=commands.when_mentioned_or(settings.command_prefix),
            intents=kwargs.pop("intents", make_intents(settings.message_content)),
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            owner_ids=set(settings.owner_ids) or None,
            **kwargs,
        )
        self.service = service
        self.settings = settings
        self.book = CommandBook(service, MarkdownFormatter(), settings.command_prefix)
        beat_at = heartbeat_path(settings.db_path, settings.heartbeat_file)
        self.heartbeat = HeartbeatWriter(self, beat_at) if beat_at is not None else None
        self.settings_book = self.book.settings_book
        self.first_start_sync = first_start_sync
        self._command_rate = commands.CooldownMapping.from_cooldown(
            COMMANDS_PER_WINDOW, COMMAND_WINDOW_SECONDS, commands.BucketType.user
        )
        self.add_check(self._not_too_fast)

    async def _not_too_fast(self, ctx: commands.Context) -> bool:
        sent = (ctx.message.edited_at or ctx.message.created_at).timestamp()  # as discord.py's own cooldowns
        bucket = self._command_rate.get_bucket(ctx.message, sent)
        retry_after = bucket.update_rate_limit(sent) if bucket is not None else None
        if retry_after:
            raise commands.CommandOnCooldown(bucket, retry_after, commands.BucketType.user)  # type: ignore[arg-type]
        return True

    async def get_context(self, origin, /, *, cls=NewsContext):
        return await super().get_context(origin, cls=cls)

    async def setup_hook(self) -> None:
        # Slash commands are registered by `python -m bot sync` or the owner's `!sync`, not at
        # every start: Discord rate-limits registration, and most starts change nothing.
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        if self.first_start_sync:
            await self._register_first_time()

    async def _register_first_time(self) -> None:
        """On the very first start (Discord knows none of the commands yet) they are
        registered once, so that a new bot has its slash commands without a manual step."""
        try:
            if not await self.tree.fetch_commands():
                log.info("registered %d slash and menu commands (first start)", await self.sync_app_commands())
        except Exception:  # never a reason not to start: `python -m bot sync` can do it later
            if not self.is_closed():  # (closed: a stop came while it was asking)
                log.exception("could not register the slash commands; the ! commands still work")

    async def sync_app_commands(self, guild_id: int | None = None) -> int:
        """Registers the slash and menu commands, globally or in one server (at once, for
        development); returns how many."""
        if guild_id is None:
            return len(await self.tree.sync())
        guild = discord.Object(guild_id)
        self.tree.copy_global_to(guild=guild)
        return len(await self.tree.sync(guild=guild))

    async def on_ready(self) -> None:
        if self.heartbeat is not None:
            self.heartbeat.start()  # its first beat is now: connected
        log.info("logged in as %s (%s) in %d servers", self.user, self.user and self.user.id, len(self.guilds))
        if self.application_id:
            url = discord.utils.oauth_url(
                self.application_id, permissions=REQUIRED_PERMISSIONS, scopes=("bot", "applications.commands")
            )
            log.info("invite me with: %s", url)

    async def close(self) -> None:
        if self.heartbeat is not None and self.heartbeat.loop.is_running():
            await self.heartbeat.stop()  # the last beat says the stop was clean
        await super().close()

    async def on_command_error(self, ctx: commands.Context, error: commands.CommandError) -> None:
        await handle_command_error(ctx, error)


class ShardedNewsBot(NewsBot, commands.AutoShardedBot):
    """The same bot over several gateway connections (``NEWSBOT_SHARD_COUNT``), this process
    running ``NEWSBOT_SHARD_IDS`` of them; several such processes share one store."""


def make_bot(service: NewsService, settings: Settings, **kwargs) -> NewsBot:
    if settings.shard_count is None:
        return NewsBot(service, settings, **kwargs)
    shard_ids = list(settings.shard_ids) or None
    return ShardedNewsBot(service, settings, shard_count=settings.shard_count, shard_ids=shard_ids, **kwargs)
