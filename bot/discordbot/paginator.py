"""Buttons to page through a long reply; only the person who asked can press them."""

from __future__ import annotations

import discord

from bot.cards import Card
from bot.discordbot.embeds import card_to_embed


class CardPaginator(discord.ui.View):
    def __init__(self, cards: list[Card], author_id: int, timeout: float = 180.0):
        super().__init__(timeout=timeout)
        self.cards = cards
        self.author_id = author_id
        self.index = 0
        self.message: discord.Message | None = None
        self._sync_buttons()

    @property
    def embed(self) -> discord.Embed:
        return card_to_embed(self.cards[self.index])

    def _sync_buttons(self) -> None:
        self.previous_page.disabled = self.index == 0
        self.next_page.disabled = self.index >= len(self.cards) - 1
        self.counter.label = f"{self.index + 1}/{len(self.cards)}"

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.author_id:
            return True
        await interaction.response.send_message("Only the person who asked can turn these pages.", ephemeral=True)
        return False

    async def _show(self, interaction: discord.Interaction) -> None:
        self._sync_buttons()
        await interaction.response.edit_message(embed=self.embed, view=self)

    @discord.ui.button(label="◀", style=discord.ButtonStyle.secondary)
    async def previous_page(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.index = max(0, self.index - 1)
        await self._show(interaction)

    @discord.ui.button(label="1/1", style=discord.ButtonStyle.secondary, disabled=True)
    async def counter(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.defer()

    @discord.ui.button(label="▶", style=discord.ButtonStyle.secondary)
    async def next_page(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.index = min(len(self.cards) - 1, self.index + 1)
        await self._show(interaction)

    async def on_timeout(self) -> None:
        await disable_buttons(self, self.message)


async def disable_buttons(view: discord.ui.View, message: discord.Message | None) -> None:
    """A view's buttons greyed out on its message, once they no longer work."""
    for item in view.children:
        if isinstance(item, discord.ui.Button):
            item.disabled = True
    if message is not None:
        try:
            await message.edit(view=view)
        except discord.HTTPException:
            pass  # deleted meanwhile, or no longer allowed: nothing left to disable
