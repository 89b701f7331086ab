"""``python -m bot``: the console, the Discord bot, and one-shot commands.

python -m bot                      console without DISCORD_TOKEN, the Discord bot with it
python -m bot run                  the Discord bot
python -m bot console              the local console
python -m bot ingest PATH_OR_URL... [--db FILE_OR_URL] [--quiet]
python -m bot ask "!quotes Biden"  [--db FILE_OR_URL] [--server ID]
python -m bot analyze --json INPUT...
python -m bot sync [--guild ID]     register the slash and menu commands with Discord
python -m bot worker [--lease 60]  a remote analysis worker on the PostgreSQL queue
python -m bot backup PATH          an online copy of the store
python -m bot health               0 when the running bot's heartbeat is fresh and connected
python -m bot export [--server ID] [--format jsonl|csv] [--what articles|quotes] [--out FILE]
python -m bot bench [throughput|summary|reads|size|memory|workers] [--articles 50]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import json
import logging
import os
import sys
from pathlib import Path

from bot.bench.command import add_bench_parser, run_bench_command
from bot.config import EXIT_CONFIG, Settings
from bot.nlp.pool import one_numeric_thread
from bot.stopping import StopBeforeStart, stop_at_once_until_started
from bot.storage.store import StoreMisconfigured, is_postgres

EXIT_FAILED_INPUTS = 2


def _configure_logging(level: str) -> None:
    logging.basicConfig(
        level=getattr(logging, level, logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # Third-party chatter is only worth seeing when something is wrong.
    for noisy in ("trafilatura", "htmldate", "courlan", "charset_normalizer"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    # discord.py warns at every start that voice is unsupported (no PyNaCl, no davey); the bot
    # never joins a voice channel, so the warning only worries whoever reads the log.
    logging.getLogger("discord.client").addFilter(_not_about_voice)


def _not_about_voice(record: logging.LogRecord) -> bool:
    return "voice will NOT be supported" not in record.getMessage()


def analysis_record(source: str, article, analysis) -> dict:
    """One line of ``analyze --json``: the contract in ../shared/README.md."""
    return {
        "path": source,
        "title": article.title,
        "text": article.text,
        "summary": list(analysis.summary),
        "actors": [
            {
                "name": a.name,
                "kind": a.kind,
                "mentions": a.mentions,
                "quotes": a.quotes,
                "aliases": list(a.aliases),
                "description": a.description,
                "spans": [list(span) for span in a.spans],
            }
            for a in analysis.actors
        ],
        "quotes": [
            {
                "text": q.text,
                "start": q.start,
                "end": q.end,
                "speaker": q.speaker,
                "speaker_start": q.speaker_start,
                "speaker_end": q.speaker_end,
                "cue": q.cue,
                "direct": q.direct,
                **({"fragments": [list(f) for f in q.fragments]} if q.fragments else {}),
            }
            for q in analysis.quotes
        ],
    }


async def _analyze(settings: Settings, inputs: list[str]) -> int:
    from bot.app import make_sources
    from bot.errors import IngestError
    from bot.nlp.pool import make_analyzer

    analyzer = make_analyzer(settings.spacy_model, min(settings.nlp_workers, len(inputs)), settings.summary_sentences)
    sources = make_sources(settings)
    limit = asyncio.Semaphore(max(2, 2 * settings.nlp_workers))

    async def one(source: str) -> dict:
        async with limit:
            try:
                article = await sources.for_analysis(source)
                analysis = await analyzer.analyze(article.text, article.title)
            except IngestError as exc:
                return {"path": source, "error": str(exc)}
            except Exception as exc:  # one bad input must not lose the others' lines
                logging.getLogger(__name__).exception("analysis of %s failed", source)
                return {"path": source, "error": f"internal error: {exc.__class__.__name__}"}
            return analysis_record(source, article, analysis)

    failed = 0
    try:
        tasks = [asyncio.create_task(one(s)) for s in inputs]
        for task in tasks:  # in input order, each as soon as it and those before it are done
            record = await task
            failed += "error" in record
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            sys.stdout.flush()
    finally:
        await sources.close()
        await analyzer.close()
    return EXIT_FAILED_INPUTS if failed else 0


async def _ingest(settings: Settings, sources: list[str], db_path: str | None, quiet: bool = False) -> int:
    from bot.app import open_service
    from bot.console import local_sharer
    from bot.errors import IngestError
    from bot.models import JobSpec
    from bot.progress import IngestProgress
    from bot.results import IngestOutcome
    from bot.service.sources import is_url

    progress = IngestProgress(quiet=quiet)
    async with open_service(settings, db_path) as service:
        intake = service.intake
        leftovers = await intake.leftover_jobs(owned=lambda scope: scope == local_sharer().scope)
        if leftovers or sources:
            warming = asyncio.create_task(service.warm_analysis())  # every worker loads its model now
        if leftovers:
            print(f"Resuming {len(leftovers)} unfinished ingest job(s) left by an earlier run.", flush=True)
            progress.expect(len(leftovers))
            for _, outcome in await intake.resume_jobs(leftovers):
                progress.told(outcome)
        elif not sources:
            print("Nothing to ingest: give files or links (no unfinished jobs were left either).")
            return 0
        progress.expect(len(sources))
        # Every source is a job before the first is read, so a crash loses none of them.
        specs = []
        for source in sources:
            if is_url(source):
                specs.append(JobSpec("link", source))
                continue
            try:
                specs.append(JobSpec("file", Path(source).name, await intake.sources.read_path(source)))
            except IngestError as exc:
                progress.told(IngestOutcome(source, error=str(exc)))
        await intake.ingest_specs(specs, local_sharer(), each=progress.told)
        await warming
    progress.finish()
    return EXIT_FAILED_INPUTS if progress.failed else 0


def _scope(server: str) -> str:
    """A scope as an operator types it: ``guild:ID``, ``dm:ID``, ``local``, or a bare server id."""
    return server if ":" in server or server == "local" else f"guild:{server}"


async def _ask(settings: Settings, line: str, db_path: str | None, server: str | None = None) -> int:
    from bot.app import open_service
    from bot.cards import PlainFormatter, render_text
    from bot.commands import CommandBook
    from bot.console import local_sharer

    async with open_service(settings, db_path) as service:
        book = CommandBook(service, PlainFormatter(), settings.command_prefix)
        if not line.startswith(settings.command_prefix):
            line = settings.command_prefix + line
        sharer = local_sharer()
        if server:
            sharer = dataclasses.replace(sharer, scope=_scope(server))
        cards = await book.run_line(line, sharer)
        try:
            print(render_text(cards))
        except BrokenPipeError:  # `ask … | head`: the reader has all it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1 if cards and cards[0].tone == "error" else 0


async def _backup(settings: Settings, target: str, db_path: str | None) -> int:
    import sqlite3

    from bot.storage.export import backup

    if is_postgres(db_path or settings.store):
        from bot.storage.postgres.backup import pg_dump

        return await pg_dump(str(db_path or settings.store), Path(target))
    source, dest = Path(db_path or settings.db_path), Path(target)
    if not source.exists():
        print(f"There is no store at {source}.", file=sys.stderr)
        return 1
    if dest.exists():
        print(f"{dest} exists already: give the name of a new file.", file=sys.stderr)
        return 1
    await backup(source, dest)
    with sqlite3.connect(dest) as conn:
        (articles,) = conn.execute("SELECT COUNT(*) FROM articles").fetchone()
    print(f"Backed up {articles} article(s) from {source} to {dest} ({dest.stat().st_size / 1e6:.1f} MB).")
    return 0


async def _export(settings: Settings, args: argparse.Namespace) -> int:
    from bot.export import export
    from bot.storage import open_store

    db = await open_store(args.db or settings.store)
    try:
        scopes = await db.scopes()
        if args.server:
            wanted = _scope(args.server)
            if wanted not in scopes:
                print(f"No articles are stored for {wanted}. Stored: {', '.join(scopes) or 'none'}.", file=sys.stderr)
                return 1
            scopes = [wanted]
        target: contextlib.AbstractContextManager = contextlib.nullcontext(sys.stdout)
        if args.out:
            target = open(args.out, "w", encoding="utf-8", newline="")  # noqa: SIM115 (the with closes it)
        with target as out:
            count = await export(db, out, scopes, args.format, args.what)
    except BrokenPipeError:  # `export | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 0
    finally:
        await db.close()
    print(f"Exported {count} article(s) from {len(scopes)} server(s).", file=sys.stderr)
    return 0


async def _sync(settings: Settings, guild_id: int | None) -> int:
    from bot.app import open_service
    from bot.discordbot.client import NewsBot
    from bot.discordbot.runner import BAD_TOKEN, NO_TOKEN

    if not settings.discord_token:
        print(NO_TOKEN, file=sys.stderr)
        return EXIT_CONFIG
    import discord

    async with open_service(settings) as service, NewsBot(service, settings, first_start_sync=False) as bot:
        try:
            await bot.login(settings.discord_token)  # REST only: no gateway connection
        except discord.LoginFailure:
            print(BAD_TOKEN, file=sys.stderr)
            return EXIT_CONFIG
        count = await bot.sync_app_commands(guild_id)
    where = f"in server {guild_id}" if guild_id else "everywhere (Discord may take up to an hour to show them)"
    print(f"Registered {count} commands {where}.")
    return 0


async def _console(settings: Settings, db_path: str | None) -> int:
    from bot.app import open_service
    from bot.console import run_console

    async with open_service(settings, db_path) as service:
        return await run_console(service, settings.command_prefix)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description="Newsdesk: a news-reading companion for Discord."
    )
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="run the Discord bot (needs DISCORD_TOKEN)")
    console = sub.add_parser("console", help="the local console: a channel on your terminal")
    console.add_argument("--db", help="database file or postgresql:// URL (default: NEWSBOT_DB or data/newsbot.db)")
    ingest = sub.add_parser("ingest", help="store articles from files or links")
    ingest.add_argument("sources", nargs="*", metavar="PATH_OR_URL", help="none: only resume unfinished jobs")
    ingest.add_argument("--db", help="database file or postgresql:// URL (default: NEWSBOT_DB or data/newsbot.db)")
    ingest.add_argument("--quiet", action="store_true", help="no progress line: only the summary at the end")
    ask = sub.add_parser("ask", help='print the reply the bot would post, e.g. ask "!quotes Biden"')
    ask.add_argument("line")
    ask.add_argument("--db", help="database file or postgresql:// URL (default: NEWSBOT_DB or data/newsbot.db)")
    ask.add_argument("--server", help="answer from this server's articles: guild:ID or a server id (default: local)")
    analyze = sub.add_parser("analyze", help="analyse files or links without storing them")
    analyze.add_argument("inputs", nargs="+", metavar="INPUT")
    analyze.add_argument("--json", action="store_true", help="one JSON object per input (the default)")
    sync = sub.add_parser("sync", help="register the slash and menu commands with Discord (after an upgrade)")
    sync.add_argument("--guild", type=int, help="a server id: register there at once (default: NEWSBOT_DEV_GUILD_ID)")
    worker = sub.add_parser("worker", help="take ingest jobs from the PostgreSQL queue (NEWSBOT_DB=postgresql://…)")
    worker.add_argument("--lease", type=float, default=60.0, help="seconds a killed worker's job waits for another")
    backup = sub.add_parser("backup", help="copy the store while the bot runs (SQLite's online backup)")
    backup.add_argument("path", help="the new file")
    backup.add_argument("--db", help="database file or postgresql:// URL (default: NEWSBOT_DB or data/newsbot.db)")
    health = sub.add_parser("health", help="exit 0 when the running bot's heartbeat is fresh and connected")
    health.add_argument("--max-age", type=float, help="seconds a heartbeat stays fresh (default 90)")
    export = sub.add_parser("export", help="articles and quotes as JSON Lines or CSV, per server")
    export.add_argument("--server", help="guild:ID, a server id, dm:USER_ID or local (default: every server)")
    export.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    export.add_argument("--what", choices=["articles", "quotes"], default="articles", help="csv: which rows")
    export.add_argument("--out", help="a file (default: standard output)")
    export.add_argument("--db", help="database file or postgresql:// URL (default: NEWSBOT_DB or data/newsbot.db)")
    add_bench_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    stop_at_once_until_started(args.command)  # again: main() may be called without __main__
    one_numeric_thread()  # before anything imports numpy: this process or its analysis workers
    try:
        settings = Settings.from_env()
    except ValueError as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    _configure_logging(settings.log_level)
    command = args.command or ("run" if settings.discord_token else "console")
    try:
        if command == "run":
            from bot.discordbot.runner import run_discord

            return run_discord(settings)
        if command == "console":
            return asyncio.run(_console(settings, getattr(args, "db", None)))
        if command == "ingest":
            return asyncio.run(_ingest(settings, args.sources, args.db, args.quiet))
        if command == "ask":
            return asyncio.run(_ask(settings, args.line, args.db, args.server))
        if command == "health":
            from bot.health import run_health

            return run_health(settings.db_path, settings.heartbeat_file, args.max_age)
        if command == "worker":
            from bot.worker import run_worker

            return asyncio.run(run_worker(settings, args.lease))
        if command == "backup":
            return asyncio.run(_backup(settings, args.path, args.db))
        if command == "export":
            return asyncio.run(_export(settings, args))
        if command == "sync":
            return asyncio.run(_sync(settings, args.guild or settings.dev_guild_id))
        if command == "analyze":
            return asyncio.run(_analyze(settings, args.inputs))
        if command == "bench":
            return run_bench_command(settings, args)
    except KeyboardInterrupt:
        return 130
    except StopBeforeStart:
        return 0
    except StoreMisconfigured as exc:  # a service manager must not restart it in a loop
        print(f"Configuration error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except RuntimeError as exc:  # a missing model, a database from a newer version, no database server
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    return 0
