"""The storage interface the service uses, and the choice of backend behind it.

SQLite (``bot.storage.database``) is the embedded default: one file, nothing to install.
PostgreSQL (``bot.storage.postgres``) is chosen by a ``postgresql://`` location, for several
processes (gateways, workers) sharing one store. Both implement every method below with the
same records, the same per-server isolation and one transaction around each ingest.
"""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Protocol

from bot.config import POSTGRES_SCHEMES
from bot.models import (
    ActorStats,
    Analysis,
    ArticleRecord,
    DigestSchedule,
    ExtractedArticle,
    IngestJob,
    JobSpec,
    QuoteHit,
    ServerSettings,
    Sharer,
    SummarySentence,
)
from bot.storage.records import ActorCandidate


class DuplicateArticle(Exception):
    """The scope stored this article (by link or by text) while it was being analysed."""


class StoreMisconfigured(ValueError):
    """The store cannot be opened as configured (a wrong password, no such database, the
    PostgreSQL driver not installed): starting again will not help."""


class StoreUnavailable(RuntimeError):
    """The store's server did not answer: it may be starting; trying again later may help."""


def is_postgres(location: str | Path) -> bool:
    return str(location).startswith(POSTGRES_SCHEMES)


class Store(Protocol):
    # jobs
    async def create_jobs(self, specs: list[JobSpec], sharer: Sharer, run_id: str) -> list[int]: ...
    async def start_attempt(self, job_id: int, run_id: str) -> None: ...
    async def set_job(
        self,
        job_id: int,
        status: str,
        reason: str | None = None,
        article_id: int | None = None,
        created: bool | None = None,
        not_article: bool = False,
    ) -> None: ...
    async def job(self, job_id: int) -> IngestJob | None: ...
    async def unfinished_jobs(self, exclude_run: str | None = None) -> list[IngestJob]: ...
    async def links_of_message(self, scope: str, message_id: int) -> set[str]: ...

    # articles
    async def find_stored(
        self, scope: str, canonical_url: str | None, digest: str | None = None, with_sentences: bool = False
    ) -> ArticleRecord | None: ...
    async def get_article(self, scope: str, article_id: int, with_text: bool = False) -> ArticleRecord | None: ...
    async def numbered_article(self, scope: str, number: int, with_sentences: bool = False) -> ArticleRecord | None: ...
    async def latest_article(self, scope: str, with_sentences: bool = False) -> ArticleRecord | None: ...
    async def list_articles(self, scope: str, limit: int, offset: int = 0) -> list[ArticleRecord]: ...
    async def count_articles(self, scope: str) -> int: ...
    async def add_article(
        self,
        sharer: Sharer,
        article: ExtractedArticle,
        digest: str,
        analysis: Analysis,
        words: int | None = None,
        job_id: int | None = None,
    ) -> ArticleRecord: ...
    async def delete_article(self, scope: str, article_id: int) -> bool: ...
    async def search_articles(
        self, scope: str, words: str, limit: int = 10, budget: float = ...
    ) -> list[tuple[ArticleRecord, str]]: ...
    async def summary_candidates(self, article_id: int) -> list[SummarySentence]: ...

    # actors and quotes
    async def actors_of_articles(self, article_ids: list[int]) -> list[ActorStats]: ...
    async def article_actors(self, article_id: int, limit: int = 25) -> list[ActorStats]: ...
    async def scope_actors(self, scope: str, limit: int = 25) -> list[ActorStats]: ...
    async def matching_actors(self, scope: str, key: str) -> list[ActorCandidate]: ...
    async def quotes_of(
        self,
        scope: str,
        entity_ids: list[int],
        speaker_key: str | None = None,
        article_id: int | None = None,
        limit: int = 100,
        direct: bool | None = None,
    ) -> list[QuoteHit]: ...
    async def full_person_names(self, scope: str, surnames: set[str]) -> dict[str, int]: ...
    async def lone_surname_actors(self, scope: str, surname: str) -> list[ActorCandidate]: ...
    async def all_actor_names(self, scope: str) -> list[tuple[str, str]]: ...
    async def entity_totals(self, entity_ids: list[int]) -> tuple[int, int, int]: ...
    async def descriptions_of(self, entity_ids: list[int], limit: int = 4) -> list[str]: ...
    async def companions(self, entity_ids: list[int], limit: int = 5) -> list[tuple[str, int]]: ...
    async def count_quotes(self, article_id: int, direct: bool = True) -> int: ...
    async def actor_names(self, scope: str, key: str = "", limit: int = 25) -> list[ActorStats]: ...

    # server settings and digests
    async def server_settings(self, scope: str) -> ServerSettings: ...
    async def save_server_settings(self, scope: str, settings: ServerSettings) -> None: ...
    async def save_digest_schedule(self, schedule: DigestSchedule, created_by: int | None) -> None: ...
    async def delete_digest_schedule(self, scope: str, channel_id: int) -> bool: ...
    async def digest_schedules(self, scope: str) -> list[DigestSchedule]: ...
    async def due_digests(self, now: datetime.datetime) -> list[DigestSchedule]: ...
    async def digest_minutes(self) -> list[int]: ...
    async def move_digest(self, schedule: DigestSchedule, next_run: datetime.datetime) -> bool: ...

    # the whole store
    async def scopes(self) -> list[str]: ...
    def all_articles(self, scope: str) -> AsyncIterator[tuple[ArticleRecord, list[dict]]]: ...
    async def scalar(self, sql: str) -> int: ...
    async def schema_version(self) -> int: ...
    async def close(self) -> None: ...


class JobQueue(Protocol):
    """The queue remote workers share (PostgreSQL's, ``bot.storage.postgres.queue``)."""

    async def queue_remote(self, job_ids: list[int]) -> None: ...
    async def claim_jobs(self, worker: str, limit: int, lease: float) -> list[IngestJob]: ...
    async def renew_leases(self, worker: str, job_ids: list[int], lease: float) -> None: ...
    async def release_jobs(self, worker: str) -> int: ...
    async def answer_ended_jobs(self, job_ids: list[int]) -> list[tuple[IngestJob, ArticleRecord | None]]: ...
    async def unanswered_jobs(self) -> list[IngestJob]: ...
    async def when_jobs_queued(self, heard: Callable[[str], None]) -> Callable[[], Awaitable[None]]: ...
    async def when_jobs_end(self, heard: Callable[[str], None]) -> Callable[[], Awaitable[None]]: ...


async def open_store(location: str | Path) -> Store:
    """The store at ``location``: a ``postgresql://`` URL, else a SQLite file (or ``:memory:``)."""
    if is_postgres(location):
        return await _open_postgres(str(location))
    from bot.storage.database import Database

    return await Database.open(location)


async def _open_postgres(url: str) -> Store:
    try:
        import asyncpg  # only where it is used
    except ImportError as exc:
        raise StoreMisconfigured(
            "NEWSBOT_DB is a PostgreSQL URL, but the driver is not installed: pip install 'newsdesk-bot[postgres]'"
        ) from exc
    from bot.storage.postgres import PostgresDatabase

    where = _without_password(url)
    try:
        return await PostgresDatabase.open(url)
    except (asyncpg.InvalidAuthorizationSpecificationError, asyncpg.InvalidCatalogNameError,
            asyncpg.InvalidPasswordError, asyncpg.InsufficientPrivilegeError) as exc:  # fmt: skip
        raise StoreMisconfigured(f"PostgreSQL at {where} refused the bot: {exc}") from exc
    except (OSError, asyncpg.CannotConnectNowError, TimeoutError) as exc:
        raise StoreUnavailable(f"PostgreSQL at {where} did not answer: {exc}") from exc


def _without_password(url: str) -> str:
    """A URL fit for a log line: ``user:secret@host`` as ``user@host``."""
    scheme, _, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    return f"{scheme}://{credentials.split(':', 1)[0]}{at}{host}" if at else url
