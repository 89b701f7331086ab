"""The registry: one row per actor per server, written with each article in its transaction.

Per-article actor rows stay (an article's own list), and each points at its registry entry;
the entry carries the totals, the display name (the form most articles use), the most given
description and every alias, so reads by name touch a few indexed rows."""

from __future__ import annotations

import json

import aiosqlite

from bot.models import Actor
from bot.names import surname_key
from bot.storage.records import alias_forms, entry_keys
from bot.text import one_line

# An article's entries in one statement run per entry (its actors grouped by key first, so
# that the article counts once in ``articles``); their ids are read back in one query.
_UPSERT_ENTITY = (
    "INSERT INTO entities (scope, kind, name_key, surname_key, name, mentions, quotes, articles, salience) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT (scope, kind, name_key) DO UPDATE SET "
    "mentions = mentions + excluded.mentions, quotes = quotes + excluded.quotes, "
    "articles = articles + 1, salience = salience + excluded.salience"
)
_ENTITY_IDS = "SELECT id, kind, name_key FROM entities WHERE scope = ? AND name_key IN (SELECT value FROM json_each(?))"
_BEST_NAME = (
    "UPDATE entities SET name = COALESCE((SELECT form FROM entity_forms f WHERE f.entity_id = entities.id "
    "ORDER BY uses DESC, form LIMIT 1), name) WHERE id = ?"
)
_BEST_DESCRIPTION = (
    "UPDATE entities SET description = (SELECT description FROM entity_descriptions d "
    "WHERE d.entity_id = entities.id ORDER BY uses DESC, first_article LIMIT 1) WHERE id = ?"
)


async def store_actors(
    conn: aiosqlite.Connection, scope: str, article_id: int, actors: tuple[Actor, ...]
) -> dict[str, int]:
    """Write an article's actors and update their registry entries; returns each actor's row id
    by name (quotes point at it). A few statements per article, each run for all of its rows:
    every call crosses to aiosqlite's thread and back, so one per actor would cost more than
    the writing itself."""
    if not actors:
        return {}
    keys, grouped = entry_keys(actors)
    await conn.executemany(
        _UPSERT_ENTITY,
        [
            (scope, kind, key, surname_key(key), same[0].name, sum(a.mentions for a in same),
             sum(a.quotes for a in same), sum(a.salience for a in same))
            for (kind, key), same in grouped.items()
        ],
    )  # fmt: skip
    async with conn.execute(_ENTITY_IDS, (scope, json.dumps([key for _, key in grouped]))) as cur:
        entity_of = {(kind, key): entity_id for entity_id, kind, key in await cur.fetchall()}
    entity_ids = [entity_of[key] for key in keys]
    descriptions = [one_line(actor.description) for actor in actors]
    await conn.executemany(
        "INSERT INTO actors (article_id, name, kind, mentions, quotes, salience, description, entity_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (article_id, a.name, a.kind, a.mentions, a.quotes, a.salience, description, entity_id)
            for a, description, entity_id in zip(actors, descriptions, entity_ids, strict=True)
        ],
    )
    async with conn.execute("SELECT id, name FROM actors WHERE article_id = ? ORDER BY id", (article_id,)) as cur:
        actor_ids = {name: actor_id for actor_id, name in await cur.fetchall()}
    entity_aliases = [
        (scope, alias_key, entity_id, alias)
        for actor, entity_id in zip(actors, entity_ids, strict=True)
        for alias_key, alias in alias_forms(actor).items()
    ]
    await conn.executemany(
        "INSERT OR IGNORE INTO entity_aliases (scope, alias_key, entity_id, alias) VALUES (?, ?, ?, ?)", entity_aliases
    )
    await conn.executemany(
        "INSERT INTO entity_forms (entity_id, form, uses) VALUES (?, ?, 1) "
        "ON CONFLICT (entity_id, form) DO UPDATE SET uses = uses + 1",
        [(entity_id, actor.name) for actor, entity_id in zip(actors, entity_ids, strict=True)],
    )
    described = [(e, d, article_id) for e, d in zip(entity_ids, descriptions, strict=True) if d]
    await conn.executemany(
        "INSERT INTO entity_descriptions (entity_id, description, uses, first_article) VALUES (?, ?, 1, ?) "
        "ON CONFLICT (entity_id, description) DO UPDATE SET uses = uses + 1",
        described,
    )
    await conn.executemany(_BEST_NAME, [(e,) for e in dict.fromkeys(entity_ids)])
    await conn.executemany(_BEST_DESCRIPTION, [(e,) for e in dict.fromkeys(e for e, _, _ in described)])
    return actor_ids


async def forget_actors(conn: aiosqlite.Connection, article_id: int) -> None:
    """Take an article's actors out of their registry entries (before the article is deleted);
    an entry no article names any more goes. Its aliases stay with the entry while it lives."""
    cur = await conn.execute("SELECT DISTINCT entity_id FROM actors WHERE article_id = ?", (article_id,))
    entity_ids = [r[0] for r in await cur.fetchall() if r[0] is not None]
    await conn.execute(
        "UPDATE entities SET mentions = entities.mentions - t.mentions, quotes = entities.quotes - t.quotes, "
        "articles = entities.articles - 1, salience = entities.salience - t.salience "
        "FROM (SELECT entity_id, SUM(mentions) AS mentions, SUM(quotes) AS quotes, SUM(salience) AS salience "
        "      FROM actors WHERE article_id = ? GROUP BY entity_id) AS t WHERE entities.id = t.entity_id",
        (article_id,),
    )
    await conn.execute(
        "UPDATE entity_forms SET uses = uses - t.n FROM (SELECT entity_id, name, COUNT(*) AS n FROM actors "
        "WHERE article_id = ? GROUP BY entity_id, name) AS t "
        "WHERE entity_forms.entity_id = t.entity_id AND entity_forms.form = t.name",
        (article_id,),
    )
    await conn.execute(
        "UPDATE entity_descriptions SET uses = uses - t.n FROM (SELECT entity_id, description, COUNT(*) AS n "
        "FROM actors WHERE article_id = ? AND description IS NOT NULL GROUP BY entity_id, description) AS t "
        "WHERE entity_descriptions.entity_id = t.entity_id AND entity_descriptions.description = t.description",
        (article_id,),
    )
    await conn.execute("DELETE FROM entity_forms WHERE uses <= 0")
    await conn.execute("DELETE FROM entity_descriptions WHERE uses <= 0")
    await conn.executemany(_BEST_NAME, [(e,) for e in entity_ids])
    await conn.executemany(_BEST_DESCRIPTION, [(e,) for e in entity_ids])
    await conn.execute("DELETE FROM entities WHERE articles <= 0")
