"""The registry in PostgreSQL: one row per actor per server, written with each article in its
transaction (the scope's lock is held, so two writers never update one entry at once)."""

from __future__ import annotations

import collections

import asyncpg

from bot.models import Actor
from bot.names import name_key, surname_key
from bot.storage.records import entry_keys
from bot.text import one_line

# Three statements for all of an article's actors, not one for each row: its entries (its actors
# grouped by key first: one INSERT may not touch a row twice), its actor rows with the entries'
# aliases, forms and descriptions, and each entry's best name and description.
_UPSERT_ENTITIES = (
    "INSERT INTO entities (scope, kind, name_key, surname_key, name, mentions, quotes, articles, salience) "
    "SELECT $1, kind, key, surname, name, mentions, quotes, 1, salience FROM unnest("
    "$2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::real[]) "
    "AS e (kind, key, surname, name, mentions, quotes, salience) "
    "ON CONFLICT (scope, kind, name_key) DO UPDATE SET "
    "mentions = entities.mentions + excluded.mentions, quotes = entities.quotes + excluded.quotes, "
    "articles = entities.articles + 1, salience = entities.salience + excluded.salience "
    "RETURNING id, kind, name_key"
)
# The article's actor rows (their ids are returned: quotes point at them), with its entries'
# aliases, forms and descriptions, in one statement ($1: the article; $9: the scope).
_INSERT_ACTORS = (
    "WITH aliases AS (INSERT INTO entity_aliases (scope, alias_key, entity_id, alias) "
    "SELECT $9, * FROM unnest($10::text[], $11::bigint[], $12::text[]) ON CONFLICT DO NOTHING), "
    "forms AS (INSERT INTO entity_forms (entity_id, form, uses) "
    "SELECT * FROM unnest($13::bigint[], $14::text[], $15::int[]) "
    "ON CONFLICT (entity_id, form) DO UPDATE SET uses = entity_forms.uses + excluded.uses), "
    "descriptions AS (INSERT INTO entity_descriptions (entity_id, description, uses, first_article) "
    "SELECT e, d, n, $1 FROM unnest($16::bigint[], $17::text[], $18::int[]) AS u (e, d, n) "
    "ON CONFLICT (entity_id, description) DO UPDATE SET uses = entity_descriptions.uses + excluded.uses) "
    "INSERT INTO actors (article_id, name, kind, mentions, quotes, salience, description, entity_id) "
    "SELECT $1, name, kind, mentions, quotes, salience, description, entity_id FROM unnest("
    "$2::text[], $3::text[], $4::int[], $5::int[], $6::real[], $7::text[], $8::bigint[]) WITH ORDINALITY "
    "AS a (name, kind, mentions, quotes, salience, description, entity_id, position) ORDER BY position "
    "RETURNING id, name"
)
# Each entry's most used form and description, once the statement above is done (the
# statements of one WITH all see the tables as they were before it). Only the entries whose
# name or description changes are written: most articles change few (a write is a new row
# version with its index entries).
_BEST_NAME_AND_DESCRIPTION = (
    "UPDATE entities SET name = best.name, description = best.description FROM (SELECT e.id, "
    "COALESCE((SELECT form FROM entity_forms f WHERE f.entity_id = e.id ORDER BY uses DESC, form LIMIT 1), "
    "e.name) AS name, CASE WHEN e.id = ANY($2::bigint[]) THEN (SELECT description FROM entity_descriptions d "
    "WHERE d.entity_id = e.id ORDER BY uses DESC, first_article LIMIT 1) ELSE e.description END AS description "
    "FROM entities e WHERE e.id = ANY($1::bigint[])) AS best WHERE entities.id = best.id "
    "AND (entities.name, entities.description) IS DISTINCT FROM (best.name, best.description)"
)


async def store_actors(
    conn: asyncpg.Connection, scope: str, article_id: int, actors: tuple[Actor, ...]
) -> dict[str, int]:
    """Write an article's actors and update their registry entries; returns each actor's row id
    by name (quotes point at it). Actors of one article with one key count once in ``articles``."""
    if not actors:
        return {}
    keys, grouped = entry_keys(actors)
    rows = await conn.fetch(
        _UPSERT_ENTITIES,
        scope,
        [kind for kind, _ in grouped],
        [key for _, key in grouped],
        [surname_key(key) for _, key in grouped],
        [same[0].name for same in grouped.values()],
        [sum(a.mentions for a in same) for same in grouped.values()],
        [sum(a.quotes for a in same) for same in grouped.values()],
        [sum(a.salience for a in same) for same in grouped.values()],
    )
    entity_of = {(r["kind"], r["name_key"]): r["id"] for r in rows}
    entity_ids = [entity_of[key] for key in keys]
    descriptions = [one_line(actor.description) for actor in actors]
    entity_aliases = list(
        {
            (alias_key, entity_id, alias): None
            for actor, entity_id in zip(actors, entity_ids, strict=True)
            for alias in (actor.name, *actor.aliases)
            if (alias_key := name_key(alias))
        }
    )
    # counted here: one INSERT … ON CONFLICT DO UPDATE may not touch a row twice
    forms = collections.Counter((entity_id, a.name) for a, entity_id in zip(actors, entity_ids, strict=True))
    described = collections.Counter((e, d) for e, d in zip(entity_ids, descriptions, strict=True) if d)
    inserted = await conn.fetch(
        _INSERT_ACTORS,
        article_id,
        [a.name for a in actors],
        [a.kind for a in actors],
        [a.mentions for a in actors],
        [a.quotes for a in actors],
        [a.salience for a in actors],
        descriptions,
        entity_ids,
        scope,
        [a[0] for a in entity_aliases],
        [a[1] for a in entity_aliases],
        [a[2] for a in entity_aliases],
        [e for e, _ in forms],
        [f for _, f in forms],
        list(forms.values()),
        [e for e, _ in described],
        [d for _, d in described],
        list(described.values()),
    )
    actor_ids = {r["name"]: r["id"] for r in inserted}
    await conn.execute(_BEST_NAME_AND_DESCRIPTION, sorted(set(entity_ids)), sorted({e for e, _ in described}))
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
    await conn.execute(_BEST_NAME_AND_DESCRIPTION, entity_ids, entity_ids)
    await conn.execute("DELETE FROM entities WHERE id = ANY($1::bigint[]) AND articles <= 0", entity_ids)
