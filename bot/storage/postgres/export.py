"""Reading a whole PostgreSQL store out (``python -m bot export``); its backups are
``pg_dump``'s (the README says how)."""

from __future__ import annotations

from collections.abc import AsyncIterator

from bot.models import ArticleRecord
from bot.storage.export import BATCH, quote_of_export
from bot.storage.postgres.connected import PgConnected
from bot.storage.records import ARTICLE_COLUMNS, article_record


class PgExportQueries(PgConnected):
    async def scopes(self) -> list[str]:
        return [r[0] for r in await self.rows("SELECT DISTINCT scope FROM articles ORDER BY scope")]

    async def all_articles(self, scope: str) -> AsyncIterator[tuple[ArticleRecord, list[dict]]]:
        """Every article of a scope, oldest first, with its text and its quotes."""
        after = 0
        while True:
            rows = await self.rows(
                f"SELECT {ARTICLE_COLUMNS}, text FROM articles WHERE scope = $1 AND id > $2 ORDER BY id LIMIT $3",
                scope, after, BATCH,
            )  # fmt: skip
            if not rows:
                return
            texts = {r["id"]: r["text"] for r in rows}
            quotes: dict[int, list[dict]] = {}
            for q in await self.rows(
                'SELECT q.article_id, COALESCE(ac.name, q.speaker) AS speaker, q.text, q.start, q."end", q.direct, '
                "q.sentence_start, q.sentence_end FROM quotes q LEFT JOIN actors ac ON ac.id = q.actor_id "
                "WHERE q.article_id = ANY($1::bigint[]) ORDER BY q.article_id, q.start",
                list(texts),
            ):
                quotes.setdefault(q["article_id"], []).append(quote_of_export(q, texts[q["article_id"]]))
            for row in rows:
                article = article_record(row, with_text=True)
                yield article, quotes.get(article.id, [])
            after = rows[-1]["id"]
