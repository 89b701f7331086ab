"""The registry in PostgreSQL: one row per actor per server, written with each article in its
transaction (the scope's lock is held, so two writers never update one entry at once)."""

from __future__ import annotations

import asyncpg

from bot.models import Actor
from bot.names import name_key, surname_key
from bot.text import one_line

_UPSERT_ENTITY = (
    "INSERT INTO entities (scope, kind, name_key, surname_key, name, mentions, quotes, articles, salience) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (scope, kind, name_key) DO UPDATE SET "
    "mentions = entities.mentions + excluded.mentions, quotes = entities.quotes + excluded.quotes, "
    "articles = entities.articles + excluded.articles, salience = entities.salience + excluded.salience RETURNING id"
)
_BEST_NAME = (
    "UPDATE entities SET name = COALESCE((SELECT form FROM entity_forms f WHERE f.entity_id = entities.id "
    "ORDER BY uses DESC, form LIMIT 1), name) WHERE id = ANY($1::bigint[])"
)
_BEST_DESCRIPTION = (
    "UPDATE entities SET description = (SELECT description FROM entity_descriptions d "
    "WHERE d.entity_id = entities.id ORDER BY uses DESC, first_article LIMIT 1) WHERE id = ANY($1::bigint[])"
)


async def store_actors(
    conn: asyncpg.Connection, scope: str, article_id: int, actors: tuple[Actor, ...]
) -> dict[str, int]:
    """Write an article's actors and update their registry entries; returns each actor's row id
    by name (quotes point at it)."""
    actor_ids: dict[str, int] = {}
    counted: set[int] = set()  # entries this article already counts once
    entity_aliases, forms, descriptions = [], [], []
    for actor in actors:
        key = name_key(actor.name)
        description = one_line(actor.description)
        entity_id = await conn.fetchval(
            _UPSERT_ENTITY,
            scope, actor.kind, key, surname_key(key), actor.name, actor.mentions, actor.quotes, 1, actor.salience,
        )  # fmt: skip
        if entity_id in counted:  # two actors of one article with one key: the article counts once
            await conn.execute("UPDATE entities SET articles = articles - 1 WHERE id = $1", entity_id)
        counted.add(entity_id)
        actor_ids[actor.name] = await conn.fetchval(
            "INSERT INTO actors (article_id, name, kind, mentions, quotes, salience, description, entity_id) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            article_id, actor.name, actor.kind, actor.mentions, actor.quotes, actor.salience, description, entity_id,
        )  # fmt: skip
        aliases = {name_key(a): a for a in (actor.name, *actor.aliases) if name_key(a)}
        entity_aliases += [(scope, alias_key, entity_id, alias) for alias_key, alias in aliases.items()]
        forms.append((entity_id, actor.name))
        if description:
            descriptions.append((entity_id, description, article_id))
    await conn.executemany(
        "INSERT INTO entity_aliases (scope, alias_key, entity_id, alias) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT DO NOTHING",
        entity_aliases,
    )
    await conn.executemany(
        "INSERT INTO entity_forms (entity_id, form, uses) VALUES ($1, $2, 1) "
        "ON CONFLICT (entity_id, form) DO UPDATE SET uses = entity_forms.uses + 1",
        forms,
    )
    await conn.executemany(
        "INSERT INTO entity_descriptions (entity_id, description, uses, first_article) VALUES ($1, $2, 1, $3) "
        "ON CONFLICT (entity_id, description) DO UPDATE SET uses = entity_descriptions.uses + 1",
        descriptions,
    )
    await conn.execute(_BEST_NAME, sorted(counted))
    await conn.execute(_BEST_DESCRIPTION, sorted({e for e, _, _ in descriptions}))
    return actor_ids


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
    await conn.execute(_BEST_NAME, entity_ids)
    await conn.execute(_BEST_DESCRIPTION, entity_ids)
    await conn.execute("DELETE FROM entities WHERE id = ANY($1::bigint[]) AND articles <= 0", entity_ids)
