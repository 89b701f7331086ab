"""The registry at a server's scale: hundreds of invented articles, one person under every
variant of her name, a namesake, a second server; reads by name, lists, autocomplete, forgetting.
On both backends."""

import pytest
import pytest_asyncio

from bot.models import Actor, Analysis, ExtractedArticle, Quote, Sharer
from bot.service.actor_names import ActorNames
from bot.storage import open_store
from tests.postgres_server import BACKENDS

SERVER = Sharer("guild:7", user_id=1, user_name="ana")
OTHER = Sharer("guild:8", user_id=2, user_name="ben")
# How articles name her: the analysis of each article gives its fullest form.
VARIANTS = [
    ("Marta Quellin", ("Quellin", "President Marta Quellin")),
    ("Marta J. Quellin", ("Quellin",)),
    ("Quellin", ("President Quellin",)),  # an article that never gives her first name
    ("Marta Quellin", ("Ms Quellin",)),
]
ARTICLES = 240


def _article(n: int) -> tuple[ExtractedArticle, Analysis]:
    name, aliases = VARIANTS[n % len(VARIANTS)]
    said = f"Reform {n} will pass"
    people = [Actor(name, "PERSON", 4, 1, aliases, "the president of Vandria" if n % 3 else "Vandrian president", 9.0)]
    if n % 40 == 0:  # her brother, in a few articles: "Quellin" still means her
        people.append(Actor("Tomas Quellin", "PERSON", 1, 0, ("Quellin",), "her brother", 1.0))
    people.append(Actor("Vandria", "GPE", 2, 0, (), None, 3.0))
    quote = Quote(said, 10, 10 + len(said), name, 0, len(name), "said", f"{name} said: {said}.")
    text = f"Story {n}: {name} said {said}."
    return (
        ExtractedArticle(text=text, title=f"Story {n}", url=f"https://news.example/{n}", canonical_url=None),
        Analysis(tuple(people), (quote,), (text,), 20),
    )


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest_asyncio.fixture
async def store(store_location):
    db = await open_store(store_location)
    for n in range(ARTICLES):
        article, analysis = _article(n)
        await db.add_article(SERVER, article, f"hash-{n}", analysis)
    article, analysis = _article(1)
    await db.add_article(OTHER, article, "hash-other", analysis)
    yield db
    await db.close()


@pytest.mark.parametrize("typed", ["Quellin", "Marta Quellin", "marta j. quellin", "President Quellin", "Quellin's"])
async def test_every_variant_finds_her_with_all_her_articles(store, typed):
    match = await ActorNames(store).find(SERVER.scope, typed)
    assert match.name == "Marta Quellin"
    articles, mentions, quotes = await store.entity_totals(match.entity_ids)
    assert (articles, quotes) == (ARTICLES, ARTICLES)
    if typed == "Quellin":
        assert "Also here: Tomas Quellin" in match.note


async def test_her_quotes_come_newest_first_and_only_from_this_server(store):
    match = await ActorNames(store).find(SERVER.scope, "Quellin")
    hits = await store.quotes_of(SERVER.scope, match.entity_ids, limit=5)
    assert [h.text for h in hits] == [f"Reform {n} will pass" for n in range(ARTICLES - 1, ARTICLES - 6, -1)]
    other = await ActorNames(store).find(OTHER.scope, "Quellin")
    assert [h.text for h in await store.quotes_of(OTHER.scope, other.entity_ids)] == ["Reform 1 will pass"]


async def test_lists_and_autocomplete_show_one_name_per_person(store):
    names = ActorNames(store)
    listed = await names.merged(SERVER.scope, await store.scope_actors(SERVER.scope))
    people = [a for a in listed if a.kind == "PERSON"]
    assert [a.name for a in people] == ["Marta Quellin", "Tomas Quellin"]
    assert people[0].articles == ARTICLES and people[0].description == "the president of Vandria"
    assert await names.autocomplete(SERVER.scope, "que") == ["Marta Quellin", "Tomas Quellin"]
    assert await names.autocomplete(SERVER.scope, "mar") == ["Marta Quellin"]


async def test_forgetting_an_article_takes_it_out_of_the_registry(store):
    match = await ActorNames(store).find(SERVER.scope, "Tomas Quellin")
    assert (await store.entity_totals(match.entity_ids))[0] == ARTICLES // 40
    first = await store.numbered_article(SERVER.scope, 1)  # Story n is #n+1
    assert first.title == "Story 0" and await store.delete_article(SERVER.scope, first.id)
    match = await ActorNames(store).find(SERVER.scope, "Tomas Quellin")
    assert (await store.entity_totals(match.entity_ids))[0] == ARTICLES // 40 - 1
    for n in range(40, ARTICLES, 40):
        await store.delete_article(SERVER.scope, (await store.numbered_article(SERVER.scope, n + 1)).id)
    assert await ActorNames(store).named(SERVER.scope, "Tomas Quellin") is None
    assert await store.scalar("SELECT COUNT(*) FROM entities WHERE articles <= 0") == 0
