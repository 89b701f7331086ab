"""Rendering to Discord and the error policy, on their own."""

import logging
from unittest.mock import create_autospec

from discord.ext import commands

from bot.cards import Card, Field
from bot.discordbot.context import NewsContext
from bot.discordbot.embeds import DESCRIPTION_LIMIT, TOTAL_LIMIT, MarkdownFormatter, card_to_embed
from bot.discordbot.errors import APOLOGY, handle_command_error
from bot.errors import UserError
from bot.models import MessagePlace


async def test_error_policy(caplog):
    ctx = create_autospec(NewsContext, instance=True)
    ctx.command, ctx.prefix = None, "!"
    await handle_command_error(ctx, commands.CommandInvokeError(UserError("There is no article #4 here.")))
    ctx.send_error.assert_awaited_with("There is no article #4 here.")
    with caplog.at_level(logging.ERROR):
        await handle_command_error(ctx, commands.CommandInvokeError(RuntimeError("database on fire")))
    ctx.send_error.assert_awaited_with(APOLOGY)
    assert "database on fire" in caplog.text


def test_embeds_respect_every_limit():
    card = Card(
        title="t" * 400,
        url="https://e.example/a",
        description="d" * 10_000,
        fields=[Field("n" * 300, "v" * 2000) for _ in range(30)],
        footer="f" * 3000,
    )
    embed = card_to_embed(card)
    assert len(embed.title) <= 256 and len(embed.description) <= DESCRIPTION_LIMIT
    assert len(embed.fields) <= 25 and all(len(f.value) <= 1024 and len(f.name) <= 256 for f in embed.fields)
    assert len(embed) <= TOTAL_LIMIT


def test_article_text_is_escaped():
    fmt = MarkdownFormatter()
    escaped = fmt.escape("@everyone look at **this** _now_ <@123456789012345678>")
    assert "@everyone" not in escaped and "\\*\\*this\\*\\*" in escaped and "<@123456789012345678>" not in escaped
    assert fmt.link("a [b] c", "https://e.example/x_(y)") == "[a (b) c](https://e.example/x_%28y%29)"
    assert fmt.link("text", "javascript:alert(1)") == "text"


def test_jump_links_go_to_the_message_an_article_was_shared_in():
    fmt = MarkdownFormatter()
    assert fmt.jump("here", MessagePlace("guild:5", 6, 7)) == "[here](https://discord.com/channels/5/6/7)"
    assert fmt.jump("here", MessagePlace("dm:9", 6, 7)) == "[here](https://discord.com/channels/@me/6/7)"
    assert fmt.jump("here", MessagePlace("local", None, None)) is None
