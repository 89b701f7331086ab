"""Operating the store: an online backup while a writer works, and the export of a server's
articles and quotes."""

import asyncio
import csv
import io
import json
import re
import sqlite3

import pytest

from bot.export import export
from bot.health import Heartbeat, check, write_heartbeat
from bot.models import Actor, Analysis, ExtractedArticle, Quote, Sharer
from bot.storage import Database
from bot.storage.export import backup
from tests.postgres_server import BACKENDS

HARBOUR = Sharer("guild:7", user_id=1, user_name="ines")
OTHER = Sharer("guild:8", user_id=2, user_name="omar")


def story(n: int) -> tuple[ExtractedArticle, Analysis]:
    text = f"Quay {n} reopens\n\n“We open on Monday,” said Tilde Varga. The council agreed that the quay {n} was safe."
    at = text.index("We open")
    said = text.index("“We")
    quote = Quote("We open on Monday,", at, at + 18, "Tilde Varga", None, None, "said", "", True,
                  sentence_start=said, sentence_end=text.index(" The council"))  # fmt: skip
    actor = Actor("Tilde Varga", "PERSON", 1, 1, (), "the harbour master", 2.0, ())
    article = ExtractedArticle(
        text=text, title=f"Quay {n} reopens", url=f"https://e.example/quay/{n}", canonical_url=None
    )
    return article, Analysis((actor,), (quote,), (), 30)


async def test_a_backup_taken_while_articles_are_stored_is_whole_and_consistent(tmp_path):
    db = await Database.open(tmp_path / "live.db")
    try:
        for n in range(20):
            await db.add_article(HARBOUR, story(n)[0], f"h{n}", story(n)[1])

        async def keep_writing():
            for n in range(20, 60):
                await db.add_article(HARBOUR, story(n)[0], f"h{n}", story(n)[1])

        writer = asyncio.create_task(keep_writing())
        await backup(tmp_path / "live.db", tmp_path / "copy.db")
        await writer
    finally:
        await db.close()
    with sqlite3.connect(tmp_path / "copy.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        articles, quotes = conn.execute(
            "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM quotes)"
        ).fetchone()
    assert 20 <= articles <= 60 and quotes == articles  # a moment of the store, never half an article
    copy = await Database.open(tmp_path / "copy.db")
    try:
        assert [a.id for a, _ in await copy.search_articles("guild:7", "quay 3")]  # the index came along
    finally:
        await copy.close()


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param  # the export runs on both stores


async def test_export_gives_each_servers_articles_with_their_quotes(db):
    for n in range(3):
        await db.add_article(HARBOUR, story(n)[0], f"h{n}", story(n)[1])
    await db.add_article(OTHER, story(9)[0], "h9", story(9)[1])
    out = io.StringIO()
    assert await export(db, out, ["guild:7"]) == 3
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["number"] for line in lines] == [1, 2, 3] and {line["server"] for line in lines} == {"guild:7"}
    (quote,) = lines[0]["quotes"]
    assert quote["speaker"] == "Tilde Varga" and quote["text"] == "We open on Monday," and quote["direct"]
    assert quote["sentence"] == "“We open on Monday,” said Tilde Varga."
    assert lines[0]["text"].startswith("Quay 0 reopens")

    rows = io.StringIO()
    await export(db, rows, ["guild:7", "guild:8"], fmt="csv", what="quotes")
    table = list(csv.DictReader(io.StringIO(rows.getvalue())))
    assert [(r["server"], r["article"], r["speaker"]) for r in table] == [
        ("guild:7", "1", "Tilde Varga"), ("guild:7", "2", "Tilde Varga"), ("guild:7", "3", "Tilde Varga"),
        ("guild:8", "1", "Tilde Varga"),
    ]  # fmt: skip


def test_health_is_a_fresh_connected_heartbeat_and_says_what_is_wrong_otherwise(tmp_path):
    path = tmp_path / "heartbeat.json"
    assert check(path) == (False, f"no heartbeat at {path}: is the bot running?")
    write_heartbeat(path, Heartbeat(at=1000.0, pid=42, connected=True, servers=3, latency_ms=41.0))
    assert check(path, now=1010.0) == (True, "healthy: connected, 3 server(s), latency 41 ms, heartbeat 10 s ago")
    assert check(path, now=1200.0)[1] == "the last heartbeat of pid 42 is 200 s old: the bot is stuck or gone"
    write_heartbeat(path, Heartbeat(at=1000.0, pid=42, connected=False))
    assert check(path, now=1001.0)[1] == "the bot (pid 42) is running but not connected to Discord"
    write_heartbeat(path, Heartbeat(at=1000.0, pid=42, connected=False, stopped=True))
    assert check(path, now=1005.0) == (False, "the bot (pid 42) stopped 5 s ago")
    path.write_text("{half a file", encoding="utf-8")
    assert not check(path)[0] and "cannot be read" in check(path)[1]


def test_shard_settings_are_checked_before_anything_starts():
    import pytest

    from bot.config import Settings

    assert (Settings.from_env({}).shard_count, Settings.from_env({}).shard_ids) == (None, ())
    sharded = Settings.from_env({"NEWSBOT_SHARD_COUNT": "4", "NEWSBOT_SHARD_IDS": "0, 2-3"})
    assert (sharded.shard_count, sharded.shard_ids) == (4, (0, 2, 3))
    for bad, says in (
        ({"NEWSBOT_SHARD_IDS": "1"}, "needs NEWSBOT_SHARD_COUNT"),
        ({"NEWSBOT_SHARD_COUNT": "two"}, "a number from 1 to 4096"),
        ({"NEWSBOT_SHARD_COUNT": "2", "NEWSBOT_SHARD_IDS": "2"}, "below NEWSBOT_SHARD_COUNT (2)"),
        ({"NEWSBOT_SHARD_COUNT": "2", "NEWSBOT_SHARD_IDS": "a-b"}, "shard numbers like 0,1 or 2-3"),
    ):
        with pytest.raises(ValueError, match=re.escape(says)):
            Settings.from_env(bad)
