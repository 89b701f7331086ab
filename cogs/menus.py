"""Message menu commands (right-click a message, Apps): "Summarise" and "Store article". They
work on any message, also without the Message Content intent: Discord hands an interaction
the message it was opened on, text included."""

from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.cards import Card, error_card
from bot.discordbot.context import scope_of, sharer_of
from bot.discordbot.embeds import card_to_embed
from bot.discordbot.errors import APOLOGY
from bot.discordbot.message_text import links_text
from bot.errors import UserFacingError
from bot.ingest.article_links import not_article
from bot.models import Sharer

if TYPE_CHECKING:
    from bot.discordbot.client import NewsBot

log = logging.getLogger(__name__)
NO_LINK = "That message has no link to an article."


class MessageMenus(commands.Cog):
    def __init__(self, bot: NewsBot):
        self.bot = bot
        self.book = bot.book
        self.intake = bot.service.intake
        self.menus = (
            app_commands.ContextMenu(name="Summarise", callback=self.summarise),
            app_commands.ContextMenu(name="Store article", callback=self.store),
        )

    async def cog_load(self) -> None:
        for menu in self.menus:
            self.bot.tree.add_command(menu)

    async def cog_unload(self) -> None:
        for menu in self.menus:
            self.bot.tree.remove_command(menu.name, type=menu.type)

    @staticmethod
    def _sharer(interaction: discord.Interaction, message: discord.Message) -> Sharer:
        """The article is the message author's share, stored where the menu was used."""
        return dataclasses.replace(sharer_of(message), scope=scope_of(interaction.guild, interaction.user))

    async def _answer(self, interaction: discord.Interaction, message: discord.Message, store_only: bool) -> None:
        links = self.intake.links_in(links_text(message, embeds=True))
        links.sort(key=lambda link: not_article(link.url) is not None)  # articles first
        if not links:
            await interaction.response.send_message(embed=card_to_embed(error_card(NO_LINK)), ephemeral=True)
            return
        await interaction.response.defer(thinking=True)  # fetching and reading take seconds
        sharer = self._sharer(interaction, message)
        try:
            if store_only:
                cards = await self.book.ingest_text(" ".join(link.url for link in links), sharer)
            else:
                cards = await self.book.summary(sharer.scope, links[0].url, sharer)
        except UserFacingError as exc:
            cards = [error_card(str(exc))]
        except Exception:
            log.exception("the %s menu failed on message %s", "Store" if store_only else "Summarise", message.id)
            cards = [error_card(APOLOGY)]
        await self._send(interaction, cards)

    @staticmethod
    async def _send(interaction: discord.Interaction, cards: list[Card]) -> None:
        await interaction.followup.send(embed=card_to_embed(cards[0]), allowed_mentions=discord.AllowedMentions.none())

    async def summarise(self, interaction: discord.Interaction, message: discord.Message) -> None:
        await self._answer(interaction, message, store_only=False)

    async def store(self, interaction: discord.Interaction, message: discord.Message) -> None:
        await self._answer(interaction, message, store_only=True)


async def setup(bot: NewsBot) -> None:
    await bot.add_cog(MessageMenus(bot))
