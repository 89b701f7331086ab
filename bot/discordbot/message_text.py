"""The text of a message whose links are read."""

from __future__ import annotations

import discord


def links_text(message: discord.Message | None, embeds: bool = False) -> str:
    """A member's message: its text (the embeds Discord unfurls from it repeat its links, or
    add their own forms of them). A webhook's or a bot's post (a news feed), or any message
    when ``embeds`` (asked for by a menu): its text and the links of its embeds, where feed
    bots put the article's address."""
    if message is None:
        return ""
    if not embeds and message.webhook_id is None and not message.author.bot:
        return message.content or ""
    return "\n".join([message.content or "", *(embed.url for embed in message.embeds if embed.url)])
