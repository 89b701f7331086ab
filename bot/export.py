"""``python -m bot export``: a server's articles and quotes as JSON Lines or CSV.

JSON Lines: one article a line, its quotes inside it. CSV is flat, so it is one of the two:
articles (``--what articles``, the text included) or quotes (``--what quotes``, one row each
with the article it came from).
"""

from __future__ import annotations

import csv
import json
from typing import TextIO

from bot.models import ArticleRecord
from bot.storage.store import Store

ARTICLE_FIELDS = (
    "server", "number", "title", "url", "canonical_url", "site", "author", "published", "shared_by",
    "stored_at", "words", "analysed_words", "text",
)  # fmt: skip
QUOTE_FIELDS = ("server", "article", "article_title", "speaker", "direct", "text", "sentence", "start", "end")


def _article_fields(article: ArticleRecord) -> dict:
    return {
        "server": article.scope,
        "number": article.number,
        "title": article.title,
        "url": article.url,
        "canonical_url": article.canonical_url,
        "site": article.site,
        "author": article.author,
        "published": article.published,
        "shared_by": article.shared_by,
        "stored_at": article.created_at,
        "words": article.words,
        "analysed_words": article.analysed_words,
        "text": article.text,
    }


async def export(db: Store, out: TextIO, scopes: list[str], fmt: str = "jsonl", what: str = "articles") -> int:
    """Writes the articles of ``scopes`` (with their quotes, or their quotes alone) to ``out``;
    returns how many articles were written."""
    writer = None
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=QUOTE_FIELDS if what == "quotes" else ARTICLE_FIELDS)
        writer.writeheader()
    count = 0
    for scope in scopes:
        async for article, quotes in db.all_articles(scope):
            count += 1
            row = _article_fields(article)
            if writer is None:
                out.write(json.dumps({**row, "quotes": quotes}, ensure_ascii=False) + "\n")
            elif what == "quotes":
                for quote in quotes:
                    writer.writerow(
                        {"server": scope, "article": article.number, "article_title": article.title, **quote}
                    )
            else:
                writer.writerow(row)
    return count
