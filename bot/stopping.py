"""SIGTERM and SIGINT for the long-running commands (``run``, ``worker``), from their first
moment: a service manager or ``docker stop`` may send one while the process is still starting.
As a container's first process it would otherwise be lost (the kernel drops a signal that
process 1 has no handler for), and the stop would end in SIGKILL."""

from __future__ import annotations

import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable, Iterator
from types import FrameType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import asyncio

log = logging.getLogger(__name__)

SIGNALS = (signal.SIGTERM, signal.SIGINT)


class StopBeforeStart(BaseException):
    """A stop asked for before anything was opened: the command ends at once, with status 0."""


def _stop_now(signum: int, frame: FrameType | None) -> None:
    raise StopBeforeStart(signal.Signals(signum).name)


LONG_RUNNING = (None, "run", "worker")  # the commands a service manager starts and stops (None: run)


def stop_at_once_until_started(command: str | None) -> None:
    """For a long-running ``command``, until ``stop_requests`` takes over: SIGTERM ends the
    process at once (nothing is open yet)."""
    if command in LONG_RUNNING:
        signal.signal(signal.SIGTERM, _stop_now)


@contextlib.contextmanager
def stop_requests(what_follows: str) -> Iterator[asyncio.Event]:
    """An event set by the first SIGTERM or SIGINT while the block runs (``what_follows`` is
    logged with it); the caller stops its work in its own order when it is set."""
    import asyncio  # here: the module is imported first thing, before the rest of the program

    loop = asyncio.get_running_loop()
    requested = asyncio.Event()

    def request(name: str) -> None:
        if not requested.is_set():  # a second signal changes nothing: the stop is under way
            log.info("%s: stopping; %s", name, what_follows)
            requested.set()

    for sig in SIGNALS:
        loop.add_signal_handler(sig, request, sig.name)
    try:
        yield requested
    finally:
        for sig in SIGNALS:
            loop.remove_signal_handler(sig)


async def call_when_set(event: asyncio.Event, stop: Callable[[], Awaitable[None] | None]) -> None:
    """Awaits ``event``, then calls ``stop`` (and awaits what it returns, if anything)."""
    await event.wait()
    result = stop()
    if result is not None:
        await result
