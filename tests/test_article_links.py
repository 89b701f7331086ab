"""Links that cannot be articles are skipped before any fetch when shared in passing, and
explained when asked for explicitly."""

import pytest

from bot.cards import PlainFormatter, render_text
from bot.commands import CommandBook
from bot.ingest.article_links import not_article
from bot.models import Sharer
from bot.service.message_links import shared_links

ANA = Sharer("guild:1", user_id=10, user_name="ana")
NOT_ARTICLES = [
    ("https://tenor.com/view/dancing-cat-gif-123", "a GIF"),
    ("https://media.tenor.com/abc/cat.gif", "a GIF"),
    ("https://discord.com/channels/1/2/3", "a Discord link"),
    ("https://www.youtube.com/watch?v=abc", "a video"),
    ("https://x.com/someone/status/1", "a social media post"),
    ("https://i.imgur.com/abc.png", "an image"),
    ("https://news.example/photos/harbour.JPG", "an image"),
    ("https://news.example/files/report.zip", "an archive or program"),
]


@pytest.mark.parametrize("url, what", NOT_ARTICLES)
def test_media_social_and_discord_links_are_not_articles(url, what):
    assert not_article(url) == what


@pytest.mark.parametrize(
    "url", ["https://news.example/2026/12/01/harbour-strike", "https://news.example/story.html", "https://xx.com/a"]
)
def test_article_links_are(url):
    assert not_article(url) is None


async def test_a_busy_message_fetches_only_its_article(service, web_server):
    message = " ".join(url for url, _ in NOT_ARTICLES) + f" and the story: {web_server}/strike"
    links, past_limit = shared_links(message, service.intake.max_links_per_message)
    assert [link.url for link in links] == [f"{web_server}/strike"] and past_limit == 0
    book = CommandBook(service, PlainFormatter())
    reply = render_text(await book.run_line(message, ANA))
    assert "Stored" in reply and "⚠" not in reply and "could not" not in reply.lower()
    assert await service.db.count_articles("guild:1") == 1
    assert await book.run_line("https://tenor.com/view/dancing-cat-gif-123", ANA) == []  # silence


async def test_asking_for_a_gif_explicitly_says_why(service):
    book = CommandBook(service, PlainFormatter())
    reply = render_text(await book.run_line("!ingest https://tenor.com/view/dancing-cat-gif-123", ANA))
    assert "a GIF, not an article" in reply


async def test_summary_of_a_new_link_reads_it_first(service, web_server):
    book = CommandBook(service, PlainFormatter())
    reply = render_text(await book.run_line(f"!summary {web_server}/strike", ANA))
    assert reply.startswith("Harbor strike enters second week as talks stall") and "•" in reply
    assert await service.db.count_articles("guild:1") == 1
    again = render_text(await book.run_line(f"!summary {web_server}/strike", ANA))
    assert again == reply and await service.db.count_articles("guild:1") == 1
    gif = render_text(await book.run_line("!summary https://tenor.com/view/dancing-cat-gif-123", ANA))
    assert "a GIF, not an article" in gif
