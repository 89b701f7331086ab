"""Articles in PostgreSQL: storing one with its analysis in one transaction, finding and
searching them (``websearch_to_tsquery`` over ``article_search``, written with each article)."""

from __future__ import annotations

import dataclasses
import time

import asyncpg

from bot.models import Analysis, ArticleRecord, ExtractedArticle, Sharer, SummarySentence
from bot.nlp.summary_choice import MAX_SUMMARY_SENTENCES, summary_order
from bot.storage.articles import SEARCH_BUDGET, SEARCH_WINDOW, SNIPPET_WINDOW
from bot.storage.postgres.connected import PgConnected, changed
from bot.storage.postgres.jobs import ENDED_JOB_CTES
from bot.storage.postgres.registry import forget_actors, store_actors
from bot.storage.records import (
    ARTICLE_COLUMNS,
    QueryTimeout,
    article_columns_of,
    article_record,
    sentences_of,
    snippet,
    speaker_words,
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
        end ``job_id``, the job that stored it, in the same one."""
        words = count_words(article.text) if words is None else words
        try:
            async with self.transaction(sharer.scope) as conn:
                return await _insert_article(conn, sharer, article, digest, analysis, words, job_id)
        except asyncpg.UniqueViolationError as exc:  # its link or text, stored meanwhile
            raise DuplicateArticle(str(exc)) from exc

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


async def _insert_article(
    conn: asyncpg.Connection,
    sharer: Sharer,
    article: ExtractedArticle,
    digest: str,
    analysis: Analysis,
    words: int,
    job_id: int | None,
) -> ArticleRecord:
    picked = summary_order(analysis.candidates, MAX_SUMMARY_SENTENCES)
    # The article, its search vector, its summary's sentences and the end of its job need only
    # its id: one statement. The job's end is told to a waiting gateway at commit.
    row = await conn.fetchrow(
        "WITH stored AS (INSERT INTO articles (scope, url, canonical_url, content_hash, title, site, author, "
        "published, text, tokens, shared_by, shared_by_id, channel_id, message_id, words, analysed_words, number) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, "
        # the next number in this scope: the scope's lock is held, so no other writer takes it
        f"(SELECT COALESCE(MAX(number), 0) + 1 FROM articles WHERE scope = $1)) RETURNING {ARTICLE_COLUMNS}), "
        "search AS (INSERT INTO article_search (article_id, scope, search) SELECT id, $1, "
        "setweight(to_tsvector('english', COALESCE($5, '')), 'A') || setweight(to_tsvector('english', $9), 'B') "
        "FROM stored), "
        'summary AS (INSERT INTO summary_sentences (article_id, position, start, "end", score) '
        "SELECT stored.id, u.* FROM stored, unnest($17::int[], $18::int[], $19::int[], $20::real[]) u), "
        f"{ENDED_JOB_CTES} SELECT stored.*, (SELECT count(*) FROM told) AS told FROM stored",
        sharer.scope,
        article.url,
        article.canonical_url,
        digest,
        article.title,
        article.site,
        article.author,
        article.published,
        article.text,
        analysis.tokens,
        sharer.user_name,
        sharer.user_id,
        sharer.channel_id,
        sharer.message_id,
        words,
        analysis.analysed_words,
        list(range(len(picked))),
        [s.start for s in picked],
        [s.end for s in picked],
        [s.score for s in picked],
        job_id,
    )
    article_id = row["id"]
    # each table's rows in one statement (arrays unnested), not one execution per row
    actor_ids = await store_actors(conn, sharer.scope, article_id, analysis.actors)
    quotes = analysis.quotes
    speakers = [actor_ids.get(q.speaker or "") for q in quotes]
    stored = await conn.fetch(
        'INSERT INTO quotes (article_id, actor_id, speaker, text, start, "end", speaker_start, speaker_end, '
        "cue, direct, sentence_start, sentence_end) SELECT $1, * FROM unnest($2::bigint[], $3::text[], "
        "$4::text[], $5::int[], $6::int[], $7::int[], $8::int[], $9::text[], $10::boolean[], $11::int[], $12::int[]) "
        "RETURNING id, speaker, direct",
        article_id,
        speakers,
        [None if actor else q.speaker for q, actor in zip(quotes, speakers, strict=True)],
        [None if article.text[q.start : q.end] == q.text else q.text for q in quotes],
        [q.start for q in quotes],
        [q.end for q in quotes],
        [q.speaker_start for q in quotes],
        [q.speaker_end for q in quotes],
        [q.cue for q in quotes],
        [bool(q.direct) for q in quotes],
        [q.start if q.sentence_start is None else q.sentence_start for q in quotes],
        [q.end if q.sentence_end is None else q.sentence_end for q in quotes],
    )
    unnamed = [(word, r["id"], r["direct"]) for r in stored if r["speaker"] for word in speaker_words(r["speaker"])]
    if unnamed:  # the words of unnamed sources
        await conn.execute(
            "INSERT INTO speaker_words (scope, word, article_id, quote_id, direct) "
            "SELECT $1, w, $2, q, d FROM unnest($3::text[], $4::bigint[], $5::boolean[]) AS u (w, q, d) "
            "ON CONFLICT DO NOTHING",
            sharer.scope, article_id, *(list(column) for column in zip(*unnamed, strict=True)),
        )  # fmt: skip
    return article_record(row)
