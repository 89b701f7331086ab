"""Actors and their quotes across a scope's articles."""

from __future__ import annotations

from bot.models import ActorStats, QuoteHit
from bot.storage.records import ActorCandidate, Connected, placeholders


class ActorQueries(Connected):
    async def actors_of_articles(self, article_ids: list[int]) -> list[ActorStats]:
        """Actors of the given articles, one row per name, with how many of them name it."""
        marks = placeholders(article_ids)
        async with self.read(
            "SELECT MAX(name) AS name, kind, SUM(mentions) AS mentions, SUM(quotes) AS quotes, "
            "COUNT(DISTINCT article_id) AS articles, SUM(salience) AS salience FROM actors "
            f"WHERE article_id IN ({marks}) GROUP BY name_key, kind",
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
        """Actors across a scope's articles, one row per name."""
        async with self.read(
            "SELECT name_key, MAX(name) AS name, kind, SUM(mentions) AS mentions, SUM(quotes) AS quotes, "
            "COUNT(DISTINCT article_id) AS articles, SUM(salience) AS salience, "
            # the description most articles give, not an arbitrary one
            "(SELECT d.description FROM actors d WHERE d.scope = a.scope AND d.name_key = a.name_key "
            " AND d.kind = a.kind AND d.description IS NOT NULL "
            " GROUP BY d.description ORDER BY COUNT(*) DESC, MIN(d.id) LIMIT 1) AS description "
            "FROM actors a WHERE scope = ? GROUP BY name_key, kind "
            "ORDER BY salience DESC, mentions DESC LIMIT ?",
            (scope, limit),
        ) as cur:
            return [
                ActorStats(
                    r["name"],
                    r["kind"],
                    r["mentions"],
                    r["quotes"],
                    r["articles"],
                    r["description"],
                    salience=r["salience"],
                )
                for r in await cur.fetchall()
            ]

    async def matching_actors(self, scope: str, key: str) -> list[ActorCandidate]:
        """Actors a typed name key can mean: by name or alias, or a full name with that surname."""
        alias = "EXISTS (SELECT 1 FROM actor_aliases x WHERE x.actor_id = a.id AND x.alias_key = :key)"
        async with self.read(
            f"SELECT a.id, a.name, a.kind, a.mentions, (a.name_key = :key OR {alias}) AS exact "
            "FROM actors a WHERE a.scope = :scope AND ("
            f"  a.name_key = :key OR (a.surname_key = :key AND a.name_key != :key) OR {alias})",
            {"scope": scope, "key": key},
        ) as cur:
            return [
                ActorCandidate(r["id"], r["name"], r["kind"], bool(r["exact"]), r["mentions"])
                for r in await cur.fetchall()
            ]

    async def quotes_of(
        self,
        scope: str,
        actor_ids: list[int],
        speaker_key: str | None = None,
        article_id: int | None = None,
        limit: int = 100,
    ) -> list[QuoteHit]:
        marks = placeholders(actor_ids)
        sql = (
            "SELECT q.article_id, ar.number, ar.title, COALESCE(ar.url, ar.canonical_url) AS url, "
            "COALESCE(ac.name, q.speaker) AS speaker, q.text, q.sentence "
            "FROM quotes q JOIN articles ar ON ar.id = q.article_id LEFT JOIN actors ac ON ac.id = q.actor_id "
            f"WHERE ar.scope = ? AND (q.actor_id IN ({marks}) "
            # an unnamed source whose words hold the typed ones ("official" in "a senior official")
            "OR (? IS NOT NULL AND q.actor_id IS NULL AND instr(' ' || lower(q.speaker) || ' ', ' ' || ? || ' ') > 0)) "
            "AND (? IS NULL OR q.article_id = ?) ORDER BY q.article_id DESC, q.start LIMIT ?"
        )
        params = (scope, *actor_ids, speaker_key, speaker_key, article_id, article_id, limit)
        async with self.read(sql, params) as cur:
            return [
                QuoteHit(r["article_id"], r["number"], r["title"], r["url"], r["speaker"], r["text"], r["sentence"])
                for r in await cur.fetchall()
            ]

    async def full_person_names(self, scope: str) -> dict[str, int]:
        """Name keys of the people in a scope named with two words or more ("joe biden"), each
        with the number of articles that name them."""
        async with self.read(
            "SELECT name_key, COUNT(DISTINCT article_id) AS articles FROM actors "
            "WHERE scope = ? AND kind = 'PERSON' AND name_key != surname_key GROUP BY name_key",
            (scope,),
        ) as cur:
            return {r["name_key"]: r["articles"] for r in await cur.fetchall()}

    async def lone_surname_actors(self, scope: str, surname: str) -> list[ActorCandidate]:
        """Actors an article names by the surname alone (it never gave the full name)."""
        async with self.read(
            "SELECT id, name, kind, mentions FROM actors WHERE scope = ? AND name_key = ? AND kind = 'PERSON'",
            (scope, surname),
        ) as cur:
            return [ActorCandidate(r["id"], r["name"], r["kind"], mentions=r["mentions"]) for r in await cur.fetchall()]

    async def all_actor_names(self, scope: str) -> list[tuple[str, str]]:
        """(alias, actor name) for every name and alias in a scope: what a typo is matched against."""
        async with self.read(
            "SELECT DISTINCT x.alias, a.name FROM actor_aliases x JOIN actors a ON a.id = x.actor_id WHERE a.scope = ?",
            (scope,),
        ) as cur:
            return [(r["alias"], r["name"]) for r in await cur.fetchall()]

    async def actor_profile_rows(self, actor_ids: list[int]) -> list[tuple[int, str | None, int, int]]:
        """(article id, description, mentions, quotes) of each given per-article actor."""
        marks = placeholders(actor_ids)
        async with self.read(
            f"SELECT article_id, description, mentions, quotes FROM actors WHERE id IN ({marks})", actor_ids
        ) as cur:
            return [(r["article_id"], r["description"], r["mentions"], r["quotes"]) for r in await cur.fetchall()]

    async def companions(self, actor_ids: list[int], limit: int = 5) -> list[tuple[str, int]]:
        """Other actors of the articles these actors are in, with how many of them they share;
        at equal counts people and organisations come before places and nationalities."""
        marks = placeholders(actor_ids)
        async with self.read(
            "SELECT MAX(o.name) AS name, COUNT(DISTINCT o.article_id) AS shared FROM actors o "
            f"WHERE o.article_id IN (SELECT article_id FROM actors WHERE id IN ({marks})) "
            f"AND o.name_key NOT IN (SELECT name_key FROM actors WHERE id IN ({marks})) "
            "GROUP BY o.name_key ORDER BY shared DESC, MAX(o.kind IN ('PERSON', 'ORG')) DESC, "
            "SUM(o.salience) DESC LIMIT ?",
            (*actor_ids, *actor_ids, limit),
        ) as cur:
            return [(r["name"], r["shared"]) for r in await cur.fetchall()]

    async def count_quotes(self, article_id: int) -> int:
        return await self.scalar("SELECT COUNT(*) FROM quotes WHERE article_id = ?", (article_id,))

    async def actor_names(self, scope: str, key: str = "", limit: int = 25) -> list[str]:
        """Names for autocomplete whose key holds ``key``: most quoted and mentioned first."""
        async with self.read(
            "SELECT MAX(name) AS name FROM actors WHERE scope = ? AND instr(name_key, ?) > 0 "
            "GROUP BY name_key ORDER BY SUM(quotes) DESC, SUM(mentions) DESC LIMIT ?",
            (scope, key, limit),
        ) as cur:
            return [r["name"] for r in await cur.fetchall()]
