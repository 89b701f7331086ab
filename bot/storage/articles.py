"""Articles: storing one with its analysis in one transaction, finding and searching them."""

from __future__ import annotations

import dataclasses
import sqlite3
import time

from bot.models import Analysis, ArticleRecord, ExtractedArticle, Sharer, SummarySentence
from bot.nlp.summary_choice import MAX_SUMMARY_SENTENCES, summary_order
from bot.storage.jobs import end_stored_job
from bot.storage.records import (
    ARTICLE_COLUMNS,
    Connected,
    QueryTimeout,
    article_columns_of,
    article_record,
    fts_query,
    inserted_id,
    sentences_of,
    snippet,
    speaker_words,
)
from bot.storage.registry import forget_actors, store_actors
from bot.storage.store import DuplicateArticle
from bot.storage.texts import pack, unpack
from bot.text import count_words

SEARCH_BUDGET = 1.0  # seconds one search may take before it is interrupted
SEARCH_WINDOW = 300  # a search ranks the best of this many of the scope's latest matches
SNIPPET_WINDOW = 20_000  # characters of an article a snippet is looked for in
PROGRESS_STEPS = 1000  # SQLite VM steps between two looks at the clock


# An article's summary sentences in one column of its row: what a summary is picked from.
_SENTENCES = (
    "(SELECT json_group_array(json_array(position, start, end, score)) FROM summary_sentences s "
    "WHERE s.article_id = articles.id) AS sentences"
)


class ArticleQueries(Connected):
    async def _one_article(
        self, sql: str, params: tuple | dict, with_text: bool = False, with_sentences: bool = False
    ) -> ArticleRecord | None:
        """The one article a query finds; ``with_sentences``: with its summary sentences (and
        text), in the same read."""
        columns = ARTICLE_COLUMNS + (", text" if with_text or with_sentences else "")
        columns += f", {_SENTENCES}" if with_sentences else ""
        async with self.read(sql.format(columns=columns), params) as cur:
            row = await cur.fetchone()
        if row is None:
            return None
        article = article_record(row, with_text)
        return dataclasses.replace(article, sentences=sentences_of(row)) if with_sentences else article

    async def find_stored(
        self, scope: str, canonical_url: str | None, digest: str | None = None, with_sentences: bool = False
    ) -> ArticleRecord | None:
        """The article a scope already has under this link, else with this text."""
        return await self._one_article(
            "SELECT {columns} FROM articles WHERE scope = :scope "
            "AND (canonical_url = :url OR url = :url OR content_hash = :digest) "
            "ORDER BY (canonical_url IS :url OR url IS :url) DESC LIMIT 1",
            {"scope": scope, "url": canonical_url, "digest": digest},
            with_sentences=with_sentences,
        )

    async def get_article(self, scope: str, article_id: int, with_text: bool = False) -> ArticleRecord | None:
        return await self._one_article(
            "SELECT {columns} FROM articles WHERE scope = ? AND id = ?", (scope, article_id), with_text
        )

    async def numbered_article(self, scope: str, number: int, with_sentences: bool = False) -> ArticleRecord | None:
        """The article members of a scope call #``number``."""
        return await self._one_article(
            "SELECT {columns} FROM articles WHERE scope = ? AND number = ?",
            (scope, number),
            with_sentences=with_sentences,
        )

    async def latest_article(self, scope: str, with_sentences: bool = False) -> ArticleRecord | None:
        return await self._one_article(
            "SELECT {columns} FROM articles WHERE scope = ? ORDER BY id DESC LIMIT 1",
            (scope,),
            with_sentences=with_sentences,
        )

    async def list_articles(self, scope: str, limit: int, offset: int = 0) -> list[ArticleRecord]:
        async with self.read(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE scope = ? ORDER BY id DESC LIMIT ? OFFSET ?",
            (scope, limit, offset),
        ) as cur:
            return [article_record(r) for r in await cur.fetchall()]

    async def count_articles(self, scope: str) -> int:
        return await self.scalar("SELECT COUNT(*) FROM articles WHERE scope = ?", (scope,))

    async def add_article(
        self,
        sharer: Sharer,
        article: ExtractedArticle,
        digest: str,
        analysis: Analysis,
        words: int | None = None,
        job_id: int | None = None,
    ) -> ArticleRecord:
        """Store an article with its analysis, and end ``job_id``, the job that stored it, in the
        same transaction; ``words``: its word count, if known already."""
        words = count_words(article.text) if words is None else words
        try:
            return await self._insert_article(sharer, article, digest, analysis, words, job_id)
        except sqlite3.IntegrityError as exc:  # its link or text, stored meanwhile by another task
            raise DuplicateArticle(str(exc)) from exc

    async def _insert_article(
        self, sharer: Sharer, article: ExtractedArticle, digest: str, analysis: Analysis, words: int, job_id: int | None
    ) -> ArticleRecord:
        async with self.transaction() as conn:
            cur = await conn.execute(
                "INSERT INTO articles (scope, url, canonical_url, content_hash, title, site, author, published, "
                "text, tokens, shared_by, shared_by_id, channel_id, message_id, words, analysed_words, number) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
                # the next number in this scope, in the same transaction (ids are global)
                "(SELECT COALESCE(MAX(number), 0) + 1 FROM articles WHERE scope = ?1))",
                (
                    sharer.scope,
                    article.url,
                    article.canonical_url,
                    digest,
                    article.title,
                    article.site,
                    article.author,
                    article.published,
                    pack(article.text),
                    analysis.tokens,
                    sharer.user_name,
                    sharer.user_id,
                    sharer.channel_id,
                    sharer.message_id,
                    words,
                    analysis.analysed_words,
                ),
            )
            article_id = inserted_id(cur)
            # Offsets only (the text is the article's), and only the sentences a summary of
            # any length can pick, best first.
            picked = summary_order(analysis.candidates, MAX_SUMMARY_SENTENCES)
            await conn.executemany(
                "INSERT INTO summary_sentences (article_id, position, start, end, score) VALUES (?, ?, ?, ?, ?)",
                [(article_id, i, s.start, s.end, s.score) for i, s in enumerate(picked)],
            )
            actor_ids = await store_actors(conn, sharer.scope, article_id, analysis.actors)
            await conn.executemany(
                "INSERT INTO quotes (article_id, actor_id, speaker, text, start, end, speaker_start, speaker_end, "
                "cue, direct, sentence_start, sentence_end) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        article_id,
                        actor_ids.get(q.speaker or ""),
                        None if actor_ids.get(q.speaker or "") else q.speaker,  # a named one is its actor's
                        None if article.text[q.start : q.end] == q.text else q.text,  # pieces joined with "…"
                        q.start,
                        q.end,
                        q.speaker_start,
                        q.speaker_end,
                        q.cue,
                        q.direct,
                        q.start if q.sentence_start is None else q.sentence_start,
                        q.end if q.sentence_end is None else q.sentence_end,
                    )
                    for q in analysis.quotes
                ],
            )
            # unnamed sources, by their words (the search index follows by its triggers)
            cur = await conn.execute(
                "SELECT id, speaker FROM quotes WHERE article_id = ? AND actor_id IS NULL AND speaker IS NOT NULL",
                (article_id,),
            )
            unnamed = await cur.fetchall()
            await conn.executemany(
                "INSERT OR IGNORE INTO speaker_words (scope, word, article_id, quote_id) VALUES (?, ?, ?, ?)",
                [(sharer.scope, word, article_id, r[0]) for r in unnamed for word in speaker_words(r[1])],
            )
            if job_id is not None:
                await end_stored_job(conn, job_id, article_id)
            cur = await conn.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,))
            return article_record(await cur.fetchone())

    async def delete_article(self, scope: str, article_id: int) -> bool:
        async with self.transaction() as conn:
            found = await conn.execute("SELECT 1 FROM articles WHERE scope = ? AND id = ?", (scope, article_id))
            if await found.fetchone():
                await forget_actors(conn, article_id)
            cur = await conn.execute("DELETE FROM articles WHERE scope = ? AND id = ?", (scope, article_id))
            return cur.rowcount > 0

    async def search_articles(
        self, scope: str, words: str, limit: int = 10, budget: float = SEARCH_BUDGET
    ) -> list[tuple[ArticleRecord, str]]:
        """Articles matching every word, best first (of the latest ``SEARCH_WINDOW`` that
        match), each with a snippet around the first match.

        The snippet is cut from the start of the stored text in Python: FTS5's snippet() reads
        the whole document and grows much faster than its length. Past ``budget`` seconds the
        query is interrupted and ``QueryTimeout`` raised.
        """
        query = fts_query(words)
        if query is None:
            return []
        # The best of the scope's latest SEARCH_WINDOW matches: ranking every match of a big
        # store (all its servers') cost a common word hundreds of ms.
        sql = (
            f"SELECT {article_columns_of('a')}, "
            "a.text AS packed FROM (SELECT article_search.rowid AS id, rank FROM article_search "
            "JOIN articles m ON m.id = article_search.rowid WHERE article_search MATCH ? AND m.scope = ? "
            f"ORDER BY article_search.rowid DESC LIMIT {SEARCH_WINDOW}) AS recent "
            "JOIN articles a ON a.id = recent.id ORDER BY recent.rank LIMIT ?"
        )
        async with self.reader() as conn:
            deadline = time.monotonic() + budget
            await conn.set_progress_handler(lambda: time.monotonic() > deadline, PROGRESS_STEPS)
            try:
                async with conn.execute(sql, (query, scope, limit)) as cur:
                    rows = await cur.fetchall()
            except sqlite3.OperationalError as exc:
                # interrupted: in a step ("interrupted"), or while FTS5 opened its table
                if "interrupt" in str(exc) or time.monotonic() > deadline:
                    raise QueryTimeout(f"the search took over {budget:g} s") from exc
                raise
            finally:
                await conn.set_progress_handler(None, 0)  # type: ignore[arg-type]  # None removes it (sqlite3 API)
        return [(article_record(r), snippet(unpack(r["packed"])[:SNIPPET_WINDOW], words)) for r in rows]

    async def summary_candidates(self, article_id: int) -> list[SummarySentence]:
        async with self.read(f"SELECT text, {_SENTENCES} FROM articles WHERE id = ?", (article_id,)) as cur:
            row = await cur.fetchone()
        return list(sentences_of(row)) if row is not None else []
