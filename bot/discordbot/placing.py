"""Where the bot's own cards go under a member's message: a reply, or a thread on it."""

from __future__ import annotations

import logging

import discord

from bot.cards import Card
from bot.discordbot.embeds import card_to_embed
from bot.text import clip

log = logging.getLogger(__name__)


async def reply_quietly(message: discord.Message, embed: discord.Embed) -> None:
    """A reply that pings nobody, not even the author; a channel that refuses it is logged."""
    try:
        await message.reply(embed=embed, mention_author=False, allowed_mentions=discord.AllowedMentions.none())
    except discord.HTTPException:
        log.warning("could not reply in channel %s", message.channel.id)


async def post_under(message: discord.Message, card: Card, place: str) -> None:
    """``place`` "thread": in a thread on the message (a reply where threads are refused);
    otherwise a reply."""
    embed = card_to_embed(card)
    if place == "thread" and isinstance(message.channel, discord.TextChannel):
        try:
            thread = await message.create_thread(name=clip(card.title or "Summary", 100))
            await thread.send(embed=embed, allowed_mentions=discord.AllowedMentions.none())
            return
        except discord.HTTPException:
            log.info("no thread in %s (permissions?): the card goes in a reply", message.channel.id)
    await reply_quietly(message, embed)
