"""Starting the Discord bot: resources made here and handed to the bot (discord.py's
advanced start-up pattern), and clear instructions when the token or intents are wrong."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys

import discord

from bot.app import open_service
from bot.config import EXIT_CONFIG, Settings
from bot.discordbot.client import NewsBot, make_bot
from bot.service import NewsService

log = logging.getLogger(__name__)

NO_TOKEN = """No DISCORD_TOKEN is set.
  1. Create an application at https://discord.com/developers/applications
  2. Bot tab: "Reset Token", copy it into .env as DISCORD_TOKEN=...
  3. Bot tab: turn on "Message Content Intent"
  4. Start again with `make run`; the invite link is printed in the log, and the slash
     commands are registered on this first start (after an upgrade: `python -m bot sync`).
Without a token, `python -m bot console` gives you the same commands in this terminal."""

NO_INTENT = """Discord refused the Message Content intent, which the bot needs to see links and ! commands.
Fix: https://discord.com/developers/applications -> your application -> Bot ->
Privileged Gateway Intents -> turn on "Message Content Intent" -> Save, then start again.
Or run without it (NEWSBOT_MESSAGE_CONTENT=0): slash commands, message menus and mentions of the
bot still work; links shared in passing and ! commands are not seen."""

BAD_TOKEN = "Discord rejected DISCORD_TOKEN. Copy a fresh token from the Bot tab of your application into .env."


async def _main(settings: Settings, token: str) -> int:
    async with open_service(settings) as service, make_bot(service, settings) as bot:
        stopping: list[asyncio.Task] = []

        def stop(signame: str) -> None:
            if not stopping:  # a second signal changes nothing: the stop is under way
                log.info("%s: stopping; unfinished links are resumed at the next start", signame)
                stopping.append(asyncio.create_task(_stop(service, bot)))

        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop, sig.name)
        try:
            await bot.start(token)
        except discord.LoginFailure:
            print(BAD_TOKEN, file=sys.stderr)
            return EXIT_CONFIG
        except discord.PrivilegedIntentsRequired:
            print(NO_INTENT, file=sys.stderr)
            return EXIT_CONFIG
        finally:
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.remove_signal_handler(sig)
        if stopping:
            await stopping[0]
    return 0


async def _stop(service: NewsService, bot: NewsBot) -> None:
    """The links being read stop first (their jobs stay unfinished in the store), then the
    connection to Discord; the service closes after ``bot.start`` returns."""
    await service.intake.stop()
    await bot.close()


def run_discord(settings: Settings) -> int:
    if not settings.discord_token:
        print(NO_TOKEN, file=sys.stderr)
        return EXIT_CONFIG
    try:
        return asyncio.run(_main(settings, settings.discord_token))
    except KeyboardInterrupt:
        return 0
