"""The command context: where a command's articles live, and safe sending of cards."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.cards import Card, error_card
from bot.commands import with_choice
from bot.discordbot.choices import MAX_CHOICES, NameChoice
from bot.discordbot.embeds import MarkdownFormatter, card_to_embed
from bot.discordbot.paginator import CardPaginator
from bot.errors import AmbiguousName
from bot.models import Sharer
from bot.replies import choice_card

if TYPE_CHECKING:
    from bot.discordbot.client import NewsBot  # noqa: F401 (named in the base class below)


def scope_of(guild: discord.Guild | None, author: discord.abc.User) -> str:
    """Each server sees only its own articles; a DM conversation is its own space."""
    return f"guild:{guild.id}" if guild is not None else f"dm:{author.id}"


def where_of(channel: object) -> int:
    """The channel whose settings apply to a message: a thread follows its parent."""
    if isinstance(channel, discord.Thread) and channel.parent_id:
        return channel.parent_id
    return getattr(channel, "id", 0)


def manages_server():
    """A check: Manage Server in a server; in a DM the space is the member's own."""

    async def predicate(ctx: commands.Context) -> bool:
        if ctx.guild is None:
            return True
        if isinstance(ctx.author, discord.Member) and ctx.author.guild_permissions.manage_guild:
            return True
        raise commands.MissingPermissions(["manage_guild"])

    return commands.check(predicate)


def sharer_of(message: discord.Message) -> Sharer:
    """Who sent a message and where: what an ingest records about its source."""
    return Sharer(
        scope=scope_of(message.guild, message.author),
        user_id=message.author.id,
        user_name=message.author.display_name,
        channel_id=message.channel.id if message.channel else None,
        message_id=message.id,
    )


class NewsContext(commands.Context["NewsBot"]):
    @property
    def scope(self) -> str:
        return scope_of(self.guild, self.author)

    @property
    def sharer(self) -> Sharer:
        sharer = sharer_of(self.message)
        if self.interaction is not None:  # a slash command's message is not one to jump to
            return dataclasses.replace(sharer, message_id=None)
        return sharer

    @property
    def can_manage_messages(self) -> bool:
        if self.guild is None:
            return True  # in a DM everything stored is the user's own
        if not isinstance(self.author, discord.Member):
            return False
        return self.channel.permissions_for(self.author).manage_messages

    async def send_cards(self, cards: list[Card]) -> discord.Message | None:
        """One embed, or a paginator when there are several pages. Never mentions anyone."""
        if not cards:
            return None
        if len(cards) == 1:
            return await self.send(embed=card_to_embed(cards[0]), allowed_mentions=discord.AllowedMentions.none())
        view = CardPaginator(cards, self.author.id)
        view.message = await self.send(embed=view.embed, view=view, allowed_mentions=discord.AllowedMentions.none())
        return view.message

    async def send_answer(self, text: str, answer: Callable[[str], Awaitable[list[Card]]]) -> None:
        """The cards of ``answer(text)``; when the name in the text means several people, the
        question with a button for each, and then the answer for the one chosen."""
        try:
            cards = await answer(text)
        except AmbiguousName as exc:
            question = exc
            view = NameChoice(exc.choices, self.author.id, lambda i: answer(with_choice(text, question, i)))
            card = choice_card(MarkdownFormatter(), exc, numbered=len(exc.choices) > MAX_CHOICES)
            view.message = await self.send(
                embed=card_to_embed(card), view=view, allowed_mentions=discord.AllowedMentions.none()
            )
            return
        await self.send_cards(cards)

    async def send_error(self, message: str) -> None:
        await self.send(
            embed=card_to_embed(error_card(message)),
            allowed_mentions=discord.AllowedMentions.none(),
            ephemeral=True,
        )
