"""Running analysis off the event loop.

``ProcessPoolAnalyzer`` (``bot.nlp.process_pool``) keeps analysis processes, each loading the
spaCy model once (parsing holds the GIL, so threads would not help and would stall the loop).
``InlineAnalyzer`` runs in a thread of this process: for tests and one-shot commands with a
single worker.
"""

from __future__ import annotations

import asyncio
import ctypes
import os
from collections.abc import Callable
from typing import Any, Protocol

from bot.models import Analysis


class Analyzer(Protocol):
    async def analyze(self, text: str, title: str | None = None) -> Analysis: ...

    async def warm(self) -> None:
        """Have every worker load its model now (all at once), not at its first analysis."""

    async def close(self) -> None: ...


# Analysis is batch work: when the cores are busy, the processes that answer Discord and feed
# the store (the gateway, a worker's own loop, PostgreSQL) run first, and analysis takes the rest.
ANALYSIS_NICENESS = 10


NUMERIC_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")


def one_numeric_thread() -> None:
    """One thread for each numeric library (unless the environment names a number).

    An analysis is small matrices, one after another: a library's extra threads would only
    share out the cores the pool already shares out, and spin while they wait (twice the CPU
    for the same analysis). The libraries read these once, when imported, so call this before
    anything imports numpy; spawned workers inherit it.
    """
    for variable in NUMERIC_THREAD_VARIABLES:
        os.environ.setdefault(variable, "1")


# glibc's mallopt parameters, and the values for an analysis process (see reuse_freed_memory)
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
KEPT_FREE_BYTES, OWN_MAPPING_BYTES = 64 << 20, 4 << 20


def reuse_freed_memory() -> bool:
    """Keep the memory an analysis frees for the next one (glibc; elsewhere nothing changes).

    Each article allocates and frees tens of MB of arrays. By default glibc gives the top of
    its heap back to the kernel when more than a few MB are free there, and takes it again at
    the next article: ~1,100 page faults an article, 2-5 ms of kernel time that the other
    core's work waits for. Now up to 64 MB free is kept (a warm worker holds ~150 MB); arrays
    over 4 MB still get mappings of their own, returned as soon as they are freed.
    """
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_TRIM_THRESHOLD, KEPT_FREE_BYTES)) and bool(mallopt(M_MMAP_THRESHOLD, OWN_MAPPING_BYTES))


def init_analysis_process(model: str) -> Any:
    """Set up a new analysis process (``bot.nlp.process_pool``) and load its model; returns it."""
    one_numeric_thread()
    reuse_freed_memory()
    from bot.nlp.pipeline import load_model

    os.nice(ANALYSIS_NICENESS)
    return load_model(model)


class InlineAnalyzer:
    """Analysis in a worker thread of this process, with a model loaded here (or given)."""

    def __init__(self, model: str | None = None, nlp=None, summary_sentences: int = 3):
        if nlp is None:
            from bot.nlp.pipeline import load_model

            if model is None:
                raise ValueError("InlineAnalyzer needs a model name or a loaded model")
            nlp = load_model(model)
        self.nlp = nlp
        self.summary_sentences = summary_sentences
        self._lock = asyncio.Lock()

    async def analyze(self, text: str, title: str | None = None) -> Analysis:
        from bot.nlp.pipeline import analyze_text

        async with self._lock:  # one Language object is not safe to share between threads
            return await asyncio.to_thread(analyze_text, self.nlp, text, title, self.summary_sentences)

    async def warm(self) -> None:
        return None  # the model was loaded by the constructor

    async def close(self) -> None:
        return None


def make_analyzer(model: str, workers: int, summary_sentences: int = 3) -> Analyzer:
    if workers <= 0:
        return InlineAnalyzer(model, summary_sentences=summary_sentences)
    from bot.nlp.process_pool import ProcessPoolAnalyzer

    return ProcessPoolAnalyzer(model, workers, summary_sentences)


class LazyAnalyzer:
    """Starts the real analyzer on first use: ``ask`` and listing commands never load a model."""

    def __init__(self, factory: Callable[[], Analyzer]):
        self._factory = factory
        self._analyzer: Analyzer | None = None
        self._starting = asyncio.Lock()  # analyses asked for at once start one analyzer

    async def _started(self) -> Analyzer:
        if self._analyzer is None:
            async with self._starting:
                if self._analyzer is None:
                    self._analyzer = await asyncio.to_thread(self._factory)
        return self._analyzer

    async def analyze(self, text: str, title: str | None = None) -> Analysis:
        return await (await self._started()).analyze(text, title)

    async def warm(self) -> None:
        await (await self._started()).warm()

    async def close(self) -> None:
        if self._analyzer is not None:
            await self._analyzer.close()
