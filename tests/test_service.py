"""The service, on both backends: every test taking ``service`` (or ``db``) runs on SQLite
and on PostgreSQL."""

import pytest

from bot.errors import UserError
from bot.models import Sharer
from bot.storage.store import DuplicateArticle
from tests.articles import COUNCIL_BUDGET, HARBOR_STRIKE
from tests.postgres_server import BACKENDS

pytestmark = pytest.mark.model


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


ANA = Sharer("guild:1", user_id=10, user_name="ana")
BEN = Sharer("guild:1", user_id=20, user_name="ben")
ELSEWHERE = Sharer("guild:2", user_id=30, user_name="cy")


async def test_link_is_fetched_stored_and_not_ingested_twice(service, web_server):
    first = await service.intake.ingest_url(f"{web_server}/strike?utm_source=chat", ANA)
    assert first.ok and first.created and first.article.title.startswith("Harbor strike")
    again = await service.intake.ingest_url(f"{web_server}/strike#comments", BEN)
    assert again.ok and not again.created and again.article.id == first.article.id
    # The page's own canonical link and identical text under another URL are recognised too.
    budget = await service.intake.ingest_url(f"{web_server}/budget?ref=x", ANA)
    copy = await service.intake.ingest_url(f"{web_server}/redirect?to=/budget", ANA)
    assert budget.created and not copy.created and copy.article.id == budget.article.id
    assert await service.db.unfinished_jobs() == []


async def test_failures_say_why_and_are_recorded(service, web_server):
    wall = await service.intake.ingest_url(f"{web_server}/wall", ANA)
    assert not wall.ok and "cookie" in wall.error
    image = await service.intake.ingest_url(f"{web_server}/image", ANA)
    assert "not a web page" in image.error
    jobs = [await service.db.job(n) for n in (1, 2)]
    assert [j.status for j in jobs] == ["failed", "failed"] and all(j.reason for j in jobs)


async def test_interrupted_jobs_are_resumed(service, web_server):
    from bot.models import JobSpec

    (job,) = await service.db.create_jobs([JobSpec("link", f"{web_server}/strike")], ANA, "an-earlier-run")
    [(resumed, outcome)] = await service.intake.resume_jobs()
    assert resumed.id == job and outcome.created
    assert await service.intake.resume_jobs() == []


async def test_jobs_of_this_process_are_never_taken_for_leftovers(service, web_server):
    from bot.models import JobSpec

    # a link shared right after start, still in hand: resume must leave it alone
    await service.db.create_jobs([JobSpec("link", f"{web_server}/strike")], ANA, service.intake.run_id)
    assert await service.intake.resume_jobs() == []


async def test_every_link_of_a_message_has_its_job_before_the_first_fetch(service, web_server):
    from bot.ingest.links import find_links

    links = find_links(f"{web_server}/strike {web_server}/budget {web_server}/wall")
    seen = []
    fetch = service.sources.fetcher.fetch

    async def counting_fetch(url):
        seen.append(await service.db.scalar("SELECT COUNT(*) FROM ingest_jobs"))
        return await fetch(url)

    service.sources.fetcher.fetch = counting_fetch
    outcomes = await service.intake.ingest_links(links, ANA)
    assert seen[0] == 3 and [o.ok for o in outcomes] == [True, True, False]


async def test_a_job_is_given_up_after_three_attempts(service):
    from bot.models import JobSpec

    (job,) = await service.db.create_jobs([JobSpec("link", "http://127.0.0.1:9/never")], ANA, "an-earlier-run")
    for _ in range(3):
        await service.db.start_attempt(job, "a-run-that-crashed")
    [(_, outcome)] = await service.intake.resume_jobs()
    assert outcome.error == "gave up after 3 attempts"
    stored = await service.db.job(job)
    assert (stored.status, stored.reason) == ("failed", "gave up after 3 attempts")


async def test_a_new_articles_job_ends_in_the_transaction_that_stores_it(service):
    from bot.models import Analysis, ExtractedArticle, JobSpec

    (job,) = await service.db.create_jobs([JobSpec("text", "pasted text", b"Quay 9 reopens.")], ANA, "a-run")
    article = ExtractedArticle(text="Quay 9 reopens.", title="Quay 9")
    stored = await service.db.add_article(ANA, article, "quay-9", Analysis((), (), (), 3), job_id=job)
    assert (stored.title, stored.number) == ("Quay 9", 1)
    ended = await service.db.job(job)
    assert (ended.status, ended.article_id, ended.created, ended.payload) == ("done", stored.id, True, None)
    (again,) = await service.db.create_jobs([JobSpec("text", "pasted text", b"Quay 9 reopens.")], ANA, "a-run")
    with pytest.raises(DuplicateArticle):  # nothing of a failed store is kept, the job's end neither
        await service.db.add_article(ANA, article, "quay-9", Analysis((), (), (), 3), job_id=again)
    assert (await service.db.job(again)).status == "queued"


async def test_a_claimed_job_counts_its_attempt_once(service, backend):
    if backend != "postgres":
        pytest.skip("remote workers claim jobs from PostgreSQL")
    from bot.models import JobSpec

    (job,) = await service.db.create_jobs([JobSpec("text", "pasted text", HARBOR_STRIKE.encode())], ANA, "a-run")
    await service.db.queue_remote([job])
    (claimed,) = await service.db.claim_jobs("a-worker", 1, 60)
    assert claimed.attempts == 1
    outcome = await service.intake.resume_claimed(claimed)
    assert outcome.created and (await service.db.job(job)).attempts == 1
    # the claim that would begin a fourth attempt gives the job up instead
    (doomed,) = await service.db.create_jobs([JobSpec("link", "http://127.0.0.1:9/never")], ANA, "a-run")
    await service.db.queue_remote([doomed])
    for _ in range(4):
        await service.db.scalar("UPDATE ingest_jobs SET status = 'queued' WHERE id = $1", doomed)
        (claimed,) = await service.db.claim_jobs("a-worker", 1, 60)
    outcome = await service.intake.resume_claimed(claimed)
    assert outcome.error == "gave up after 3 attempts"


async def test_pasted_texts_and_files_are_durable(service):
    from bot.models import JobSpec

    specs = [
        JobSpec("text", "pasted text", HARBOR_STRIKE.encode()),
        JobSpec("file", "budget.txt", COUNCIL_BUDGET.encode()),
    ]
    await service.db.create_jobs(specs, ANA, "an-earlier-run")
    outcomes = [outcome for _, outcome in await service.intake.resume_jobs()]
    assert [o.created for o in outcomes] == [True, True]
    assert await service.db.scalar("SELECT COUNT(*) FROM ingest_payloads") == 0  # an ended job keeps no copy


async def test_a_process_resumes_only_the_leftover_jobs_of_the_scopes_it_answers_for(service):
    from bot.models import JobSpec, Sharer

    await service.db.create_jobs([JobSpec("link", "https://e.example/a")], ANA, "a-bot-process")
    await service.db.create_jobs([JobSpec("link", "https://e.example/b")], Sharer("local"), "an-earlier-cli")
    local = await service.intake.leftover_jobs(owned=lambda scope: scope == "local")
    assert [j.url for j in local] == ["https://e.example/b"]  # the CLI never takes a bot's live work
    assert {j.url for j in await service.intake.leftover_jobs()} == {"https://e.example/a", "https://e.example/b"}


async def test_quotes_across_articles_and_scopes(service):
    await service.intake.ingest_text(HARBOR_STRIKE, ANA)
    await service.intake.ingest_text(COUNCIL_BUDGET, ANA)
    result = await service.reader.quotes("guild:1", "quellin")
    assert result.speakers == ("Marta Quellin",) and len(result.hits) == 4
    assert all(h.speaker == "Marta Quellin" for h in result.hits)
    assert (await service.reader.quotes("guild:1", "Marta Quellin")).hits == result.hits
    with pytest.raises(UserError, match="Nobody called"):
        await service.reader.quotes("guild:2", "Quellin")
    scoped = await service.reader.quotes("guild:1", "Ferraz in budget")
    assert scoped.article is not None and len(scoped.hits) == 3


async def test_article_references_summary_and_forget(service):
    strike = (await service.intake.ingest_text(HARBOR_STRIKE, ANA)).article
    budget = (await service.intake.ingest_text(COUNCIL_BUDGET, BEN)).article
    assert (await service.reader.resolve_article("guild:1", None)).id == budget.id
    assert (await service.reader.resolve_article("guild:1", f"#{strike.id}")).id == strike.id
    assert (await service.reader.resolve_article("guild:1", "dockworkers")).id == strike.id
    detail = await service.reader.article("guild:1", str(strike.id))
    assert detail.quotes == 9 and detail.actors[0].name == "Marta Quellin"
    summary = await service.reader.summary("guild:1", str(strike.id))
    assert len(summary.sentences) == 3 and summary.summary_words < summary.article_words
    assert len((await service.reader.summary("guild:1", str(strike.id), sentences=2)).sentences) == 2
    with pytest.raises(UserError, match="Only the person who shared it"):
        await service.reader.forget("guild:1", str(strike.id), user_id=BEN.user_id, can_manage=False)
    await service.reader.forget("guild:1", str(strike.id), user_id=ANA.user_id, can_manage=False)
    with pytest.raises(UserError, match="no article"):
        await service.reader.article("guild:1", str(strike.id))


async def test_user_mistakes_are_user_errors(service):
    with pytest.raises(UserError, match="No articles"):
        await service.reader.summary("guild:9")
    with pytest.raises(UserError):
        await service.reader.quotes("guild:9", "   ")
    with pytest.raises(UserError):
        await service.reader.search("guild:9", "")
    with pytest.raises(UserError, match="number"):
        await service.reader.forget("guild:9", "latest", 1, True)
    short = await service.intake.ingest_text("too short", ANA)
    assert not short.ok and "too short" in short.error


async def test_digest_of_the_latest_articles(service):
    from tests.articles import SUMMARY_ARTICLE

    await service.intake.ingest_text(HARBOR_STRIKE, ANA)
    await service.intake.ingest_text(COUNCIL_BUDGET, ANA)
    await service.intake.ingest_text(SUMMARY_ARTICLE, ANA)
    digest = await service.reader.digest("guild:1", 2)
    assert [a.title for a, _ in digest.items] == [
        "Library opens in the old railway station",
        "City council passes a leaner budget",
    ]
    assert all(sentence for _, sentence in digest.items)
    with pytest.raises(UserError, match="1 to 10"):
        await service.reader.digest("guild:1", 50)
    with pytest.raises(UserError, match="No articles"):
        await service.reader.digest("guild:2")


async def test_digest_names_actors_recurring_across_articles(service):
    follow_up = (
        "Strike talks resume in Port Alvera\n\n"
        "Union leader Marta Quellin met Mayor Tobias Renwick for three hours on Wednesday to restart the harbor talks.\n\n"
        "“We found some common ground,” Quellin said after the meeting, adding that the ships could move by Friday.\n"
    )
    await service.intake.ingest_text(HARBOR_STRIKE, ANA)
    await service.intake.ingest_text(follow_up, ANA)
    digest = await service.reader.digest("guild:1")
    names = {a.name: a.articles for a in digest.recurring}
    assert names.get("Marta Quellin") == 2 and names.get("Tobias Renwick") == 2


async def test_one_actor_across_articles_with_typos_forgiven(service):
    from tests.articles import PORT_TALKS

    await service.intake.ingest_text(HARBOR_STRIKE, ANA)
    await service.intake.ingest_text(PORT_TALKS, ANA)
    by_surname = await service.reader.quotes("guild:1", "Quellin")
    assert by_surname.speakers == ("Marta Quellin",) and len(by_surname.hits) == 5
    assert all(h.speaker == "Marta Quellin" for h in by_surname.hits)  # the lone "Quellin" too
    assert (await service.reader.quotes("guild:1", "marta quellin")).hits == by_surname.hits
    typo = await service.reader.quotes("guild:1", "Qeullin")
    assert typo.hits == by_surname.hits and "showing Marta Quellin" in typo.note


async def test_people_sharing_a_surname_are_not_merged(service):
    from tests.articles import PARKING_PLAN, TRAM_PLAN

    await service.intake.ingest_text(TRAM_PLAN, ANA)
    await service.intake.ingest_text(PARKING_PLAN, ANA)
    with pytest.raises(UserError, match="could be Ada Halloran or Brendan Halloran"):
        await service.reader.quotes("guild:1", "Halloran")
    ada = await service.reader.quotes("guild:1", "Ada Halloran direct")
    assert [h.text[:5] for h in ada.hits] == ["Trams"]


async def test_unnamed_sources_by_their_words(service):
    await service.intake.ingest_text(HARBOR_STRIKE, ANA)
    result = await service.reader.quotes("guild:1", "official")
    assert result.speakers == ("an official at the labor ministry",) and len(result.hits) == 1


async def test_who_profile(service):
    await service.intake.ingest_text(HARBOR_STRIKE, ANA)
    profile = await service.reader.who("guild:1", "oduya")
    assert profile.name == "Harlan Oduya" and profile.kind == "PERSON"
    assert profile.descriptions == ["a spokesman for the Alvera Port Authority"]
    assert profile.quotes == 2 and profile.articles == 1 and len(profile.notable) == 2
    assert "Marta Quellin" in [name for name, _ in profile.companions]
    with pytest.raises(UserError, match="Nobody called"):
        await service.reader.who("guild:1", "Zebediah Crumb")


async def test_actors_across_the_server_are_one_row_per_person(service):
    from tests.articles import PORT_TALKS

    await service.intake.ingest_text(HARBOR_STRIKE, ANA)
    await service.intake.ingest_text(PORT_TALKS, ANA)
    rows = (await service.reader.actors("guild:1", "all")).actors
    names = [a.name for a in rows]
    assert "Quellin" not in names and names.count("Marta Quellin") == 1
    quellin = rows[names.index("Marta Quellin")]
    assert quellin.quotes == 5 and quellin.articles == 2


def test_surname_merging_looks_at_every_person_in_the_server():
    from bot.models import ActorStats
    from bot.service.actor_names import merge_surnames

    ada = ActorStats("Ada Halloran", "PERSON", 3, 1, 1, salience=4.0)
    lone = ActorStats("Halloran", "PERSON", 2, 1, 1, salience=2.0)
    # Brendan Halloran is in the server but not among these rows: "Halloran" stays apart.
    rows = merge_surnames([ada, lone], {"ada halloran": 1, "brendan halloran": 1})
    assert [a.name for a in rows] == ["Ada Halloran", "Halloran"]
    [merged] = merge_surnames([ada, lone], {"ada halloran": 1})
    assert (merged.name, merged.mentions, merged.quotes, merged.articles) == ("Ada Halloran", 5, 2, 2)


async def test_digest_counts_a_lone_surname_with_its_full_name(service):
    from tests.articles import PORT_TALKS

    await service.intake.ingest_text(HARBOR_STRIKE, ANA)
    await service.intake.ingest_text(PORT_TALKS, ANA)
    digest = await service.reader.digest("guild:1")
    assert {a.name: a.articles for a in digest.recurring}.get("Marta Quellin") == 2


def test_a_canonical_link_is_trusted_only_on_the_same_site():
    from bot.service.sources import same_site

    assert same_site("https://www.example.com/a", "https://example.com/a?x=1")
    assert not same_site("https://other.example.org/their-story", "https://example.com/a")
    assert not same_site(None, "https://example.com/a")
    assert not same_site("https://[bad/", "https://example.com/a")


async def test_links_past_the_limit_are_announced(service, web_server):
    from bot.cards import PlainFormatter, render_text
    from bot.commands import CommandBook

    book = CommandBook(service, PlainFormatter())
    line = " ".join(f"{web_server}/wall?{i}" for i in range(7))
    text = render_text(await book.run_line(line, ANA))
    assert "2 more links in that message went unread: I read at most 5 per message." in text


async def test_two_links_to_one_article_shared_at_once_store_it_once(service, web_server):
    import asyncio

    # different links, one page whose canonical link is /budget: both are fetched at once
    first, second = await asyncio.gather(
        service.intake.ingest_url(f"{web_server}/budget?edition=a", ANA),
        service.intake.ingest_url(f"{web_server}/budget?edition=b", BEN),
    )
    assert first.ok and second.ok and sorted([first.created, second.created]) == [False, True]
    assert first.article.id == second.article.id
    assert await service.db.count_articles("guild:1") == 1


def _keller_story(n: int, who: str) -> str:
    return (
        f"Harbour report number {n}\n\n"
        f"{who} spoke to reporters on the pier on Monday about the new harbour rules and the long delays.\n\n"
        f"“We will not accept another delay of {n} weeks,” {who} said. The board did not answer the questions "
        f"that the dockworkers had sent in writing before the meeting, and the council stayed silent too.\n\n"
        f"Keller said the workers would return next week with a petition signed by {40 + n} members."
    )


async def test_a_surname_goes_to_the_person_who_dominates_it_here(service):
    for n in range(4):
        await service.intake.ingest_text(_keller_story(n, "Anna Keller"), ANA)
    await service.intake.ingest_text(_keller_story(9, "Peter Keller"), ANA)
    result = await service.reader.quotes("guild:1", "Keller")
    assert result.speakers == ("Anna Keller",) and "Also here: Peter Keller." in (result.note or "")
    assert {h.speaker for h in result.hits} == {"Anna Keller"} and len(result.hits) >= 4
    # two people with a surname in as many articles: the choice is open, so the bot asks
    await service.intake.ingest_text(_keller_story(10, "Peter Keller"), BEN)
    await service.intake.ingest_text(_keller_story(11, "Peter Keller"), BEN)
    with pytest.raises(UserError, match="could be Anna Keller or Peter Keller"):
        await service.reader.quotes("guild:1", "Keller")


async def test_bulk_ingest_keeps_the_workers_busy_and_reports_in_input_order(db, settings):
    """As many analyses in flight as there are workers (here 2), the outcomes in input order."""
    import asyncio

    from bot.ingest.fetch import SafeFetcher
    from bot.models import Analysis, JobSpec
    from bot.service import ArticleSources, NewsService

    class SlowAnalyzer:
        def __init__(self):
            self.running = self.most = 0

        async def analyze(self, text, title=None):
            self.running += 1
            self.most = max(self.most, self.running)
            await asyncio.sleep(0.3 if "first" in text else 0.1)  # the first finishes last; long beside a store
            self.running -= 1
            return Analysis((), (), (), len(text.split()))

        async def warm(self):
            pass

        async def close(self):
            pass

    analyzer = SlowAnalyzer()
    sources = ArticleSources(SafeFetcher(), settings.max_body_bytes)
    service = NewsService(db, analyzer, sources, parallel_jobs=2)
    words = " ".join(f"word{k}" for k in range(80))
    specs = [
        JobSpec("text", f"text {n}", f"Story {n}\n\n{'first ' if n == 0 else ''}{words} {n}.".encode())
        for n in range(6)
    ]
    told = []
    outcomes = await service.intake.ingest_specs(specs, ANA, each=lambda o: told.append(o.source))
    await sources.close()
    assert [o.source for o in outcomes] == told == [f"text {n}" for n in range(6)]
    assert all(o.created for o in outcomes) and analyzer.most == 2 * 2  # twice the workers: fetches overlap


async def test_a_text_with_nul_characters_and_a_very_long_link_are_stored(service):
    from bot.models import Analysis, ExtractedArticle

    pasted = HARBOR_STRIKE.replace("strike", "strike\x00", 1)
    outcome = await service.intake.ingest_text(pasted, ANA)
    assert outcome.created and "\x00" not in outcome.article.title
    link = "https://e.example/story?" + "&".join(f"k{n}=v{n}" for n in range(700))  # about 6,000 characters
    article = ExtractedArticle(text=COUNCIL_BUDGET, title="Budget", url=link, canonical_url=link)
    stored = await service.db.add_article(ANA, article, "budget-hash", Analysis((), (), (), 10))
    assert (await service.db.find_stored("guild:1", link)).id == stored.id


async def test_a_typo_finds_someone_first_named_after_an_earlier_typo(service):
    await service.intake.ingest_text(HARBOR_STRIKE, ANA)
    with pytest.raises(UserError):
        await service.reader.quotes("guild:1", "Paulo Ferrax")  # nobody like him yet
    await service.intake.ingest_text(COUNCIL_BUDGET, ANA)
    found = await service.reader.quotes("guild:1", "Paulo Ferrax")
    assert found.speakers == ("Paulo Ferraz",) and "showing Paulo Ferraz" in found.note
