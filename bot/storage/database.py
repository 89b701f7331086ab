"""The SQLite store behind one ``Database`` object; its SQL lives in this package only.

One aiosqlite connection in WAL mode with foreign keys on writes, each ingest in one
transaction; a small pool of read-only connections answers the reads. The queries are
grouped by what they read (``jobs``, ``articles``, ``actors``); rows are returned as the
records of ``bot.models``.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from bot.names import name_key, surname_key
from bot.storage import texts, upgrade
from bot.storage.actors import ActorQueries
from bot.storage.articles import ArticleQueries
from bot.storage.export import ExportQueries
from bot.storage.jobs import JobQueries
from bot.storage.records import ActorCandidate
from bot.storage.schema import MIGRATIONS
from bot.storage.settings import SettingsQueries
from bot.storage.store import StoreMisconfigured
from bot.text import count_words, one_line

__all__ = ["ActorCandidate", "Database"]

log = logging.getLogger(__name__)

READERS = 3  # read connections: a slow search in one server leaves two for everyone else
READ_MAP_BYTES = 1 << 30  # address space, not memory: pages are shared with the OS cache
READ_CACHE_KB = 16_000  # each read connection's own page cache


async def _add_text_functions(conn: aiosqlite.Connection) -> None:
    await conn.create_function("newsdesk_unpack", 1, texts.unpack, deterministic=True)


async def _open_reader(path: str | Path) -> aiosqlite.Connection:
    conn = await aiosqlite.connect(str(path), isolation_level=None)
    conn.row_factory = aiosqlite.Row
    await _add_text_functions(conn)
    await conn.execute("PRAGMA query_only = 1")
    await conn.execute("PRAGMA busy_timeout = 5000")
    # Reads map the file instead of copying each page through read(): the first reply after a
    # start, or in a server not read for a while, comes from the OS cache at memory speed.
    await conn.execute(f"PRAGMA mmap_size = {READ_MAP_BYTES}")
    await conn.execute(f"PRAGMA cache_size = -{READ_CACHE_KB}")
    return conn


class Database(JobQueries, ArticleQueries, ActorQueries, SettingsQueries, ExportQueries):
    def __init__(self, conn: aiosqlite.Connection):
        self.conn = conn
        # One connection is shared by every task: a transaction must not interleave with another.
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: str | Path, readers: int = READERS) -> Database:
        in_memory = str(path) == ":memory:"
        if not in_memory:
            try:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:  # a read-only folder, another user's: starting again will not help
                why = f"cannot make the folder of {path} ({exc.strerror}): check NEWSBOT_DB"
                raise StoreMisconfigured(why) from exc
        try:
            conn = await aiosqlite.connect(str(path), isolation_level=None)
        except sqlite3.OperationalError as exc:
            raise StoreMisconfigured(f"cannot open {path} ({exc}): check NEWSBOT_DB and the folder's owner") from exc
        conn.row_factory = aiosqlite.Row
        # A new file gives pages freed by finished jobs back at close; an older one once VACUUM
        # rewrites it (the pragma does nothing to a file that already has tables).
        await conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
        await conn.execute("PRAGMA journal_mode = WAL")
        await conn.execute("PRAGMA foreign_keys = ON")
        await conn.execute("PRAGMA busy_timeout = 5000")
        # Migrations compute name keys with the same function as the code that writes them.
        await conn.create_function("newsdesk_surname_key", 1, surname_key, deterministic=True)
        await conn.create_function("newsdesk_name_key", 1, name_key, deterministic=True)
        await conn.create_function("newsdesk_one_line", 1, one_line, deterministic=True)
        await conn.create_function("newsdesk_count_words", 1, count_words, deterministic=True)
        await conn.create_function("newsdesk_sentence_start", 4, upgrade.sentence_start, deterministic=True)
        await conn.create_function("newsdesk_sentence_end", 4, upgrade.sentence_end, deterministic=True)
        await conn.create_function("newsdesk_pack", 1, texts.pack, deterministic=True)
        await _add_text_functions(conn)
        db = cls(conn)
        try:
            await db.migrate()
            if not in_memory and readers > 0:  # an in-memory store is one connection's own
                db.readers = asyncio.Queue()
                for _ in range(readers):
                    db.readers.put_nowait(await _open_reader(path))
        except BaseException:
            await db.close()
            raise
        return db

    async def close(self) -> None:
        while self.readers is not None and not self.readers.empty():
            await self.readers.get_nowait().close()
        try:
            # the free pages, if any, back to the file system (executescript steps the pragma to
            # its end; execute would free one page)
            await self.conn.executescript("PRAGMA incremental_vacuum;")
        except Exception:  # never a reason not to close
            log.exception("could not give the free pages back")
        await self.conn.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """All statements inside commit together or not at all."""
        async with self._write_lock:
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                await self.conn.execute("ROLLBACK")
                raise
            await self.conn.execute("COMMIT")

    async def schema_version(self) -> int:
        return await self.scalar("PRAGMA user_version")

    async def migrate(self) -> None:
        version = await self.schema_version()
        if version > len(MIGRATIONS):
            raise RuntimeError(
                f"the database was written by a newer version of the bot (schema {version}); upgrade the bot"
            )
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            # The version bump commits with the migration it records.
            await self.conn.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
        if version and version < len(MIGRATIONS):
            await self._reclaim_free_pages()

    async def _reclaim_free_pages(self) -> None:
        """After a migration that dropped or rebuilt tables, give the freed pages back to the
        file system when they are a quarter of it (VACUUM rewrites the file once)."""
        free = await self.scalar("PRAGMA freelist_count")
        if free and free * 4 >= await self.scalar("PRAGMA page_count"):
            await self.conn.execute("VACUUM")
