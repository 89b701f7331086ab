"""Remote workers as they run: ``python -m bot worker`` processes on one PostgreSQL store take
the jobs a gateway queued; one is killed with SIGKILL in the middle of a job, and every job is
still done once, by the other; SIGTERM gives the held jobs back and exits 0."""

import asyncio
import os
import queue
import signal
import subprocess
import sys
import threading
import time

import pytest

from bot.models import JobSpec, Sharer
from bot.storage import open_store
from tests.test_discord_process import DONE, _share_links, _start_bot, _stop, _until

pytestmark = pytest.mark.model

GATEWAY = Sharer("guild:5", user_id=3, user_name="rosa", channel_id=50, message_id=500)
JOBS = 100


def story(n: int) -> bytes:
    return (
        f"Quay {n} reopens after the storm\n\n"
        f"“Quay {n} opens again on Monday,” said the harbour master, Tilde Varga, on a windy morning. "
        f"Boats number {n} and {n + 1} waited outside while divers checked the walls of berth {n * 7}. "
        "The council said repairs cost less than feared, and fishermen welcomed the news."
    ).encode()


class Worker:
    """``python -m bot worker`` in a process of its own, started once it says it is ready."""

    def __init__(self, url: str, cwd):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSBOT_", "DISCORD_"))}
        env.update(
            NEWSBOT_DB=url, NEWSBOT_NLP_WORKERS="0", NEWSBOT_HEARTBEAT_FILE="off", NEWSBOT_ALLOW_PRIVATE_URLS="1"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "worker", "--lease", "3"], env=env, cwd=cwd, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.name = self.next_line(timeout=120).split()[1]  # "worker NAME ready: …"

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line)

    def next_line(self, timeout: float) -> str:
        return self.lines.get(timeout=timeout)


def wait_for(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_worker_killed_mid_job_loses_nothing(postgres_schema, tmp_path):
    url = postgres_schema
    if True:  # one block: the workers are killed whatever happens
        loop = asyncio.new_event_loop()
        db = loop.run_until_complete(open_store(url))
        try:
            specs = [JobSpec("text", f"story {n}", story(n)) for n in range(JOBS)]
            ids = loop.run_until_complete(db.create_jobs(specs, GATEWAY, "the-gateway"))
            doomed, survivor = Worker(url, tmp_path), Worker(url, tmp_path)
            # handed to the queue once both are ready: one started alone could do every job
            # while the other loads its model
            loop.run_until_complete(db.queue_remote(ids))

            def count(sql: str, *args) -> int:
                return loop.run_until_complete(db.scalar(sql, *args))

            wait_for(lambda: count("SELECT count(*) FROM ingest_jobs WHERE status = 'done'") >= 10, 120, "10 jobs done")
            held = "SELECT count(*) FROM ingest_jobs WHERE status = 'running' AND run_id = $1"
            wait_for(lambda: count(held, doomed.name) > 0, 30, "the doomed worker to hold a job")
            doomed.process.send_signal(signal.SIGKILL)
            assert doomed.process.wait(timeout=10) == -signal.SIGKILL

            finished = "SELECT count(*) FROM ingest_jobs WHERE status IN ('done', 'failed')"
            wait_for(lambda: count(finished) == JOBS, 180, "every job to finish")
            assert count("SELECT count(*) FROM ingest_jobs WHERE status = 'done'") == JOBS
            assert count("SELECT count(*) FROM articles") == JOBS  # each once
            assert count("SELECT count(DISTINCT article_id) FROM ingest_jobs") == JOBS
            assert count("SELECT count(*) FROM ingest_jobs WHERE attempts > 1") >= 1  # the killed one's, again

            survivor.process.send_signal(signal.SIGTERM)
            assert survivor.process.wait(timeout=30) == 0
            assert "Traceback" not in survivor.process.stderr.read()
        finally:
            for worker in (locals().get("doomed"), locals().get("survivor")):
                if worker is not None and worker.process.poll() is None:
                    worker.process.kill()
            loop.run_until_complete(db.close())
            loop.close()


async def test_a_gateway_hands_shared_links_to_workers_and_a_killed_worker_loses_none(
    postgres_schema, tmp_path, site, discord_standin
):
    """The real bot process (``NEWSBOT_ANALYSIS=remote``) on a Discord stand-in, two workers,
    20 messages of 5 links; one worker is killed with SIGKILL in the middle of a job."""
    base, requests = site
    doomed, survivor = Worker(postgres_schema, tmp_path), Worker(postgres_schema, tmp_path)
    gateway = await _start_bot(discord_standin, postgres_schema, NEWSBOT_ANALYSIS="remote")
    db = await open_store(postgres_schema)
    try:
        messages = await _share_links(discord_standin, base, 20)
        count = db.scalar
        await _until_async(lambda: count("SELECT count(*) FROM articles"), lambda n: n >= 10, 120, gateway)
        held = "SELECT count(*) FROM ingest_jobs WHERE status = 'running' AND run_id = $1"
        await _until_async(lambda: count(held, doomed.name), lambda n: n > 0, 60, gateway)
        doomed.process.send_signal(signal.SIGKILL)

        unfinished = "SELECT count(*) FROM ingest_jobs WHERE status NOT IN ('done', 'failed')"
        await _until_async(lambda: count(unfinished), lambda n: n == 0, 240, gateway)
        await _until(lambda: all(DONE in discord_standin.reactions_of(m) for m in messages), 60, gateway)
        assert await count("SELECT count(*) FROM articles") == 100
        assert await count("SELECT count(DISTINCT canonical_url) FROM articles") == 100  # each link once
        assert await count("SELECT count(*) FROM ingest_jobs WHERE status = 'done' AND remote") == 100
        assert len(requests) == 100
        assert survivor.process.poll() is None  # the survivor worked on; the gateway never analysed
    finally:
        await db.close()
        await _stop(gateway)
        for worker in (doomed, survivor):
            if worker.process.poll() is None:
                worker.process.kill()


async def _until_async(read, ok, seconds: float, process) -> None:
    async with asyncio.timeout(seconds):
        while not ok(await read()):
            assert process.returncode is None, (await process.stdout.read()).decode()[-3000:]
            await asyncio.sleep(0.1)


def test_sigterm_gives_the_jobs_a_worker_holds_back_to_the_queue(postgres_schema, tmp_path, web_server):
    loop = asyncio.new_event_loop()
    db = loop.run_until_complete(open_store(postgres_schema))
    worker = None
    try:
        (job,) = loop.run_until_complete(db.create_jobs([JobSpec("link", f"{web_server}/slow")], GATEWAY, "gw"))
        loop.run_until_complete(db.queue_remote([job]))
        worker = Worker(postgres_schema, tmp_path)

        def status() -> tuple:
            found = loop.run_until_complete(db.job(job))
            return found.status, found.attempts

        wait_for(lambda: status() == ("running", 1), 30, "the worker to start on the slow page")
        worker.process.send_signal(signal.SIGTERM)
        assert worker.process.wait(timeout=30) == 0
        back = loop.run_until_complete(
            db.scalar("SELECT count(*) FROM ingest_jobs WHERE status = 'queued' AND run_id IS NULL")
        )
        assert back == 1  # queued again at once, for the next worker
    finally:
        if worker is not None and worker.process.poll() is None:
            worker.process.kill()
        loop.run_until_complete(db.close())
        loop.close()


def test_a_ready_worker_keeps_the_collector_off_its_start_up_objects():
    import gc

    from bot.worker import settle_start_up_objects

    try:
        settle_start_up_objects()
        assert gc.get_freeze_count() > 1000  # the modules and all they made so far
        assert gc.isenabled()  # what comes later is still collected
    finally:
        gc.unfreeze()
