"""Every SQL statement of the project, behind one ``Database`` object.

One aiosqlite connection in WAL mode with foreign keys on; each ingest is written in one
transaction. Rows are returned as the records of ``bot.models``.
"""

from __future__ import annotations

import asyncio
import json
import re
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import AsyncIterator

import aiosqlite

from bot.models import (
    ActorStats,
    Analysis,
    ArticleRecord,
    ExtractedArticle,
    IngestJob,
    QuoteHit,
    Sharer,
    SummarySentence,
)
from bot.names import name_key, surname_key
from bot.storage.schema import MIGRATIONS

_ARTICLE_COLUMNS = (
    "id, scope, title, url, canonical_url, site, author, published, shared_by, shared_by_id, "
    "created_at, tokens, summary"
)
_FTS_WORD = re.compile(r"\w+", re.UNICODE)


def _article(row: aiosqlite.Row, with_text: bool = False) -> ArticleRecord:
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


def _placeholders(values: list) -> str:
    """Placeholders for an IN (…) list: "?,?,?", or "NULL" for an empty one (it matches nothing)."""
    return ",".join("?" * len(values)) or "NULL"


class Database:
    def __init__(self, conn: aiosqlite.Connection):
        self.conn = conn
        # One connection is shared by every task: a transaction must not interleave with another.
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: str | Path) -> "Database":
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(str(path), isolation_level=None)
        conn.row_factory = aiosqlite.Row
        await conn.execute("PRAGMA journal_mode = WAL")
        await conn.execute("PRAGMA foreign_keys = ON")
        await conn.execute("PRAGMA busy_timeout = 5000")
        # Migrations compute name keys with the same function as the code that writes them.
        await conn.create_function("newsdesk_surname_key", 1, surname_key, deterministic=True)
        db = cls(conn)
        try:
            await db.migrate()
        except BaseException:
            await conn.close()
            raise
        return db

    async def close(self) -> None:
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
        async with self.conn.execute("PRAGMA user_version") as cur:
            return (await cur.fetchone())[0]

    async def migrate(self) -> None:
        version = await self.schema_version()
        if version > len(MIGRATIONS):
            raise RuntimeError(
                f"the database was written by a newer version of the bot (schema {version}); upgrade the bot"
            )
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            # The version bump commits with the migration it records.
            await self.conn.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")

    # ---------------------------------------------------------------- ingest jobs

    async def create_job(self, url: str, sharer: Sharer) -> int:
        async with self.transaction() as conn:
            cur = await conn.execute(
                "INSERT INTO ingest_jobs (scope, url, status, user_id, user_name, channel_id, message_id) "
                "VALUES (?, ?, 'queued', ?, ?, ?, ?)",
                (sharer.scope, url, sharer.user_id, sharer.user_name, sharer.channel_id, sharer.message_id),
            )
            return cur.lastrowid

    async def set_job(self, job_id: int, status: str, reason: str | None = None, article_id: int | None = None) -> None:
        async with self.transaction() as conn:
            await conn.execute(
                "UPDATE ingest_jobs SET status = ?, reason = ?, article_id = COALESCE(?, article_id), "
                "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?",
                (status, reason, article_id, job_id),
            )

    async def unfinished_jobs(self) -> list[IngestJob]:
        async with self.conn.execute(
            "SELECT * FROM ingest_jobs WHERE status IN ('queued', 'running') ORDER BY id"
        ) as cur:
            rows = await cur.fetchall()
        return [
            IngestJob(
                r["id"], r["scope"], r["url"], r["status"], r["reason"], r["article_id"],
                r["user_id"], r["user_name"], r["channel_id"], r["message_id"],
            )
            for r in rows
        ]

    # ---------------------------------------------------------------- articles

    async def _one_article(self, sql: str, params: tuple | dict, with_text: bool = False) -> ArticleRecord | None:
        columns = _ARTICLE_COLUMNS + (", text" if with_text else "")
        async with self.conn.execute(sql.format(columns=columns), params) as cur:
            row = await cur.fetchone()
        return _article(row, with_text) if row else None

    async def find_stored(self, scope: str, canonical_url: str | None, digest: str | None = None) -> ArticleRecord | None:
        """The article a scope already has under this link, else with this text."""
        return await self._one_article(
            "SELECT {columns} FROM articles WHERE scope = :scope "
            "AND (canonical_url = :url OR url = :url OR content_hash = :digest) "
            "ORDER BY (canonical_url IS :url OR url IS :url) DESC LIMIT 1",
            {"scope": scope, "url": canonical_url, "digest": digest},
        )

    async def get_article(self, scope: str, article_id: int, with_text: bool = False) -> ArticleRecord | None:
        return await self._one_article(
            "SELECT {columns} FROM articles WHERE scope = ? AND id = ?", (scope, article_id), with_text
        )

    async def latest_article(self, scope: str) -> ArticleRecord | None:
        return await self._one_article("SELECT {columns} FROM articles WHERE scope = ? ORDER BY id DESC LIMIT 1", (scope,))

    async def list_articles(self, scope: str, limit: int, offset: int = 0) -> list[ArticleRecord]:
        async with self.conn.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE scope = ? ORDER BY id DESC LIMIT ? OFFSET ?",
            (scope, limit, offset),
        ) as cur:
            return [_article(r) for r in await cur.fetchall()]

    async def count_articles(self, scope: str) -> int:
        async with self.conn.execute("SELECT COUNT(*) FROM articles WHERE scope = ?", (scope,)) as cur:
            return (await cur.fetchone())[0]

    async def add_article(
        self,
        sharer: Sharer,
        article: ExtractedArticle,
        digest: str,
        analysis: Analysis,
    ) -> int:
        async with self.transaction() as conn:
            cur = await conn.execute(
                "INSERT INTO articles (scope, url, canonical_url, content_hash, title, site, author, published, "
                "text, summary, tokens, shared_by, shared_by_id, channel_id, message_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    sharer.scope, article.url, article.canonical_url, digest, article.title, article.site, article.author,
                    article.published, article.text, json.dumps(list(analysis.summary)), analysis.tokens,
                    sharer.user_name, sharer.user_id, sharer.channel_id, sharer.message_id,
                ),
            )
            article_id = cur.lastrowid
            await conn.executemany(
                "INSERT INTO summary_sentences (article_id, position, start, end, score, text) VALUES (?, ?, ?, ?, ?, ?)",
                [(article_id, i, s.start, s.end, s.score, s.text) for i, s in enumerate(analysis.candidates)],
            )
            actor_ids: dict[str, int] = {}
            for actor in analysis.actors:
                key = name_key(actor.name)
                cur = await conn.execute(
                    "INSERT INTO actors (article_id, scope, name, name_key, surname_key, kind, mentions, quotes, "
                    "salience, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        article_id, sharer.scope, actor.name, key, surname_key(key), actor.kind, actor.mentions,
                        actor.quotes, actor.salience, actor.description,
                    ),
                )
                actor_ids[actor.name] = cur.lastrowid
                aliases = {name_key(a): a for a in (actor.name, *actor.aliases) if name_key(a)}
                await conn.executemany(
                    "INSERT INTO actor_aliases (actor_id, alias, alias_key) VALUES (?, ?, ?)",
                    [(cur.lastrowid, alias, key) for key, alias in aliases.items()],
                )
            await conn.executemany(
                "INSERT INTO quotes (article_id, actor_id, speaker, text, start, end, speaker_start, speaker_end, cue, sentence) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        article_id, actor_ids.get(q.speaker or ""), q.speaker, q.text, q.start, q.end,
                        q.speaker_start, q.speaker_end, q.cue, q.sentence,
                    )
                    for q in analysis.quotes
                ],
            )
            await conn.execute(
                "INSERT INTO article_search (rowid, title, body, quotes) VALUES (?, ?, ?, ?)",
                (article_id, article.title or "", article.text, "\n".join(q.text for q in analysis.quotes)),
            )
        return article_id

    async def delete_article(self, scope: str, article_id: int) -> bool:
        async with self.transaction() as conn:
            cur = await conn.execute("DELETE FROM articles WHERE scope = ? AND id = ?", (scope, article_id))
            if cur.rowcount:
                await conn.execute("DELETE FROM article_search WHERE rowid = ?", (article_id,))
            return cur.rowcount > 0

    async def search_articles(self, scope: str, words: str, limit: int = 10) -> list[tuple[ArticleRecord, str]]:
        query = fts_query(words)
        if query is None:
            return []
        sql = (
            f"SELECT {', '.join('a.' + c.strip() for c in _ARTICLE_COLUMNS.split(','))}, "
            "snippet(article_search, -1, '', '', '…', 16) AS snip "
            "FROM article_search JOIN articles a ON a.id = article_search.rowid "
            "WHERE article_search MATCH ? AND a.scope = ? ORDER BY rank LIMIT ?"
        )
        async with self.conn.execute(sql, (query, scope, limit)) as cur:
            return [(_article(r), r["snip"]) for r in await cur.fetchall()]

    async def actors_of_articles(self, article_ids: list[int]) -> list[ActorStats]:
        """Actors of the given articles, one row per name, with how many of them name it."""
        marks = _placeholders(article_ids)
        async with self.conn.execute(
            "SELECT MAX(name) AS name, kind, SUM(mentions) AS mentions, SUM(quotes) AS quotes, "
            "COUNT(DISTINCT article_id) AS articles, SUM(salience) AS salience FROM actors "
            f"WHERE article_id IN ({marks}) GROUP BY name_key, kind",
            article_ids,
        ) as cur:
            return [
                ActorStats(r["name"], r["kind"], r["mentions"], r["quotes"], r["articles"], salience=r["salience"])
                for r in await cur.fetchall()
            ]

    async def summary_candidates(self, article_id: int) -> list[SummarySentence]:
        async with self.conn.execute(
            "SELECT text, start, end, score FROM summary_sentences WHERE article_id = ? ORDER BY position", (article_id,)
        ) as cur:
            return [SummarySentence(r["text"], r["start"], r["end"], r["score"]) for r in await cur.fetchall()]

    # ---------------------------------------------------------------- actors and quotes

    async def article_actors(self, article_id: int, limit: int = 25) -> list[ActorStats]:
        async with self.conn.execute(
            "SELECT name, kind, mentions, quotes, description FROM actors WHERE article_id = ? "
            "ORDER BY salience DESC, mentions DESC LIMIT ?",
            (article_id, limit),
        ) as cur:
            return [ActorStats(r["name"], r["kind"], r["mentions"], r["quotes"], 1, r["description"]) for r in await cur.fetchall()]

    async def scope_actors(self, scope: str, limit: int = 25) -> list[ActorStats]:
        """Actors across a scope's articles, one row per name."""
        async with self.conn.execute(
            "SELECT name_key, MAX(name) AS name, kind, SUM(mentions) AS mentions, SUM(quotes) AS quotes, "
            "COUNT(DISTINCT article_id) AS articles, MAX(description) AS description, SUM(salience) AS salience "
            "FROM actors WHERE scope = ? GROUP BY name_key, kind "
            "ORDER BY salience DESC, mentions DESC LIMIT ?",
            (scope, limit),
        ) as cur:
            return [
                ActorStats(
                    r["name"], r["kind"], r["mentions"], r["quotes"], r["articles"], r["description"],
                    salience=r["salience"],
                )
                for r in await cur.fetchall()
            ]

    async def matching_actors(self, scope: str, key: str) -> list[ActorCandidate]:
        """Actors a typed name key can mean: by name or alias, or a full name with that surname."""
        alias = "EXISTS (SELECT 1 FROM actor_aliases x WHERE x.actor_id = a.id AND x.alias_key = :key)"
        async with self.conn.execute(
            f"SELECT a.id, a.name, a.kind, (a.name_key = :key OR {alias}) AS exact "
            "FROM actors a WHERE a.scope = :scope AND ("
            f"  a.name_key = :key OR (a.surname_key = :key AND a.name_key != :key) OR {alias})",
            {"scope": scope, "key": key},
        ) as cur:
            return [ActorCandidate(r["id"], r["name"], r["kind"], bool(r["exact"])) for r in await cur.fetchall()]

    async def quotes_of(
        self, scope: str, actor_ids: list[int], speaker_key: str | None = None, article_id: int | None = None, limit: int = 100
    ) -> list[QuoteHit]:
        marks = _placeholders(actor_ids)
        sql = (
            "SELECT q.article_id, ar.title, COALESCE(ar.url, ar.canonical_url) AS url, "
            "COALESCE(ac.name, q.speaker) AS speaker, q.text, q.sentence "
            "FROM quotes q JOIN articles ar ON ar.id = q.article_id LEFT JOIN actors ac ON ac.id = q.actor_id "
            f"WHERE ar.scope = ? AND (q.actor_id IN ({marks}) "
            # an unnamed source whose words hold the typed ones ("official" in "a senior official")
            "OR (? IS NOT NULL AND q.actor_id IS NULL AND instr(' ' || lower(q.speaker) || ' ', ' ' || ? || ' ') > 0)) "
            "AND (? IS NULL OR q.article_id = ?) ORDER BY q.article_id DESC, q.start LIMIT ?"
        )
        params = (scope, *actor_ids, speaker_key, speaker_key, article_id, article_id, limit)
        async with self.conn.execute(sql, params) as cur:
            return [
                QuoteHit(r["article_id"], r["title"], r["url"], r["speaker"], r["text"], r["sentence"])
                for r in await cur.fetchall()
            ]

    async def full_person_names(self, scope: str) -> set[str]:
        """Name keys of the people in a scope named with two words or more ("joe biden")."""
        async with self.conn.execute(
            "SELECT DISTINCT name_key FROM actors WHERE scope = ? AND kind = 'PERSON' AND name_key != surname_key",
            (scope,),
        ) as cur:
            return {r["name_key"] for r in await cur.fetchall()}

    async def lone_surname_actors(self, scope: str, surname: str) -> list[ActorCandidate]:
        """Actors an article names by the surname alone (it never gave the full name)."""
        async with self.conn.execute(
            "SELECT id, name, kind FROM actors WHERE scope = ? AND name_key = ? AND kind = 'PERSON'", (scope, surname)
        ) as cur:
            return [ActorCandidate(r["id"], r["name"], r["kind"]) for r in await cur.fetchall()]

    async def all_actor_names(self, scope: str) -> list[tuple[str, str]]:
        """(alias, actor name) for every name and alias in a scope: what a typo is matched against."""
        async with self.conn.execute(
            "SELECT DISTINCT x.alias, a.name FROM actor_aliases x JOIN actors a ON a.id = x.actor_id WHERE a.scope = ?",
            (scope,),
        ) as cur:
            return [(r["alias"], r["name"]) for r in await cur.fetchall()]

    async def actor_profile_rows(self, actor_ids: list[int]) -> list[tuple[int, str | None, int, int]]:
        """(article id, description, mentions, quotes) of each given per-article actor."""
        marks = _placeholders(actor_ids)
        async with self.conn.execute(
            f"SELECT article_id, description, mentions, quotes FROM actors WHERE id IN ({marks})", actor_ids
        ) as cur:
            return [(r["article_id"], r["description"], r["mentions"], r["quotes"]) for r in await cur.fetchall()]

    async def companions(self, actor_ids: list[int], limit: int = 5) -> list[tuple[str, int]]:
        """Other actors of the articles these actors are in, with how many of them they share;
        at equal counts people and organisations come before places and nationalities."""
        marks = _placeholders(actor_ids)
        async with self.conn.execute(
            "SELECT MAX(o.name) AS name, COUNT(DISTINCT o.article_id) AS shared FROM actors o "
            f"WHERE o.article_id IN (SELECT article_id FROM actors WHERE id IN ({marks})) "
            f"AND o.name_key NOT IN (SELECT name_key FROM actors WHERE id IN ({marks})) "
            "GROUP BY o.name_key ORDER BY shared DESC, MAX(o.kind IN ('PERSON', 'ORG')) DESC, "
            "SUM(o.salience) DESC LIMIT ?",
            (*actor_ids, *actor_ids, limit),
        ) as cur:
            return [(r["name"], r["shared"]) for r in await cur.fetchall()]

    async def count_quotes(self, article_id: int) -> int:
        async with self.conn.execute("SELECT COUNT(*) FROM quotes WHERE article_id = ?", (article_id,)) as cur:
            return (await cur.fetchone())[0]

    async def actor_names(self, scope: str, key: str = "", limit: int = 25) -> list[str]:
        """Names for autocomplete whose key holds ``key``: most quoted and mentioned first."""
        async with self.conn.execute(
            "SELECT MAX(name) AS name FROM actors WHERE scope = ? AND instr(name_key, ?) > 0 "
            "GROUP BY name_key ORDER BY SUM(quotes) DESC, SUM(mentions) DESC LIMIT ?",
            (scope, key, limit),
        ) as cur:
            return [r["name"] for r in await cur.fetchall()]
