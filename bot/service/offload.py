"""Work on a text, off the event loop when it is long: a thread hop costs more than hashing or
counting the words of an ordinary article (about 0.15 ms for 5,000 characters), and a long
text (a book pasted whole) would hold the loop for milliseconds."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

INLINE_CHARS = 20_000  # at most ~0.6 ms of such work on the loop


async def on_text(work: Callable[..., T], *args: object, size: int) -> T:
    """``work(*args)``, whose cost grows with ``size`` characters: at once, or in a thread."""
    if size <= INLINE_CHARS:
        return work(*args)
    return await asyncio.to_thread(work, *args)
