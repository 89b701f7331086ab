"""Each bot command as one coroutine: service call, then cards. The Discord cogs call these
methods with typed arguments; the console and ``ask`` reach them through ``run_line``."""

from __future__ import annotations

import logging
import shlex
from pathlib import Path

from bot import views
from bot.errors import UserError
from bot.models import Sharer
from bot.service import NewsService
from bot.views import Card, Formatter

log = logging.getLogger(__name__)


class CommandBook:
    def __init__(self, service: NewsService, fmt: Formatter, prefix: str = "!"):
        self.service = service
        self.fmt = fmt
        self.prefix = prefix

    async def summary(self, scope: str, article: str | None = None) -> list[Card]:
        return views.summary_cards(self.fmt, await self.service.summary(scope, article))

    async def digest(self, scope: str, count: int = 5) -> list[Card]:
        return views.digest_cards(self.fmt, await self.service.digest(scope, count))

    async def actors(self, scope: str, article: str | None = None) -> list[Card]:
        return views.actors_cards(self.fmt, await self.service.actors(scope, article))

    async def quotes(self, scope: str, query: str) -> list[Card]:
        return views.quotes_cards(self.fmt, await self.service.quotes(scope, query))

    async def who(self, scope: str, name: str) -> list[Card]:
        return views.who_cards(self.fmt, await self.service.who(scope, name))

    async def articles(self, scope: str, page: int = 1) -> list[Card]:
        return views.articles_cards(self.fmt, await self.service.list_articles(scope, page))

    async def article(self, scope: str, ref: str) -> list[Card]:
        if not (ref or "").strip():
            raise UserError(f"Which article? Try `{self.prefix}article 1` (see `{self.prefix}articles`).")
        return views.article_cards(self.fmt, await self.service.article(scope, ref))

    async def search(self, scope: str, words: str) -> list[Card]:
        return views.search_cards(self.fmt, words, await self.service.search(scope, words))

    async def forget(self, scope: str, ref: str, user_id: int | None, can_manage: bool) -> list[Card]:
        return [views.forgotten_card(self.fmt, await self.service.forget(scope, ref, user_id, can_manage))]

    def help(self) -> list[Card]:
        return views.help_cards(self.fmt, self.prefix)

    async def ingest_links(self, links: list[str], sharer: Sharer) -> list[Card]:
        outcomes = [await self.service.ingest_url(url, sharer) for url in links]
        return [views.ingest_report(self.fmt, outcomes)]

    async def ingest_text(self, text: str, sharer: Sharer) -> list[Card]:
        """``ingest`` with an argument: links in it are fetched, anything else is stored as the text."""
        links = self.service.links_in(text)
        if links and len(" ".join(text.split())) <= sum(len(u) for u in links) + 20:
            return await self.ingest_links(links, sharer)
        if not text.strip():
            raise UserError(f"Give a link, paste the article's text, or attach a file: `{self.prefix}ingest <link>`.")
        return [views.ingest_card(self.fmt, await self.service.ingest_text(text, sharer))]

    # ---------------------------------------------------------------- console and ``ask``

    async def run_line(self, line: str, sharer: Sharer, *, local_files: bool = True) -> list[Card]:
        """One line as a channel would see it: a command, or a message with links, or chatter."""
        line = line.strip()
        if not line:
            return []
        if not line.startswith(self.prefix):
            links = self.service.links_in(line)
            return await self.ingest_links(links, sharer) if links else []
        name, _, rest = line[len(self.prefix) :].partition(" ")
        name, rest = name.lower(), rest.strip()
        scope = sharer.scope
        try:
            if name == "ingest" and local_files and rest and Path(_unquote(rest)).expanduser().is_file():
                return [views.ingest_card(self.fmt, await self.service.ingest_path(_unquote(rest), sharer))]
            handlers = {
                "ingest": lambda: self.ingest_text(rest, sharer),
                "summary": lambda: self.summary(scope, rest or None),
                "actors": lambda: self.actors(scope, rest or None),
                "quotes": lambda: self.quotes(scope, rest),
                "who": lambda: self.who(scope, rest),
                "articles": lambda: self.articles(scope, _page_number(rest)),
                "digest": lambda: self.digest(scope, _page_number(rest, default=5, what="number of articles")),
                "article": lambda: self.article(scope, rest),
                "search": lambda: self.search(scope, rest),
                # In the console the person at the keyboard owns every article.
                "forget": lambda: self.forget(scope, rest, sharer.user_id, can_manage=True),
            }
            if name == "help":
                return self.help()
            if name not in handlers:
                raise UserError(f"There is no `{self.prefix}{name}` command; try `{self.prefix}help`.")
            return await handlers[name]()
        except UserError as exc:
            return [views.error_card(str(exc))]


def _unquote(text: str) -> str:
    try:
        parts = shlex.split(text)
    except ValueError:
        return text
    return parts[0] if len(parts) == 1 else text


def _page_number(text: str, default: int = 1, what: str = "page") -> int:
    text = text.strip()
    if not text:
        return default
    if not text.isdigit():
        raise UserError(f"The {what} is a number, e.g. `{'articles 2' if what == 'page' else 'digest 3'}`.")
    return int(text)
