"""The Discord side as members see it: the real bot on SimCord's simulated Discord (messages,
slash commands, menus, buttons, edits, webhooks, permissions, the clock)."""

from __future__ import annotations

import dataclasses
import datetime

import discord
import pytest

from bot.discordbot.client import NewsBot
from cogs.links import DONE, FAILED, SLOW_DOWN
from tests.discord_world import answered_mistakes, bot_messages, current, fetched, reactions

pytestmark = pytest.mark.model


async def test_bot_never_pings(service, settings):
    mentions = NewsBot(service, settings).allowed_mentions
    assert not mentions.everyone and not mentions.users and not mentions.roles and not mentions.replied_user


async def test_intents_are_only_what_the_bot_uses(service, settings):
    intents = NewsBot(service, settings).intents
    assert intents.guilds and intents.guild_messages and intents.dm_messages and intents.message_content
    assert not (intents.members or intents.presences or intents.guild_reactions or intents.voice_states)


async def test_only_the_article_of_a_busy_message_is_fetched(server, web_server):
    """Acceptance 1: a GIF, a jump link, YouTube, x.com and an image are skipped before any
    fetch; the article is read; the channel sees one ✅ and no reply."""
    jump = f"https://discord.com/channels/{server.guild.id}/{server.news.id}/123456789012345678"
    text = (
        "lol https://tenor.com/view/cat-dance-123 and " + jump + " see https://www.youtube.com/watch?v=abc "
        f"https://x.com/someone/status/1 {web_server}/photo.jpg and the story {web_server}/strike"
    )
    message = await server.alice.send(server.news, text)
    assert fetched(server.env.bot) == [f"{web_server}/strike"]
    assert reactions(current(server.news, message)) == [DONE]
    assert bot_messages(server.news) == []
    assert await server.env.bot.service.db.count_articles(server.scope()) == 1


async def test_a_link_shared_again_is_said_to_be_stored_already(server, web_server):
    await server.alice.send(server.news, f"worth a read {web_server}/strike?utm_source=x !")
    await server.bob.send(server.news, f"{web_server}/strike")
    (reply,) = bot_messages(server.news)
    assert "Already stored" in reply.embeds[0].description
    assert reply.reference is not None and not reply.mentions


async def test_a_page_that_is_no_article_is_dropped_quietly_unless_asked_for(server, web_server):
    wall = await server.alice.send(server.news, f"look {web_server}/wall")
    assert reactions(current(server.news, wall)) == [] and bot_messages(server.news) == []
    await server.alice.send(server.news, f"!ingest {web_server}/wall")
    assert "cookie" in bot_messages(server.news)[-1].embeds[0].description
    missing = await server.alice.send(server.news, f"{web_server}/slow-404")
    assert reactions(current(server.news, missing)) == [FAILED]  # a real failure is still reported
    assert "HTTP 404" in bot_messages(server.news)[-1].embeds[0].description


async def test_a_channel_set_to_summary_gets_one_summary_card(server, web_server):
    """Acceptance 2: a channel in summary mode; a channel off the list; a webhook's post."""
    result = await server.mod.slash(server.news, "settings share", mode="summary", channel=server.news)
    assert "summary card" in result.response.embeds[0].description
    message = await server.alice.send(server.news, f"today {web_server}/strike")
    (card,) = [m for m in bot_messages(server.news) if m.reference and m.reference.message_id == message.id]
    assert card.embeds[0].title == "Harbor strike enters second week as talks stall"
    assert card.embeds[0].description.count("•") == 3 and reactions(current(server.news, message)) == [DONE]
    # elsewhere the server's mode (store) holds: a ✅ and no card
    elsewhere = await server.alice.send(server.random, f"{web_server}/budget")
    assert reactions(current(server.random, elsewhere)) == [DONE] and bot_messages(server.random) == []


async def test_links_are_read_only_in_the_listed_channels_and_their_threads(server, web_server):
    await server.mod.slash(server.news, "settings channels", action="add", channel=server.news)
    await server.mod.slash(server.news, "settings share", mode="summary")
    await server.mod.slash(server.news, "settings summary", place="thread", sentences=2)
    ignored = await server.alice.send(server.random, f"{web_server}/budget")
    assert reactions(current(server.random, ignored)) == [] and fetched(server.env.bot) == []
    shared = await server.alice.send(server.news, f"{web_server}/strike")
    (thread,) = server.news.threads  # the summary card went into a thread on the message
    (card,) = bot_messages(thread)
    assert card.embeds[0].description.count("•") == 2
    assert reactions(current(server.news, shared)) == [DONE]
    # a thread follows its channel: a link shared in it is read too
    await server.bob.send(thread, f"related: {web_server}/budget")
    assert await server.env.bot.service.db.count_articles(server.scope()) == 2


async def test_webhook_posts_are_read_where_a_moderator_allows_them(server, web_server):
    feed = server.guild.create_webhook(server.news, name="Invented Daily feed")
    await feed.send(f"New: {web_server}/strike")
    assert fetched(server.env.bot) == []  # by default feeds are not read
    await server.mod.slash(server.news, "settings feeds", read=True)
    posted = await feed.send("", embed=discord.Embed(title="City budget", url=f"{web_server}/budget"))
    assert fetched(server.env.bot) == [f"{web_server}/budget"]
    assert reactions(current(server.news, posted)) == [DONE]
    overview = await server.alice.slash(server.news, "settings show")
    fields = {f.name: f.value for f in overview.response.embeds[0].fields}
    assert server.news.mention in fields["Posts of webhooks and other bots are read in"]


async def test_settings_need_manage_server_and_a_dm_is_its_own_space(server, web_server):
    refused = await server.alice.slash(server.news, "settings share", mode="off")
    assert refused.ephemeral and "Manage Server" in refused.response.embeds[0].description
    await server.alice.send(server.news, "!settings skip add example.com")
    assert "Manage Server" in bot_messages(server.news)[-1].embeds[0].description
    assert (await server.env.bot.service.settings.get(server.scope())).share == "store"
    # anyone can read them
    await server.alice.send(server.news, "!settings")
    assert bot_messages(server.news)[-1].embeds[0].title == "Settings here"
    # in a DM the member decides
    await server.alice.send_dm("!settings share off")
    assert (await server.env.bot.service.settings.get(f"dm:{server.alice.id}")).share == "off"
    assert (await server.env.bot.service.settings.get(server.scope())).share == "store"
    await server.alice.send_dm(f"{web_server}/strike")
    assert fetched(server.env.bot) == []
    assert answered_mistakes(server.env) == ["MissingPermissions", "MissingPermissions"]


async def test_summary_of_a_new_link_by_slash_menu_and_mention_is_one_answer(server, web_server):
    """Acceptance 3."""
    result = await server.alice.slash(server.news, "summary", link=f"{web_server}/strike")
    callbacks = [r.json for r in server.env.http_requests if r.path.endswith("/callback")]
    assert callbacks[-1]["type"] == 5  # deferred ("thinking…") before the fetch: past Discord's 3 s
    assert result.response.embeds[0].title == "Harbor strike enters second week as talks stall"
    # the "Summarise" message command on a member's message with a link
    shared = await server.bob.send(server.random, f"have you seen {web_server}/budget")
    menu = await server.alice.context_menu(server.random, "Summarise", shared)
    assert menu.response.embeds[0].title == "City council passes a leaner budget"
    articles = await server.env.bot.service.db.list_articles(server.scope(), 10, 0)
    assert {a.shared_by for a in articles} == {"alice", "bob"}  # the menu's article is bob's share
    # a message without a link: said privately
    chatter = await server.bob.send(server.random, "no links here")
    nothing = await server.alice.context_menu(server.random, "Summarise", chatter)
    assert nothing.ephemeral and "no link" in nothing.response.embeds[0].description
    # "@Newsdesk summary <link>": one answer, no ✅ as if it were also shared
    before = len(bot_messages(server.news))
    asked = await server.alice.send(server.news, f"{server.env.bot.user.mention} summary {web_server}/strike")
    assert len(bot_messages(server.news)) == before + 1 and reactions(current(server.news, asked)) == []


async def test_store_article_menu_stores_the_link_of_any_message(server, web_server):
    feed = server.guild.create_webhook(server.random, name="Feed")
    posted = await feed.send("", embed=discord.Embed(title="Strike", url=f"{web_server}/strike"))
    result = await server.mod.context_menu(server.random, "Store article", posted)
    assert "Stored" in result.response.embeds[0].description
    assert await server.env.bot.service.db.count_articles(server.scope()) == 1


async def test_a_link_added_by_an_edit_is_shared_and_an_unfurl_is_not(server, web_server):
    message = await server.alice.send(server.news, "this one is good")
    await server.alice.edit(message, f"this one is good {web_server}/strike")
    assert reactions(current(server.news, message)) == [DONE]
    await server.alice.edit(message, f"this one is good {web_server}/strike ")  # same link: nothing new
    assert fetched(server.env.bot) == [f"{web_server}/strike"]
    # after a restart the message is not in the cache: its jobs say which links were read
    await server.env.restart_bot(NewsBot(server.env.bot.service, server.env.bot.settings))
    await server.alice.edit(message, f"this one is good {web_server}/strike and {web_server}/budget")
    assert fetched(server.env.bot) == [f"{web_server}/strike", f"{web_server}/budget"]
    # an edit long after sending is not a new share
    old = await server.alice.send(server.news, "old news")
    await server.env.advance_time(20 * 60)
    await server.alice.edit(old, f"old news {web_server}/wall")
    assert len(fetched(server.env.bot)) == 2


async def test_a_member_sharing_links_too_fast_is_slowed_down(server, web_server):
    for n in range(6):
        await server.alice.send(server.random, f"{web_server}/strike?n={n}")
    seventh = await server.alice.send(server.random, f"{web_server}/budget")
    assert reactions(current(server.random, seventh)) == [SLOW_DOWN]
    assert f"{web_server}/budget" not in fetched(server.env.bot)
    await server.bob.send(server.random, f"{web_server}/budget")  # others are not held up
    assert f"{web_server}/budget" in fetched(server.env.bot)
    await server.env.advance_time(61)
    again = await server.alice.send(server.random, f"{web_server}/budget")
    assert reactions(current(server.random, again)) != [SLOW_DOWN]


async def test_commands_too_fast_are_told_to_slow_down(server):
    for _ in range(8):
        await server.alice.send(server.random, "!help")
    await server.alice.send(server.random, "!help")
    assert "Slow down" in bot_messages(server.random)[-1].embeds[0].description
    assert answered_mistakes(server.env) == ["CommandOnCooldown"]


async def test_sync_is_for_the_owner_and_a_restart_registers_nothing(server):
    registered = [r for r in server.env.http_requests if r.method == "PUT" and r.path.endswith("/commands")]
    assert len(registered) == 1  # the first start: Discord knew none of the commands
    owners = dataclasses.replace(server.env.bot.settings, owner_ids=frozenset({server.mod.id}))
    await server.env.restart_bot(NewsBot(server.env.bot.service, owners))
    registered = [r for r in server.env.http_requests if r.method == "PUT" and r.path.endswith("/commands")]
    assert len(registered) == 1
    await server.alice.send(server.random, "!sync")
    assert answered_mistakes(server.env) == ["NotOwner"]
    await server.mod.send(server.random, "!sync here")
    assert "Registered" in bot_messages(server.random)[-1].embeds[0].description
    assert "settings share" in server.mod.available_commands(server.random)


async def test_article_and_quotes_link_to_the_message_they_were_shared_in(server, web_server):
    shared = await server.alice.send(server.news, f"{web_server}/strike")
    jump = f"https://discord.com/channels/{server.guild.id}/{server.news.id}/{shared.id}"
    await server.bob.send(server.random, "!article 1")
    fields = {f.name: f.value for f in bot_messages(server.random)[-1].embeds[0].fields}
    assert jump in fields["Shared in"]
    await server.bob.send(server.random, "!quotes Quellin")
    assert jump in bot_messages(server.random)[-1].embeds[0].description


async def test_pages_turn_for_the_asker_only_and_go_inert(server):
    from bot.models import Sharer

    sharer = Sharer(server.scope(), user_id=server.alice.id, user_name="alice")
    for n in range(12):
        await server.env.bot.service.intake.ingest_text(
            f"Story {n}. "
            + " ".join(f"The invented council of Varnholt met on day {n} to discuss item {k}." for k in range(12)),
            sharer,
        )
    await server.alice.send(server.news, "!search Varnholt")
    pages = bot_messages(server.news)[-1]
    first = pages.embeds[0].description
    refused = await server.bob.click(pages, label="▶")
    assert refused.ephemeral and current(server.news, pages).embeds[0].description == first
    await server.alice.click(pages, label="▶")
    assert current(server.news, pages).embeds[0].description != first
    await server.env.advance_time(181)
    assert all(b.disabled for row in current(server.news, pages).components for b in row.children)


async def test_a_scheduled_digest_fires_at_its_time_and_again_after_a_restart(server, web_server):
    """Acceptance 4, on SimCord's clock."""
    await server.alice.send(server.news, f"{web_server}/strike")
    start = server.env.now()
    at = (start + datetime.timedelta(hours=2)).strftime("%H:%M")
    result = await server.mod.slash(server.news, "digest schedule", every="daily", time=at, count=3)
    assert "Digest scheduled" in result.response.embeds[0].description
    posted = len(bot_messages(server.news))
    await server.env.advance_time(2 * 3600 - 60)
    assert len(bot_messages(server.news)) == posted  # not yet
    await server.env.advance_time(120)
    digest = bot_messages(server.news)[-1]
    assert len(bot_messages(server.news)) == posted + 1 and digest.embeds[0].title.startswith("Digest of the latest")

    await server.env.restart_bot(NewsBot(server.env.bot.service, server.env.bot.settings))
    await server.env.advance_time(24 * 3600)
    assert len(bot_messages(server.news)) == posted + 2
    # members without Manage Server cannot schedule; a moderator can stop it
    await server.alice.send(server.news, "!digest schedule daily 10:00")
    assert answered_mistakes(server.env) == ["MissingPermissions"]
    await server.mod.slash(server.news, "digest unschedule")
    assert await server.env.bot.service.digests.of_scope(server.scope()) == []


async def test_names_autocomplete_from_this_servers_actors(server, web_server):
    await server.alice.send(server.news, f"{web_server}/strike")
    choices = await server.bob.autocomplete(server.random, "quotes", "query", "quel")
    assert [c["name"] for c in choices][:1] == ["Marta Quellin"]
    result = await server.bob.slash(server.random, "quotes", query=choices[0]["value"])
    assert result.response.embeds[0].title == "Quotes from Marta Quellin"


async def test_a_busy_channel_fetches_only_its_articles(server, web_server):
    """Sixty messages of chatter, GIFs, videos, posts and images from three members and a feed
    bot, with two articles among them: two fetches, two ✅, no reply."""
    noise = [
        "lol",
        "https://tenor.com/view/happy-cat-8811",
        "https://media.giphy.com/media/abc/giphy.gif",
        "https://youtu.be/dQw4w9WgXcQ",
        "https://x.com/someone/status/42",
        "https://i.imgur.com/abc.png",
        f"https://discord.com/channels/{server.guild.id}/{server.news.id}/1",
        "https://cdn.discordapp.com/attachments/1/2/meme.jpg",
        f"{web_server}/clip.mp4",
        "see you tomorrow",
    ]
    members = [server.alice, server.bob, server.mod]
    shared = []
    for n in range(60):
        text = noise[n % len(noise)]
        if n in (17, 41):
            text = f"this: {web_server}/{'strike' if n == 17 else 'budget'}"
        shared.append(await members[n % 3].send(server.random, text))
    assert sorted(fetched(server.env.bot)) == [f"{web_server}/budget", f"{web_server}/strike"]
    marked = [m.id for m in shared if reactions(current(server.random, m))]
    assert marked == [shared[17].id, shared[41].id] and bot_messages(server.random) == []


async def test_quotes_show_own_words_first_then_reported_speech_marked(server, web_server):
    await server.alice.send(server.news, f"{web_server}/strike")
    await server.bob.send(server.random, "!quotes Renwick")
    embed = bot_messages(server.random)[-1].embeds[0]
    quoted, reported = embed.description.index("“Nobody wins a long strike"), embed.description.index("**Reported**")
    assert quoted < reported and "the city was ready to mediate" in embed.description[reported:]
    assert embed.footer.text == "2 quotes, 1 reported"
    result = await server.bob.slash(server.random, "quotes", query="Renwick reported")
    only = result.response.embeds[0]
    assert only.title == "Reported statements from Tobias Renwick" and "Nobody wins" not in only.description
