"""Actors and their quotes across a scope, in PostgreSQL: the same reads as SQLite's
``bot.storage.actors``, over the same registry."""

from __future__ import annotations

from bot.models import ActorStats, QuoteHit
from bot.storage.actors import COMPANION_ARTICLES, TYPO_CANDIDATES, UNNAMED_OVERREAD
from bot.storage.postgres.connected import PgConnected
from bot.storage.records import ActorCandidate, Row, actor_stats, quote_hit, says_key

_ENTITY = "e.id, e.name, e.kind, e.mentions, e.quotes, e.articles, e.salience, e.description"
_LAST = "\U0010ffff"  # above every character: the end of a key prefix range (keys are COLLATE "C")
_QUOTE = (
    "SELECT q.article_id, q.start, ar.number, ar.title, COALESCE(ar.url, ar.canonical_url) AS url, "
    'q."end", {speaker} AS speaker, q.text, q.sentence_start, q.sentence_end, '
    "ar.scope, ar.channel_id, ar.message_id, q.direct "
)

# The quotes with their articles' texts in the same answer, each text once (on its article's
# first quote): a round trip is a good part of a warm read's time.
_WITH_TEXTS = (
    "SELECT h.*, CASE WHEN row_number() OVER (PARTITION BY h.article_id ORDER BY h.start) = 1 "
    "THEN t.text END AS article_text FROM ({quotes}) AS h JOIN articles t ON t.id = h.article_id"
)


def _only(
    article: str, direct: str, article_id: int | None, is_direct: bool | None, first: int
) -> tuple[str, list[int | bool]]:
    """The optional filters of a quotes query as SQL of their own, only when given (numbered
    from ``$first``) with their values: written as "``$n IS NULL OR …``", a filter would keep
    its index out of the plan PostgreSQL reuses after a statement's fifth run."""
    sql, values = "", list[int | bool]()
    for column, value in ((article, article_id), (direct, is_direct)):
        if value is not None:
            sql += f" AND {column} = ${first + len(values)}"
            values.append(value)
    return sql, values


def _candidate(r: Row, exact: bool = False) -> ActorCandidate:
    return ActorCandidate(r["id"], r["name"], r["kind"], exact, mentions=r["mentions"], articles=r["articles"])


class PgActorQueries(PgConnected):
    async def actors_of_articles(self, article_ids: list[int]) -> list[ActorStats]:
        rows = await self.rows(
            "SELECT MAX(name) AS name, MAX(kind) AS kind, SUM(mentions) AS mentions, SUM(quotes) AS quotes, "
            "COUNT(DISTINCT article_id) AS articles, SUM(salience) AS salience FROM actors "
            "WHERE article_id = ANY($1::bigint[]) GROUP BY entity_id",
            article_ids,
        )
        return [ActorStats(r["name"], r["kind"], r["mentions"], r["quotes"], r["articles"], salience=r["salience"])
                for r in rows]  # fmt: skip

    async def article_actors(self, article_id: int, limit: int = 25) -> list[ActorStats]:
        rows = await self.rows(
            "SELECT name, kind, mentions, quotes, description FROM actors WHERE article_id = $1 "
            "ORDER BY salience DESC, mentions DESC, id LIMIT $2",
            article_id,
            limit,
        )
        return [ActorStats(r["name"], r["kind"], r["mentions"], r["quotes"], 1, r["description"]) for r in rows]

    async def scope_actors(self, scope: str, limit: int = 25) -> list[ActorStats]:
        rows = await self.rows(
            f"SELECT {_ENTITY} FROM entities e WHERE scope = $1 ORDER BY salience DESC, id LIMIT $2", scope, limit
        )
        return [actor_stats(r) for r in rows]

    async def matching_actors(self, scope: str, key: str) -> list[ActorCandidate]:
        rows = await self.rows(
            "SELECT e.id, e.name, e.kind, e.mentions, e.articles, MAX(m.exact) AS exact FROM ("
            "  SELECT id, 1 AS exact FROM entities WHERE scope = $1 AND name_key = $2"
            "  UNION ALL SELECT id, 0 FROM entities WHERE scope = $1 AND surname_key = $2 AND name_key != $2"
            "  UNION ALL SELECT entity_id, 1 FROM entity_aliases WHERE scope = $1 AND alias_key = $2"
            ") AS m JOIN entities e ON e.id = m.id GROUP BY e.id ORDER BY e.id",
            scope,
            key,
        )
        return [_candidate(r, bool(r["exact"])) for r in rows]

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
        whose words hold ``speaker_key``; ``direct``: only direct quotes or only reported speech."""
        rows: list[Row] = []
        if entity_ids:  # one indexed walk for each entry, newest first, stopped at the limit
            only, given = _only("ac.article_id", "q.direct", article_id, direct, first=4)
            rows += await self.rows(_WITH_TEXTS.format(quotes=(
                "SELECT x.* FROM unnest($1::bigint[]) AS wanted (id) CROSS JOIN LATERAL ("
                f"{_QUOTE.format(speaker='ac.name')} FROM actors ac JOIN quotes q ON q.actor_id = ac.id "
                "JOIN articles ar ON ar.id = ac.article_id WHERE ac.entity_id = wanted.id AND ac.quotes > 0 "
                f"AND ar.scope = $2{only} ORDER BY ac.article_id DESC, q.start LIMIT $3"
                ") AS x ORDER BY x.article_id DESC, x.start LIMIT $3"
            )), entity_ids, scope, limit, *given)  # fmt: skip
        if speaker_key:  # unnamed sources: by the index of their words, newest first
            words = speaker_key.split()
            wanted = limit if len(words) == 1 else limit * UNNAMED_OVERREAD
            only, given = _only("w.article_id", "w.direct", article_id, direct, first=4)
            found = await self.rows(_WITH_TEXTS.format(quotes=(
                f"{_QUOTE.format(speaker='q.speaker')} FROM speaker_words w JOIN quotes q ON q.id = w.quote_id "
                f"JOIN articles ar ON ar.id = w.article_id WHERE w.scope = $1 AND w.word = $2{only} "
                "ORDER BY w.article_id DESC, q.start LIMIT $3"
            )), scope, words[-1], wanted, *given)  # fmt: skip
            rows += [r for r in found if len(words) == 1 or says_key(r["speaker"], speaker_key)]
        rows.sort(key=lambda r: (-r["article_id"], r["start"]))
        rows = rows[:limit]
        texts = {r["article_id"]: r["article_text"] for r in rows if r["article_text"] is not None}
        # a text is missing only where a quote of its article was left out above
        texts.update(await self.texts_of(sorted({r["article_id"] for r in rows} - texts.keys())))
        return [quote_hit(r, texts[r["article_id"]]) for r in rows]

    async def texts_of(self, article_ids: list[int]) -> dict[int, str]:
        if not article_ids:
            return {}
        rows = await self.rows("SELECT id, text FROM articles WHERE id = ANY($1::bigint[])", article_ids)
        return {r["id"]: r["text"] for r in rows}

    async def full_person_names(self, scope: str, surnames: set[str]) -> dict[str, int]:
        if not surnames:
            return {}
        rows = await self.rows(
            "SELECT name_key, articles FROM entities WHERE scope = $1 AND kind = 'PERSON' "
            "AND surname_key = ANY($2::text[]) AND name_key != surname_key",
            scope,
            sorted(surnames),
        )
        return {r["name_key"]: r["articles"] for r in rows}

    async def lone_surname_actors(self, scope: str, surname: str) -> list[ActorCandidate]:
        rows = await self.rows(
            "SELECT id, name, kind, mentions, articles FROM entities "
            "WHERE scope = $1 AND name_key = $2 AND kind = 'PERSON'",
            scope,
            surname,
        )
        return [_candidate(r) for r in rows]

    async def all_actor_names(self, scope: str) -> list[tuple[str, str]]:
        rows = await self.rows(
            "SELECT x.alias, e.name FROM (SELECT id, name, salience FROM entities WHERE scope = $1 "
            "ORDER BY salience DESC, id LIMIT $2) AS e JOIN entity_aliases x ON x.entity_id = e.id "
            'ORDER BY e.salience DESC, e.id, x.alias COLLATE "C"',  # SQLite's order, byte by byte
            scope,
            TYPO_CANDIDATES,
        )
        return [(r["alias"], r["name"]) for r in rows]

    async def entity_totals(self, entity_ids: list[int]) -> tuple[int, int, int]:
        row = await self.row(
            "SELECT COALESCE(SUM(articles), 0), COALESCE(SUM(mentions), 0), COALESCE(SUM(quotes), 0) "
            "FROM entities WHERE id = ANY($1::bigint[])",
            entity_ids,
        )
        return (int(row[0]), int(row[1]), int(row[2])) if row else (0, 0, 0)

    async def descriptions_of(self, entity_ids: list[int], limit: int = 4) -> list[str]:
        rows = await self.rows(
            "SELECT description FROM entity_descriptions WHERE entity_id = ANY($1::bigint[]) "
            "GROUP BY description ORDER BY SUM(uses) DESC, MIN(first_article) LIMIT $2",
            entity_ids,
            limit,
        )
        return [r["description"] for r in rows]

    async def companions(self, entity_ids: list[int], limit: int = 5) -> list[tuple[str, int]]:
        """Other actors of these entries' latest articles, with how many of them they share."""
        rows = await self.rows(
            "WITH recent AS (SELECT DISTINCT a.article_id FROM unnest($1::bigint[]) AS wanted(id), "
            "LATERAL (SELECT article_id FROM actors WHERE entity_id = wanted.id "
            f"ORDER BY article_id DESC LIMIT {COMPANION_ARTICLES}) AS a "
            f"ORDER BY a.article_id DESC LIMIT {COMPANION_ARTICLES}) "
            "SELECT e.name, c.shared FROM (SELECT entity_id, COUNT(DISTINCT article_id) AS shared, "
            "SUM(salience) AS salience FROM actors WHERE article_id IN (SELECT article_id FROM recent) "
            "AND entity_id != ALL($1::bigint[]) GROUP BY entity_id) AS c JOIN entities e ON e.id = c.entity_id "
            "ORDER BY c.shared DESC, e.kind IN ('PERSON', 'ORG') DESC, c.salience DESC LIMIT $2",
            entity_ids,
            limit,
        )
        return [(r["name"], r["shared"]) for r in rows]

    async def count_quotes(self, article_id: int, direct: bool = True) -> int:
        return await self.scalar(
            "SELECT count(*) FROM quotes WHERE article_id = $1 AND direct = $2", article_id, bool(direct)
        )

    async def actor_names(self, scope: str, key: str = "", limit: int = 25) -> list[ActorStats]:
        """Entries for autocomplete whose name or surname starts with ``key``."""
        if not key:
            rows = await self.rows(
                f"SELECT {_ENTITY} FROM entities e WHERE scope = $1 ORDER BY salience DESC LIMIT $2", scope, limit
            )
        else:
            rows = await self.rows(
                f"SELECT {_ENTITY} FROM entities e WHERE e.id IN ("
                "  SELECT id FROM entities WHERE scope = $1 AND name_key >= $2 AND name_key < $3"
                "  UNION SELECT id FROM entities WHERE scope = $1 AND surname_key >= $2 AND surname_key < $3"
                ") ORDER BY e.quotes DESC, e.mentions DESC LIMIT $4",
                scope, key, key + _LAST, limit,
            )  # fmt: skip
        return [actor_stats(r) for r in rows]
