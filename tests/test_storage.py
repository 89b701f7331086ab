"""The store, on both backends: every test taking ``db`` runs on SQLite and on PostgreSQL."""

import asyncio
import hashlib

import pytest

from bot.models import Actor, Analysis, ExtractedArticle, Quote, Sharer, SummarySentence
from bot.storage import Database, DuplicateArticle
from bot.storage.schema import MIGRATIONS
from tests.postgres_server import BACKENDS

GUILD_A = Sharer("guild:1", user_id=10, user_name="ana")
GUILD_B = Sharer("guild:2", user_id=20, user_name="ben")


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


RATES = "Rates stay. Nadia Brell said: “Rates stay where they are,” at the bank."


def analysis(speaker="Nadia Brell"):
    at = RATES.index("Rates stay where")
    said = RATES.index("Nadia")
    quote = Quote(
        "Rates stay where they are", at, at + 25, speaker, said, said + 11, "said", RATES[said:],
        sentence_start=said, sentence_end=len(RATES),
    )  # fmt: skip
    actor = Actor(speaker, "PERSON", 3, 1, ("Brell", "Governor Brell"), "the central bank governor", 5.0, ((0, 11),))
    return Analysis((actor,), (quote,), ("Rates stay.",), 120, (SummarySentence("Rates stay.", 0, 11, 1.0),))


async def add(db, sharer=GUILD_A, url="https://e.example/rates", text=RATES):
    article = ExtractedArticle(text=text, title="Rates held", url=url, canonical_url=url)
    return (await db.add_article(sharer, article, hashlib.sha256(text.encode()).hexdigest(), analysis())).id


async def test_schema_is_versioned_and_migrating_twice_is_harmless(tmp_path):
    db = await Database.open(tmp_path / "x.db")
    assert await db.schema_version() == len(MIGRATIONS)
    await db.migrate()
    async with db.conn.execute("PRAGMA journal_mode") as cur:
        assert (await cur.fetchone())[0] == "wal"
    async with db.conn.execute("PRAGMA foreign_keys") as cur:
        assert (await cur.fetchone())[0] == 1
    await db.close()


async def test_a_first_version_store_is_migrated_in_place(tmp_path):
    import aiosqlite

    path = tmp_path / "v1.db"
    async with aiosqlite.connect(path) as conn:
        await conn.executescript(f"BEGIN;\n{MIGRATIONS[0]}\nPRAGMA user_version = 1;\nCOMMIT;")
        await conn.execute(
            "INSERT INTO articles (id, scope, content_hash, title, text) VALUES (1, 'guild:1', 'h', 'Bank ready', "
            "'We are ready, she said.\n\nNadia K. Brell runs the   central bank.')"
        )
        await conn.execute(
            "INSERT INTO article_search (rowid, title, body, quotes) VALUES (1, 'Bank ready', 'old index', '')"
        )
        await conn.execute(
            "INSERT INTO summary_sentences (article_id, position, start, end, score, text) "
            "VALUES (1, 0, 25, 64, 1.0, 'Nadia K. Brell runs the   central bank.')"
        )
        await conn.execute(
            "INSERT INTO actors (id, article_id, scope, name, name_key, kind, mentions, quotes, salience) "
            "VALUES (1, 1, 'guild:1', 'Nadia K. Brell', 'nadia k brell', 'PERSON', 3, 1, 5.0)"
        )
        await conn.execute("INSERT INTO mentions (actor_id, start, end) VALUES (1, 0, 11)")
        await conn.execute(
            "INSERT INTO quotes (article_id, actor_id, speaker, text, start, end, sentence) "
            "VALUES (1, 1, 'Nadia K. Brell', 'We are ready', 0, 12, 'We are ready, she said.')"
        )
        await conn.commit()
    db = await Database.open(path)
    (hit,) = await db.quotes_of("guild:1", [a.entity_id for a in await db.matching_actors("guild:1", "brell")])
    assert hit.direct  # a quote stored before reported speech existed is a direct one
    # every text once: the quote and its sentence are read from the article's text
    assert (hit.text, hit.sentence) == ("We are ready", "We are ready, she said.")
    assert [s.text for s in await db.summary_candidates(1)] == ["Nadia K. Brell runs the   central bank."]
    assert [a.id for a, _ in await db.search_articles("guild:1", "central bank")] == [1]  # the index was rebuilt
    assert await db.search_articles("guild:1", "old index") == []
    assert await db.schema_version() == len(MIGRATIONS)
    assert [m.name for m in await db.matching_actors("guild:1", "brell")] == ["Nadia K. Brell"]
    assert [m.name for m in await db.matching_actors("guild:1", "nadia brell")] == ["Nadia K. Brell"]
    assert await db.full_person_names("guild:1", {"brell"}) == {"nadia brell": 1}
    assert (await db.numbered_article("guild:1", 1)).id == 1
    async with db.conn.execute("SELECT name FROM sqlite_master WHERE name = 'mentions'") as cur:
        assert await cur.fetchone() is None
    await db.close()


async def test_newer_schema_is_refused(tmp_path):
    db = await Database.open(tmp_path / "x.db")
    await db.conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    await db.close()
    with pytest.raises(RuntimeError, match="newer version"):
        await Database.open(tmp_path / "x.db")


async def test_article_with_actors_quotes_and_search(db):
    article_id = await add(db)
    stored = await db.get_article("guild:1", article_id)
    assert stored.title == "Rates held" and stored.shared_by == "ana"
    assert [s.text for s in await db.summary_candidates(article_id)] == ["Rates stay."]  # sliced from the text
    matches = await db.matching_actors("guild:1", "brell")
    assert [(m.name, m.exact) for m in matches] == [("Nadia Brell", True)]
    hits = await db.quotes_of("guild:1", [m.entity_id for m in matches])
    assert [(h.text, h.sentence) for h in hits] == [("Rates stay where they are", RATES[RATES.index("Nadia") :])]
    assert (await db.search_articles("guild:1", "bank"))[0][0].id == article_id
    assert [a.name for a in await db.actor_names("guild:1", "bre")] == ["Nadia Brell"]


async def test_scopes_never_see_each_other(db):
    article_id = await add(db)
    assert await db.get_article("guild:2", article_id) is None
    assert await db.search_articles("guild:2", "bank") == []
    assert await db.matching_actors("guild:2", "brell") == []
    assert await db.latest_article("guild:2") is None
    # The same link may be stored once per server.
    await add(db, GUILD_B)
    assert await db.count_articles("guild:2") == 1


async def test_duplicates_are_refused_by_the_schema(db):
    await add(db)
    with pytest.raises(DuplicateArticle):
        await add(db)
    assert await db.count_articles("guild:1") == 1  # the failed transaction left nothing behind


async def test_delete_cascades(db):
    article_id = await add(db)
    assert await db.delete_article("guild:1", article_id)
    assert await db.matching_actors("guild:1", "brell") == []
    assert await db.search_articles("guild:1", "bank") == []
    assert await db.scalar("SELECT COUNT(*) FROM quotes") == 0
    assert await db.scalar("SELECT COUNT(*) FROM entities") == 0


async def test_jobs_are_persisted_until_finished(db):
    from bot.models import JobSpec

    job, _ = await db.create_jobs(
        [JobSpec("link", "https://e.example/a"), JobSpec("link", "https://e.example/b")], GUILD_A, "run-1"
    )
    await db.set_job(job, "done")
    assert [j.url for j in await db.unfinished_jobs()] == ["https://e.example/b"]
    assert await db.unfinished_jobs(exclude_run="run-1") == []


async def test_search_words_cannot_break_the_query(db):
    await add(db)
    for words in ['"unbalanced', "AND OR NOT", "*", "bank)(", "-"]:
        await db.search_articles("guild:1", words)


async def test_companions_put_people_before_places_at_equal_counts(db):
    brell = Actor("Nadia Brell", "PERSON", 3, 1, (), None, 5.0, ((0, 11),))
    # The place is more salient, but a reader asking who Brell appears with wants people first.
    place = Actor("Alvera", "GPE", 9, 0, (), None, 9.0, ((20, 26),))
    minister = Actor("Tomas Odo", "PERSON", 1, 0, (), None, 1.0, ((30, 39),))
    ministry = Actor("Finance Ministry", "ORG", 1, 0, (), None, 0.5, ((40, 56),))
    article = ExtractedArticle(
        text="Rates stay where they are.",
        title="Rates held",
        url="https://e.example/r",
        canonical_url="https://e.example/r",
    )
    await db.add_article(GUILD_A, article, "hash-r", Analysis((brell, place, minister, ministry), (), (), 60, ()))
    matches = await db.matching_actors("guild:1", "brell")
    together = await db.companions([m.entity_id for m in matches])
    assert [name for name, _ in together] == ["Tomas Odo", "Finance Ministry", "Alvera"]


async def test_search_of_a_huge_repetitive_text_is_fast_and_stalls_no_other_server(db):
    import time

    text = "In the news in the harbour in the city. " * 2500  # 100 KB of the same few words
    await add(db, url="https://e.example/huge", text=text)
    await add(db, sharer=GUILD_B, url="https://e.example/other", text="Rates stay where they are, the bank says.")

    async def timed(coro):
        started = time.perf_counter()
        result = await coro
        return result, time.perf_counter() - started

    (found, searching), (_, other) = await asyncio.gather(
        timed(db.search_articles("guild:1", "harbour city")),
        timed(db.list_articles("guild:2", 10)),
    )
    assert found and "harbour in the city" in found[0][1] and len(found[0][1]) < 300
    assert searching <= 1.0 and other <= 0.1


async def test_a_search_over_its_budget_is_interrupted(db, backend, monkeypatch):
    from bot.storage import articles
    from bot.storage.records import QueryTimeout

    monkeypatch.setattr(articles, "PROGRESS_STEPS", 1)  # SQLite: look at the clock at every step
    if backend == "postgres":  # PostgreSQL's shortest statement timeout is 1 ms: more to read
        words = " ".join(f"word{n}" for n in range(3000))
        for i in range(40):
            await add(db, url=f"https://e.example/long{i}", text=f"In the harbour {i}: {words}")

    for i in range(40):
        await add(db, url=f"https://e.example/{i}", text=f"Story {i}: in the news in the harbour in the city. " * 50)
    with pytest.raises(QueryTimeout):
        await db.search_articles("guild:1", "in the harbour", budget=0.0)


def test_snippets_start_at_the_first_match_on_a_word():
    from bot.storage.records import snippet

    text = "Opening words. " * 30 + "The council voted on sanctions against the port operator today."
    assert "sanctions" in snippet(text, "sanction") and snippet(text, "sanction").startswith("…")
    assert snippet("Short text.", "absent") == "Short text."


async def test_a_slow_read_leaves_the_other_readers_free(db):
    import time

    await add(db, sharer=GUILD_B, url="https://e.example/other", text="Rates stay where they are, the bank says.")
    slow_sql = (
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000) SELECT COUNT(*) FROM n"
    )
    slow = asyncio.ensure_future(db.scalar(slow_sql))
    await asyncio.sleep(0.05)  # the slow read has its connection now
    started = time.perf_counter()
    assert [a.url for a in await db.list_articles("guild:2", 10)] == ["https://e.example/other"]
    assert time.perf_counter() - started <= 0.1 and not slow.done()
    assert await slow == 3000000


async def test_articles_are_numbered_per_server(db):
    a1 = await add(db, url="https://e.example/1", text="First article of the first server, about rates.")
    b1 = await add(db, sharer=GUILD_B, url="https://e.example/2", text="First article of the second server.")
    a2 = await add(db, url="https://e.example/3", text="Second article of the first server, about ports.")
    assert [(await db.get_article(s.scope, i)).number for s, i in ((GUILD_A, a1), (GUILD_B, b1), (GUILD_A, a2))] == [
        1,
        1,
        2,
    ]
    assert (await db.numbered_article("guild:2", 1)).id == b1 and await db.numbered_article("guild:2", 2) is None


async def test_the_stored_sentences_give_every_summary_length_as_all_of_them_would(db):
    from bot.nlp.summary_choice import pick_summary

    sentences = [
        "The ferry to Kessa runs again.",
        "The ferry to Kessa runs again from Monday.",  # a near-duplicate of the first
        "Captain Odile Marr steered it through the fog.",
        "Tickets cost less than last year.",
        "The harbour was closed for a week.",
        "Fishermen waited on the quay.",
        "A new timetable starts in May.",
        "The council paid for the repairs.",
    ]
    text = " ".join(sentences)
    candidates, at = [], 0
    for n, sentence in enumerate(sentences):
        candidates.append(SummarySentence(sentence, at, at + len(sentence), score=10.0 - n * (n % 3 + 1) / 3))
        at += len(sentence) + 1
    article = ExtractedArticle(text=text, title="Ferry back", url="https://e.example/ferry", canonical_url=None)
    stored = await db.add_article(GUILD_A, article, "hash-ferry", Analysis((), (), (), 80, tuple(candidates)))
    article_id = stored.id
    stored = await db.summary_candidates(article_id)
    assert len(stored) == 5  # only what a summary of 1 to 5 sentences can pick
    for count in range(1, 6):
        assert pick_summary(stored, count) == pick_summary(candidates, count)


async def test_unnamed_sources_are_found_by_their_words_newest_first(db):
    text = "“Talks go on,” a senior official said. “We wait,” an official said. “No,” the senior adviser said."
    speakers = ["a senior official", "an official", "the senior adviser"]
    for n in range(3):
        quotes = tuple(
            Quote(words, text.index(words), text.index(words) + len(words), who, None, None, "said", text,
                  sentence_start=0, sentence_end=len(text))
            for words, who in zip(["Talks go on", "We wait", "No"], speakers, strict=True)
        )  # fmt: skip
        article = ExtractedArticle(text=f"{text} ({n})", title=f"Talks {n}", url=f"https://e.example/t{n}")
        await db.add_article(GUILD_A, article, f"talks-{n}", Analysis((), quotes, (), 30))
    officials = await db.quotes_of("guild:1", [], speaker_key="official")
    assert [(h.article_number, h.speaker) for h in officials] == [
        (3, "a senior official"), (3, "an official"), (2, "a senior official"), (2, "an official"),
        (1, "a senior official"), (1, "an official"),
    ]  # fmt: skip
    senior = await db.quotes_of("guild:1", [], speaker_key="senior official", limit=2)
    assert [(h.article_number, h.text) for h in senior] == [(3, "Talks go on"), (2, "Talks go on")]
    assert await db.quotes_of("guild:2", [], speaker_key="official") == []
    assert await db.delete_article("guild:1", (await db.numbered_article("guild:1", 3)).id)
    assert [h.article_number for h in await db.quotes_of("guild:1", [], speaker_key="adviser")] == [2, 1]


async def test_an_unnamed_sources_direct_quotes_are_told_from_its_reported_speech(db):
    text = "“We wait,” an official said. The official said the talks would resume on Friday."
    reported = "the talks would resume on Friday"
    quotes = (
        Quote("We wait", 1, 8, "an official", None, None, "said", text[:29], sentence_start=0, sentence_end=29),
        Quote(reported, text.index(reported), len(text) - 1, "The official", None, None, "said", text[30:],
              direct=False, sentence_start=30, sentence_end=len(text)),
    )  # fmt: skip
    article = ExtractedArticle(text=text, title="Talks", url="https://e.example/talks")
    await db.add_article(GUILD_A, article, "talks", Analysis((), quotes, (), 20))
    direct = await db.quotes_of("guild:1", [], speaker_key="official", direct=True)
    told = await db.quotes_of("guild:1", [], speaker_key="official", direct=False)
    assert [(h.text, h.direct) for h in direct] == [("We wait", True)]
    assert [(h.text, h.direct, h.sentence) for h in told] == [(reported, False, text[30:])]
