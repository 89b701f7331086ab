"""'Which one?': a name that means two people equally is answered with the choices, numbered
in the console and as buttons on Discord, and the choice gets the answer."""

import discord
import discord.ext.test as dpytest

from bot.cards import Card, PlainFormatter, render_text
from bot.commands import CommandBook
from bot.discordbot.choices import NameChoice
from bot.models import Actor, Analysis, ExtractedArticle, Quote, Sharer
from tests.test_discord import interaction_from

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


async def test_the_buttons_are_for_the_asker_and_answer_the_choice():
    asked: list[int] = []

    async def answer(index):
        asked.append(index)
        return [Card(title=f"Quotes from person {index}")]

    view = NameChoice(("Ilsa Varga", "Tomas Varga"), author_id=1, answer=answer)
    buttons = [item for item in view.children if isinstance(item, discord.ui.Button)]
    assert [b.label for b in buttons] == ["Ilsa Varga", "Tomas Varga"]
    stranger = interaction_from(2)
    assert await view.interaction_check(stranger) is False
    assert stranger.response.send_message.await_args.kwargs["ephemeral"] is True
    owner = interaction_from(1)
    await buttons[1].callback(owner)
    assert asked == [1]
    edit = owner.response.edit_message.await_args.kwargs
    assert edit["embed"].title == "Quotes from person 1" and edit["view"] is None


async def test_who_on_discord_asks_with_a_button_per_person(bot):
    guild = dpytest.get_config().guilds[0]
    await _store_two_vargas(bot.service.db, f"guild:{guild.id}")
    await dpytest.message("!who Varga")
    reply = dpytest.get_message()
    # the buttons themselves (dpytest keeps no components) are tested on the view above
    assert "Which one?" in reply.embeds[0].description and "Varga" in reply.embeds[0].description
