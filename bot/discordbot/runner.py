"""Starting the Discord bot: resources made here and handed to the bot (discord.py's
advanced start-up pattern), and clear instructions when the token or intents are wrong."""

from __future__ import annotations

import asyncio
import functools
import logging
import sys

import aiohttp
import discord

from bot.app import open_service
from bot.config import EXIT_CONFIG, Settings
from bot.discordbot.client import NewsBot, make_bot
from bot.service import NewsService
from bot.stopping import call_when_set, stop_requests

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
    with stop_requests("unfinished links are resumed at the next start") as stop:
        async with open_service(settings) as service, make_bot(service, settings) as bot:
            if stop.is_set():  # while the store was opening: nothing to stop yet
                return 0
            stopping = asyncio.create_task(call_when_set(stop, functools.partial(_stop, service, bot)))
            try:
                await bot.start(token)
            except discord.LoginFailure:
                print(BAD_TOKEN, file=sys.stderr)
                return EXIT_CONFIG
            except discord.PrivilegedIntentsRequired:
                print(NO_INTENT, file=sys.stderr)
                return EXIT_CONFIG
            except Exception as exc:
                if stop.is_set():  # the connection closed under a login or a connect in progress
                    log.debug("the start ended in an error under the stop", exc_info=True)
                elif isinstance(exc, aiohttp.ClientError | OSError):  # a service manager starts it again
                    print(f"Could not reach Discord ({exc}); check the network and start again.", file=sys.stderr)
                    return 1
                else:
                    raise
            finally:
                if not stop.is_set():  # the bot ended of its own accord
                    stopping.cancel()
                await asyncio.gather(stopping, return_exceptions=True)
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
