"""What every PostgreSQL query module needs: a connection pool, a transaction around writes,
and one-line reads. Reads take any free connection: PostgreSQL's MVCC lets them run beside the
writers and beside each other, in this process and in every other one on the same database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg

# Per-scope writes (an article's number, its actors' registry entries) are serialised by a
# transaction-scoped advisory lock on the scope: two processes storing into one server take
# turns, two servers never wait for each other.
_SCOPE_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended($1, 7001))"


class PgConnected:
    pool: asyncpg.Pool
    url: str

    @asynccontextmanager
    async def transaction(self, scope: str | None = None) -> AsyncIterator[asyncpg.Connection]:
        """All statements inside commit together or not at all; ``scope``: holding that
        scope's write lock until the end."""
        async with self.pool.acquire() as conn, conn.transaction():
            if scope is not None:
                await conn.execute(_SCOPE_LOCK, scope)
            yield conn

    async def rows(self, sql: str, *args: Any) -> list[asyncpg.Record]:
        return await self.pool.fetch(sql, *args)

    async def row(self, sql: str, *args: Any) -> asyncpg.Record | None:
        return await self.pool.fetchrow(sql, *args)

    async def scalar(self, sql: str, *args: Any) -> int:
        """The one number a query such as ``SELECT COUNT(*)`` answers."""
        value = await self.pool.fetchval(sql, *args)
        return value if value is not None else 0


def changed(status: str) -> int:
    """The rows a statement changed, from PostgreSQL's command tag ("UPDATE 1", "DELETE 0")."""
    return int(status.rsplit(" ", 1)[-1]) if status and status[-1].isdigit() else 0
