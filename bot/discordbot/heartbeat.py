"""The bot's side of ``bot.health``: a beat at connection and every ``BEAT_SECONDS``, and a
last one saying it stopped."""

from __future__ import annotations

import asyncio
import logging
import math
import os
import time
from pathlib import Path

from discord.ext import commands, tasks

from bot.health import BEAT_SECONDS, Heartbeat, write_heartbeat

log = logging.getLogger(__name__)


class HeartbeatWriter:
    def __init__(self, bot: commands.Bot, path: Path):
        self.bot = bot
        self.path = path
        self.loop = tasks.loop(seconds=BEAT_SECONDS)(self.beat)

    def _now(self, stopped: bool = False) -> Heartbeat:
        latency = self.bot.latency
        return Heartbeat(
            at=time.time(),
            pid=os.getpid(),
            connected=self.bot.is_ready() and not self.bot.is_closed() and not stopped,
            servers=len(self.bot.guilds),
            latency_ms=None if math.isinf(latency) or math.isnan(latency) else round(latency * 1000, 1),
            stopped=stopped,
        )

    async def beat(self, stopped: bool = False) -> None:
        try:
            await asyncio.to_thread(write_heartbeat, self.path, self._now(stopped))
        except OSError:
            log.exception("could not write the heartbeat to %s", self.path)

    def start(self) -> None:
        if not self.loop.is_running():
            self.loop.start()

    async def stop(self) -> None:
        self.loop.cancel()
        await self.beat(stopped=True)
