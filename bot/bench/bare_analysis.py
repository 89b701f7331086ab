"""``bench workers --bare``: what this machine gives two analyses at once, without the bot.

The same articles analysed by the bot's own analysis pool (``ProcessPoolAnalyzer``: niced
processes, one numeric thread, the model loaded once), with 1 and with 2 processes, and
nothing else: no service, store, queue or gateway. Two processes on two cores reach 2 / d
times one's rate, d being how much slower an analysis runs while both cores are busy (shared
caches and memory; on a virtual machine, whatever else the host runs on the same cores). That
is the ceiling of the workers' ratio on this machine at this moment, measured in the same
rounds as the bot's runs; the bot's ratio below it is its own overhead.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from bot.bench.workers import WARM_ARTICLES_PER_WORKER, IngestRun, cpu_ticks, measured_run
from bot.config import Settings


def article_texts(paths: list[Path]) -> list[tuple[str, str | None]]:
    """Each file's text and title, as the bot extracts them when the file is shared."""
    from bot.ingest.extract import extract_file

    articles = [extract_file(p.read_bytes(), p.name) for p in paths]
    return [(a.text, a.title) for a in articles]


async def bare_run(settings: Settings, texts: list[tuple[str, str | None]], processes: int) -> IngestRun:
    """Analyse ``texts`` with ``processes`` analysis processes, warmed as the workers are
    (their longest articles first), timing only the analyses: all asked for at once, each
    process taking the next as it finishes one."""
    from bot.nlp.process_pool import ProcessPoolAnalyzer

    analyzer = ProcessPoolAnalyzer(settings.spacy_model, processes, settings.summary_sentences)
    try:
        await analyzer.warm()
        longest = sorted(texts, key=lambda t: len(t[0]), reverse=True)[: WARM_ARTICLES_PER_WORKER * processes]
        await asyncio.gather(*(analyzer.analyze(text, title) for text, title in longest))
        ticks_before = cpu_ticks()
        started = time.perf_counter()
        analyses = await asyncio.gather(*(analyzer.analyze(text, title) for text, title in texts))
        elapsed = time.perf_counter() - started
        ticks_after = cpu_ticks()
    finally:
        await analyzer.close()
    return measured_run(elapsed, [], len(analyses), ticks_before, ticks_after)
