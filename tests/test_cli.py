"""The command line and the console, as a user runs them: through a subprocess."""

import json
import os
import platform
import subprocess
import sys

import pytest

from tests.articles import COUNCIL_BUDGET, HARBOR_STRIKE

pytestmark = pytest.mark.model


def run(args, tmp_path, stdin=None, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSBOT_", "DISCORD_"))}
    environment.update({"NEWSBOT_DB": str(tmp_path / "cli.db"), "NEWSBOT_NLP_WORKERS": "0", "DISCORD_TOKEN": ""}, **env)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
        timeout=240,
    )


@pytest.fixture
def article_files(tmp_path):
    strike, budget = tmp_path / "strike.txt", tmp_path / "budget.md"
    strike.write_text(HARBOR_STRIKE, encoding="utf-8")
    budget.write_text(COUNCIL_BUDGET, encoding="utf-8")
    return strike, budget


def test_ingest_then_ask(tmp_path, article_files):
    result = run(["ingest", *map(str, article_files)], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Stored #") == 2
    asked = run(["ask", "!quotes Ferraz"], tmp_path)
    assert asked.returncode == 0, asked.stderr
    assert asked.stdout.startswith("Quotes from Paulo Ferraz") and "Keep the lights on" in asked.stdout
    assert "Quellin" not in asked.stdout
    missing = run(["ask", "!quotes Nobody Atall"], tmp_path)
    assert missing.returncode == 1 and "Nobody called “Nobody Atall”" in missing.stdout
    backed = run(["backup", str(tmp_path / "copy.db")], tmp_path)
    assert backed.returncode == 0 and "Backed up 2 article(s)" in backed.stdout, backed.stderr
    again = run(["backup", str(tmp_path / "copy.db")], tmp_path)
    assert again.returncode == 1 and "exists already" in again.stderr
    exported = run(["export", "--format", "csv", "--what", "quotes", "--db", str(tmp_path / "copy.db")], tmp_path)
    assert exported.returncode == 0 and exported.stdout.startswith("server,article,article_title,speaker")
    assert "Paulo Ferraz" in exported.stdout and "Exported 2 article(s) from 1 server(s)." in exported.stderr


def test_console_reads_commands_from_stdin(tmp_path, article_files):
    script = f"!ingest {article_files[0]}\n!quotes quellin\n!nonsense\n!help\n"
    result = run(["console"], tmp_path, stdin=script)
    assert result.returncode == 0, result.stderr
    assert "Stored #1" in result.stdout and "Quotes from Marta Quellin" in result.stdout
    assert "There is no `!nonsense` command" in result.stdout and "Newsdesk commands" in result.stdout


def test_no_token_opens_the_console(tmp_path):
    result = run([], tmp_path, stdin="!articles\n")
    assert result.returncode == 0 and "No articles are stored here yet" in result.stdout


def test_run_without_token_says_how_to_fix_it(tmp_path):
    result = run(["run"], tmp_path)
    assert result.returncode == 78 and "DISCORD_TOKEN" in result.stderr and "Message Content Intent" in result.stderr


def test_a_store_that_cannot_be_made_is_a_configuration_error(tmp_path):
    (tmp_path / "taken").write_text("a file, not a folder")
    result = run(["ask", "!stats"], tmp_path, NEWSBOT_DB=str(tmp_path / "taken" / "bot.db"))
    assert result.returncode == 78 and "cannot make the folder" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_analyze_json_contract(tmp_path, article_files):
    bad = tmp_path / "missing.txt"
    result = run(["analyze", "--json", str(article_files[0]), str(bad), "http://127.0.0.1:9/x.html"], tmp_path)
    assert result.returncode == 2, result.stderr
    good, missing, private = [json.loads(line) for line in result.stdout.splitlines()]
    assert good["path"] == str(article_files[0]) and good["text"] == HARBOR_STRIKE
    assert good["title"] == "Harbor strike enters second week as talks stall"
    assert len(good["summary"]) == 3
    quote = next(q for q in good["quotes"] if q["text"].startswith("Nobody wins"))
    assert HARBOR_STRIKE[quote["start"] : quote["end"]] == quote["text"]
    assert quote["speaker"] == "Tobias Renwick" and HARBOR_STRIKE[quote["speaker_start"] : quote["speaker_end"]] == "he"
    actor = next(a for a in good["actors"] if a["name"] == "Marta Quellin")
    assert actor["kind"] == "PERSON" and actor["quotes"] == 4 and "Quellin" in actor["aliases"]
    assert missing["path"] == str(bad) and "cannot read" in missing["error"]
    assert private["path"] == "http://127.0.0.1:9/x.html" and "refused" in private["error"]


def test_process_pool_analyzer_warms_every_worker_together(monkeypatch):
    import asyncio

    from bot.bench.processes import worker_pids
    from bot.nlp.pool import NUMERIC_THREAD_VARIABLES
    from bot.nlp.process_pool import ProcessPoolAnalyzer
    from tests.conftest import MODEL

    for variable in NUMERIC_THREAD_VARIABLES:  # the workers must limit their threads themselves
        monkeypatch.delenv(variable, raising=False)

    async def go():
        pool = ProcessPoolAnalyzer(MODEL, workers=2)
        try:
            await pool.warm()
            started = worker_pids()
            threads = [len(os.listdir(f"/proc/{pid}/task")) for pid in started]
            return started, threads, await pool.analyze(HARBOR_STRIKE)
        finally:
            await pool.close()

    started, threads, analysis = asyncio.run(go())
    assert len(started) == 2
    assert threads == [1, 1]  # no numeric library's threads beside the analysis
    assert any(q.speaker == "Marta Quellin" for q in analysis.quotes)


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's")
def test_analysis_processes_keep_freed_memory_for_the_next_article():
    from bot.nlp.pool import reuse_freed_memory

    assert reuse_freed_memory() is True  # glibc took both settings
