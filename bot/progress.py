"""What ``python -m bot ingest`` tells while it works and when it is done.

On a terminal one line is rewritten as articles are done (done/total, articles per second,
time left); with ``--quiet`` or when the output is a file or a pipe nothing is printed until
the end. Then one summary: how many were stored, already stored and failed, with the reason for
each failure. A short run (``LIST_EACH`` inputs or fewer) also lists every input's line.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

from bot.cards import PlainFormatter, render_text
from bot.replies import ingest_card
from bot.results import IngestOutcome
from bot.text import clip, plural

LIST_EACH = 10
REDRAW_SECONDS = 0.2  # at most five redraws a second, however fast articles are done


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


class IngestProgress:
    def __init__(self, out: TextIO | None = None, *, quiet: bool = False, clock: Callable[[], float] = time.monotonic):
        self.out = out or sys.stdout
        self.live = not quiet and self.out.isatty()
        self.clock = clock
        self.started = clock()
        self.total = 0
        self.outcomes: list[IngestOutcome] = []
        self._drawn_at = float("-inf")

    def expect(self, count: int) -> None:
        self.total += count

    def told(self, outcome: IngestOutcome) -> None:
        self.outcomes.append(outcome)
        now = self.clock()
        if self.live and (now - self._drawn_at >= REDRAW_SECONDS or len(self.outcomes) == self.total):
            self._drawn_at = now
            self.out.write(f"\r\x1b[2K{self.status_line(now)}")
            self.out.flush()

    def status_line(self, now: float) -> str:
        done, elapsed = len(self.outcomes), max(now - self.started, 1e-9)
        rate = done / elapsed
        line = f"{done}/{self.total} · {rate:.1f} articles/s"
        if 0 < done < self.total:
            line += f" · about {_duration((self.total - done) / rate)} left"
        return line

    @property
    def failed(self) -> list[IngestOutcome]:
        return [o for o in self.outcomes if not o.ok]

    def final_lines(self) -> list[str]:
        lines = []
        if len(self.outcomes) <= LIST_EACH:
            lines += [render_text([ingest_card(PlainFormatter(), o)]) for o in self.outcomes]
        stored = sum(o.created for o in self.outcomes)
        already = sum(o.ok and not o.created for o in self.outcomes)
        elapsed = self.clock() - self.started
        counts = [plural(stored, "article") + " stored"]
        if already:
            counts.append(f"{already} already stored")
        if self.failed:
            counts.append(f"{len(self.failed)} failed")
        lines.append(f"Done: {', '.join(counts)} ({len(self.outcomes)} in {_duration(elapsed)}).")
        if self.failed and len(self.outcomes) > LIST_EACH:
            lines.append("Failed:")
            lines += [f"  {clip(o.source, 200)}: {o.error}" for o in self.failed]
        return lines

    def finish(self) -> None:
        if self.live and self.outcomes:
            self.out.write("\r\x1b[2K")
        self.out.write("\n".join(self.final_lines()) + "\n")
        self.out.flush()
