"""Analysis processes, each talking to the event loop over a socket of its own.

Each process is spawned, loads the model once, and then analyses one text at a time: the loop
writes a request (the pickled text) and reads the pickled analysis back as the process sends
it, with no thread between them. ``concurrent.futures.ProcessPoolExecutor`` passed each task
through three threads of this process (its manager, a queue's feeder, the loop's wake-up):
~0.85 ms an article, and as many wakeups, each preempting an analysis on a busy machine. It is
also broken for good once one process dies (out of memory, a crash in a parser): every later
analysis fails. Here the job in hand fails with a reason, and a new process takes the slot.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import multiprocessing
import os
import pickle
import select
import signal
import socket
import struct
from typing import Any

from bot.errors import IngestError
from bot.models import Analysis

log = logging.getLogger(__name__)

_HEADER = struct.Struct("!Q")  # each message: its length, then the pickle
LARGE_MESSAGE = 1 << 20  # bytes: pickled or unpickled in a thread, off the event loop
STOP_SECONDS = 5.0  # a closing process's wait to end by itself before it is killed


class AnalysisStopped(IngestError):
    """The process analysing an article ended before it answered (killed, out of memory)."""


# ------------------------------------------------------------------ the analysis process


def _framed(message: Any) -> bytes:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEADER.pack(len(data)) + data


def _send(sock: socket.socket, message: Any) -> None:
    sock.sendall(_framed(message))


def _receive(sock: socket.socket, state: dict[str, bool]) -> Any:
    """The next message, or None when the other end closed its socket; ``state["busy"]`` is
    set once it has begun to arrive."""
    header = _read_exactly(sock, _HEADER.size)
    if header is None:
        return None
    state["busy"] = True
    data = _read_exactly(sock, _HEADER.unpack(header)[0])
    return None if data is None else pickle.loads(data)


def _read_exactly(sock: socket.socket, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _serve(sock: socket.socket, model: str, summary_sentences: int) -> None:
    """An analysis process's life: load the model, say so, then answer each request until the
    bot closes the socket. Ctrl-C is the bot's to act on (it closes the socket when it stops).
    SIGTERM (a service manager stopping every process of the service at once) ends the process
    when it is idle, else once its answer is sent: the bot, stopping too, drops that answer and
    the article's job stays unfinished for the next start, not failed by a vanished process."""
    from bot.nlp.pool import init_analysis_process

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    state = {"busy": False, "stopping": False}

    def on_sigterm(_signal: int, _frame: object) -> None:
        if not state["busy"] and not select.select([sock], [], [], 0)[0]:  # no request sent yet
            raise SystemExit(0)
        state["stopping"] = True

    signal.signal(signal.SIGTERM, on_sigterm)
    try:
        nlp = init_analysis_process(model)
    except Exception as exc:
        _send(sock, ("failed", f"{type(exc).__name__}: {exc}"))
        return
    from bot.nlp.pipeline import analyze_text

    with contextlib.suppress(ConnectionError):  # the bot closed the socket mid-analysis: it stops
        _send(sock, ("ready", os.getpid()))
        while (request := _receive(sock, state)) is not None:
            text, title = request
            answer: tuple[str, Analysis | Exception]
            try:
                answer = ("ok", analyze_text(nlp, text, title, summary_sentences))
            except Exception as exc:  # the bot logs it as the failure of that article
                answer = ("error", _picklable(exc))
            _send(sock, (*answer, state["stopping"]))  # the last: this process ends after it
            state["busy"] = False
            if state["stopping"]:
                return


def _picklable(exc: Exception) -> Exception:
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


# ------------------------------------------------------------------ the bot's side


async def _off_loop_if_large(size: int, function, *args):
    return await asyncio.to_thread(function, *args) if size > LARGE_MESSAGE else function(*args)


class AnalysisProcess:
    """One spawned analysis process and the bot's end of its socket: one exchange at a time."""

    def __init__(self, context: multiprocessing.context.SpawnContext, model: str, summary_sentences: int):
        ours, theirs = socket.socketpair()
        self.process = context.Process(
            target=_serve, args=(theirs, model, summary_sentences), name="newsdesk-analysis", daemon=True
        )
        try:
            self.process.start()
        finally:
            theirs.close()
        self._socket = ours
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self.alive = True

    @property
    def pid(self) -> int | None:
        return self.process.pid

    async def start(self) -> None:
        """Wait until the process has loaded its model; RuntimeError when it could not."""
        self._reader, self._writer = await asyncio.open_connection(sock=self._socket)
        try:
            kind, detail, *_ = await self._read()
        except (ConnectionError, asyncio.IncompleteReadError):
            kind, detail = "failed", "it ended while loading the model"
        if kind != "ready":
            self.alive = False
            raise RuntimeError(f"the analysis process could not start: {detail}")

    async def exchange(self, text: str, title: str | None) -> Analysis:
        assert self._writer is not None
        request = await _off_loop_if_large(len(text), _framed, (text, title))
        try:
            self._writer.write(request)
            await self._writer.drain()
            kind, detail, last = await self._read()
        except (ConnectionError, asyncio.IncompleteReadError) as exc:
            self.alive = False
            raise AnalysisStopped("the analysis of that article was cut short (its process ended); try again") from exc
        if last:  # it was asked to stop (SIGTERM) and ends now: another takes its place
            self.alive = False
        if kind == "error":
            raise detail
        return detail

    async def _read(self) -> tuple:
        assert self._reader is not None
        size = _HEADER.unpack(await self._reader.readexactly(_HEADER.size))[0]
        data = await self._reader.readexactly(size)
        return await _off_loop_if_large(size, pickle.loads, data)

    async def close(self) -> None:
        """Close the socket (the process ends at its next read), wait, and kill it if it lingers."""
        self.alive = False
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(ConnectionError):
                await self._writer.wait_closed()
        else:
            self._socket.close()
        await asyncio.to_thread(self.process.join, STOP_SECONDS)
        if self.process.is_alive():  # still analysing, and SIGTERM would wait for the end (``_serve``)
            self.process.kill()
            await asyncio.to_thread(self.process.join, STOP_SECONDS)


RESTART_SECONDS = (1.0, 60.0)  # a replacement that fails to start is tried again, waiting up to a minute


class ProcessPoolAnalyzer:
    """``workers`` analysis processes, started together at the first analysis (or ``warm``);
    an analysis waits for the first free one, in the order they were asked for."""

    def __init__(self, model: str, workers: int = 2, summary_sentences: int = 3):
        self.workers = max(1, workers)
        self._model = model
        self._summary_sentences = summary_sentences
        # "spawn": a forked child would inherit the event loop's threads and sockets
        self._context = multiprocessing.get_context("spawn")
        self._idle: asyncio.Queue[AnalysisProcess] = asyncio.Queue()
        self._processes: set[AnalysisProcess] = set()
        self._replacing: set[asyncio.Task] = set()
        self._starting = asyncio.Lock()
        self._started = False
        self._closing = False

    def _new_process(self) -> AnalysisProcess:
        return AnalysisProcess(self._context, self._model, self._summary_sentences)

    async def warm(self) -> None:
        if self._started:
            return
        async with self._starting:
            if self._started:
                return
            processes = [self._new_process() for _ in range(self.workers)]
            started = await asyncio.gather(*(p.start() for p in processes), return_exceptions=True)
            failed = [outcome for outcome in started if isinstance(outcome, BaseException)]
            if failed:
                await asyncio.gather(*(p.close() for p in processes))
                raise failed[0]
            for process in processes:
                self._processes.add(process)
                self._idle.put_nowait(process)
            self._started = True

    async def analyze(self, text: str, title: str | None = None) -> Analysis:
        await self.warm()
        process = await self._idle.get()
        if self._closing:
            raise AnalysisStopped("the bot is stopping; share that article again once it is back")
        # The exchange is the process's, not the caller's: a caller cancelled meanwhile (a stop)
        # leaves it to end, and the process takes its next text only once its answer is read.
        exchange = asyncio.ensure_future(process.exchange(text, title))
        exchange.add_done_callback(functools.partial(self._exchanged, process))
        return await asyncio.shield(exchange)

    def _exchanged(self, process: AnalysisProcess, exchange: asyncio.Future) -> None:
        if not exchange.cancelled():
            exchange.exception()  # retrieved here too: its caller may have gone
        if process.alive:
            self._idle.put_nowait(process)
            return
        self._processes.discard(process)
        if not self._closing:
            task = asyncio.ensure_future(self._replace(process))
            self._replacing.add(task)
            task.add_done_callback(self._replacing.discard)

    async def _replace(self, ended: AnalysisProcess) -> None:
        await ended.close()
        log.warning("analysis process %s ended (exit status %s); starting another", ended.pid, ended.process.exitcode)
        wait, longest = RESTART_SECONDS
        while not self._closing:
            process = self._new_process()
            try:
                await process.start()
            except Exception:
                log.exception("could not start an analysis process; trying again in %g s", wait)
                await process.close()
                await asyncio.sleep(wait)
                wait = min(2 * wait, longest)
                continue
            self._processes.add(process)
            self._idle.put_nowait(process)
            return

    def pids(self) -> list[int]:
        return sorted(p.pid for p in self._processes if p.pid is not None)

    async def close(self) -> None:
        self._closing = True
        for task in self._replacing:
            task.cancel()
        await asyncio.gather(*self._replacing, return_exceptions=True)
        await asyncio.gather(*(p.close() for p in self._processes))
        self._processes.clear()
