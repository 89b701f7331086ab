"""The Discord side: dpytest drives the commands end to end; spec'd mocks cover what it cannot
(reactions, button interactions, timeouts)."""

import datetime
import logging
from unittest.mock import call, create_autospec

import discord
import discord.ext.test as dpytest
import pytest
from discord.ext import commands

from bot.cards import Card, Field
from bot.discordbot.client import NewsBot
from bot.discordbot.context import NewsContext
from bot.discordbot.embeds import DESCRIPTION_LIMIT, TOTAL_LIMIT, MarkdownFormatter, card_to_embed
from bot.discordbot.errors import APOLOGY, handle_command_error
from bot.discordbot.paginator import CardPaginator
from bot.errors import UserError
from bot.models import Sharer
from cogs.links import DONE, FAILED, WORKING, Links

pytestmark = pytest.mark.model


async def test_bot_never_pings(service, settings):
    mentions = NewsBot(service, settings, sync_commands=False).allowed_mentions
    assert not mentions.everyone and not mentions.users and not mentions.roles and not mentions.replied_user


async def test_ingest_link_then_quotes_embed(bot, web_server):
    await dpytest.message(f"!ingest {web_server}/strike")
    stored = dpytest.get_message().embeds[0]
    assert "Stored" in stored.description and "Harbor strike" in stored.description
    guild = dpytest.get_config().guilds[0]
    assert await bot.service.db.count_articles(f"guild:{guild.id}") == 1

    await dpytest.message("!quotes quellin")
    embed = dpytest.get_message().embeds[0]
    assert embed.title == "Quotes from Marta Quellin"
    assert "We will not go back" in embed.description and embed.footer.text == "4 quotes"
    assert "Harbor strike" in embed.description

    await dpytest.message("!who Oduya")
    profile = dpytest.get_message().embeds[0]
    assert profile.title == "Harlan Oduya"
    assert any("spokesman for the Alvera Port Authority" in f.value for f in profile.fields)


async def test_summary_actors_articles_search(bot, web_server):
    await dpytest.message(f"!ingest {web_server}/budget")
    dpytest.get_message()
    await dpytest.message("!summary")
    summary = dpytest.get_message().embeds[0]
    assert summary.title == "City council passes a leaner budget" and summary.description.count("•") == 3
    await dpytest.message("!actors")
    assert "Paulo Ferraz" in dpytest.get_message().embeds[0].description
    await dpytest.message("!articles")
    assert "leaner budget" in dpytest.get_message().embeds[0].description
    await dpytest.message("!search libraries")
    assert "leaner budget" in dpytest.get_message().embeds[0].description
    await dpytest.message("!digest 3")
    digest = dpytest.get_message().embeds[0]
    assert digest.title == "Digest of the latest 1 article" and "leaner budget" in digest.description


async def test_user_mistake_gets_one_short_sentence(bot):
    with pytest.raises(commands.CommandInvokeError):  # dpytest re-raises after our handler ran
        await dpytest.message("!summary")
    embed = dpytest.get_message().embeds[0]
    assert embed.description == "No articles are stored here yet: share a link first."


def fake_message(bot, content, guild_id=1, author_id=5):
    message = create_autospec(discord.Message, instance=True)
    message.content = content
    message.author = create_autospec(discord.Member, instance=True)
    message.author.bot = False
    message.author.id = author_id
    message.author.display_name = "ana"
    message.guild = create_autospec(discord.Guild, instance=True)
    message.guild.id = guild_id
    message.channel = create_autospec(discord.TextChannel, instance=True)
    message.channel.id = 77
    message.id = 99
    return message


async def test_shared_link_is_stored_and_marked_done(bot, web_server):
    links = Links(bot)
    message = fake_message(bot, f"worth a read {web_server}/strike?utm_source=x !")
    await links.on_message(message)
    assert message.add_reaction.await_args_list == [call(WORKING), call(DONE)]
    message.remove_reaction.assert_awaited_once_with(WORKING, bot.user)
    message.reply.assert_not_awaited()  # success needs no words
    assert await bot.service.db.count_articles("guild:1") == 1

    again = fake_message(bot, f"{web_server}/strike")
    await links.on_message(again)
    assert again.add_reaction.await_args_list == [call(WORKING), call(DONE)]
    reply = again.reply.await_args.kwargs
    assert "Already stored" in reply["embed"].description
    assert reply["allowed_mentions"].everyone is False and reply["mention_author"] is False


async def test_unreadable_link_gets_a_warning_and_a_reason(bot, web_server):
    links = Links(bot)
    message = fake_message(bot, f"{web_server}/wall")
    await links.on_message(message)
    assert message.add_reaction.await_args_list == [call(WORKING), call(FAILED)]
    assert "cookie" in message.reply.await_args.kwargs["embed"].description


async def test_private_address_refused_without_the_setting(bot, settings, nlp, db):
    from bot.ingest.fetch import SafeFetcher
    from bot.nlp.pool import InlineAnalyzer
    from bot.service import ArticleSources, NewsService

    strict = NewsService(db, InlineAnalyzer(nlp=nlp), ArticleSources(SafeFetcher(), settings.max_body_bytes))
    outcome = await strict.intake.ingest_url("http://127.0.0.1:1/x", Sharer("guild:1"))
    assert "refused" in outcome.error
    await strict.sources.close()


async def test_a_link_added_by_an_edit_is_shared_and_an_unfurl_is_not(bot, web_server):
    links = Links(bot)
    now = discord.utils.utcnow()
    before = fake_message(bot, "this one is good")
    after = fake_message(bot, f"this one is good {web_server}/strike")
    before.created_at = after.created_at = now
    await links.on_message_edit(before, after)
    assert after.add_reaction.await_args_list == [call(WORKING), call(DONE)]
    assert await bot.service.db.count_articles("guild:1") == 1
    # Discord filling in the link's embed edits the message without changing its text
    unfurled = fake_message(bot, after.content)
    unfurled.created_at = now
    await links.on_message_edit(after, unfurled)
    unfurled.add_reaction.assert_not_awaited()
    # an edit long after sending is not a new share
    late_before, late_after = fake_message(bot, "old"), fake_message(bot, f"old {web_server}/budget")
    late_before.created_at = late_after.created_at = now - datetime.timedelta(hours=1)
    await links.on_message_edit(late_before, late_after)
    late_after.add_reaction.assert_not_awaited()
    assert await bot.service.db.count_articles("guild:1") == 1


async def test_messages_from_bots_and_commands_are_left_alone(bot, web_server):
    links = Links(bot)
    from_bot = fake_message(bot, f"{web_server}/strike")
    from_bot.author.bot = True
    await links.on_message(from_bot)
    command = fake_message(bot, f"!summary {web_server}/strike")
    await links.on_message(command)
    # the mention prefix is a command too: "@Newsdesk summary <link>" is not also a shared link
    mentioned = fake_message(bot, f"<@{bot.user.id}> summary {web_server}/strike")
    await links.on_message(mentioned)
    from_bot.add_reaction.assert_not_awaited()
    command.add_reaction.assert_not_awaited()
    mentioned.add_reaction.assert_not_awaited()
    assert await bot.service.db.count_articles("guild:1") == 0


def interaction_from(user_id):
    interaction = create_autospec(discord.Interaction, instance=True)
    interaction.user = create_autospec(discord.User, instance=True)
    interaction.user.id = user_id
    interaction.response = create_autospec(discord.InteractionResponse, instance=True)
    return interaction


async def test_paginator_is_for_the_caller_only_and_goes_inert():
    view = CardPaginator([Card(title="one"), Card(title="two")], author_id=1)
    assert view.previous_page.disabled and not view.next_page.disabled
    stranger = interaction_from(2)
    assert await view.interaction_check(stranger) is False
    assert stranger.response.send_message.await_args.kwargs["ephemeral"] is True
    owner = interaction_from(1)
    assert await view.interaction_check(owner) is True
    await view.next_page.callback(owner)
    assert view.index == 1 and view.next_page.disabled
    assert owner.response.edit_message.await_args.kwargs["embed"].title == "two"
    view.message = create_autospec(discord.Message, instance=True)
    await view.on_timeout()
    assert all(item.disabled for item in view.children)
    view.message.edit.assert_awaited_once()


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
