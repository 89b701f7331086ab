"""The memory of this process and its children, read from ``/proc`` (Linux)."""

from __future__ import annotations

import os
from pathlib import Path

PROC = Path("/proc")


def _status(pid: int) -> dict[str, str]:
    try:
        lines = (PROC / str(pid) / "status").read_text().splitlines()
    except OSError:
        return {}
    return dict(line.split(":", 1) for line in lines if ":" in line)


def rss_mb(pid: int | None = None) -> float:
    """Resident memory now, in MB (0 when the process is gone)."""
    return int(_status(pid or os.getpid()).get("VmRSS", "0 kB").split()[0]) / 1024


def peak_mb(pid: int | None = None) -> float:
    """The most resident memory the process ever had, in MB."""
    return int(_status(pid or os.getpid()).get("VmHWM", "0 kB").split()[0]) / 1024


def worker_pids(parent: int | None = None) -> list[int]:
    """The pool workers among the children of ``parent``: processes started by
    multiprocessing's spawn (its resource tracker left out)."""
    parent = parent or os.getpid()
    found = []
    for entry in PROC.iterdir():
        if not entry.name.isdigit() or _status(int(entry.name)).get("PPid", "").strip() != str(parent):
            continue
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in command and b"resource_tracker" not in command:
            found.append(int(entry.name))
    return sorted(found)
