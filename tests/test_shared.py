"""Checks on the real seed articles in ../shared (skipped in a user's clone, where it is absent)."""

import pytest

from bot.models import Sharer
from tests.conftest import shared_path

pytestmark = [pytest.mark.model, pytest.mark.shared]


async def test_biden_quotes_from_the_seeds_and_nobody_elses(service):
    seeds = shared_path("seeds")
    for path in sorted(seeds.glob("*.txt")):
        outcome = await service.intake.ingest_path(str(path), Sharer("local", 0, "tester"))
        assert outcome.ok, outcome.error
    import json

    gold = json.loads((seeds / "gold.json").read_text(encoding="utf-8"))["articles"]
    fragments = [q["fragment"] for a in gold.values() for q in a["quotes"] if q["speaker"] == "Joe Biden"]
    result = await service.reader.quotes("local", "Biden")
    assert set(result.speakers) <= {"Joe Biden", "Biden"}
    direct = [h for h in result.hits if h.direct]
    texts = " ".join(h.text for h in direct)
    assert len(fragments) == 4 and all(fragment in texts for fragment in fragments)
    assert len(direct) == 4 and result.hits[:4] == direct  # his own words first
    # then, marked as reported, his comments that he would be open to diplomacy with Putin
    reported = [h for h in result.hits[4:] if "open to diplomacy with Russian President Vladimir Putin" in h.text]
    assert reported and not reported[0].direct
    only = await service.reader.quotes("local", "Biden reported")
    assert only.direct is False and all(not h.direct for h in only.hits) and reported[0] in only.hits


async def test_seed_summaries_are_body_sentences_that_fit_one_embed(service):
    import json

    from bot.commands import CommandBook
    from bot.discordbot.embeds import DESCRIPTION_LIMIT, TOTAL_LIMIT, MarkdownFormatter, card_to_embed

    seeds = shared_path("seeds")
    junk = [
        j
        for a in json.loads((seeds / "gold.json").read_text(encoding="utf-8"))["articles"].values()
        for j in a.get("boilerplate", [])
    ]
    book = CommandBook(service, MarkdownFormatter())
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        article = (await service.intake.ingest_path(str(path), Sharer("local", 0, "tester"))).article
        result = await service.reader.summary("local", str(article.id))
        assert len(result.sentences) == 3
        first_line = text.split("\n", 1)[0]
        for sentence in result.sentences:
            assert sentence in text and sentence.strip() != first_line.strip()
            assert not any(j.lower() in sentence.lower() for j in junk)
        [card] = await book.summary("local", str(article.id))
        embed = card_to_embed(card)
        assert len(embed) <= TOTAL_LIMIT and len(card.description) < DESCRIPTION_LIMIT  # nothing cut off


async def test_seed_actors_across_articles(service):
    seeds = shared_path("seeds")
    for path in sorted(seeds.glob("*.txt")):
        await service.intake.ingest_path(str(path), Sharer("local", 0, "tester"))
    jensen = await service.reader.quotes("local", "Jensen")
    assert jensen.speakers == ("Donald Jensen",) and sum(h.direct for h in jensen.hits) == 5
    biden = await service.reader.quotes("local", "Biden")
    for query in ("joe biden", "Bidne"):
        other = await service.reader.quotes("local", query)
        assert other.speakers == ("Joe Biden",) and other.hits == biden.hits
    assert "showing Joe Biden" in (await service.reader.quotes("local", "Bidne")).note
    pifer = await service.reader.who("local", "Pifer")
    seed_text = " ".join(p.read_text(encoding="utf-8") for p in seeds.glob("*.txt"))
    assert pifer.name == "Steven Pifer" and pifer.descriptions
    assert all(f"Pifer, {d}" in seed_text for d in pifer.descriptions)  # his apposition, as written
