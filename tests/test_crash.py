"""kill -9 while 100 links are being ingested by the real ``python -m bot ingest`` process:
after a restart that re-sends nothing, all 100 are stored once and the file is sound."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from pathlib import Path

import pytest
import pytest_asyncio
from aiohttp import web

from tests.loopback import serve

ROOT = Path(__file__).resolve().parent.parent
FIRST = ["Ilsa", "Tomas", "Wren", "Odile", "Bastian", "Mirela", "Casimir", "Junia", "Leopold", "Saskia"]
LAST = ["Varga", "Okonjo", "Lindqvist", "Marchetti", "Havel", "Quellin", "Duarte", "Brennan", "Sato", "Ferraz"]


def invented_article(i: int) -> str:
    who = f"{FIRST[i % 10]} {LAST[i // 10]}"
    return (
        f"<html><head><title>Harbor board vote number {i} splits the council</title></head><body><article>"
        f"<h1>Harbor board vote number {i} splits the council</h1>"
        f"<p>The harbor board voted {i} to {100 - i} on Tuesday to delay the new pier, a decision that "
        f"surprised dockworkers who had waited {i + 3} months for an answer about the project.</p>"
        f"<p>“We will keep asking until the board listens to the people who work here,” said {who}, "
        f"who leads the dockworkers' association and has spoken at {i + 2} meetings this year.</p>"
        f"<p>The council will meet again next week, and {who} said the association would attend with "
        f"a petition signed by {40 + i} members asking for a public hearing on the pier.</p>"
        "</article></body></html>"
    )


@pytest_asyncio.fixture
async def article_site():
    async def article(request):
        return web.Response(text=invented_article(int(request.match_info["n"])), content_type="text/html")

    app = web.Application()
    app.router.add_get("/news/{n}", article)
    runner, base = await serve(app)
    yield base
    await runner.cleanup()


def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


async def _ingest(db: Path, *sources: str) -> asyncio.subprocess.Process:
    env = dict(os.environ, NEWSBOT_ALLOW_PRIVATE_URLS="1", NEWSBOT_NLP_WORKERS="0", NEWSBOT_LOG_LEVEL="WARNING")
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "ingest", "--db", str(db), *sources,
        cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip


@pytest.mark.model
@pytest.mark.parametrize("kill_after", [5, 35, 65])
async def test_kill_9_during_a_cli_ingest_loses_no_link(tmp_path, article_site, kill_after):
    db = tmp_path / "crash.db"
    links = [f"{article_site}/news/{i}" for i in range(100)]
    first = await _ingest(db, *links)
    async with asyncio.timeout(240):
        while _stored(db) < kill_after:
            assert first.returncode is None, (await first.stdout.read()).decode()[-2000:]
            await asyncio.sleep(0.05)
    os.killpg(first.pid, signal.SIGKILL)
    await first.wait()
    killed_at = _stored(db)
    assert killed_at < 100, "the run finished before it could be killed"

    second = await _ingest(db)  # nothing re-sent: the jobs alone say what is left
    output, _ = await asyncio.wait_for(second.communicate(), 240)
    assert second.returncode == 0, output.decode()[-2000:]
    assert "Resuming" in output.decode()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored, distinct = conn.execute("SELECT COUNT(*), COUNT(DISTINCT canonical_url) FROM articles").fetchone()
        left = conn.execute("SELECT COUNT(*) FROM ingest_jobs WHERE status NOT IN ('done')").fetchone()[0]
    assert (stored, distinct, left) == (100, 100, 0)
