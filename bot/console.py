"""A local console that behaves like a channel: no Discord token needed."""

from __future__ import annotations

import asyncio
import getpass
import sys

from bot.cards import PlainFormatter, render_text
from bot.commands import CommandBook
from bot.models import Sharer
from bot.service import NewsService

LOCAL_SCOPE = "local"


def local_sharer() -> Sharer:
    try:
        user = getpass.getuser()
    except Exception:  # no login name in some containers
        user = "console"
    return Sharer(LOCAL_SCOPE, user_id=0, user_name=user)


async def _lines(interactive: bool, prompt: str):
    while True:
        if interactive:
            try:
                line = await asyncio.to_thread(input, prompt)
            except EOFError:
                return
        else:
            line = await asyncio.to_thread(sys.stdin.readline)
            if not line:
                return
        yield line


async def run_console(service: NewsService, prefix: str = "!") -> int:
    book = CommandBook(service, PlainFormatter(), prefix)
    sharer = local_sharer()
    interactive = sys.stdin.isatty()
    if interactive:
        print(
            f"Newsdesk console (no DISCORD_TOKEN set). Paste a link, `{prefix}ingest PATH`, or `{prefix}help`.\n"
            "Ctrl-D to leave."
        )
    leftovers = await service.intake.leftover_jobs(owned=lambda scope: scope == local_sharer().scope)
    if leftovers:
        print(f"Resuming {len(leftovers)} unfinished ingest job(s) left by an earlier run.", flush=True)
        outcomes = [outcome for _, outcome in await service.intake.resume_jobs(leftovers)]
        print(render_text(book.links_report(outcomes)), flush=True)
    async for line in _lines(interactive, "newsdesk> "):
        cards = await book.run_line(line, sharer)
        if cards:
            print(render_text(cards), flush=True)
            if interactive:
                print()
    return 0
