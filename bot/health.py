"""The bot's heartbeat file and ``python -m bot health``.

A running bot rewrites a small JSON file every ``BEAT_SECONDS`` (at once when it connects):
when, whether it is connected to Discord, its servers and latency. ``python -m bot health``
reads it and exits 0 when the beat is fresh and connected, 1 otherwise with the reason: a
check for Docker's HEALTHCHECK, a monitoring script or a person. No Discord import here.
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

BEAT_SECONDS = 30
STALE_SECONDS = 3 * BEAT_SECONDS  # a missed beat or two is a slow machine; three is a stuck bot


@dataclass(frozen=True)
class Heartbeat:
    at: float  # time.time() of the beat
    pid: int
    connected: bool
    servers: int = 0
    latency_ms: float | None = None
    stopped: bool = False  # the last beat of a clean stop


def heartbeat_path(db_path: Path, configured: str | None = None) -> Path | None:
    """Where the heartbeat lives: ``NEWSBOT_HEARTBEAT_FILE`` ("off": nowhere), else beside the store."""
    if configured == "off":
        return None
    if configured:
        return Path(configured)
    return None if str(db_path) == ":memory:" else db_path.with_name("heartbeat.json")


def write_heartbeat(path: Path, beat: Heartbeat) -> None:
    """Written whole or not at all (a reader never sees half a file)."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(asdict(beat)), encoding="utf-8")
    os.replace(partial, path)


def check(path: Path | None, now: float | None = None, stale_after: float = STALE_SECONDS) -> tuple[bool, str]:
    """Whether the bot is healthy, and a sentence saying why (or why not)."""
    if path is None:
        return False, "the bot writes no heartbeat (NEWSBOT_HEARTBEAT_FILE=off, or a store in memory)"
    try:
        beat = Heartbeat(**json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return False, f"no heartbeat at {path}: is the bot running?"
    except (ValueError, TypeError) as exc:
        return False, f"the heartbeat at {path} cannot be read ({exc})"
    age = (time.time() if now is None else now) - beat.at
    if beat.stopped:
        return False, f"the bot (pid {beat.pid}) stopped {age:.0f} s ago"
    if age > stale_after:
        return False, f"the last heartbeat of pid {beat.pid} is {age:.0f} s old: the bot is stuck or gone"
    if not beat.connected:
        return False, f"the bot (pid {beat.pid}) is running but not connected to Discord"
    latency = f", latency {beat.latency_ms:.0f} ms" if beat.latency_ms is not None else ""
    return True, f"healthy: connected, {beat.servers} server(s){latency}, heartbeat {age:.0f} s ago"


def run_health(db_path: Path, configured: str | None, max_age: float | None) -> int:
    """``python -m bot health``: prints the verdict; 0 when healthy, else 1."""
    healthy, why = check(heartbeat_path(db_path, configured), stale_after=max_age or STALE_SECONDS)
    print(why, file=sys.stdout if healthy else sys.stderr)
    return 0 if healthy else 1
