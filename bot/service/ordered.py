"""Many jobs at once, their outcomes in the order they were given."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence

from bot.results import IngestOutcome


async def in_input_order(
    work: Sequence[Callable[[], Awaitable[IngestOutcome]]],
    at_once: int,
    each: Callable[[IngestOutcome], None] | None = None,
    start_order: Sequence[int] | None = None,
) -> list[IngestOutcome]:
    """Up to ``at_once`` jobs at a time (twice the analysis workers, so that fetching overlaps
    analysis), started in ``start_order`` (default: input order); the outcomes in input order,
    each told as soon as it and those before it are done."""
    gate = asyncio.Semaphore(at_once)

    async def one(job: Callable[[], Awaitable[IngestOutcome]]) -> IngestOutcome:
        async with gate:
            return await job()

    started = {k: asyncio.create_task(one(work[k])) for k in (start_order or range(len(work)))}  # the gate is FIFO
    tasks = [started[k] for k in range(len(work))]
    outcomes: list[IngestOutcome] = []
    try:
        for task in tasks:
            outcomes.append(await task)
            if each is not None:
                each(outcomes[-1])
    finally:
        for task in tasks:
            task.cancel()  # only those left by an error: the others are done
    return outcomes
