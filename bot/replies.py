"""What each reply says: service results (``bot.results``) turned into cards (``bot.cards``)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.cards import Card, Field, Formatter, paged_cards
from bot.errors import AmbiguousName
from bot.models import ArticleRecord, QuoteHit
from bot.results import (
    ActorsResult,
    ArticleDetail,
    ArticlesPage,
    DigestResult,
    IngestOutcome,
    QuotesResult,
    SummaryResult,
    WhoResult,
)
from bot.text import clip, full_stop, plural

QUOTES_PER_PAGE = 5
ACTORS_PER_PAGE = 15
SEARCH_PER_PAGE = 5
MAX_QUOTE_CHARS = 700
KIND_LABELS = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "NORP": "group"}


@dataclass(frozen=True)
class HelpEntry:
    usage: str
    example: str
    text: str


HELP = (
    HelpEntry(
        "summary [article]",
        "summary",
        "3-sentence summary of the latest article, or of one given by #id, link or words",
    ),
    HelpEntry(
        "digest [N]",
        "digest 5",
        "the latest N articles (default 5): each with its key sentence, then who recurs across them",
    ),
    HelpEntry(
        "actors [article|all]", "actors all", "key people, organisations and places, with mention and quote counts"
    ),
    HelpEntry(
        "quotes <name> [in <article>] [direct|reported]",
        "quotes Biden",
        "what that person or organisation said across this server's articles: their own words, then reported speech",
    ),
    HelpEntry(
        "who <name>",
        "who Pifer",
        "an actor's profile here: descriptions, articles, notable quotes, who they appear with",
    ),
    HelpEntry("articles [page]", "articles", "the articles stored here, newest first"),
    HelpEntry("article <id>", "article 3", "one article: title, site, author, date, sharer, summary, top actors"),
    HelpEntry("search <words>", "search sanctions", "full-text search over titles, texts and quotes"),
    HelpEntry(
        "ingest <link or text>",
        "ingest https://example.com/news",
        "store an article from a link, pasted text or an attached .txt/.md/.html file",
    ),
    HelpEntry("forget <id>", "forget 3", "remove an article (the sharer, or a member with Manage Messages)"),
    HelpEntry(
        "settings",
        "settings share summary",
        "where links are read and what they get; Manage Server changes them (channels, share, summary, feeds, skip)",
    ),
    HelpEntry(
        "digest schedule <daily|weekly> <HH:MM>",
        "digest schedule daily 08:00",
        "post a digest in this channel every day or week (UTC; Manage Server)",
    ),
    HelpEntry("help", "help", "this list"),
)


def _title(article: ArticleRecord, limit: int) -> str:
    return clip(article.title or "Untitled article", limit)


def _article_label(fmt: Formatter, article: ArticleRecord) -> str:
    return f"{fmt.code(f'#{article.number}')} {fmt.link(fmt.escape(_title(article, 120)), article.url)}"


def analysed_note(article: ArticleRecord) -> str | None:
    """What part of a text past the analysis limit was analysed; None when all of it was."""
    if article.analysed_words is None:
        return None
    return (
        f"It is long: quotes, actors and the summary cover its first {article.analysed_words:,} "
        f"of {article.words:,} words."
    )


def ingest_card(fmt: Formatter, outcome: IngestOutcome) -> Card:
    if outcome.error:
        source = fmt.escape(clip(outcome.source, 200))
        return Card(description=full_stop(f"Could not read {source}: {outcome.error}"), tone="warn")
    article = outcome.article
    assert article is not None  # an outcome without an error has its article
    if outcome.created:
        stored = full_stop(f"Stored {_article_label(fmt, article)}")
        note = analysed_note(article)
        return Card(description=f"{stored} {note}" if note else stored, tone="ok")
    return Card(description=full_stop(f"Already stored as {_article_label(fmt, article)}"), tone="info")


def ingest_report(fmt: Formatter, outcomes: list[IngestOutcome], skipped: int = 0, limit: int = 0) -> Card:
    """One reply for every link of a message: what failed and why, what was already stored,
    and how many links past the per-message limit were left unread."""
    lines = [ingest_card(fmt, o).description for o in outcomes]
    if skipped:
        lines.append(f"{plural(skipped, 'more link')} in that message went unread: I read at most {limit} per message.")
    tone = "warn" if any(o.error for o in outcomes) else ("ok" if all(o.created for o in outcomes) else "info")
    return Card(description="\n".join(lines), tone=tone)


def summary_cards(fmt: Formatter, result: SummaryResult) -> list[Card]:
    article = result.article
    if not result.sentences:
        body = "No sentence of this article makes a good summary (it may be very short)."
    else:
        body = "\n".join(f"• {fmt.escape(s)}" for s in result.sentences)
    share = (100 * result.summary_words / result.article_words) if result.article_words else 100
    words = f"{result.summary_words} of {result.article_words} words"
    footer = f"Article #{article.number} · {words} ({share:.0f}% of the article)"
    if note := analysed_note(article):
        footer += f" · {note}"
    return [Card(title=_title(article, 250), url=article.url, description=body, footer=footer)]


def digest_cards(fmt: Formatter, result: DigestResult) -> list[Card]:
    lines = []
    for article, sentence in result.items:
        lines.append(_article_label(fmt, article))
        lines.append(f"> {fmt.escape(clip(sentence, 300))}" if sentence else "> (no sentence stands out)")
    if result.recurring:
        names = ", ".join(f"{fmt.escape(a.name)} ({a.articles})" for a in result.recurring)
        lines.append(f"\n{fmt.bold('In several of them:')} {names}")
    count = len(result.items)
    return [Card(title=f"Digest of the latest {plural(count, 'article')}", description="\n".join(lines))]


def actors_cards(fmt: Formatter, result: ActorsResult) -> list[Card]:
    if result.article is not None:
        title = f"Who is in #{result.article.number}: {_title(result.article, 200)}"
        url = result.article.url
    else:
        title, url = "Who is in this server's articles", None
    lines = []
    for a in result.actors:
        counts = plural(a.mentions, "mention")
        if a.quotes:
            counts += f", {plural(a.quotes, 'quote')}"
        if result.article is None and a.articles > 1:
            counts += f", {a.articles} articles"
        line = f"{fmt.bold(fmt.escape(a.name))} ({KIND_LABELS.get(a.kind, a.kind.lower())}) — {counts}"
        if a.description:
            line += f" · {fmt.escape(clip(a.description, 100))}"
        lines.append(line)
    if not lines:
        lines = ["No people, organisations or places were recognised in this article."]
    return paged_cards(title, lines, ACTORS_PER_PAGE, url=url)


def quotes_cards(fmt: Formatter, result: QuotesResult) -> list[Card]:
    """Their own words first, in quotation marks; then what the articles report they said,
    marked as not their exact words."""
    who = ", ".join(result.speakers) or result.query
    title = f"{'Reported statements' if result.direct is False else 'Quotes'} from {clip(who, 200)}"
    if result.article is not None:
        title += f" in #{result.article.number}"
    entries = [_quote_entry(fmt, hit) for hit in result.hits]
    lead = f"{fmt.escape(result.note)}\n\n" if result.note else ""
    direct = sum(hit.direct for hit in result.hits)
    reported = len(result.hits) - direct
    total = ", ".join(
        part for part in (plural(direct, "quote") if direct else "", f"{reported} reported" if reported else "") if part
    )
    return paged_cards(title, entries, QUOTES_PER_PAGE, separator="\n\n", total=total, lead=lead)


def _quote_entry(fmt: Formatter, hit: QuoteHit) -> str:
    words = fmt.escape(clip(hit.text, MAX_QUOTE_CHARS))
    source = fmt.link(fmt.escape(clip(hit.article_title or f"article #{hit.article_number}", 100)), hit.article_url)
    speaker = fmt.bold(fmt.escape(hit.speaker or "unknown"))
    if hit.direct:
        entry = f"“{words}”"
    else:
        entry = f"{fmt.bold('Reported')} (not their exact words): {words}"
    entry += f"\n— {speaker}, {source} ({fmt.code(f'#{hit.article_number}')})"
    shared = fmt.jump("shared here", hit.place)  # Discord: the message it was shared in
    if shared:
        entry += f" · {shared}"
    if hit.sentence and hit.sentence.strip() != hit.text.strip():
        entry += f"\n{fmt.escape('in: ' + clip(hit.sentence, 300))}"
    return entry


def _said(fmt: Formatter, hit: QuoteHit) -> str:
    words = fmt.escape(clip(hit.text, 400))
    return f"“{words}”" if hit.direct else words


def who_cards(fmt: Formatter, result: WhoResult) -> list[Card]:
    kind = KIND_LABELS.get(result.kind, result.kind.lower())
    lines = [fmt.escape(result.note)] if result.note else []
    lines.append(
        f"{kind.capitalize()} in {plural(result.articles, 'article')} here: "
        f"{plural(result.mentions, 'mention')}, {plural(result.quotes, 'statement')} (quoted or reported)."
    )
    fields = []
    if result.descriptions:
        fields.append(Field("Described as", "\n".join(f"• {fmt.escape(clip(d, 150))}" for d in result.descriptions)))
    for hit in result.notable:
        source = fmt.link(fmt.escape(clip(hit.article_title or f"article #{hit.article_number}", 80)), hit.article_url)
        fields.append(
            Field(
                "Said" if hit.direct else "Said, as reported (not their exact words)",
                f"{_said(fmt, hit)}\n— {source} ({fmt.code(f'#{hit.article_number}')})",
            )
        )
    if result.companions:
        together = ", ".join(f"{fmt.escape(n)} ({k})" for n, k in result.companions)
        fields.append(Field("Appears most with", together))
    return [Card(title=result.name, description="\n".join(lines), fields=fields)]


def articles_cards(fmt: Formatter, page: ArticlesPage) -> list[Card]:
    lines = []
    for a in page.items:
        meta = [x for x in (a.site, f"shared by {a.shared_by}" if a.shared_by else None, a.created_at[:10]) if x]
        lines.append(f"{_article_label(fmt, a)}\n{fmt.escape(' · '.join(meta))}")
    footer = f"{plural(page.total, 'article')} · page {page.page}/{page.pages}"
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
    shared = fmt.jump("the message it was shared in", a.place)
    if shared:
        fields.append(Field("Shared in", shared, inline=True))
    if a.summary:
        fields.append(Field("Summary", "\n".join(f"• {fmt.escape(s)}" for s in a.summary)))
    if detail.actors:
        fields.append(Field("Top actors", ", ".join(fmt.escape(x.name) for x in detail.actors)))
    footer = f"Article #{a.number} · {a.tokens} tokens · {plural(detail.quotes, 'quote')}"
    if detail.reported:
        footer += f", {detail.reported} reported"
    if note := analysed_note(a):
        footer += f" · {note}"
    return [Card(title=_title(a, 250), url=a.url, fields=fields, footer=footer)]


def search_cards(fmt: Formatter, words: str, results: list[tuple[ArticleRecord, str]]) -> list[Card]:
    entries = [f"{_article_label(fmt, a)}\n{fmt.escape(clip(snippet, 300))}" for a, snippet in results]
    total = plural(len(results), "article")
    return paged_cards(f"Search: {clip(words, 200)}", entries, SEARCH_PER_PAGE, separator="\n\n", total=total)


def choice_card(fmt: Formatter, ambiguous: AmbiguousName, numbered: bool = True) -> Card:
    """'Which one?': the people a name could mean, numbered for the console (Discord shows
    buttons under the same question)."""
    query = fmt.escape(ambiguous.query)
    if not numbered:
        return Card(description=f"“{query}” could mean several people here. Which one?", tone="warn")
    lines = [f"{n}. {fmt.escape(name)}" for n, name in enumerate(ambiguous.choices, start=1)]
    return Card(
        description=f"“{query}” could mean several people here. Which one?\n" + "\n".join(lines),
        footer="Type the number to choose.",
        tone="warn",
    )


def forgotten_card(fmt: Formatter, article: ArticleRecord) -> Card:
    return Card(description=full_stop(f"Removed {_article_label(fmt, article)}"), tone="ok")


def help_cards(fmt: Formatter, prefix: str) -> list[Card]:
    lines = [f"{fmt.code(prefix + e.usage)} — {e.text}. Example: {fmt.code(prefix + e.example)}" for e in HELP]
    body = "\n".join(lines) + "\n\nPaste a news link in any message and I store it."
    return [Card(title="Newsdesk commands", description=body)]
