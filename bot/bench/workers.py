"""``python -m bot bench workers``: ingest throughput with 1 and with 2 analysis workers, and
how late the bot's event loop runs meanwhile (what the gateway would feel).

Every run goes through the real service (bulk ingest of the corpus's files, SQLite in a temporary
folder), each with its workers warmed first, so the rates compare analysis and storage alone.
Runs of 1 and of 2 workers take turns (``--rounds``, 3 of each), and the medians are compared.
``--remote``: the workers are ``python -m bot worker`` processes on PostgreSQL and this process
is the gateway (``bot.bench.remote_workers``).
"""

from __future__ import annotations

import asyncio
import dataclasses
import statistics
import tempfile
import time
from pathlib import Path

from bot.bench.throughput import watch_loop
from bot.config import Settings
from bot.models import JobSpec, Sharer
from bot.service import NewsService


async def _one_run(settings: Settings, paths: list[Path], workers: int) -> tuple[float, list[float], int]:
    from bot.app import open_service

    with tempfile.TemporaryDirectory() as tmp:
        async with open_service(dataclasses.replace(settings, nlp_workers=workers), Path(tmp) / "w.db") as service:
            await service.warm_analysis()
            return await timed_ingest(service, paths)


async def timed_ingest(service: NewsService, paths: list[Path]) -> tuple[float, list[float], int]:
    """Seconds to ingest the files, the event loop's delays meanwhile, and how many were stored."""
    specs = [JobSpec("file", p.name, p.read_bytes()) for p in paths]
    delays: list[float] = []
    stop = asyncio.Event()
    watcher = asyncio.create_task(watch_loop(delays, stop))
    started = time.perf_counter()
    outcomes = await service.intake.ingest_specs(specs, Sharer("bench"))
    elapsed = time.perf_counter() - started
    stop.set()
    await watcher
    return elapsed, delays, sum(o.created for o in outcomes)


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(0.99 * (len(ordered) - 1))] if ordered else 0.0


async def run_workers_bench(
    settings: Settings, corpus: str, articles: int = 60, remote: bool = False, rounds: int = 3
) -> int:
    paths = sorted(Path(corpus).glob("*.txt"))[:articles]
    if not paths:
        print(f"no .txt articles under {corpus}")
        return 1
    kind = "remote workers (python -m bot worker, PostgreSQL)" if remote else "local workers"
    print(f"{len(paths)} articles from {corpus}; {kind}, warmed before each run; 1 and 2 workers in turns")
    # In turns, and the median of each: this machine's speed drifts from one minute to the next
    # by more than the difference measured, so one run of each would mostly measure the drift.
    # Each round is a pair of runs next to each other, in the order 1, 2 then 2, 1 (a steady
    # drift favours neither), and the median of the rounds' ratios is given beside the ratio
    # of the medians.
    order = [workers for n in range(max(1, rounds)) for workers in ((1, 2) if n % 2 == 0 else (2, 1))]
    if remote:
        from bot.bench.remote_workers import run_remote_workers_bench

        runs = await run_remote_workers_bench(settings, paths, order)
    else:
        runs = [(workers, await _one_run(settings, paths, workers)) for workers in order]
    rates: dict[int, list[float]] = {1: [], 2: []}
    two_workers_delays: list[float] = []
    for workers, (elapsed, loop_delays, stored) in runs:
        rates[workers].append(stored / elapsed)
        if workers == 2:
            two_workers_delays += loop_delays
        print(
            f"{workers} worker(s): {stored} stored in {elapsed:.1f} s = {stored / elapsed:.2f} articles/s; "
            f"event loop delay p99 {_p99(loop_delays) * 1000:.1f} ms, worst {max(loop_delays, default=0) * 1000:.1f} ms"
        )
    one, two = statistics.median(rates[1]), statistics.median(rates[2])
    ratios = [b / a for a, b in zip(rates[1], rates[2], strict=True)]
    each = ", ".join(f"{ratio:.2f}" for ratio in ratios)
    print(f"median: 1 worker {one:.2f}, 2 workers {two:.2f} articles/s")
    print(f"2 workers ÷ 1 worker: {two / one:.2f}x the articles per second (ratio of the medians)")
    print(f"each round: {each}; their median {statistics.median(ratios):.2f}x")
    print(f"event loop delay p99 over all runs of 2 workers: {_p99(two_workers_delays) * 1000:.1f} ms")
    return 0
