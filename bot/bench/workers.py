"""``python -m bot bench workers``: ingest throughput with 1 and with 2 analysis workers, and
how late the bot's event loop runs meanwhile (what the gateway would feel).

Every run goes through the real service (bulk ingest of the corpus's files, SQLite in a temporary
folder), each with its workers warmed first, so the rates compare analysis and storage alone.
Warm means as after a while in service: each worker has loaded its model and analysed a few of
the longest articles (``WARM_ARTICLES_PER_WORKER``, stored in a server of their own, not timed).
A new analysis process grows its heap over its first articles, up to what its longest needs:
~900 page faults an article over its first 20 (~10 ms of kernel time each), few once its longest
is done. Two new processes pay that twice over half the articles: the rates would compare start-ups.
Runs of 1 and of 2 workers take turns (``--rounds``, 3 of each), and the medians are compared.
``--remote``: the workers are ``python -m bot worker`` processes on PostgreSQL and this process
is the gateway (``bot.bench.remote_workers``). ``--bare``: each round also times the analysis
pool alone with 1 and 2 processes, the machine's own ceiling for the ratio (``bot.bench.bare_analysis``).

Each run also tells the host's steal time (Linux, ``/proc/stat``): the share of our CPUs' time
the hypervisor gave to other guests. Two busy workers need both CPUs at once, one needs one:
a run of 2 that the host took CPU time from is slower for a reason outside the bot. It tells
the machine's CPU time per article too, split as ``/proc/stat`` splits it: analysis runs at a
lower priority (``nice``), so its time is apart from the rest (the gateway, the workers' own
loops, PostgreSQL, the kernel). The rest is the bot's overhead, and does not drift with the
host's speed as the rates do.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import os
import statistics
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

from bot.bench.throughput import watch_loop
from bot.config import Settings
from bot.models import JobSpec, Sharer
from bot.service import NewsService

QUIET_STEAL = 0.01  # a run the host took at most this share of the CPUs from
WARM_ARTICLES_PER_WORKER = 4  # the longest articles, analysed by the workers before the clock starts
# The gateway's loop is looked at by timers 50 ms apart on average, at random moments: ~20 a
# second, ~1,000 over 10 runs of 2 workers. A timer every 10 ms took 24 ms of CPU a second
# (~2 ms of each article's 13 ms outside analysis) and preempted an analysis 8 times an
# article: the instrument was a share of the overhead it measures, which no gateway has.
LOOP_SAMPLE_SECONDS = 0.050


@dataclasses.dataclass(frozen=True)
class IngestRun:
    elapsed: float  # seconds to ingest the files
    loop_delays: list[float]  # how late the event loop's timers ran meanwhile
    stored: int
    steal: float | None  # the host's steal share of the CPUs meanwhile; None: not told
    cpu: CpuTicks | None = None  # the machine's CPU time meanwhile; None: not told

    @property
    def rate(self) -> float:
        return self.stored / self.elapsed

    def per_article(self) -> tuple[float, float] | None:
        """CPU ms per stored article: (analysis, the rest)."""
        if self.cpu is None or not self.stored:
            return None
        return (self.cpu.niced * TICK_MS / self.stored, self.cpu.rest * TICK_MS / self.stored)


# /proc/stat counts in USER_HZ ticks (100 a second on most machines; the system tells)
TICK_MS = 1000 / os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 10.0


@dataclasses.dataclass(frozen=True)
class CpuTicks:
    """Ticks of the machine's CPUs from Linux's /proc/stat: at ``nice`` above 0 (analysis),
    busy otherwise (user, system, interrupts), stolen by the host, and all of them."""

    niced: int
    rest: int
    steal: int
    total: int

    def __sub__(self, other: CpuTicks) -> CpuTicks:
        return CpuTicks(self.niced - other.niced, self.rest - other.rest, self.steal - other.steal,
                        self.total - other.total)  # fmt: skip


def cpu_ticks() -> CpuTicks | None:
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [int(x) for x in stat.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    if len(fields) != 8:
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return CpuTicks(nice, user + system + irq + softirq, steal, sum(fields))


async def _one_run(settings: Settings, paths: list[Path], workers: int) -> IngestRun:
    from bot.app import open_service

    with tempfile.TemporaryDirectory() as tmp:
        async with open_service(dataclasses.replace(settings, nlp_workers=workers), Path(tmp) / "w.db") as service:
            await service.warm_analysis()
            return await timed_ingest(service, paths, workers)


def file_specs(paths: list[Path]) -> list[JobSpec]:
    """The files as ingest jobs, as ``python -m bot ingest`` makes them."""
    return [JobSpec("file", p.name, p.read_bytes()) for p in paths]


async def timed_ingest(service: NewsService, paths: list[Path], workers: int) -> IngestRun:
    """Ingest ``paths`` under the clock, once the workers are warm (the module's docstring):
    first their longest ones, in a server of their own, done longest first, which spreads the
    longest over the workers as they take them."""
    longest = sorted(paths, key=lambda p: p.stat().st_size, reverse=True)[: WARM_ARTICLES_PER_WORKER * workers]
    await service.intake.ingest_specs(file_specs(longest), Sharer("bench-warm-up"))
    specs = file_specs(paths)
    delays: list[float] = []
    stop = asyncio.Event()
    watcher = asyncio.create_task(watch_loop(delays, stop, LOOP_SAMPLE_SECONDS, random_periods=True))
    ticks_before = cpu_ticks()
    started = time.perf_counter()
    outcomes = await service.intake.ingest_specs(specs, Sharer("bench"))
    elapsed = time.perf_counter() - started
    ticks_after = cpu_ticks()
    stop.set()
    await watcher
    return measured_run(elapsed, delays, sum(o.created for o in outcomes), ticks_before, ticks_after)


def measured_run(
    elapsed: float, loop_delays: list[float], stored: int, before: CpuTicks | None, after: CpuTicks | None
) -> IngestRun:
    """A run, with the machine's CPU time between the ``cpu_ticks()`` read before and after it."""
    used = after - before if before and after else None
    steal = used.steal / used.total if used and used.total > 0 else None
    return IngestRun(elapsed, loop_delays, stored, steal, used)


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(0.99 * (len(ordered) - 1))] if ordered else 0.0


async def run_workers_bench(
    settings: Settings, corpus: str, articles: int = 60, remote: bool = False, rounds: int = 3, bare: bool = False
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
    # of the medians. With ``bare``, each round also has a pair of bare analysis runs, beside
    # the bot's, in the other order (bot 1, 2, bare 2, 1; then bare 1, 2, bot 2, 1).
    runs: list[tuple[int, IngestRun]] = []
    bare_runs: list[tuple[int, IngestRun]] = []
    async with _bot_runs(settings, paths, remote) as bot_run:
        steps = [(runs, bot_run, 1), (runs, bot_run, 2)]
        if bare:
            from bot.bench.bare_analysis import article_texts, bare_run

            analyse = functools.partial(bare_run, settings, article_texts(paths))
            steps += [(bare_runs, analyse, 2), (bare_runs, analyse, 1)]
        for n in range(max(1, rounds)):
            for into, run, count in steps if n % 2 == 0 else reversed(steps):
                into.append((count, await run(count)))
    _report_bot(runs)
    if bare_runs:
        _report_bare(bare_runs, runs)
    return 0


@contextlib.asynccontextmanager
async def _bot_runs(
    settings: Settings, paths: list[Path], remote: bool
) -> AsyncIterator[Callable[[int], Awaitable[IngestRun]]]:
    if remote:
        from bot.bench.remote_workers import remote_runs

        async with remote_runs(settings, paths) as run:
            yield run
    else:
        yield functools.partial(_one_run, settings, paths)


def _rounds(runs: list[tuple[int, IngestRun]]) -> list[dict[int, IngestRun]]:
    """Each round's {1: run, 2: run} (``runs`` is in rounds of two)."""
    return [dict(runs[k : k + 2]) for k in range(0, len(runs) - 1, 2)]


def _round_ratios(runs: list[tuple[int, IngestRun]]) -> tuple[float, float, list[float]]:
    """The median rates of 1 and of 2, and each round's ratio."""
    one = statistics.median(run.rate for workers, run in runs if workers == 1)
    two = statistics.median(run.rate for workers, run in runs if workers == 2)
    return one, two, [pair[2].rate / pair[1].rate for pair in _rounds(runs)]


def _report_bot(runs: list[tuple[int, IngestRun]]) -> None:
    two_workers_delays: list[float] = []
    for workers, run in runs:
        if workers == 2:
            two_workers_delays += run.loop_delays
        print(
            f"{workers} worker(s): {run.stored} stored in {run.elapsed:.1f} s = {run.rate:.2f} articles/s; "
            f"event loop delay p99 {_p99(run.loop_delays) * 1000:.1f} ms, "
            f"worst {max(run.loop_delays, default=0) * 1000:.1f} ms{_steal_note(run.steal)}{_cpu_note(run)}"
        )
    one, two, ratios = _round_ratios(runs)
    each = ", ".join(f"{ratio:.2f}" for ratio in ratios)
    print(f"median: 1 worker {one:.2f}, 2 workers {two:.2f} articles/s")
    print(f"2 workers ÷ 1 worker: {two / one:.2f}x the articles per second (ratio of the medians)")
    print(f"each round: {each}; their median {statistics.median(ratios):.2f}x")
    _print_quiet_rounds(_rounds(runs))
    _print_cpu(runs)
    print(f"event loop delay p99 over all runs of 2 workers: {_p99(two_workers_delays) * 1000:.1f} ms "
          f"({len(two_workers_delays)} timers)")  # fmt: skip


def _report_bare(bare_runs: list[tuple[int, IngestRun]], runs: list[tuple[int, IngestRun]]) -> None:
    """Bare analysis's runs, its ratio (this machine's ceiling, ``bench.bare_analysis``), and the
    bot's beside it: overall, and round by round (the two pairs of a round ran minutes apart at most)."""
    print("bare analysis (the bot's analysis pool alone: no service, store or gateway), in the same rounds:")
    for processes, run in bare_runs:
        print(
            f"  {processes} process(es): {run.stored} analysed in {run.elapsed:.1f} s = {run.rate:.2f} articles/s"
            f"{_steal_note(run.steal)}{_cpu_note(run)}"
        )
    one, two, ratios = _round_ratios(bare_runs)
    each = ", ".join(f"{ratio:.2f}" for ratio in ratios)
    print(f"bare analysis, 2 processes ÷ 1: {two / one:.2f}x (ratio of the medians); each round: {each}; "
          f"their median {statistics.median(ratios):.2f}x")  # fmt: skip
    _print_cpu(bare_runs, bare=True)
    bot_one, bot_two, bot_ratios = _round_ratios(runs)
    shares = [bot / ceiling for bot, ceiling in zip(bot_ratios, ratios, strict=True)]
    print(
        f"the bot's ratio is {bot_two / bot_one / (two / one):.0%} of bare analysis's (ratio of the medians); "
        f"round by round: {', '.join(f'{share:.0%}' for share in shares)}, their median {statistics.median(shares):.0%}"
    )


def _steal_note(steal: float | None) -> str:
    return "" if steal is None else f"; host steal {100 * steal:.1f}%"


def _cpu_note(run: IngestRun) -> str:
    shares = run.per_article()
    return "" if shares is None else f"; CPU an article: analysis {shares[0]:.0f} ms, the rest {shares[1]:.1f} ms"


def _print_cpu(runs: list[tuple[int, IngestRun]], bare: bool = False) -> None:
    """The median CPU time of an article's analysis, and outside it, with 1 and with 2 workers
    (``bare``: analysis processes alone).

    Two workers reach 2 / (d + rest / analysis) times one worker's rate, where d is how much
    slower an analysis runs while both CPUs are busy (the machine's shared caches and memory,
    and on a virtual machine whatever shares the host's cores): the figures for that."""
    shares = {n: [s for workers, run in runs if workers == n and (s := run.per_article())] for n in (1, 2)}
    if not (shares[1] and shares[2]):
        return
    analysis = {n: statistics.median(s[0] for s in shares[n]) for n in (1, 2)}
    rest = {n: statistics.median(s[1] for s in shares[n]) for n in (1, 2)}
    who, outside = ("process", "anything else") if bare else ("worker", "gateway, workers' loops, store, kernel")
    print(
        f"{'bare analysis, ' if bare else ''}CPU an article, median: analysis {analysis[1]:.0f} ms with 1 {who}, "
        f"{analysis[2]:.0f} ms with 2 (d = {analysis[2] / analysis[1]:.3f}); outside analysis ({outside}) "
        f"{rest[1]:.1f} ms with 1, {rest[2]:.1f} ms with 2"
    )


def _print_quiet_rounds(pairs: list[dict[int, IngestRun]]) -> None:
    """The ratios of the rounds whose two runs the host took at most QUIET_STEAL of the CPUs from."""
    if any(run.steal is None for pair in pairs for run in pair.values()):
        return
    quiet = [p[2].rate / p[1].rate for p in pairs if max(p[1].steal or 0, p[2].steal or 0) <= QUIET_STEAL]
    if not quiet:
        print(f"no round had host steal at most {100 * QUIET_STEAL:.0f}% in both runs")
        return
    each = ", ".join(f"{ratio:.2f}" for ratio in quiet)
    print(
        f"rounds the host took at most {100 * QUIET_STEAL:.0f}% of the CPUs from: {len(quiet)} of "
        f"{len(pairs)}: {each}; their median {statistics.median(quiet):.2f}x"
    )
