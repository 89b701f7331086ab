"""The ingest command's progress line and its summary."""

import io

from bot.models import ArticleRecord
from bot.progress import IngestProgress
from bot.results import IngestOutcome


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def stored(n: int, created: bool = True) -> IngestOutcome:
    article = ArticleRecord(
        n, "local", f"Invented story {n}", None, None, None, None, None, None, None, "2026", 9, number=n
    )
    return IngestOutcome(f"story{n}.txt", article, created=created)


def test_a_terminal_sees_done_total_rate_and_time_left_then_one_summary():
    out, clock = Terminal(), Clock()
    progress = IngestProgress(out, clock=clock)
    progress.expect(40)
    for n in range(1, 11):
        clock.now += 0.5
        progress.told(stored(n))
    assert "10/40 · 2.0 articles/s · about 15 s left" in out.getvalue()
    for n in range(11, 40):
        clock.now += 0.5
        progress.told(stored(n, created=n % 10 != 0))
    progress.told(IngestOutcome("broken.txt", error="that file is empty"))
    progress.finish()
    final = out.getvalue().rsplit("\x1b[2K", 1)[1]
    assert final.splitlines() == [
        "Done: 37 articles stored, 2 already stored, 1 failed (40 in 20 s).",
        "Failed:",
        "  broken.txt: that file is empty",
    ]
    assert progress.failed and progress.failed[0].source == "broken.txt"


def test_quiet_or_a_pipe_prints_only_the_final_lines():
    for out, quiet in ((io.StringIO(), False), (Terminal(), True)):
        progress = IngestProgress(out, quiet=quiet, clock=Clock())
        progress.expect(2)
        progress.told(stored(1))
        assert out.getvalue() == ""
        progress.told(stored(2, created=False))
        progress.finish()
        lines = out.getvalue().splitlines()
        assert lines[0].startswith("Stored #1 Invented story 1") and lines[1].startswith("Already stored as #2")
        assert lines[2] == "Done: 1 article stored, 1 already stored (2 in 0 s)."
