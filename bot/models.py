"""Small, picklable records passed between the layers (and across the NLP process pool)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """One person, organisation, place or group as an article names it."""

    name: str  # canonical: the fullest form the article uses
    kind: str  # PERSON, ORG, GPE or NORP
    mentions: int
    quotes: int = 0
    aliases: tuple[str, ...] = ()
    description: str | None = None
    salience: float = 0.0
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Quote:
    """A direct quotation (the words, without the marks) or reported speech (``direct`` is
    False); offsets point into the analysed text."""

    text: str
    start: int
    end: int
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    cue: str | None
    sentence: str  # ``quote_context`` of the text between the two offsets below
    direct: bool = True  # False: reported speech, the source's words as the article puts them
    fragments: tuple[tuple[int, int], ...] = ()  # a content split around its cue: its pieces
    sentence_start: int | None = None  # None: the sentence is the quote's own span
    sentence_end: int | None = None


@dataclass(frozen=True)
class SummarySentence:
    text: str
    start: int
    end: int
    score: float


@dataclass(frozen=True)
class Analysis:
    actors: tuple[Actor, ...]
    quotes: tuple[Quote, ...]
    summary: tuple[str, ...]
    tokens: int
    candidates: tuple[SummarySentence, ...] = ()
    analysed_words: int | None = None  # a text past the analysis limit: the words analysed; None: all


@dataclass(frozen=True)
class ExtractedArticle:
    """What ingestion hands to analysis: the article text and what is known about it."""

    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    site: str | None = None
    url: str | None = None
    canonical_url: str | None = None


@dataclass(frozen=True)
class Sharer:
    """Who shared an article and where: a Discord member, or the local console."""

    scope: str  # "guild:<id>", "dm:<user id>" or "local"
    user_id: int | None = None
    user_name: str | None = None
    channel_id: int | None = None
    message_id: int | None = None


@dataclass(frozen=True)
class MessagePlace:
    """The message an article was shared in: where a jump link goes."""

    scope: str
    channel_id: int | None
    message_id: int | None


@dataclass(frozen=True)
class ArticleRecord:
    id: int
    scope: str
    title: str | None
    url: str | None
    canonical_url: str | None
    site: str | None
    author: str | None
    published: str | None
    shared_by: str | None
    shared_by_id: int | None
    created_at: str
    tokens: int
    summary: tuple[str, ...] = ()
    text: str | None = None
    number: int = 0  # what members see and type: #1, #2, … counted in each server on its own
    channel_id: int | None = None  # where it was shared
    message_id: int | None = None
    words: int = 0
    analysed_words: int | None = None  # past the analysis limit: how many words were analysed
    sentences: tuple[SummarySentence, ...] = ()  # when asked for: what its summary is picked from

    @property
    def place(self) -> MessagePlace:
        return MessagePlace(self.scope, self.channel_id, self.message_id)


@dataclass(frozen=True)
class QuoteHit:
    """A stored quote with the article it came from."""

    article_id: int
    article_number: int
    article_title: str | None
    article_url: str | None
    speaker: str | None
    text: str
    sentence: str
    place: MessagePlace | None = None  # the message the article was shared in
    direct: bool = True  # False: reported speech, not the speaker's exact words


@dataclass(frozen=True)
class ActorStats:
    name: str
    kind: str
    mentions: int
    quotes: int
    articles: int = 1
    description: str | None = None
    salience: float = 0.0


@dataclass(frozen=True)
class IngestJob:
    id: int
    scope: str
    url: str  # the link, or the name of a pasted text or file
    status: str
    reason: str | None
    article_id: int | None
    user_id: int | None
    user_name: str | None
    channel_id: int | None
    message_id: int | None
    kind: str = "link"  # link, text or file
    attempts: int = 0
    payload: bytes | None = None  # the text or file itself, until the job ends
    created: bool | None = None  # done: whether it stored a new article (not one stored already)
    not_article: bool = False  # failed: the link is no article (an image, a wall)

    @property
    def sharer(self) -> Sharer:
        return Sharer(self.scope, self.user_id, self.user_name, self.channel_id, self.message_id)


@dataclass(frozen=True)
class JobSpec:
    """What one ingest job is to store: a link, or a text or file carried with the job."""

    kind: str
    source: str  # the URL, or the text's or file's name
    payload: bytes | None = None


SHARE_MODES = ("store", "summary", "off")  # what a link shared in passing gets
SUMMARY_PLACES = ("reply", "thread")  # where its summary card goes


@dataclass(frozen=True)
class ServerSettings:
    """How one server (or DM space) wants shared links handled. Channel ids are where a
    message was posted, a thread's being its parent's: threads follow their channel."""

    channels: frozenset[int] = frozenset()  # where shared links are read; empty: every channel
    share: str = "store"
    channel_share: tuple[tuple[int, str], ...] = ()  # channels whose mode differs from ``share``
    summary_place: str = "reply"
    feed_channels: frozenset[int] = frozenset()  # where posts of webhooks and other bots are read
    summary_sentences: int | None = None  # None: the bot's default
    skip_hosts: frozenset[str] = frozenset()  # never read, besides the built-in media hosts
    read_hosts: frozenset[str] = frozenset()  # built-in media hosts this server reads anyway

    def reads(self, channel_id: int | None) -> bool:
        return not self.channels or channel_id in self.channels

    def share_mode(self, channel_id: int | None) -> str:
        return dict(self.channel_share).get(channel_id or 0, self.share)

    def reads_feeds(self, channel_id: int | None) -> bool:
        return channel_id in self.feed_channels


@dataclass(frozen=True)
class DigestSchedule:
    """A digest posted in a channel every day or every week at a time of day (UTC)."""

    scope: str
    channel_id: int
    every: str  # daily or weekly
    weekday: int | None  # 0 = Monday, for weekly ones
    minute_of_day: int
    count: int
    next_run: datetime.datetime  # aware, UTC

    @property
    def time_text(self) -> str:
        return f"{self.minute_of_day // 60:02d}:{self.minute_of_day % 60:02d} UTC"
