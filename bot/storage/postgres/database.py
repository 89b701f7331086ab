"""The PostgreSQL store behind one ``PostgresDatabase`` object (``NEWSBOT_DB=postgresql://…``).

The same interface as SQLite's ``Database`` (``bot.storage.store.Store``), for deployments
where several processes share one store. A pool of asyncpg connections; each ingest is one
transaction; migrations run under an advisory lock, so processes starting together migrate once.
"""

from __future__ import annotations

import asyncpg

from bot.storage.postgres.actors import PgActorQueries
from bot.storage.postgres.articles import PgArticleQueries
from bot.storage.postgres.export import PgExportQueries
from bot.storage.postgres.jobs import PgJobQueries
from bot.storage.postgres.queue import PgJobQueue
from bot.storage.postgres.schema import MIGRATIONS
from bot.storage.postgres.settings import PgSettingsQueries
from bot.storage.store import StoreMisconfigured

POOL_SIZE = 6  # connections of one process: reads in several servers at once, and the writes
# Opened at start and kept: a connection made on demand costs a fork, a cold catalog cache and
# asyncpg's type queries, paid by whichever command or job first needed it (a worker holding two
# jobs uses three at once: their two writes and the next claim)
POOL_OPEN_AT_START = 3
_MIGRATION_LOCK = 7002  # pg_advisory_lock key held while the schema is brought up to date


async def _know_arrays(conn: asyncpg.Connection) -> None:
    """asyncpg learns an array type by a catalog query (about 20 ms here) the first time a
    connection meets one: the ones the queries pass are met when the connection opens, not in
    someone's first command."""
    await conn.fetchval(
        "SELECT ($1::bigint[], $2::int[], $3::real[], $4::text[], $5::boolean[]) IS NULL", [], [], [], [], []
    )


async def _keep_session(conn: asyncpg.Connection) -> None:
    """A connection given back to the pool keeps its session: this code sets nothing beyond a
    transaction (its locks are transaction-scoped) and listens on connections of its own,
    so asyncpg's default reset (``RESET ALL``, ``UNLISTEN *``…: a round trip after every query)
    would undo nothing. An unfinished transaction is still rolled back by the pool."""


class PostgresDatabase(PgJobQueries, PgJobQueue, PgArticleQueries, PgActorQueries, PgSettingsQueries, PgExportQueries):
    def __init__(self, pool: asyncpg.Pool, url: str):
        self.pool = pool
        self.url = url

    @classmethod
    async def open(cls, url: str, pool_size: int = POOL_SIZE) -> PostgresDatabase:
        # A URL's unknown query parameters (``?search_path=…``) are server settings for asyncpg.
        pool = await asyncpg.create_pool(
            url,
            min_size=min(POOL_OPEN_AT_START, pool_size),
            max_size=pool_size,
            command_timeout=60,
            init=_know_arrays,
            reset=_keep_session,
        )
        db = cls(pool, url)
        try:
            encoding = await pool.fetchval("SHOW server_encoding")
            if encoding != "UTF8":  # offsets into texts count characters only in UTF-8
                raise StoreMisconfigured(
                    f"the database's encoding is {encoding}; the bot needs UTF8 (createdb --encoding=UTF8)"
                )
            await db.migrate()
        except BaseException:
            await pool.close()
            raise
        return db

    async def close(self) -> None:
        await self.pool.close()

    async def schema_version(self) -> int:
        exists = await self.scalar("SELECT count(*) FROM pg_tables WHERE tablename = 'newsdesk_schema' "
                                   "AND schemaname = current_schema()")  # fmt: skip
        return await self.scalar("SELECT version FROM newsdesk_schema") if exists else 0

    async def migrate(self) -> None:
        async with self.pool.acquire() as conn:
            await conn.execute("SELECT pg_advisory_lock($1)", _MIGRATION_LOCK)
            try:
                await conn.execute("CREATE TABLE IF NOT EXISTS newsdesk_schema (version integer NOT NULL)")
                version = await conn.fetchval("SELECT version FROM newsdesk_schema")
                if version is None:
                    await conn.execute("INSERT INTO newsdesk_schema VALUES (0)")
                    version = 0
                if version > len(MIGRATIONS):
                    raise RuntimeError(
                        f"the database was written by a newer version of the bot (schema {version}); upgrade the bot"
                    )
                for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                    async with conn.transaction():  # the version bump commits with its migration
                        await conn.execute(script)
                        await conn.execute("UPDATE newsdesk_schema SET version = $1", number)
            finally:
                await conn.execute("SELECT pg_advisory_unlock($1)", _MIGRATION_LOCK)
