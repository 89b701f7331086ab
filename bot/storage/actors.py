"""Actors and their quotes across a scope: per-article rows for one article's list, the
registry (``entities``, one row per actor per server) for everything read by name."""

from __future__ import annotations

import aiosqlite

from bot.models import ActorStats, QuoteHit
from bot.storage.records import ActorCandidate, Connected, actor_stats, placeholders, quote_hit, says_key
from bot.storage.texts import unpack

# Companions are counted over this many of a person's latest articles: who they appear with
# lately, at a cost that does not grow with everything the server ever stored.
COMPANION_ARTICLES = 150
# Unnamed sources by a key of several words ("senior official"): how many times the limit of
# quotes of its last word are read to find those holding all of it.
UNNAMED_OVERREAD = 5
# A mistyped name is matched against the names and aliases of this many leading actors.
TYPO_CANDIDATES = 2000
_ENTITY = "e.id, e.name, e.kind, e.mentions, e.quotes, e.articles, e.salience, e.description"
_LAST = "\U0010ffff"  # above every character: the end of a key prefix range


class ActorQueries(Connected):
    async def actors_of_articles(self, article_ids: list[int]) -> list[ActorStats]:
        """Actors of the given articles, one row per name, with how many of them name it."""
        marks = placeholders(article_ids)
        async with self.read(
            "SELECT MAX(name) AS name, kind, SUM(mentions) AS mentions, SUM(quotes) AS quotes, "
            "COUNT(DISTINCT article_id) AS articles, SUM(salience) AS salience FROM actors "
            f"WHERE article_id IN ({marks}) GROUP BY entity_id",
            article_ids,
        ) as cur:
            return [
                ActorStats(r["name"], r["kind"], r["mentions"], r["quotes"], r["articles"], salience=r["salience"])
                for r in await cur.fetchall()
            ]

    async def article_actors(self, article_id: int, limit: int = 25) -> list[ActorStats]:
        async with self.read(
            "SELECT name, kind, mentions, quotes, description FROM actors WHERE article_id = ? "
            "ORDER BY salience DESC, mentions DESC LIMIT ?",
            (article_id, limit),
        ) as cur:
            return [
                ActorStats(r["name"], r["kind"], r["mentions"], r["quotes"], 1, r["description"])
                for r in await cur.fetchall()
            ]

    async def scope_actors(self, scope: str, limit: int = 25) -> list[ActorStats]:
        """The scope's most salient actors, one row per registry entry."""
        async with self.read(
            f"SELECT {_ENTITY} FROM entities e WHERE scope = ? ORDER BY salience DESC LIMIT ?", (scope, limit)
        ) as cur:
            return [actor_stats(r) for r in await cur.fetchall()]

    async def matching_actors(self, scope: str, key: str) -> list[ActorCandidate]:
        """Entries a typed name key can mean: by name or alias, or a full name with that surname."""
        async with self.read(
            "SELECT e.id, e.name, e.kind, e.mentions, e.articles, MAX(m.exact) AS exact FROM ("
            "  SELECT id, 1 AS exact FROM entities WHERE scope = :scope AND name_key = :key"
            "  UNION ALL SELECT id, 0 FROM entities WHERE scope = :scope AND surname_key = :key AND name_key != :key"
            "  UNION ALL SELECT entity_id, 1 FROM entity_aliases WHERE scope = :scope AND alias_key = :key"
            ") AS m JOIN entities e ON e.id = m.id GROUP BY e.id ORDER BY e.id",
            {"scope": scope, "key": key},
        ) as cur:
            return [
                ActorCandidate(r["id"], r["name"], r["kind"], bool(r["exact"]), r["mentions"], r["articles"])
                for r in await cur.fetchall()
            ]

    async def quotes_of(
        self,
        scope: str,
        entity_ids: list[int],
        speaker_key: str | None = None,
        article_id: int | None = None,
        limit: int = 100,
        direct: bool | None = None,
    ) -> list[QuoteHit]:
        """The latest quotes of these entries (newest article first), or of unnamed sources
        whose words hold ``speaker_key`` ("official" in "a senior official"); ``direct``: only
        direct quotes (True) or only reported speech (False)."""
        rows: list[aiosqlite.Row] = []
        columns = (
            "SELECT q.article_id, q.start, ar.number, ar.title, COALESCE(ar.url, ar.canonical_url) AS url, "
            "q.end, {speaker} AS speaker, q.text, q.sentence_start, q.sentence_end, "
            "ar.scope, ar.channel_id, ar.message_id, q.direct "
        )
        for entity_id in entity_ids:  # one indexed walk each, newest first, stopped at the limit
            sql = (
                f"{columns.format(speaker='ac.name')} FROM actors ac INDEXED BY actors_entity_quoted "
                "JOIN quotes q ON q.actor_id = ac.id "
                "JOIN articles ar ON ar.id = ac.article_id WHERE ac.entity_id = ? AND ac.quotes > 0 "
                "AND ar.scope = ? AND (? IS NULL OR ac.article_id = ?) AND (? IS NULL OR q.direct = ?) "
                "ORDER BY ac.article_id DESC, q.start LIMIT ?"
            )
            async with self.read(sql, (entity_id, scope, article_id, article_id, direct, direct, limit)) as cur:
                rows += await cur.fetchall()
        if speaker_key:  # unnamed sources: by the index of their words, newest first
            words = speaker_key.split()
            sql = (
                f"{columns.format(speaker='q.speaker')} FROM speaker_words w JOIN quotes q ON q.id = w.quote_id "
                "JOIN articles ar ON ar.id = w.article_id WHERE w.scope = ? AND w.word = ? "
                "AND (? IS NULL OR w.article_id = ?) AND (? IS NULL OR q.direct = ?) "
                "ORDER BY w.article_id DESC, q.start LIMIT ?"
            )
            # a key of several words: its last word's quotes, then those holding all of it in order
            wanted = limit if len(words) == 1 else limit * UNNAMED_OVERREAD
            params = (scope, words[-1], article_id, article_id, direct, direct, wanted)
            async with self.read(sql, params) as cur:
                rows += [r for r in await cur.fetchall() if len(words) == 1 or says_key(r["speaker"], speaker_key)]
        rows.sort(key=lambda r: (-r["article_id"], r["start"]))
        rows = rows[:limit]
        # The words and sentences are cut from the article texts, each read and unpacked once.
        texts = await self.texts_of(sorted({r["article_id"] for r in rows}))
        return [quote_hit(r, texts[r["article_id"]]) for r in rows]

    async def texts_of(self, article_ids: list[int]) -> dict[int, str]:
        if not article_ids:
            return {}
        async with self.read(
            f"SELECT id, text FROM articles WHERE id IN ({placeholders(article_ids)})", article_ids
        ) as cur:
            return {r["id"]: unpack(r["text"]) for r in await cur.fetchall()}

    async def full_person_names(self, scope: str, surnames: set[str]) -> dict[str, int]:
        """Name keys of the people in a scope named with two words or more ("joe biden") whose
        surname is one of ``surnames``, each with the number of articles that name them."""
        if not surnames:
            return {}
        keys = sorted(surnames)
        async with self.read(
            "SELECT name_key, articles FROM entities WHERE scope = ? AND kind = 'PERSON' "
            f"AND surname_key IN ({placeholders(keys)}) AND name_key != surname_key",
            (scope, *keys),
        ) as cur:
            return {r["name_key"]: r["articles"] for r in await cur.fetchall()}

    async def lone_surname_actors(self, scope: str, surname: str) -> list[ActorCandidate]:
        """The entry of people articles name by the surname alone (never giving the full name)."""
        async with self.read(
            "SELECT id, name, kind, mentions, articles FROM entities "
            "WHERE scope = ? AND name_key = ? AND kind = 'PERSON'",
            (scope, surname),
        ) as cur:
            return [
                ActorCandidate(r["id"], r["name"], r["kind"], mentions=r["mentions"], articles=r["articles"])
                for r in await cur.fetchall()
            ]

    async def all_actor_names(self, scope: str) -> list[tuple[str, str]]:
        """(alias, actor name) for the names and aliases of the scope's leading actors: what a
        typo is matched against. In a fixed order (the first of two equal matches wins), the
        same on every backend and after every restart."""
        async with self.read(
            "SELECT x.alias, e.name FROM (SELECT id, name, salience FROM entities WHERE scope = ? "
            "ORDER BY salience DESC, id LIMIT ?) AS e JOIN entity_aliases x ON x.entity_id = e.id "
            "ORDER BY e.salience DESC, e.id, x.alias",
            (scope, TYPO_CANDIDATES),
        ) as cur:
            return [(r["alias"], r["name"]) for r in await cur.fetchall()]

    async def entity_totals(self, entity_ids: list[int]) -> tuple[int, int, int]:
        """(articles, mentions, quotes) of these entries together (an article naming two of
        them counts twice: they are one person's forms, rarely in one article)."""
        async with self.read(
            "SELECT COALESCE(SUM(articles), 0), COALESCE(SUM(mentions), 0), COALESCE(SUM(quotes), 0) "
            f"FROM entities WHERE id IN ({placeholders(entity_ids)})",
            entity_ids,
        ) as cur:
            row = await cur.fetchone()
        return (row[0], row[1], row[2]) if row else (0, 0, 0)

    async def descriptions_of(self, entity_ids: list[int], limit: int = 4) -> list[str]:
        """How articles describe these entries, the most given first."""
        async with self.read(
            "SELECT description FROM entity_descriptions "
            f"WHERE entity_id IN ({placeholders(entity_ids)}) GROUP BY description "
            "ORDER BY SUM(uses) DESC, MIN(first_article) LIMIT ?",
            (*entity_ids, limit),
        ) as cur:
            return [r["description"] for r in await cur.fetchall()]

    async def companions(self, entity_ids: list[int], limit: int = 5) -> list[tuple[str, int]]:
        """Other actors of these entries' latest articles, with how many of them they share; at
        equal counts people and organisations come before places and nationalities."""
        recent = " UNION ".join(
            "SELECT article_id FROM (SELECT article_id FROM actors WHERE entity_id = ? "
            f"ORDER BY article_id DESC LIMIT {COMPANION_ARTICLES})"
            for _ in entity_ids
        )
        async with self.read(
            # counted per entry first, then only the counted entries are looked up
            "SELECT e.name, c.shared FROM (SELECT entity_id, COUNT(DISTINCT article_id) AS shared, "
            "SUM(salience) AS salience FROM actors "
            f"WHERE article_id IN (SELECT article_id FROM ({recent}) ORDER BY article_id DESC "
            f"LIMIT {COMPANION_ARTICLES}) AND entity_id NOT IN ({placeholders(entity_ids)}) "
            "GROUP BY entity_id) AS c JOIN entities e ON e.id = c.entity_id "
            "ORDER BY c.shared DESC, e.kind IN ('PERSON', 'ORG') DESC, c.salience DESC LIMIT ?",
            (*entity_ids, *entity_ids, limit),
        ) as cur:
            return [(r["name"], r["shared"]) for r in await cur.fetchall()]

    async def count_quotes(self, article_id: int, direct: bool = True) -> int:
        """An article's direct quotes, or (``direct=False``) its reported statements."""
        return await self.scalar(
            "SELECT COUNT(*) FROM quotes WHERE article_id = ? AND direct = ?", (article_id, direct)
        )

    async def actor_names(self, scope: str, key: str = "", limit: int = 25) -> list[ActorStats]:
        """Entries for autocomplete whose name or surname starts with ``key``, most quoted and
        mentioned first."""
        if not key:
            sql = f"SELECT {_ENTITY} FROM entities e WHERE scope = ? ORDER BY salience DESC LIMIT ?"
            params: tuple = (scope, limit)
        else:
            sql = (
                f"SELECT {_ENTITY} FROM entities e WHERE e.id IN ("
                "  SELECT id FROM entities WHERE scope = :scope AND name_key >= :key AND name_key < :end"
                "  UNION SELECT id FROM entities WHERE scope = :scope AND surname_key >= :key AND surname_key < :end"
                ") ORDER BY e.quotes DESC, e.mentions DESC LIMIT :limit"
            )
            params = {"scope": scope, "key": key, "end": key + _LAST, "limit": limit}  # type: ignore[assignment]
        async with self.read(sql, params) as cur:
            return [actor_stats(r) for r in await cur.fetchall()]
