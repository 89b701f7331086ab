"""``python -m bot bench throughput``: ingest throughput through the service, beside raw spaCy.

Ingests N PolNeAR articles through the real service (process pool, SQLite in a temporary
folder) while a 10 ms timer measures how late the event loop runs; then parses the same texts
with ``nlp.pipe`` using the same number of processes; then times our analysis alone on
parsed documents, as a share of the parse time.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import time
from pathlib import Path

from bot.config import Settings
from bot.models import Sharer


async def watch_loop(
    delays: list[float], stop: asyncio.Event, period: float = 0.010, *, random_periods: bool = False
) -> None:
    """How late each of this loop's timers runs, one timer after another, until ``stop``: each
    ``period`` long, or with ``random_periods`` of random lengths that average ``period`` (an
    exponential distribution: timers due at random moments, in step with no periodic work, so
    their lateness is that of a callback at any moment, however few there are)."""
    loop = asyncio.get_running_loop()
    draw = random.Random(1234).expovariate
    while not stop.is_set():
        wait = draw(1 / period) if random_periods else period
        start = loop.time()
        await asyncio.sleep(wait)
        delays.append(max(0.0, loop.time() - start - wait))


def _raw_spacy(model: str, texts: list[str], processes: int) -> tuple[float, int]:
    from bot.nlp.pipeline import load_model

    nlp = load_model(model)
    started = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, n_process=max(1, processes), batch_size=8))
    return time.perf_counter() - started, tokens


def _analysis_share(model: str, texts: list[str]) -> tuple[float, float]:
    from bot.nlp.pipeline import analyze_doc, load_model

    nlp = load_model(model)
    started = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=8))
    parse = time.perf_counter() - started
    started = time.perf_counter()
    for doc in docs:
        analyze_doc(doc)
    return parse, time.perf_counter() - started


async def run_bench(settings: Settings, articles: int, corpus: str) -> int:
    from bot.app import open_service

    paths = sorted(Path(corpus).glob("*.txt"))[:articles]
    if not paths:
        print(f"no .txt articles under {corpus} (the benchmark reads ../shared/corpora/polnear/dev)")
        return 1
    texts = [p.read_text(encoding="utf-8") for p in paths]
    workers = max(1, settings.nlp_workers)
    print(f"{len(texts)} articles from {corpus}, {workers} worker processes, model {settings.spacy_model}")

    with tempfile.TemporaryDirectory() as tmp:
        async with open_service(settings, Path(tmp) / "bench.db") as service:
            started = time.perf_counter()
            await service.analyzer.analyze("Warm-up text. The workers load the model now.", None)
            print(f"pool start (model load): {time.perf_counter() - started:.1f} s")
            delays: list[float] = []
            stop = asyncio.Event()
            watcher = asyncio.create_task(watch_loop(delays, stop))
            limit = asyncio.Semaphore(2 * workers)
            sharer = Sharer("bench", user_id=0, user_name="bench")

            async def one(i: int, text: str):
                async with limit:
                    return await service.intake.ingest_text(text, sharer, name=f"article {i}")

            started = time.perf_counter()
            outcomes = await asyncio.gather(*(one(i, t) for i, t in enumerate(texts)))
            elapsed = time.perf_counter() - started
            stop.set()
            await watcher
    stored = [o.article for o in outcomes if o.article is not None]
    tokens = sum(a.tokens for a in stored)
    print(
        f"service ingest: {len(stored)} articles in {elapsed:.1f} s = {len(stored) / elapsed:.2f} articles/s, "
        f"{tokens / elapsed:,.0f} tokens/s"
    )
    ordered = sorted(delays)
    p99 = ordered[int(0.99 * (len(ordered) - 1))] if ordered else 0.0
    print(
        f"event loop delay (10 ms timer, {len(delays)} ticks): worst {max(delays, default=0) * 1000:.1f} ms, "
        f"p99 {p99 * 1000:.1f} ms, median {statistics.median(delays or [0]) * 1000:.2f} ms"
    )
    # Synchronously: spaCy's own worker processes want to be started from the main thread.
    raw_time, raw_tokens = _raw_spacy(settings.spacy_model, texts, workers)
    print(
        f"raw spaCy nlp.pipe(n_process={workers}): {raw_time:.1f} s = {len(texts) / raw_time:.2f} articles/s, "
        f"{raw_tokens / raw_time:,.0f} tokens/s (process start included)"
    )
    parse, extra = _analysis_share(settings.spacy_model, texts)
    print(
        f"analysis after parsing (one process): {extra:.2f} s beside {parse:.2f} s of parsing"
        f" = {100 * extra / parse:.1f}% extra"
    )
    return 0
