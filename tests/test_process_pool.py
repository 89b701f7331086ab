"""The analysis processes (``bot.nlp.process_pool``): real spawned processes with the model."""

from __future__ import annotations

import asyncio
import os
import signal

import pytest

from bot.nlp.process_pool import AnalysisStopped, ProcessPoolAnalyzer
from tests.articles import HARBOR_STRIKE
from tests.conftest import MODEL

# long enough to be still under analysis a moment after it was sent (a few seconds' work)
LONG_TEXT = "\n\n".join(
    f"Harbor pilot Ines Varga said the tide tables for berth {n} were wrong again this week. "
    f"“We cannot bring ship number {n} in on guesses,” Varga told the port board on Tuesday."
    for n in range(400)
)


async def _once_started(pool: ProcessPoolAnalyzer) -> None:
    """Wait until a text has gone to the pool's one process (it is no longer idle)."""
    for _ in range(200):
        await asyncio.sleep(0.01)
        if pool._started and pool._idle.empty():
            return
    raise AssertionError("the analysis did not start")


async def _signalled_mid_analysis(pool: ProcessPoolAnalyzer, signal_number: int) -> tuple[int, asyncio.Task]:
    """The pool's one process, sent ``signal_number`` while it analyses the long text; its task."""
    await pool.warm()
    (pid,) = pool.pids()
    long = asyncio.create_task(pool.analyze(LONG_TEXT))
    await _once_started(pool)
    os.kill(pid, signal_number)
    return pid, long


def test_a_process_that_dies_mid_analysis_fails_that_article_alone_and_is_replaced():
    async def go():
        pool = ProcessPoolAnalyzer(MODEL, workers=1)
        try:
            first, long = await _signalled_mid_analysis(pool, signal.SIGKILL)  # as the out-of-memory killer would
            with pytest.raises(AnalysisStopped):
                await long
            analysis = await pool.analyze(HARBOR_STRIKE)  # waits for the new process
            return first, pool.pids(), analysis
        finally:
            await pool.close()

    first, now, analysis = asyncio.run(go())
    assert len(now) == 1 and now != [first]
    assert any(q.speaker == "Marta Quellin" for q in analysis.quotes)


def test_a_cancelled_analysis_lets_its_process_finish_before_the_next_text():
    async def go():
        pool = ProcessPoolAnalyzer(MODEL, workers=1)
        try:
            await pool.warm()
            long = asyncio.create_task(pool.analyze(LONG_TEXT))
            await _once_started(pool)
            long.cancel()  # a stop: the caller goes, the process is still on that text
            analysis = await pool.analyze(HARBOR_STRIKE)
            return long, analysis
        finally:
            await pool.close()

    long, analysis = asyncio.run(go())
    assert long.cancelled()
    # the answer is this text's, not the cancelled one's read in its place
    assert any(q.speaker == "Marta Quellin" for q in analysis.quotes)
    assert not any(q.speaker == "Ines Varga" for q in analysis.quotes)


def test_an_error_in_the_analysis_is_raised_here_and_the_process_goes_on():
    async def go():
        pool = ProcessPoolAnalyzer(MODEL, workers=1)
        try:
            with pytest.raises(TypeError):
                await pool.analyze(None)  # type: ignore[arg-type]
            before = pool.pids()
            await pool.analyze(HARBOR_STRIKE)
            return before, pool.pids()
        finally:
            await pool.close()
            assert pool.pids() == []

    before, after = asyncio.run(go())
    assert before == after  # the same process: an error is not a death


def test_sigterm_lets_a_busy_process_send_its_answer_before_it_ends():
    async def go():
        pool = ProcessPoolAnalyzer(MODEL, workers=1)
        try:
            # systemd stops every process of the service at once
            first, long = await _signalled_mid_analysis(pool, signal.SIGTERM)
            analysis = await long
            await pool.analyze(HARBOR_STRIKE)  # a new process took the ended one's place
            return first, pool.pids(), analysis
        finally:
            await pool.close()

    first, now, analysis = asyncio.run(go())
    assert any(q.speaker == "Ines Varga" for q in analysis.quotes)
    assert len(now) == 1 and now != [first]
