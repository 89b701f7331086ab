"""The service the Discord cogs, the console and the command line all call.

It knows nothing of Discord: it takes plain arguments and a ``Sharer`` (who and where), and
returns records (``bot.results``). A mistake of the user raises ``UserError`` with a sentence
to show them. Three parts, one role each:

- ``intake``: link, file or pasted text -> a stored, analysed article (the write path);
- ``reader``: every command that reads what a scope stored;
- ``names``: which actor a typed name means, one owner of that rule for everything;
- ``settings`` and ``digests``: what each server chose, and its scheduled digests.
"""

from __future__ import annotations

from bot.nlp.pool import Analyzer
from bot.service.actor_names import ActorNames
from bot.service.digests import DigestSchedules
from bot.service.intake import Intake
from bot.service.reader import Reader
from bot.service.remote_jobs import RemoteJobs
from bot.service.server_settings import ServerSettingsBook
from bot.service.sources import ArticleSources
from bot.storage.store import Store


class NewsService:
    def __init__(
        self,
        db: Store,
        analyzer: Analyzer,
        sources: ArticleSources,
        *,
        summary_sentences: int = 3,
        max_links_per_message: int = 5,
        links_in_flight_per_scope: int = 4,
        parallel_jobs: int = 1,
        remote: RemoteJobs | None = None,
    ):
        self.db = db
        self.analyzer = analyzer
        self.sources = sources
        self.names = ActorNames(db)
        self.settings = ServerSettingsBook(db, summary_sentences)
        self.digests = DigestSchedules(db)
        self.intake = Intake(
            db, analyzer, sources, max_links_per_message, links_in_flight_per_scope, parallel_jobs, remote
        )
        self.reader = Reader(db, self.names, self.settings)

    async def warm_analysis(self) -> None:
        """Start the analysis workers together now, so the first links shared wait for none
        (none here when remote workers do the jobs)."""
        if self.intake.remote is None:
            await self.analyzer.warm()

    async def close(self) -> None:
        await self.intake.stop()  # before the store and the workers it uses go
        if self.intake.remote is not None:
            await self.intake.remote.close()
        await self.sources.close()
        await self.analyzer.close()
        await self.db.close()


__all__ = ["ArticleSources", "NewsService"]
