"""Each bot command as one coroutine: service call, then cards. The Discord cogs call these
methods with typed arguments; the console and ``ask`` reach them through ``run_line``."""

from __future__ import annotations

import logging
import shlex
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot import replies
from bot.cards import Card, Formatter, error_card
from bot.errors import AmbiguousName, IngestError, LinkNotStored, UserError, UserFacingError
from bot.ingest.article_links import SKIPPED_HERE, not_article
from bot.ingest.links import SharedLink
from bot.models import Sharer
from bot.results import IngestOutcome
from bot.service import NewsService
from bot.service.message_links import shared_links
from bot.settings_book import SettingsBook

log = logging.getLogger(__name__)

MAX_NUMBER_DIGITS = 6


class CommandBook:
    def __init__(self, service: NewsService, fmt: Formatter, prefix: str = "!"):
        self.service = service
        self.reader = service.reader
        self.intake = service.intake
        self.fmt = fmt
        self.prefix = prefix
        self.settings_book = SettingsBook(service, fmt)
        # the console's open "which one?" questions: (scope, user) -> (command, its text, the question)
        self._questions: dict[tuple[str, int | None], tuple[str, str, AmbiguousName]] = {}

    async def summary(self, scope: str, article: str | None = None, sharer: Sharer | None = None) -> list[Card]:
        """The summary of a stored article; a link not stored yet is fetched and stored first
        (for ``sharer``), and summarised in the same reply."""
        try:
            return replies.summary_cards(self.fmt, await self.reader.summary(scope, article))
        except LinkNotStored as missing:
            if sharer is None:
                raise
            settings = await self.service.settings.get(scope)
            what = not_article(missing.url, settings.skip_hosts, settings.read_hosts)
            if what is not None:
                raise not_an_article(what) from None
            link = SharedLink.of(missing.url)
            (outcome,) = await self.intake.ingest_links([link], sharer)
            if outcome.article is None:
                raise IngestError(outcome.error or "That link could not be read.") from None
            return replies.summary_cards(self.fmt, await self.reader.summary(scope, f"#{outcome.article.number}"))

    async def digest(self, scope: str, count: int = 5) -> list[Card]:
        return replies.digest_cards(self.fmt, await self.reader.digest(scope, count))

    async def actors(self, scope: str, article: str | None = None) -> list[Card]:
        return replies.actors_cards(self.fmt, await self.reader.actors(scope, article))

    async def quotes(self, scope: str, query: str) -> list[Card]:
        return replies.quotes_cards(self.fmt, await self.reader.quotes(scope, query))

    async def who(self, scope: str, name: str) -> list[Card]:
        return replies.who_cards(self.fmt, await self.reader.who(scope, name))

    async def articles(self, scope: str, page: int = 1) -> list[Card]:
        return replies.articles_cards(self.fmt, await self.reader.list_articles(scope, page))

    async def article(self, scope: str, ref: str) -> list[Card]:
        if not (ref or "").strip():
            raise UserError(f"Which article? Try `{self.prefix}article 1` (see `{self.prefix}articles`).")
        return replies.article_cards(self.fmt, await self.reader.article(scope, ref))

    async def search(self, scope: str, words: str) -> list[Card]:
        return replies.search_cards(self.fmt, words, await self.reader.search(scope, words))

    async def forget(self, scope: str, ref: str, user_id: int | None, can_manage: bool) -> list[Card]:
        return [replies.forgotten_card(self.fmt, await self.reader.forget(scope, ref, user_id, can_manage))]

    async def settings_line(self, scope: str, text: str) -> list[Card]:
        """``settings`` typed in the console: the overview, or one change of what makes sense
        without channels (share mode, summary length, sites not read, reset)."""
        words = text.split()
        book = self.settings_book
        match words:
            case []:
                return await book.overview(scope)
            case ["share", mode]:
                return await book.set_share(scope, mode, None)
            case ["summary", count] if count.isdigit() and len(count) < 3:
                return await book.set_summary(scope, None, int(count))
            case ["skip", ("add" | "remove") as action, site]:
                return await book.skip_site(scope, site, action == "add")
            case ["reset"]:
                return await book.reset(scope)
        raise UserError(
            f"Try `{self.prefix}settings`, `{self.prefix}settings share store|summary|off`, "
            f"`{self.prefix}settings summary 2`, `{self.prefix}settings skip add example.com` or "
            f"`{self.prefix}settings reset`."
        )

    def help(self) -> list[Card]:
        return replies.help_cards(self.fmt, self.prefix)

    def links_report(self, outcomes: list[IngestOutcome], skipped: int = 0) -> list[Card]:
        """One reply for the links of one message."""
        return [replies.ingest_report(self.fmt, outcomes, skipped, self.intake.max_links_per_message)]

    def ingest_result(self, outcome: IngestOutcome) -> list[Card]:
        return [replies.ingest_card(self.fmt, outcome)]

    async def ingest_links(self, links: list[SharedLink], sharer: Sharer, skipped: int = 0) -> list[Card]:
        return self.links_report(await self.intake.ingest_links(links, sharer), skipped)

    async def ingest_text(self, text: str, sharer: Sharer) -> list[Card]:
        """``ingest`` with an argument: links in it are fetched, anything else is stored as the text."""
        links = self.intake.links_in(text)
        if links and len(" ".join(text.split())) <= sum(len(link.url) for link in links) + 20:
            settings = await self.service.settings.get(sharer.scope)
            kinds = [not_article(link.url, settings.skip_hosts, settings.read_hosts) for link in links]
            articles = [link for link, kind in zip(links, kinds, strict=True) if kind is None]
            if not articles:  # asked for explicitly: say why nothing is fetched
                raise not_an_article(kinds[0] or "not an article")
            return await self.ingest_links(articles, sharer)
        if not text.strip():
            raise UserError(
                "Give a link, paste the article's text, or attach a .txt, .md or .html file: "
                f"`{self.prefix}ingest <link>`."
            )
        return self.ingest_result(await self.intake.ingest_text(text, sharer))

    async def ingest_upload(
        self, filename: str, size: int, read: Callable[[], Awaitable[bytes]], sharer: Sharer
    ) -> list[Card]:
        return self.ingest_result(await self.intake.ingest_upload(filename, size, read, sharer))

    # ---------------------------------------------------------------- console and ``ask``

    async def run_line(self, line: str, sharer: Sharer, *, local_files: bool = True) -> list[Card]:
        """One line as a channel would see it: a command, or a message with links, or chatter."""
        line = line.strip()
        if not line:
            return []
        asker = (sharer.scope, sharer.user_id)
        question = self._questions.pop(asker, None)
        if question is not None and line.isascii() and line.isdigit():
            command, text, ambiguous = question  # "2": the second person offered
            if 1 <= int(line) <= len(ambiguous.choices):
                line = f"{self.prefix}{command} {with_choice(text, ambiguous, int(line) - 1)}"
        if not line.startswith(self.prefix):
            settings = await self.service.settings.get(sharer.scope)
            if settings.share == "off":
                return []
            links, past_limit = shared_links(
                line, self.intake.max_links_per_message, settings
            )  # GIFs, videos, posts: skipped
            if not links:
                return []
            outcomes = await self.intake.ingest_links(links, sharer)
            cards = self.links_report(outcomes, past_limit)
            if settings.share == "summary":
                for outcome in outcomes:
                    if outcome.article is not None:
                        cards += await self.summary(sharer.scope, f"#{outcome.article.number}")
            return cards
        name, _, rest = line[len(self.prefix) :].partition(" ")
        name, rest = name.lower(), rest.strip()
        scope = sharer.scope
        try:
            if name == "ingest" and local_files and rest and Path(_unquote(rest)).expanduser().is_file():
                return self.ingest_result(await self.intake.ingest_path(_unquote(rest), sharer))
            handlers = {
                "ingest": lambda: self.ingest_text(rest, sharer),
                "summary": lambda: self.summary(scope, rest or None, sharer),
                "actors": lambda: self.actors(scope, rest or None),
                "quotes": lambda: self.quotes(scope, rest),
                "who": lambda: self.who(scope, rest),
                "articles": lambda: self.articles(scope, _number(rest)),
                "digest": lambda: self.digest(scope, _number(rest, default=5, what="number of articles")),
                "article": lambda: self.article(scope, rest),
                "search": lambda: self.search(scope, rest),
                # In the console the person at the keyboard owns every article.
                "forget": lambda: self.forget(scope, rest, sharer.user_id, can_manage=True),
                "settings": lambda: self.settings_line(scope, rest),
            }
            if name == "help":
                return self.help()
            if name not in handlers:
                raise UserError(f"There is no `{self.prefix}{name}` command; try `{self.prefix}help`.")
            return await handlers[name]()
        except AmbiguousName as exc:
            self._questions[asker] = (name, rest, exc)
            return [replies.choice_card(self.fmt, exc)]
        except UserFacingError as exc:
            return [error_card(str(exc))]


def not_an_article(what: str) -> UserError:
    """The answer to an explicit request for a link that is a GIF, a video, a post…"""
    if what == SKIPPED_HERE:
        return UserError("That site is on this server's list of sites not to read (see `settings`).")
    return UserError(f"That link is {what}, not an article: I store news articles.")


def with_choice(text: str, ambiguous: AmbiguousName, index: int) -> str:
    """The command's text with the ambiguous name replaced by the chosen person's."""
    chosen = ambiguous.choices[index]
    return text.replace(ambiguous.query, chosen, 1) if ambiguous.query in text else chosen


def _unquote(text: str) -> str:
    try:
        parts = shlex.split(text)
    except ValueError:
        return text
    return parts[0] if len(parts) == 1 else text


def _number(text: str, default: int = 1, what: str = "page") -> int:
    """A page or count typed after a command: plain digits ("2"), nothing else ("¹" is no number)."""
    text = text.strip()
    if not text:
        return default
    if not (text.isascii() and text.isdigit()) or len(text) > MAX_NUMBER_DIGITS:
        raise UserError(f"The {what} is a number, e.g. `{'articles 2' if what == 'page' else 'digest 3'}`.")
    return int(text)
