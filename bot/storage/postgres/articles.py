"""Articles in PostgreSQL: storing one with its analysis in one transaction, finding and
searching them (``websearch_to_tsquery`` over ``article_search``, written with each article)."""

from __future__ import annotations

import dataclasses
import time

import asyncpg

from bot.models import Analysis, ArticleRecord, ExtractedArticle, Sharer, SummarySentence
from bot.storage.articles import SEARCH_BUDGET, SEARCH_WINDOW, SNIPPET_WINDOW
from bot.storage.postgres.article_document import article_document
from bot.storage.postgres.connected import PgConnected, changed
from bot.storage.postgres.registry import forget_actors
from bot.storage.records import (
    ARTICLE_COLUMNS,
    QueryTimeout,
    article_columns_of,
    article_record,
    sentences_of,
    snippet,
)
from bot.storage.store import DuplicateArticle
from bot.text import count_words

RECENT_ARTICLES = 3000  # a search looks among this many of the scope's latest articles first

_SENTENCES = (
    '(SELECT json_agg(json_build_array(position, start, "end", score)) FROM summary_sentences s '
    "WHERE s.article_id = articles.id) AS sentences"
)


class PgArticleQueries(PgConnected):
    async def _one_article(
        self, sql: str, *args, with_text: bool = False, with_sentences: bool = False
    ) -> ArticleRecord | None:
        columns = ARTICLE_COLUMNS + (", text" if with_text or with_sentences else "")
        columns += f", {_SENTENCES}" if with_sentences else ""
        row = await self.row(sql.format(columns=columns), *args)
        if row is None:
            return None
        article = article_record(row, with_text)
        return dataclasses.replace(article, sentences=sentences_of(row)) if with_sentences else article

    async def find_stored(
        self, scope: str, canonical_url: str | None, digest: str | None = None, with_sentences: bool = False
    ) -> ArticleRecord | None:
        """The article a scope already has under this link, else with this text."""
        return await self._one_article(
            "SELECT {columns} FROM articles WHERE scope = $1 "
            "AND (md5(canonical_url) = md5($2::text) OR md5(url) = md5($2::text) OR content_hash = $3::text) "
            "ORDER BY (canonical_url IS NOT DISTINCT FROM $2 OR url IS NOT DISTINCT FROM $2) DESC LIMIT 1",
            scope,
            canonical_url,
            digest,
            with_sentences=with_sentences,
        )

    async def get_article(self, scope: str, article_id: int, with_text: bool = False) -> ArticleRecord | None:
        return await self._one_article(
            "SELECT {columns} FROM articles WHERE scope = $1 AND id = $2", scope, article_id, with_text=with_text
        )

    async def numbered_article(self, scope: str, number: int, with_sentences: bool = False) -> ArticleRecord | None:
        return await self._one_article(
            "SELECT {columns} FROM articles WHERE scope = $1 AND number = $2",
            scope,
            number,
            with_sentences=with_sentences,
        )

    async def latest_article(self, scope: str, with_sentences: bool = False) -> ArticleRecord | None:
        return await self._one_article(
            "SELECT {columns} FROM articles WHERE scope = $1 ORDER BY id DESC LIMIT 1",
            scope,
            with_sentences=with_sentences,
        )

    async def list_articles(self, scope: str, limit: int, offset: int = 0) -> list[ArticleRecord]:
        rows = await self.rows(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE scope = $1 ORDER BY id DESC LIMIT $2 OFFSET $3",
            scope,
            limit,
            offset,
        )
        return [article_record(r) for r in rows]

    async def count_articles(self, scope: str) -> int:
        return await self.scalar("SELECT count(*) FROM articles WHERE scope = $1", scope)

    async def add_article(
        self,
        sharer: Sharer,
        article: ExtractedArticle,
        digest: str,
        analysis: Analysis,
        words: int | None = None,
        job_id: int | None = None,
    ) -> ArticleRecord:
        """Store an article with its analysis, in one transaction holding the scope's lock, and
        end ``job_id``, the job that stored it, in the same one: one call of the schema's
        ``newsdesk_store_article``, a round trip where a transaction of statements took ten."""
        words = count_words(article.text) if words is None else words
        document = article_document(sharer, article, digest, analysis, words)
        try:  # one statement, so one transaction (schema.STORE_ARTICLE_6)
            row = await self.row(
                f"SELECT {ARTICLE_COLUMNS} FROM newsdesk_store_article($1::jsonb, $2::bigint)", document, job_id
            )
        except asyncpg.UniqueViolationError as exc:  # its link or text, stored meanwhile
            raise DuplicateArticle(str(exc)) from exc
        assert row is not None  # the function returns the row it stored or raises
        return article_record(row)

    async def delete_article(self, scope: str, article_id: int) -> bool:
        async with self.transaction(scope) as conn:
            if await conn.fetchval("SELECT 1 FROM articles WHERE scope = $1 AND id = $2", scope, article_id):
                await forget_actors(conn, article_id)
            return (
                changed(await conn.execute("DELETE FROM articles WHERE scope = $1 AND id = $2", scope, article_id)) > 0
            )

    async def search_articles(
        self, scope: str, words: str, limit: int = 10, budget: float = SEARCH_BUDGET
    ) -> list[tuple[ArticleRecord, str]]:
        """Articles matching the words (web search syntax: every word, "a phrase", -not),
        best first, each with a snippet around the first match. Past ``budget`` seconds the
        query is cancelled and ``QueryTimeout`` raised."""
        if not any(c.isalnum() for c in words):
            return []
        # The best of the scope's latest SEARCH_WINDOW matches, as in SQLite. They are looked for
        # among its latest RECENT_ARTICLES first: the index gives every match in the store, and
        # each one kept costs a row read, so a common word kept 20,000 rows to pick 300. Only
        # when that finds fewer than SEARCH_WINDOW is the whole scope searched.
        deadline = time.monotonic() + budget
        rows = await self._search(scope, words, limit, budget, RECENT_ARTICLES)
        searched_all = bool(rows) and rows[0]["floor"] == 0  # the scope is no larger than that
        if not searched_all and (not rows or rows[0]["matched"] < SEARCH_WINDOW):
            rows = await self._search(scope, words, limit, max(0.001, deadline - time.monotonic()), None)
        return [(article_record(r), snippet(r["head"], words)) for r in rows]

    async def _search(
        self, scope: str, words: str, limit: int, budget: float, recent: int | None
    ) -> list[asyncpg.Record]:
        columns = article_columns_of("a")
        sql = (  # ranked by the index's own vectors; only the best few are read whole
            "WITH q AS (SELECT websearch_to_tsquery('english', $2) AS q), "
            # the oldest of the scope's latest $4 articles (all of them: 0), read once; as a
            # scalar subquery below, a bound the index can use
            "floor AS MATERIALIZED (SELECT CASE WHEN $4::int IS NULL THEN 0 ELSE COALESCE(("
            "SELECT article_id FROM article_search WHERE scope = $1 ORDER BY article_id DESC OFFSET $4 LIMIT 1"
            "), 0) END AS id), recent AS ("
            "SELECT s.article_id AS id FROM article_search s, q WHERE s.scope = $1 AND s.search @@ q.q "
            "AND s.article_id >= (SELECT id FROM floor) "
            f"ORDER BY s.article_id DESC LIMIT {SEARCH_WINDOW}), best AS ("
            "SELECT s.article_id AS id, ts_rank(s.search, q.q) AS score FROM recent "
            "JOIN article_search s ON s.article_id = recent.id, q ORDER BY score DESC, s.article_id DESC LIMIT $3) "
            f"SELECT {columns}, left(a.text, {SNIPPET_WINDOW}) AS head, "
            "(SELECT id FROM floor) AS floor, (SELECT count(*) FROM recent) AS matched "
            "FROM best JOIN articles a ON a.id = best.id ORDER BY best.score DESC, a.id DESC"
        )
        try:  # past the budget, asyncpg has the server cancel the query
            return await self.pool.fetch(sql, scope, words, limit, recent, timeout=budget)
        except (TimeoutError, asyncpg.QueryCanceledError) as exc:
            raise QueryTimeout(f"the search took over {budget:g} s") from exc

    async def summary_candidates(self, article_id: int) -> list[SummarySentence]:
        row = await self.row(f"SELECT text, {_SENTENCES} FROM articles WHERE id = $1", article_id)
        return list(sentences_of(row)) if row is not None else []
