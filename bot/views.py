"""What each reply says, independent of where it is shown.

Builders turn service results into ``Card``s (a title, a link, a body, fields, a footer).
Text that came from articles goes through ``Formatter.escape``; the Discord formatter escapes
markdown there, the plain one leaves it alone. ``bot.discordbot.embeds`` turns cards into
embeds within Discord's limits; ``render_text`` prints them for the console.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from bot.models import ArticleRecord
from bot.service import (
    ActorsResult,
    ArticleDetail,
    ArticlesPage,
    DigestResult,
    IngestOutcome,
    QuotesResult,
    SummaryResult,
    WhoResult,
)

QUOTES_PER_PAGE = 5
ACTORS_PER_PAGE = 15
SEARCH_PER_PAGE = 5
MAX_QUOTE_CHARS = 700
KIND_LABELS = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "NORP": "group"}


class Formatter(Protocol):
    def escape(self, text: str) -> str: ...

    def link(self, text: str, url: str | None) -> str: ...

    def bold(self, text: str) -> str: ...

    def code(self, text: str) -> str: ...


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


@dataclass(frozen=True)
class HelpEntry:
    usage: str
    example: str
    text: str


HELP = (
    HelpEntry("summary [article]", "summary", "3-sentence summary of the latest article, or of one given by #id, link or words"),
    HelpEntry("digest [N]", "digest 5", "the latest N articles (default 5): each with its key sentence, then who recurs across them"),
    HelpEntry("actors [article|all]", "actors all", "key people, organisations and places, with mention and quote counts"),
    HelpEntry("quotes <name> [in <article>]", "quotes Biden", "what that person or organisation said, across this server's articles"),
    HelpEntry("who <name>", "who Pifer", "an actor's profile here: descriptions, articles, notable quotes, who they appear with"),
    HelpEntry("articles [page]", "articles", "the articles stored here, newest first"),
    HelpEntry("article <id>", "article 3", "one article: title, site, author, date, sharer, summary, top actors"),
    HelpEntry("search <words>", "search sanctions", "full-text search over titles, texts and quotes"),
    HelpEntry("ingest <link or text>", "ingest https://example.com/news", "store an article from a link, pasted text or an attached .txt/.md/.html file"),
    HelpEntry("forget <id>", "forget 3", "remove an article (the sharer, or a member with Manage Messages)"),
    HelpEntry("help", "help", "this list"),
)


def clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _article_label(fmt: Formatter, article: ArticleRecord) -> str:
    title = fmt.escape(clip(article.title or "Untitled article", 120))
    return f"{fmt.code(f'#{article.id}')} {fmt.link(title, article.url)}"


def _pages(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


def _page_footer(index: int, count: int, extra: str = "") -> str | None:
    parts = [extra] if extra else []
    if count > 1:
        parts.append(f"page {index + 1}/{count}")
    return " · ".join(parts) or None


def _full_stop(text: str) -> str:
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def ingest_card(fmt: Formatter, outcome: IngestOutcome) -> Card:
    if outcome.error:
        return Card(description=_full_stop(f"Could not read {fmt.escape(clip(outcome.source, 200))}: {outcome.error}"), tone="warn")
    article = outcome.article
    if outcome.created:
        return Card(description=_full_stop(f"Stored {_article_label(fmt, article)}"), tone="ok")
    return Card(description=_full_stop(f"Already stored as {_article_label(fmt, article)}"), tone="info")


def ingest_report(fmt: Formatter, outcomes: list[IngestOutcome]) -> Card:
    """One reply for every link of a message: what failed and why, what was already stored."""
    cards = [ingest_card(fmt, o) for o in outcomes]
    tone = "warn" if any(o.error for o in outcomes) else ("ok" if all(o.created for o in outcomes) else "info")
    return Card(description="\n".join(c.description for c in cards), tone=tone)


def summary_cards(fmt: Formatter, result: SummaryResult) -> list[Card]:
    article = result.article
    if not result.sentences:
        body = "No sentence of this article makes a good summary (it may be very short)."
    else:
        body = "\n".join(f"• {fmt.escape(s)}" for s in result.sentences)
    share = (100 * result.summary_words / result.article_words) if result.article_words else 100
    footer = f"Article #{article.id} · {result.summary_words} of {result.article_words} words ({share:.0f}% of the article)"
    return [Card(title=clip(article.title or "Untitled article", 250), url=article.url, description=body, footer=footer)]


def digest_cards(fmt: Formatter, result: DigestResult) -> list[Card]:
    lines = []
    for article, sentence in result.items:
        lines.append(_article_label(fmt, article))
        lines.append(f"> {fmt.escape(clip(sentence, 300))}" if sentence else "> (no sentence stands out)")
    if result.recurring:
        names = ", ".join(
            f"{fmt.escape(a.name)} ({a.articles})" for a in result.recurring
        )
        lines.append(f"\n{fmt.bold('In several of them:')} {names}")
    count = len(result.items)
    return [Card(title=f"Digest of the latest {count} article{'s' * (count != 1)}", description="\n".join(lines))]


def actors_cards(fmt: Formatter, result: ActorsResult) -> list[Card]:
    if result.article is not None:
        title = f"Who is in #{result.article.id}: {clip(result.article.title or 'Untitled article', 200)}"
        url = result.article.url
    else:
        title, url = "Who is in this server's articles", None
    lines = []
    for a in result.actors:
        counts = f"{a.mentions} mention{'s' * (a.mentions != 1)}"
        if a.quotes:
            counts += f", {a.quotes} quote{'s' * (a.quotes != 1)}"
        if result.article is None and a.articles > 1:
            counts += f", {a.articles} articles"
        line = f"{fmt.bold(fmt.escape(a.name))} ({KIND_LABELS.get(a.kind, a.kind.lower())}) — {counts}"
        if a.description:
            line += f" · {fmt.escape(clip(a.description, 100))}"
        lines.append(line)
    if not lines:
        lines = ["No people, organisations or places were recognised in this article."]
    pages = _pages(lines, ACTORS_PER_PAGE)
    return [
        Card(title=title, url=url, description="\n".join(page), footer=_page_footer(i, len(pages)))
        for i, page in enumerate(pages)
    ]


def quotes_cards(fmt: Formatter, result: QuotesResult) -> list[Card]:
    who = ", ".join(result.speakers) or result.query
    title = f"Quotes from {clip(who, 200)}"
    if result.article is not None:
        title += f" in #{result.article.id}"
    entries = []
    for hit in result.hits:
        quote = fmt.escape(clip(hit.text, MAX_QUOTE_CHARS))
        source = fmt.link(fmt.escape(clip(hit.article_title or f"article #{hit.article_id}", 100)), hit.article_url)
        entry = f"“{quote}”\n— {fmt.bold(fmt.escape(hit.speaker or 'unknown'))}, {source} ({fmt.code(f'#{hit.article_id}')})"
        if hit.sentence and hit.sentence.strip() != hit.text.strip():
            entry += f"\n{fmt.escape('in: ' + clip(hit.sentence, 300))}"
        entries.append(entry)
    pages = _pages(entries, QUOTES_PER_PAGE)
    total = f"{len(result.hits)} quote{'s' * (len(result.hits) != 1)}"
    lead = f"{fmt.escape(result.note)}\n\n" if result.note else ""
    return [
        Card(title=title, description=lead + "\n\n".join(page), footer=_page_footer(i, len(pages), total))
        for i, page in enumerate(pages)
    ]


def who_cards(fmt: Formatter, result: WhoResult) -> list[Card]:
    kind = KIND_LABELS.get(result.kind, result.kind.lower())
    lines = [fmt.escape(result.note)] if result.note else []
    lines.append(
        f"{kind.capitalize()} in {result.articles} article{'s' * (result.articles != 1)} here: "
        f"{result.mentions} mention{'s' * (result.mentions != 1)}, {result.quotes} quote{'s' * (result.quotes != 1)}."
    )
    fields = []
    if result.descriptions:
        fields.append(Field("Described as", "\n".join(f"• {fmt.escape(clip(d, 150))}" for d in result.descriptions)))
    for hit in result.notable:
        source = fmt.link(fmt.escape(clip(hit.article_title or f"article #{hit.article_id}", 80)), hit.article_url)
        fields.append(Field("Said", f"“{fmt.escape(clip(hit.text, 400))}”\n— {source} ({fmt.code(f'#{hit.article_id}')})"))
    if result.companions:
        together = ", ".join(f"{fmt.escape(n)} ({k})" for n, k in result.companions)
        fields.append(Field("Appears most with", together))
    return [Card(title=result.name, description="\n".join(lines), fields=fields)]


def articles_cards(fmt: Formatter, page: ArticlesPage) -> list[Card]:
    lines = []
    for a in page.items:
        meta = [x for x in (a.site, f"shared by {a.shared_by}" if a.shared_by else None, a.created_at[:10]) if x]
        lines.append(f"{_article_label(fmt, a)}\n{fmt.escape(' · '.join(meta))}")
    footer = f"{page.total} article{'s' * (page.total != 1)} · page {page.page}/{page.pages}"
    return [Card(title="Stored articles", description="\n".join(lines), footer=footer)]


def article_cards(fmt: Formatter, detail: ArticleDetail) -> list[Card]:
    a = detail.article
    fields = [
        Field(name, fmt.escape(clip(value, 200)), inline=True)
        for name, value in (
            ("Site", a.site),
            ("Author", a.author),
            ("Published", a.published),
            ("Shared by", a.shared_by),
            ("Stored", a.created_at[:16].replace("T", " ")),
        )
        if value
    ]
    if a.summary:
        fields.append(Field("Summary", "\n".join(f"• {fmt.escape(s)}" for s in a.summary)))
    if detail.actors:
        fields.append(Field("Top actors", ", ".join(fmt.escape(x.name) for x in detail.actors)))
    footer = f"Article #{a.id} · {a.tokens} tokens · {detail.quotes} quote{'s' * (detail.quotes != 1)}"
    return [Card(title=clip(a.title or "Untitled article", 250), url=a.url, fields=fields, footer=footer)]


def search_cards(fmt: Formatter, words: str, results: list[tuple[ArticleRecord, str]]) -> list[Card]:
    entries = [f"{_article_label(fmt, a)}\n{fmt.escape(clip(snippet, 300))}" for a, snippet in results]
    pages = _pages(entries, SEARCH_PER_PAGE)
    total = f"{len(results)} article{'s' * (len(results) != 1)}"
    return [
        Card(title=f"Search: {clip(words, 200)}", description="\n\n".join(page), footer=_page_footer(i, len(pages), total))
        for i, page in enumerate(pages)
    ]


def forgotten_card(fmt: Formatter, article: ArticleRecord) -> Card:
    return Card(description=_full_stop(f"Removed {_article_label(fmt, article)}"), tone="ok")


def help_cards(fmt: Formatter, prefix: str) -> list[Card]:
    lines = [f"{fmt.code(prefix + e.usage)} — {e.text}. Example: {fmt.code(prefix + e.example)}" for e in HELP]
    body = "\n".join(lines) + "\n\nPaste a news link in any message and I store it."
    return [Card(title="Newsdesk commands", description=body)]


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
