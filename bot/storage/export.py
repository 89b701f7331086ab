"""Reading a whole store out: every article of a scope with its quotes (``python -m bot
export``), and an online copy of the file (``python -m bot backup``)."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

from bot.models import ArticleRecord
from bot.storage.records import ARTICLE_COLUMNS, Connected, Row, article_record, placeholders
from bot.storage.texts import unpack

BATCH = 200  # articles read at a time: an export of 100,000 holds one batch in memory


class ExportQueries(Connected):
    async def scopes(self) -> list[str]:
        async with self.read("SELECT DISTINCT scope FROM articles ORDER BY scope") as cur:
            return [r[0] for r in await cur.fetchall()]

    async def all_articles(self, scope: str) -> AsyncIterator[tuple[ArticleRecord, list[dict]]]:
        """Every article of a scope, oldest first, with its text and its quotes (speaker, words,
        kind, the sentence they stand in, offsets)."""
        after = 0
        while True:
            async with self.read(
                f"SELECT {ARTICLE_COLUMNS}, text FROM articles WHERE scope = ? AND id > ? ORDER BY id LIMIT ?",
                (scope, after, BATCH),
            ) as cur:
                rows = await cur.fetchall()
            if not rows:
                return
            ids = [r["id"] for r in rows]
            quotes = await self._quotes_of_articles(ids)
            for row in rows:
                article = article_record(row, with_text=True)
                yield article, quotes.get(article.id, [])
            after = ids[-1]

    async def _quotes_of_articles(self, article_ids: list[int]) -> dict[int, list[dict]]:
        async with self.read(
            "SELECT q.article_id, COALESCE(ac.name, q.speaker) AS speaker, q.text, q.start, q.end, q.direct, "
            "q.sentence_start, q.sentence_end, a.text AS article_text FROM quotes q "
            "JOIN articles a ON a.id = q.article_id LEFT JOIN actors ac ON ac.id = q.actor_id "
            f"WHERE q.article_id IN ({placeholders(article_ids)}) ORDER BY q.article_id, q.start",
            article_ids,
        ) as cur:
            rows = await cur.fetchall()
        out: dict[int, list[dict]] = {}
        for r in rows:
            out.setdefault(r["article_id"], []).append(quote_of_export(r, unpack(r["article_text"])))
        return out


def quote_of_export(r: Row, text: str) -> dict:
    """A quote as an export line holds it: speaker, words, kind, the sentence it stands in, offsets."""
    return {
        "speaker": r["speaker"],
        "text": r["text"] if r["text"] is not None else text[r["start"] : r["end"]],
        "direct": bool(r["direct"]),
        "sentence": " ".join(text[r["sentence_start"] : r["sentence_end"]].split()),
        "start": r["start"],
        "end": r["end"],
    }


def backup_file(source: str | Path, target: str | Path) -> None:
    """A consistent copy of a live store (SQLite's online backup: one read transaction, so a
    writer meanwhile is neither blocked for long nor half copied), checked before it is kept."""
    target = Path(target)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(partial) as dst:
        src.backup(dst)
        if dst.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise RuntimeError("the copy did not pass SQLite's check; the store was left as it is")
    partial.replace(target)


async def backup(source: str | Path, target: str | Path) -> None:
    await asyncio.to_thread(backup_file, source, target)
