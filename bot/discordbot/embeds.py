"""Cards to Discord embeds, within every embed limit; article text escaped for markdown."""

from __future__ import annotations

import datetime

import discord

from bot.cards import Card
from bot.models import MessagePlace

TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_COUNT_LIMIT = 25
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
TOTAL_LIMIT = 6000
URL_LIMIT = 2048

COLOURS = {
    "info": discord.Colour.blurple(),
    "ok": discord.Colour.green(),
    "warn": discord.Colour.gold(),
    "error": discord.Colour.red(),
}


class MarkdownFormatter:
    """Escapes what articles say so that it shows as written and never mentions anyone."""

    def escape(self, text: str) -> str:
        return discord.utils.escape_mentions(discord.utils.escape_markdown(text))

    def link(self, text: str, url: str | None) -> str:
        if not url or not url.lower().startswith(("http://", "https://")) or len(url) > 500:
            return text
        safe_url = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
        safe_text = text.replace("[", "(").replace("]", ")")
        return f"[{safe_text}]({safe_url})"

    def bold(self, text: str) -> str:
        return f"**{text}**"

    def code(self, text: str) -> str:
        return f"`{text.replace('`', 'ˋ')}`"

    def channel(self, channel_id: int) -> str:
        return f"<#{channel_id}>"

    def when(self, instant: datetime.datetime) -> str:
        return discord.utils.format_dt(instant, "f")  # shown in each member's own time zone

    def jump(self, text: str, place: MessagePlace | None) -> str | None:
        """A link to the message an article was shared in (None for a text or a file given
        in the console)."""
        if place is None or place.channel_id is None or place.message_id is None:
            return None
        guild = place.scope.removeprefix("guild:") if place.scope.startswith("guild:") else "@me"
        return f"[{text}](https://discord.com/channels/{guild}/{place.channel_id}/{place.message_id})"


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def card_to_embed(card: Card) -> discord.Embed:
    """The embed for a card; every part is cut to its limit and the whole to 6,000 characters."""
    budget = TOTAL_LIMIT
    title = truncate(card.title, TITLE_LIMIT) if card.title else None
    budget -= len(title or "")
    footer = truncate(card.footer, min(FOOTER_LIMIT, 300)) if card.footer else None
    budget -= len(footer or "")
    url = card.url if card.url and len(card.url) <= URL_LIMIT and card.url.startswith(("http://", "https://")) else None
    description = truncate(card.description, min(DESCRIPTION_LIMIT, max(0, budget - 100))) if card.description else None
    budget -= len(description or "")
    embed = discord.Embed(
        title=title, url=url if title else None, description=description, colour=COLOURS.get(card.tone)
    )
    for f in card.fields[:FIELD_COUNT_LIMIT]:
        name = truncate(f.name or "\u200b", FIELD_NAME_LIMIT)
        value = truncate(f.value or "\u200b", FIELD_VALUE_LIMIT)
        if len(name) + len(value) > budget:
            break
        budget -= len(name) + len(value)
        embed.add_field(name=name, value=value, inline=f.inline)
    if footer:
        embed.set_footer(text=footer)
    return embed
