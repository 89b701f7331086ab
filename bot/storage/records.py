"""Rows as records, and the small SQL helpers every query module shares."""

from __future__ import annotations

import json
import re
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass

import aiosqlite

from bot.models import ArticleRecord

ARTICLE_COLUMNS = (
    "id, scope, title, url, canonical_url, site, author, published, shared_by, shared_by_id, "
    "created_at, tokens, summary"
)
_FTS_WORD = re.compile(r"\w+", re.UNICODE)


def article_record(row: aiosqlite.Row, with_text: bool = False) -> ArticleRecord:
    return ArticleRecord(
        id=row["id"],
        scope=row["scope"],
        title=row["title"],
        url=row["url"],
        canonical_url=row["canonical_url"],
        site=row["site"],
        author=row["author"],
        published=row["published"],
        shared_by=row["shared_by"],
        shared_by_id=row["shared_by_id"],
        created_at=row["created_at"],
        tokens=row["tokens"],
        summary=tuple(json.loads(row["summary"] or "[]")),
        text=row["text"] if with_text else None,
    )


def fts_query(words: str) -> str | None:
    """User words as an FTS5 query that cannot be malformed: every word quoted, all required."""
    tokens = _FTS_WORD.findall(words.lower())
    return " ".join(f'"{t}"' for t in tokens) if tokens else None


@dataclass(frozen=True)
class ActorCandidate:
    """A per-article actor a typed name can mean; ``exact`` when its name or an alias is the
    typed name, not just its surname."""

    actor_id: int
    name: str
    kind: str
    exact: bool = False


def placeholders(values: list) -> str:
    """Placeholders for an IN (…) list: "?,?,?", or "NULL" for an empty one (it matches nothing)."""
    return ",".join("?" * len(values)) or "NULL"


class Connected:
    """What every query module needs: the connection, and a transaction around writes."""

    conn: aiosqlite.Connection

    def transaction(self) -> AbstractAsyncContextManager[aiosqlite.Connection]:
        raise NotImplementedError

    async def scalar(self, sql: str, params: tuple = ()) -> int:
        """The one number a query such as ``SELECT COUNT(*)`` answers."""
        async with self.conn.execute(sql, params) as cur:
            row = await cur.fetchone()
        return row[0] if row is not None else 0


def inserted_id(cur: aiosqlite.Cursor) -> int:
    """The row id an INSERT just gave (SQLite always gives one)."""
    assert cur.lastrowid is not None
    return cur.lastrowid
