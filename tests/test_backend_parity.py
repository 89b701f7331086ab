"""The same articles stored in SQLite and in PostgreSQL read back the same, row for row.

Each backend writes an article's rows its own way (PostgreSQL in one call of a function of its
schema, where rows point at each other by their place in a document): one article whose actors,
registry entries and quotes cross-refer in every way is stored in both, and every read that
shows those rows is compared."""

import pytest

from bot.models import Actor, ActorStats, Analysis, ExtractedArticle, Quote, Sharer, SummarySentence
from bot.storage import open_store

GUILD = Sharer("guild:7", user_id=70, user_name="ida", channel_id=700, message_id=7000)

TEXT = (
    "Orvell votes today. Tomas Enn said: “The bridge opens in May.” Senator Mara Quill said the "
    "budget was late. “We will see,” MARA QUILL added. The Quill Group declined. “No comment,” a "
    "ministry spokeswoman said. Enn said the toll “stays low” and “will not rise”."
)


def _at(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


def _quote(words: str, speaker: str | None, direct: bool = True, text: str | None = None) -> Quote:
    start, end = _at(words)
    return Quote(text or words, start, end, speaker, None, None, "said", words, direct=direct)


def _analysis(first: bool) -> Analysis:
    actors = (
        Actor("Tomas Enn", "PERSON", 2, 2, ("Enn",), "the mayor", 4.0),
        # two actors of one key: one registry entry, counted once for the article
        Actor("Mara Quill", "PERSON", 2, 1, ("Quill", "Senator Quill"), "a senator", 3.0),
        Actor("Orvell", "GPE", 1, 0, (), None, 1.0),
        Actor("MARA QUILL", "PERSON", 1, 1, (), "the senator" if first else "a senator", 0.5),
        Actor("Quill Group", "ORG", 1, 0, ("the Quill Group",), None, 0.8),
    )
    quotes = (
        _quote("The bridge opens in May.", "Tomas Enn"),
        _quote("the budget was late", "Mara Quill", direct=False),
        _quote("We will see", "MARA QUILL"),
        _quote("No comment", "a ministry spokeswoman"),
        # pieces of a split quote joined: the stored words are not the text's
        _quote("stays low” and “will not rise", "Tomas Enn", text="stays low … will not rise"),
    )
    summary = (SummarySentence("Orvell votes today.", 0, 19, 0.5), SummarySentence("x", *_at("The Quill"), 0.25))
    return Analysis(actors, quotes, ("Orvell votes today.",), 60, summary)


def _stats(actors: list[ActorStats]) -> list[tuple]:
    """Actors as tuples, saliences to 3 places (PostgreSQL keeps a ``real``, SQLite a double)."""
    return [(a.name, a.kind, a.mentions, a.quotes, a.articles, a.description, round(a.salience, 3)) for a in actors]


async def _reads(location) -> dict:
    db = await open_store(location)
    try:
        for n in (1, 2):
            article = ExtractedArticle(text=f"{TEXT} {n}", title=f"Vote {n}", url=f"https://e.example/vote/{n}")
            await db.add_article(GUILD, article, f"vote-{n}", _analysis(first=n == 1), job_id=None)
        latest = await db.latest_article(GUILD.scope, with_sentences=True)
        reads: dict = {
            "article": (latest.number, latest.title, latest.shared_by, latest.channel_id, latest.words, latest.tokens),
            "sentences": [(s.start, s.end, s.score) for s in await db.summary_candidates(latest.id)],
            "article actors": _stats(await db.article_actors(latest.id)),
            "server actors": _stats(await db.scope_actors(GUILD.scope)),
            "names": await db.all_actor_names(GUILD.scope),  # typo candidates, in their order
        }
        for key in ("quill", "mara quill", "senator quill", "enn", "tomas enn", "orvell", "quill group"):
            found = await db.matching_actors(GUILD.scope, key)
            ids = [c.entity_id for c in found]
            hits = await db.quotes_of(GUILD.scope, ids)
            reads[key] = (
                [(c.name, c.kind, c.exact, c.mentions, c.articles) for c in found],
                [(h.article_number, h.speaker, h.text, h.direct, h.sentence) for h in hits],
                await db.descriptions_of(ids),
                await db.entity_totals(ids) if ids else None,
            )
        unnamed = await db.quotes_of(GUILD.scope, [], speaker_key="spokeswoman")
        reads["unnamed"] = [(h.article_number, h.speaker, h.text) for h in unnamed]
        return reads
    finally:
        await db.close()


async def test_both_backends_store_an_articles_rows_alike(tmp_path, postgres_schema):
    sqlite = await _reads(tmp_path / "parity.db")
    postgres = await _reads(postgres_schema)
    assert sqlite["quill"][0] and sqlite["unnamed"]  # the reads found what they compare
    for read, answer in sqlite.items():
        assert postgres[read] == answer, read


def test_a_document_for_postgresql_is_strict_json_whatever_the_scores():
    import json
    import math

    from bot.storage.postgres.article_document import article_document

    odd = Analysis((Actor("Tomas Enn", "PERSON", 1, 0, salience=math.nan),), (), (), 5,
                   (SummarySentence("Orvell votes today.", 0, 19, math.inf),))  # fmt: skip
    document = article_document(GUILD, ExtractedArticle(text=TEXT, title="Vote"), "d", odd, 30)
    parsed = json.loads(document, parse_constant=lambda name: pytest.fail(f"{name} in the document"))
    assert parsed["entries"][0]["salience"] == 0.0 and parsed["summary"][0]["score"] == 0.0
