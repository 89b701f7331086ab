"""What the service answers: plain records the reply builders (``bot.replies``) turn into
cards. Neither side imports the other's internals."""

from __future__ import annotations

from dataclasses import dataclass

from bot.models import ActorStats, ArticleRecord, QuoteHit


@dataclass(frozen=True)
class IngestOutcome:
    source: str  # the URL or file name as given
    article: ArticleRecord | None = None
    created: bool = False
    error: str | None = None
    not_article: bool = False  # the error: the page is no article (an image, a wall)

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class SummaryResult:
    article: ArticleRecord
    sentences: tuple[str, ...]
    article_words: int
    summary_words: int


@dataclass(frozen=True)
class ActorsResult:
    article: ArticleRecord | None  # None: across the whole scope
    actors: list[ActorStats]


@dataclass(frozen=True)
class QuotesResult:
    query: str
    speakers: tuple[str, ...]
    hits: list[QuoteHit]
    article: ArticleRecord | None
    note: str | None = None  # e.g. the name a typo was taken for
    direct: bool | None = None  # asked for one kind only: direct quotes (True) or reported speech (False)


@dataclass(frozen=True)
class ActorMatch:
    """One actor across a scope's articles: its fullest name and its registry entries (one
    person's forms: "Joe Biden", and "Biden" where an article never gave the full name)."""

    name: str
    kind: str
    entity_ids: list[int]
    note: str | None = None


@dataclass(frozen=True)
class WhoResult:
    name: str
    kind: str
    descriptions: list[str]
    articles: int
    mentions: int
    quotes: int
    notable: list[QuoteHit]
    companions: list[tuple[str, int]]
    note: str | None = None


@dataclass(frozen=True)
class ArticlesPage:
    items: list[ArticleRecord]
    page: int
    pages: int
    total: int


@dataclass(frozen=True)
class DigestResult:
    items: list[tuple[ArticleRecord, str | None]]  # each article with its key sentence
    recurring: list[ActorStats]


@dataclass(frozen=True)
class ArticleDetail:
    article: ArticleRecord
    actors: list[ActorStats]
    quotes: int  # direct quotes
    reported: int = 0  # reported statements
