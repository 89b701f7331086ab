"""'Which one?' as buttons: one per person a name could mean; only the person who asked can
choose, and the choice replaces the question with the answer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import discord

from bot.cards import Card
from bot.discordbot.embeds import card_to_embed
from bot.discordbot.paginator import CardPaginator, disable_buttons
from bot.errors import UserFacingError

MAX_CHOICES = 5  # one row of buttons
LABEL_LIMIT = 80


class NameChoice(discord.ui.View):
    def __init__(
        self,
        choices: tuple[str, ...],
        author_id: int,
        answer: Callable[[int], Awaitable[list[Card]]],  # the cards for the choice at this index
        timeout: float = 180.0,
    ):
        super().__init__(timeout=timeout)
        self.author_id = author_id
        self.answer = answer
        self.message: discord.Message | None = None
        for index, name in enumerate(choices[:MAX_CHOICES]):
            button: discord.ui.Button = discord.ui.Button(label=name[:LABEL_LIMIT], style=discord.ButtonStyle.primary)
            button.callback = self._chooser(index)  # type: ignore[assignment]
            self.add_item(button)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.author_id:
            return True
        await interaction.response.send_message("Only the person who asked can choose.", ephemeral=True)
        return False

    def _chooser(self, index: int) -> Callable[[discord.Interaction], Coroutine[Any, Any, None]]:
        async def choose(interaction: discord.Interaction) -> None:
            self.stop()
            try:
                cards = await self.answer(index)
            except UserFacingError as exc:
                cards = [Card(description=str(exc), tone="error")]
            if len(cards) > 1:
                pages = CardPaginator(cards, self.author_id)
                await interaction.response.edit_message(embed=pages.embed, view=pages)
                pages.message = interaction.message
            else:
                embed = card_to_embed(cards[0]) if cards else None
                await interaction.response.edit_message(embed=embed, view=None)

        return choose

    async def on_timeout(self) -> None:
        await disable_buttons(self, self.message)
