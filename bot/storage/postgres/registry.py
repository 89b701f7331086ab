"""The registry in PostgreSQL: one row per actor per server, written with each article by
``newsdesk_store_article`` (``schema.STORE_ARTICLE_6``, with the scope's lock held, so two
writers never update one entry at once), and taken back here when an article is deleted."""

from __future__ import annotations

import asyncpg


async def forget_actors(conn: asyncpg.Connection, article_id: int) -> None:
    """Take an article's actors out of their registry entries (before the article is deleted);
    an entry no article names any more goes."""
    entity_ids = [
        r[0]
        for r in await conn.fetch("SELECT DISTINCT entity_id FROM actors WHERE article_id = $1", article_id)
        if r[0] is not None
    ]
    await conn.execute(
        "UPDATE entities SET mentions = entities.mentions - t.mentions, quotes = entities.quotes - t.quotes, "
        "articles = entities.articles - 1, salience = entities.salience - t.salience "
        "FROM (SELECT entity_id, SUM(mentions) AS mentions, SUM(quotes) AS quotes, SUM(salience) AS salience "
        "      FROM actors WHERE article_id = $1 GROUP BY entity_id) AS t WHERE entities.id = t.entity_id",
        article_id,
    )
    await conn.execute(
        "UPDATE entity_forms SET uses = uses - t.n FROM (SELECT entity_id, name, COUNT(*) AS n FROM actors "
        "WHERE article_id = $1 GROUP BY entity_id, name) AS t "
        "WHERE entity_forms.entity_id = t.entity_id AND entity_forms.form = t.name",
        article_id,
    )
    await conn.execute(
        "UPDATE entity_descriptions SET uses = uses - t.n FROM (SELECT entity_id, description, COUNT(*) AS n "
        "FROM actors WHERE article_id = $1 AND description IS NOT NULL GROUP BY entity_id, description) AS t "
        "WHERE entity_descriptions.entity_id = t.entity_id AND entity_descriptions.description = t.description",
        article_id,
    )
    await conn.execute("DELETE FROM entity_forms WHERE entity_id = ANY($1::bigint[]) AND uses <= 0", entity_ids)
    await conn.execute("DELETE FROM entity_descriptions WHERE entity_id = ANY($1::bigint[]) AND uses <= 0", entity_ids)
    await conn.execute("SELECT newsdesk_best_names($1::bigint[], $2::bigint[])", entity_ids, entity_ids)
    await conn.execute("DELETE FROM entities WHERE id = ANY($1::bigint[]) AND articles <= 0", entity_ids)
