"""'Which one?': a name that means two people equally is answered with the choices, numbered
in the console and as buttons on Discord, and the choice gets the answer."""

from bot.cards import PlainFormatter, render_text
from bot.commands import CommandBook
from bot.models import Actor, Analysis, ExtractedArticle, Quote, Sharer
from tests.discord_world import bot_messages, current

ANA = Sharer("guild:1", user_id=10, user_name="ana")


async def _store_two_vargas(db, scope="guild:1"):
    sharer = Sharer(scope, user_id=10, user_name="ana")
    for n, person in enumerate(["Ilsa Varga", "Tomas Varga", "Ilsa Varga", "Tomas Varga"]):
        said = f"{person.split()[0]} spoke about the dam {n}"
        quote = Quote(said, 0, len(said), person, 0, len(person), "said", f"{person} said: {said}.")
        actor = Actor(person, "PERSON", 3, 1, ("Varga",), None, 5.0)
        article = ExtractedArticle(text=f"Dam story {n}.", title=f"Dam story {n}", url=f"https://dam.example/{n}")
        await db.add_article(sharer, article, f"dam-{scope}-{n}", Analysis((actor,), (quote,), (), 10))


async def test_the_console_numbers_the_choices_and_takes_a_number(service):
    await _store_two_vargas(service.db)
    book = CommandBook(service, PlainFormatter())
    question = render_text(await book.run_line("!quotes Varga", ANA))
    assert "Which one?" in question and "1. Ilsa Varga" in question and "2. Tomas Varga" in question
    answer = render_text(await book.run_line("2", ANA))
    assert answer.startswith("Quotes from Tomas Varga") and "Ilsa" not in answer
    # a number with no question open is just a message
    assert await book.run_line("2", ANA) == []


async def test_who_on_discord_asks_with_a_button_per_person(server):
    """The buttons answer the member who asked; another member is told they are not theirs;
    unanswered, they go inert when the view times out."""
    await _store_two_vargas(server.env.bot.service.db, server.scope())
    await server.alice.send(server.news, "!who Varga")
    question = bot_messages(server.news)[-1]
    assert "Which one?" in question.embeds[0].description
    assert [b.label for row in question.components for b in row.children] == ["Ilsa Varga", "Tomas Varga"]
    refused = await server.bob.click(question, label="Tomas Varga")
    assert refused.ephemeral and "alice" not in refused.response.content.lower()
    await server.alice.click(question, label="Tomas Varga")
    answer = current(server.news, question)
    assert answer.embeds[0].title == "Tomas Varga" and answer.components == []

    await server.alice.send(server.news, "!quotes Varga")
    unanswered = bot_messages(server.news)[-1]
    await server.env.advance_time(181)
    assert all(b.disabled for row in current(server.news, unanswered).components for b in row.children)
