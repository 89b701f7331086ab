"""``python -m bot bench memory``: the memory of each process, idle and at work.

Measures, on Linux (from ``/proc``):
- raw spaCy: a fresh process that loads the model and parses one article, nothing of ours;
- the bot's own process idle: discord.py, the cogs and the service imported, the store open,
  no analysis (what ``python -m bot run`` holds before anyone shares a link);
- each analysis worker once warm, against raw spaCy;
- every process's peak during an ingest of ``--articles`` files of the corpus;
- a worker's peak on one text of about 100,000 words, and whether its last quotation was found.
"""

from __future__ import annotations

import asyncio
import importlib
import multiprocessing
import re
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bot.bench.processes import peak_mb, rss_mb, worker_pids
from bot.bench.size import joined_texts
from bot.bench.workers import file_specs
from bot.config import Settings
from bot.models import Sharer
from bot.text import count_words

LONG_WORDS = 100_000
SAMPLE_SECONDS = 0.1
_QUOTE_MARK = re.compile(r"[“”\"]")


def _raw_spacy(model: str, text: str) -> tuple[float, float]:
    import spacy

    nlp = spacy.load(model.replace("-", "_"))
    nlp(text)
    return rss_mb(), peak_mb()


def raw_spacy_rss(model: str, text: str) -> tuple[float, float]:
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(_raw_spacy, model, text).result()


class Sampler:
    """The highest RSS seen of each process, sampled in the background."""

    def __init__(self) -> None:
        self.peaks: dict[int, float] = {}
        self._task: asyncio.Task | None = None

    async def _run(self) -> None:
        while True:
            for pid in [0, *worker_pids()]:
                self.peaks[pid] = max(self.peaks.get(pid, 0.0), rss_mb(pid or None))
            await asyncio.sleep(SAMPLE_SECONDS)

    def __enter__(self) -> Sampler:
        self._task = asyncio.create_task(self._run())
        return self

    def __exit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()


def _mb(values: list[float]) -> str:
    return ", ".join(f"{v:.0f}" for v in values) + " MB"


async def run_memory_bench(settings: Settings, corpus: str, articles: int = 100) -> int:
    from bot.app import open_service

    corpus_paths = sorted(Path(corpus).glob("*.txt"))
    paths = corpus_paths[:articles]
    if not paths:
        print(f"no .txt articles under {corpus}")
        return 1
    raw, raw_peak = await asyncio.to_thread(raw_spacy_rss, settings.spacy_model, paths[0].read_text(encoding="utf-8"))
    print(f"raw spaCy ({settings.spacy_model} loaded, one article parsed): {raw:.0f} MB (peak {raw_peak:.0f} MB)")
    for module in ("discord", "bot.discordbot.client", "cogs.links", "cogs.reading", "cogs.digests"):
        importlib.import_module(module)  # what the Discord process imports besides the service
    with tempfile.TemporaryDirectory() as tmp:
        async with open_service(settings, Path(tmp) / "memory.db") as service:
            print(f"the bot's own process idle (discord.py, cogs, store open, no analysis): {rss_mb():.0f} MB")
            started = time.perf_counter()
            await service.warm_analysis()
            workers = worker_pids()
            warm = [rss_mb(pid) for pid in workers]
            share = 100 * (max(warm) / raw - 1) if warm else 0.0
            print(
                f"{len(workers)} workers warm in {time.perf_counter() - started:.1f} s: {_mb(warm)} "
                f"(raw spaCy {share:+.0f}%)"
            )
            specs = file_specs(paths)
            with Sampler() as sampler:
                started = time.perf_counter()
                outcomes = await service.intake.ingest_specs(specs, Sharer("local"))
                seconds = time.perf_counter() - started
            stored = sum(o.created for o in outcomes)
            print(
                f"ingest of {len(specs)} articles ({stored} stored) in {seconds:.0f} s: the bot's process peak "
                f"{sampler.peaks.get(0, 0):.0f} MB; workers peak {_mb([sampler.peaks.get(p, 0) for p in workers])}"
            )
            await _long_text_run(service, corpus_paths)
    return 0


async def _long_text_run(service, paths: list[Path]) -> None:
    (text,) = joined_texts(paths, LONG_WORDS)
    words = count_words(text)
    started = time.perf_counter()
    analysis = await service.analyzer.analyze(text, None)
    seconds = time.perf_counter() - started
    last_mark = max((m.start() for m in _QUOTE_MARK.finditer(text)), default=-1)
    last_quote = max((q.end for q in analysis.quotes if q.direct), default=-1)
    covered = f"the first {analysis.analysed_words:,} words" if analysis.analysed_words else "all of it"
    print(
        f"a {words:,}-word text ({len(text):,} characters), analysed {covered} in {seconds:.0f} s: last direct quote "
        f"ends at character {last_quote:,}, the last quotation mark is at {last_mark:,}; "
        f"workers peak {_mb([peak_mb(pid) for pid in worker_pids()])}"
    )
