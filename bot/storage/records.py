"""Rows as records, and the small SQL helpers every query module shares."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiosqlite

from bot.models import Actor, ActorStats, ArticleRecord, IngestJob, MessagePlace, QuoteHit, SummarySentence
from bot.names import name_key
from bot.storage.texts import unpack
from bot.text import quote_context

# A row of either backend: read by column name (aiosqlite.Row, asyncpg.Record).
Row = Any

ARTICLE_COLUMNS = (
    "id, scope, title, url, canonical_url, site, author, published, shared_by, shared_by_id, "
    "created_at, tokens, number, channel_id, message_id, words, analysed_words"
)
ARTICLE_COLUMN_NAMES = tuple(column.strip() for column in ARTICLE_COLUMNS.split(","))
_FTS_WORD = re.compile(r"\w+", re.UNICODE)


def article_columns_of(table: str, prefix: str = "") -> str:
    """``ARTICLE_COLUMNS`` of ``table`` (its alias in a join), each named ``prefix`` + its name."""
    return ", ".join(f"{table}.{column} AS {prefix}{column}" for column in ARTICLE_COLUMN_NAMES)


def article_record(row: Row, with_text: bool = False) -> ArticleRecord:
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
        text=unpack(row["text"]) if with_text else None,
        number=row["number"],
        channel_id=row["channel_id"],
        message_id=row["message_id"],
        words=row["words"],
        analysed_words=row["analysed_words"],
    )


def actor_stats(r: Row) -> ActorStats:
    return ActorStats(r["name"], r["kind"], r["mentions"], r["quotes"], r["articles"], r["description"], r["salience"])


def quote_hit(r: Row, text: str) -> QuoteHit:
    place = MessagePlace(r["scope"], r["channel_id"], r["message_id"])
    return QuoteHit(
        r["article_id"],
        r["number"],
        r["title"],
        r["url"],
        r["speaker"],
        r["text"] if r["text"] is not None else text[r["start"] : r["end"]],  # NULL: the text's own words
        quote_context(text[r["sentence_start"] : r["sentence_end"]]),
        place,
        bool(r["direct"]),
    )


def sentences_of(row: Row) -> tuple[SummarySentence, ...]:
    """An article's summary sentences from its row: the text (packed or not) and the JSON list
    of (position, start, end, score) each backend's query gives."""
    text = unpack(row["text"])
    found = sorted(json.loads(row["sentences"] or "[]"))
    return tuple(SummarySentence(text[a:b], a, b, score) for _, a, b, score in found)


def job_record(r: Row) -> IngestJob:
    return IngestJob(
        r["id"],
        r["scope"],
        r["url"],
        r["status"],
        r["reason"],
        r["article_id"],
        r["user_id"],
        r["user_name"],
        r["channel_id"],
        r["message_id"],
        kind=r["kind"],
        attempts=r["attempts"],
        payload=r["payload"],
        created=None if r["created"] is None else bool(r["created"]),
        not_article=bool(r["not_article"]),
    )


def speaker_words(speaker: str | None) -> list[str]:
    """The words an unnamed source is found by ("a senior official": a, senior, official), as
    name keys compare them."""
    return sorted(set(name_key(speaker or "").split()))


def says_key(speaker: str | None, key: str) -> bool:
    """Whether an unnamed source's words hold a typed key ("senior official"), word for word."""
    return f" {key} " in f" {name_key(speaker or '')} "


def fts_query(words: str) -> str | None:
    """User words as an FTS5 query that cannot be malformed: every word quoted, all required."""
    tokens = _FTS_WORD.findall(words.lower())
    return " ".join(f'"{t}"' for t in tokens) if tokens else None


@dataclass(frozen=True)
class ActorCandidate:
    """A registry entry (one actor of a server) a typed name can mean; ``exact`` when its name
    or an alias is the typed name, not just its surname."""

    entity_id: int
    name: str
    kind: str
    exact: bool = False
    mentions: int = 0
    articles: int = 1


class QueryTimeout(Exception):
    """A read interrupted because it took longer than its time budget."""


def snippet(text: str, words: str, width: int = 220) -> str:
    """A piece of ``text`` around the first of the searched words (or its start), on one line.
    The words are matched by their stem-like start, as the porter tokenizer matched them."""
    stems = [re.escape(w[: max(3, len(w) - 2)]) for w in _FTS_WORD.findall(words.lower())]
    found = re.search(r"\b(?:" + "|".join(stems) + ")", text, re.IGNORECASE) if stems else None
    start = max(0, found.start() - width // 3) if found else 0
    while 0 < start < len(text) and not text[start - 1].isspace():
        start += 1  # begin at a word
    piece = " ".join(text[start : start + width].split())
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")


def placeholders(values: list) -> str:
    """Placeholders for an IN (…) list: "?,?,?", or "NULL" for an empty one (it matches nothing)."""
    return ",".join("?" * len(values)) or "NULL"


class Connected:
    """What every query module needs: the write connection and a transaction around writes,
    and a pool of read connections (WAL readers run beside the writer and beside each other,
    so one slow read in one server never holds up another's)."""

    conn: aiosqlite.Connection
    readers: asyncio.Queue[aiosqlite.Connection] | None = None

    def transaction(self) -> AbstractAsyncContextManager[aiosqlite.Connection]:
        raise NotImplementedError

    @asynccontextmanager
    async def reader(self) -> AsyncIterator[aiosqlite.Connection]:
        """A read connection for one query (the write connection until the pool exists)."""
        if self.readers is None:
            yield self.conn
            return
        conn = await self.readers.get()
        try:
            yield conn
        finally:
            self.readers.put_nowait(conn)

    @asynccontextmanager
    async def read(self, sql: str, params: tuple | dict | list = ()) -> AsyncIterator[aiosqlite.Cursor]:
        async with self.reader() as conn, conn.execute(sql, params) as cur:
            yield cur

    async def scalar(self, sql: str, params: tuple = ()) -> int:
        """The one number a query such as ``SELECT COUNT(*)`` answers."""
        async with self.read(sql, params) as cur:
            row = await cur.fetchone()
        return row[0] if row is not None else 0


def inserted_id(cur: aiosqlite.Cursor) -> int:
    """The row id an INSERT just gave (SQLite always gives one)."""
    assert cur.lastrowid is not None
    return cur.lastrowid


def alias_forms(actor: Actor) -> dict[str, str]:
    """An actor's names by their keys: its name and aliases, the last form of each key."""
    return {key: form for form in (actor.name, *actor.aliases) if (key := name_key(form))}


def entry_keys(actors: tuple[Actor, ...]) -> tuple[list[tuple[str, str]], dict[tuple[str, str], list[Actor]]]:
    """Each actor's registry key (kind, name key), and the actors grouped by key: one article's
    actors with one key update their entry once (and count once in its ``articles``)."""
    keys = [(actor.kind, name_key(actor.name)) for actor in actors]
    grouped: dict[tuple[str, str], list[Actor]] = {}
    for key, actor in zip(keys, actors, strict=True):
        grouped.setdefault(key, []).append(actor)
    return keys, grouped
