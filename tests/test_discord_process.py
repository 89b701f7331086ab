"""The real ``python -m bot run`` process against a loopback Discord stand-in: links survive
kill -9, and links shared in the moments after start are fetched exactly once."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from pathlib import Path

import pytest

from tests.discord_standin import DiscordStandIn

ROOT = Path(__file__).resolve().parent.parent
DONE, WORKING = "✅", "⏳"

pytestmark = pytest.mark.model


async def _launch(url: str, *command: str, **env: str) -> asyncio.subprocess.Process:
    """The real ``python -m bot COMMAND`` (default: run) on the Discord at ``url``, not waited for."""
    return await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / "tests" / "discord_launcher.py"), url, *command,
        cwd=ROOT, env=dict(os.environ, DISCORD_TOKEN="stand-in-token", **env),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip


async def _terminate(process: asyncio.subprocess.Process, seconds: float = 60) -> str:
    """SIGTERM, then what the process printed, once it exited 0."""
    os.killpg(process.pid, signal.SIGTERM)
    async with asyncio.timeout(seconds):
        output = (await process.stdout.read()).decode()
        assert await process.wait() == 0, output[-3000:]
    return output


async def _start_bot(standin: DiscordStandIn, db: Path, **settings: str) -> asyncio.subprocess.Process:
    standin.identified.clear()
    process = await _launch(
        standin.url,
        NEWSBOT_DB=str(db),
        NEWSBOT_ALLOW_PRIVATE_URLS="1",
        NEWSBOT_NLP_WORKERS="0",
        NEWSBOT_LOG_LEVEL="WARNING",
        NEWSBOT_SHARES_PER_MINUTE="0",  # one member shares 100 links at once here, on purpose
        **settings,
    )
    async with asyncio.timeout(60):
        while not standin.identified.is_set():
            assert process.returncode is None, (await process.stdout.read()).decode()[-3000:]
            await asyncio.sleep(0.05)
    return process


def _count(db: Path, sql: str) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute(sql).fetchone()[0]
    except sqlite3.Error:
        return 0


async def _until(condition, seconds: float, process: asyncio.subprocess.Process) -> None:
    async with asyncio.timeout(seconds):
        while not condition():
            assert process.returncode is None, (await process.stdout.read()).decode()[-3000:]
            await asyncio.sleep(0.05)


async def _stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        os.killpg(process.pid, signal.SIGKILL)
    await process.wait()


async def _share_links(standin: DiscordStandIn, base: str, messages: int, announce: bool = True) -> list[int]:
    """Once the server is there (``announce``: made available first): ``messages`` messages of
    5 article links each, all different."""
    if announce:
        await standin.guild_available()
        await asyncio.sleep(0.5)
    sent = []
    for m in range(messages):
        links = " ".join(f"{base}/news/{5 * m + k}" for k in range(5))
        sent.append(await standin.send_message(f"today's reading: {links}"))
    return sent


async def _restart_and_finish(standin: DiscordStandIn, db: Path, messages: list[int]) -> None:
    """A new start with nothing sent again (the jobs alone say what is left) stores every link
    of ``messages`` exactly once and marks each message ✅."""
    total = 5 * len(messages)
    bot = await _start_bot(standin, db)
    try:
        await standin.guild_available()
        unfinished = "SELECT COUNT(*) FROM ingest_jobs WHERE status NOT IN ('done', 'failed')"
        await _until(
            lambda: _count(db, "SELECT COUNT(*) FROM articles") >= total and _count(db, unfinished) == 0, 240, bot
        )
        await _until(lambda: all(DONE in standin.reactions_of(m) for m in messages), 30, bot)
    finally:
        await _stop(bot)
    with sqlite3.connect(db) as conn:
        stored, distinct = conn.execute("SELECT COUNT(*), COUNT(DISTINCT canonical_url) FROM articles").fetchone()
    assert (stored, distinct) == (total, total)


@pytest.mark.parametrize("kill_after", [5, 35, 65])
async def test_kill_9_of_the_bot_loses_no_shared_link(tmp_path, site, discord_standin, kill_after):
    base, requests = site
    db = tmp_path / "bot.db"
    bot = await _start_bot(discord_standin, db)
    messages = await _share_links(discord_standin, base, 20)
    try:
        await _until(lambda: _count(db, "SELECT COUNT(*) FROM articles") >= kill_after, 240, bot)
    finally:
        await _stop(bot)
    assert _count(db, "SELECT COUNT(*) FROM articles") < 100, "everything was stored before the kill"

    await _restart_and_finish(discord_standin, db, messages)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert all(WORKING not in discord_standin.reactions_of(m) for m in messages)


async def test_sigterm_stops_the_bot_cleanly_and_the_next_start_finishes_its_links(tmp_path, site, discord_standin):
    base, _ = site
    db = tmp_path / "bot.db"
    bot = await _start_bot(discord_standin, db)
    try:
        await discord_standin.guild_available()
        healthy = await _health_once_ready(db, bot)  # before the links: storing them takes seconds
        messages = await _share_links(discord_standin, base, 8, announce=False)
        await _until(lambda: _count(db, "SELECT COUNT(*) FROM articles") >= 5, 240, bot)
        output = await _terminate(bot)
    finally:
        await _stop(bot)
    assert "Traceback" not in output, output[-3000:]
    assert healthy[0] == 0 and healthy[1].startswith("healthy: connected, 1 server(s)"), healthy
    stopped = await _health(db)
    assert stopped[0] == 1 and "stopped" in stopped[1], stopped
    stored = _count(db, "SELECT COUNT(*) FROM articles")
    assert stored < 40, "everything was stored before the stop"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    await _restart_and_finish(discord_standin, db, messages)


async def test_sigterm_while_the_store_opens_exits_0(tmp_path, discord_standin):
    """A stop that comes while the bot is still starting (a service manager's, ``docker stop``)
    is a clean stop too, not a kill: it is taken from before the store is opened."""
    db = tmp_path / "bot.db"
    bot = await _launch(discord_standin.url, NEWSBOT_DB=str(db), NEWSBOT_LOG_LEVEL="WARNING")
    try:
        await _until(db.exists, 60, bot)
        output = await _terminate(bot)
    finally:
        await _stop(bot)
    assert "Traceback" not in output, output[-3000:]


async def test_sigterm_while_logging_in_exits_0(tmp_path, discord_standin):
    """The stop closes the connection under the login request: still a clean stop."""
    discord_standin.login_seconds = 30
    bot = await _launch(discord_standin.url, NEWSBOT_DB=str(tmp_path / "bot.db"))
    try:
        await asyncio.wait_for(discord_standin.logging_in.wait(), 60)
        output = await _terminate(bot, 20)
    finally:
        discord_standin.login_answered.set()
        await _stop(bot)
    assert "Traceback" not in output, output[-3000:]


async def test_an_unreachable_discord_is_said_plainly(tmp_path):
    closed = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = closed.sockets[0].getsockname()[1]
    closed.close()
    await closed.wait_closed()  # nothing listens on this port any more
    bot = await _launch(f"http://127.0.0.1:{port}", NEWSBOT_DB=str(tmp_path / "bot.db"))
    try:
        async with asyncio.timeout(60):
            output = (await bot.stdout.read()).decode()
            assert await bot.wait() == 1, output[-3000:]
    finally:
        await _stop(bot)
    assert "Could not reach Discord" in output and "Traceback" not in output, output[-3000:]


async def _health_once_ready(db: Path, bot: asyncio.subprocess.Process) -> tuple[int, str]:
    """``python -m bot health`` once it says healthy (or after 60 s): the heartbeat starts with
    discord.py's ready event, a moment after the server is there."""
    async with asyncio.timeout(60):
        while (healthy := await _health(db))[0] != 0:
            assert bot.returncode is None, (await bot.stdout.read()).decode()[-3000:]
            await asyncio.sleep(0.2)
    return healthy


async def _health(db: Path) -> tuple[int, str]:
    """``python -m bot health`` for the bot whose store is ``db``: its status and what it said."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "health",
        cwd=ROOT, env=dict(os.environ, NEWSBOT_DB=str(db)),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    output, _ = await asyncio.wait_for(process.communicate(), 60)
    return process.returncode, output.decode().strip()


async def test_a_sharded_process_connects_its_own_shards_and_reads_links(tmp_path, site, discord_standin):
    """NEWSBOT_SHARD_COUNT=2 with NEWSBOT_SHARD_IDS=1: this process is shard 1 of 2 (the stand-in
    routes the one server to whichever shard asks)."""
    base, _ = site
    db = tmp_path / "bot.db"
    bot = await _start_bot(discord_standin, db, NEWSBOT_SHARD_COUNT="2", NEWSBOT_SHARD_IDS="1")
    try:
        assert [i.get("shard") for i in discord_standin.identifies] == [[1, 2]]
        await discord_standin.guild_available()
        message = await discord_standin.send_message(f"{base}/news/7")
        await _until(lambda: DONE in discord_standin.reactions_of(message), 120, bot)
    finally:
        await _stop(bot)


async def test_a_configuration_error_exits_78_so_service_managers_stop_retrying(tmp_path):
    for env in ({"DISCORD_TOKEN": ""}, {"DISCORD_TOKEN": "x", "NEWSBOT_NLP_WORKERS": "many"}):
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run",
            cwd=tmp_path, env=dict(os.environ, NEWSBOT_DB=str(tmp_path / "bot.db"), PYTHONPATH=str(ROOT), **env),
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        output, _ = await asyncio.wait_for(process.communicate(), 60)
        assert process.returncode == 78, output.decode()


async def test_links_shared_during_start_up_are_fetched_once(tmp_path, site, discord_standin):
    base, requests = site
    db = tmp_path / "bot.db"
    bot = await _start_bot(discord_standin, db)
    try:
        # READY has been sent; the guild is not available yet, so discord.py has not called
        # on_ready: these messages arrive in the window where the resume of old work starts.
        messages = [await discord_standin.send_message(f"{base}/news/{i} {base}/news/{i + 50}") for i in range(5)]
        await discord_standin.guild_available()
        await _until(lambda: _count(db, "SELECT COUNT(*) FROM articles") >= 10, 120, bot)
        await _until(lambda: all(DONE in discord_standin.reactions_of(m) for m in messages), 30, bot)
        await asyncio.sleep(1.0)  # time for a wrongly resumed job to show itself
    finally:
        await _stop(bot)
    assert sorted(requests.values()) == [1] * 10
    assert [r for r in discord_standin.reactions if r[0] == "PUT" and r[2] == DONE] == [
        ("PUT", m, DONE) for m in messages
    ] or sorted(m for _, m, e in discord_standin.reactions if e == DONE) == sorted(messages)
    assert discord_standin.replies == []


async def test_python_m_bot_sync_registers_the_commands_over_rest(tmp_path, discord_standin):
    process = await _launch(discord_standin.url, "sync", NEWSBOT_DB=str(tmp_path / "bot.db"), NEWSBOT_NLP_WORKERS="0")
    async with asyncio.timeout(60):
        output = (await process.stdout.read()).decode()
    assert await process.wait() == 0, output
    assert "Registered" in output and not discord_standin.identified.is_set()  # REST only, no gateway
    (names,) = discord_standin.registrations
    assert {"summary", "settings", "digest", "Summarise", "Store article"} <= set(names)
