"""Replies as cards (a title, a link, a body, fields, a footer), independent of where they
are shown: ``bot.discordbot.embeds`` turns them into embeds within Discord's limits,
``render_text`` prints them for the console and ``ask``.

Text that came from articles goes through ``Formatter.escape``; the Discord formatter escapes
markdown there, the plain one leaves it alone.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Protocol

from bot.models import MessagePlace


class Formatter(Protocol):
    def escape(self, text: str) -> str: ...

    def link(self, text: str, url: str | None) -> str: ...

    def bold(self, text: str) -> str: ...

    def code(self, text: str) -> str: ...

    def channel(self, channel_id: int) -> str: ...

    def when(self, instant: datetime.datetime) -> str: ...

    def jump(self, text: str, place: MessagePlace | None) -> str | None: ...


class PlainFormatter:
    """For the console and ``ask``: text as it is, links in angle brackets."""

    def escape(self, text: str) -> str:
        return text

    def link(self, text: str, url: str | None) -> str:
        return f"{text} <{url}>" if url else text

    def bold(self, text: str) -> str:
        return text

    def code(self, text: str) -> str:
        return text

    def channel(self, channel_id: int) -> str:
        return f"#{channel_id}"

    def when(self, instant: datetime.datetime) -> str:
        return instant.strftime("%Y-%m-%d %H:%M UTC")

    def jump(self, text: str, place: MessagePlace | None) -> str | None:
        return None  # the console has no messages to jump to


@dataclass
class Field:
    name: str
    value: str
    inline: bool = False


@dataclass
class Card:
    title: str | None = None
    url: str | None = None
    description: str = ""
    fields: list[Field] = field(default_factory=list)
    footer: str | None = None
    tone: str = "info"  # info, ok, warn, error


def paged_cards(
    title: str,
    entries: list[str],
    per_page: int,
    *,
    separator: str = "\n",
    total: str = "",
    url: str | None = None,
    lead: str = "",
) -> list[Card]:
    """One card per page of ``entries``; the footer says the total and, past one page, which page."""
    pages = [entries[i : i + per_page] for i in range(0, len(entries), per_page)] or [[]]
    cards = []
    for index, page in enumerate(pages):
        parts = [total] if total else []
        if len(pages) > 1:
            parts.append(f"page {index + 1}/{len(pages)}")
        cards.append(
            Card(title=title, url=url, description=lead + separator.join(page), footer=" · ".join(parts) or None)
        )
    return cards


def error_card(message: str) -> Card:
    return Card(description=message, tone="error")


def render_text(cards: list[Card]) -> str:
    """Cards as plain text, one after another (the console shows every page)."""
    blocks = []
    for card in cards:
        lines = []
        if card.title:
            lines.append(card.title)
        if card.url:
            lines.append(card.url)
        if card.description:
            lines.append(card.description)
        for f in card.fields:
            lines.append(f"{f.name}: {f.value}")
        if card.footer:
            lines.append(f"({card.footer})")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
