"""The one service the Discord cogs, the console and the command line all call.

It knows nothing of Discord: it takes plain arguments and a ``Sharer`` (who and where), and
returns records. A mistake of the user raises ``UserError`` with a sentence to show them.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from bot.config import Settings
from bot.errors import UserError
from bot.ingest.extract import (
    ExtractionError,
    content_hash,
    extract_file,
    extract_html,
    extract_plain,
    guess_title,
)
from bot.ingest.fetch import FetchError, SafeFetcher
from bot.ingest.links import canonicalize, find_links
from bot.models import ActorStats, Analysis, ArticleRecord, ExtractedArticle, IngestJob, QuoteHit, Sharer
from bot.names import name_key
from bot.nlp.pool import Analyzer
from bot.nlp.summary import pick_summary
from bot.storage import Database

log = logging.getLogger(__name__)

ARTICLES_PER_PAGE = 10
MAX_DIGEST = 10
_ARTICLE_ID = re.compile(r"^#?(\d{1,12})$")
_QUOTES_IN = re.compile(r"^(?P<name>.+?)\s+in\s+(?P<article>.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class IngestOutcome:
    source: str  # the URL or file name as given
    article: ArticleRecord | None = None
    created: bool = False
    error: str | None = None

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


@dataclass(frozen=True)
class ActorMatch:
    """One actor across a scope's articles: its fullest name and its per-article rows."""

    name: str
    kind: str
    actor_ids: list[int]
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
    quotes: int


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def lone_surname_owner(key: str, full_names: set[str]) -> str | None:
    """The full name a lone surname ("biden") stands for: the one person here with that
    surname ("joe biden"), or None when there is none or several share it."""
    owners = [full for full in full_names if full.split()[-1] == key]
    return owners[0] if len(owners) == 1 else None


def merge_surnames(actors: list[ActorStats], full_names: set[str]) -> list[ActorStats]:
    """One row per person across articles: "Biden" (an article that never gave the full name)
    joins "Joe Biden", unless two people in the scope share the surname (``full_names`` holds
    all of them, not just the rows given)."""
    rows = {name_key(a.name): a for a in actors}
    for a in actors:
        key = name_key(a.name)
        owner = lone_surname_owner(key, full_names) if a.kind == "PERSON" and " " not in key else None
        if owner in rows and rows[owner].kind == "PERSON":
            full = rows[owner]
            rows[owner] = dataclasses.replace(
                full,
                mentions=full.mentions + a.mentions,
                quotes=full.quotes + a.quotes,
                articles=full.articles + a.articles,
                salience=full.salience + a.salience,
                description=full.description or a.description,
            )
            del rows[key]
    return list(rows.values())


class NewsService:
    def __init__(self, db: Database, analyzer: Analyzer, fetcher: SafeFetcher, settings: Settings):
        self.db = db
        self.analyzer = analyzer
        self.fetcher = fetcher
        self.settings = settings
        self._in_flight: dict[tuple[str, str], asyncio.Future] = {}

    async def close(self) -> None:
        await self.fetcher.close()
        await self.analyzer.close()
        await self.db.close()

    # ---------------------------------------------------------------- ingest

    def links_in(self, message: str) -> list[str]:
        return find_links(message, limit=self.settings.max_links_per_message)

    async def ingest_url(self, url: str, sharer: Sharer) -> IngestOutcome:
        """Fetch, extract, analyse and store one link; a link already stored is not fetched again."""
        try:
            canonical = canonicalize(url)
        except ValueError:
            return IngestOutcome(url, error="that is not a valid link")
        existing = await self.db.find_article_by_url(sharer.scope, canonical)
        if existing:
            return IngestOutcome(url, existing, created=False)
        key = (sharer.scope, canonical)
        if key in self._in_flight:  # the same link pasted twice at once: one fetch
            return await asyncio.shield(self._in_flight[key])
        future = asyncio.get_running_loop().create_future()
        self._in_flight[key] = future
        try:
            job_id = await self.db.create_job(url, sharer)
            outcome = await self._run_job(job_id, url, sharer)
            future.set_result(outcome)
            return outcome
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # mark retrieved: waiters re-raise it themselves
            raise
        finally:
            del self._in_flight[key]

    async def _run_job(self, job_id: int, url: str, sharer: Sharer) -> IngestOutcome:
        await self.db.set_job(job_id, "running")
        try:
            article = await self._fetch_article(url)
            outcome = await self._store(article, sharer, url)
        except (FetchError, ExtractionError) as exc:
            await self.db.set_job(job_id, "failed", str(exc))
            return IngestOutcome(url, error=str(exc))
        except Exception:
            log.exception("ingest of %s failed", url)
            await self.db.set_job(job_id, "failed", "internal error")
            return IngestOutcome(url, error="something went wrong while reading that page")
        await self.db.set_job(job_id, "done", article_id=outcome.article.id if outcome.article else None)
        return outcome

    async def _fetch_article(self, url: str) -> ExtractedArticle:
        """The article behind a link, keyed by its canonical URL (the page's own, if it names one)."""
        page = await self.fetcher.fetch(url)
        if page.content_type == "text/plain":
            article = extract_plain(page.text)
        else:
            article = await asyncio.to_thread(extract_html, page.text, page.final_url)
        canonical = canonicalize(article.canonical_url or page.final_url)
        return dataclasses.replace(article, url=url, canonical_url=canonical)

    async def _store(self, article: ExtractedArticle, sharer: Sharer, source: str) -> IngestOutcome:
        if article.canonical_url:
            existing = await self.db.find_article_by_url(sharer.scope, article.canonical_url)
            if existing:
                return IngestOutcome(source, existing, created=False)
        digest = content_hash(article.text)
        existing = await self.db.find_article_by_hash(sharer.scope, digest)
        if existing:
            return IngestOutcome(source, existing, created=False)
        analysis = await self.analyzer.analyze(article.text, article.title)
        try:
            article_id = await self.db.add_article(sharer, article, article.canonical_url, digest, analysis)
        except sqlite3.IntegrityError:  # stored meanwhile by another task
            existing = await self.db.find_article_by_hash(sharer.scope, digest)
            return IngestOutcome(source, existing, created=False)
        return IngestOutcome(source, await self.db.get_article(sharer.scope, article_id), created=True)

    async def ingest_text(self, text: str, sharer: Sharer, name: str = "pasted text") -> IngestOutcome:
        try:
            article = extract_plain(text)
        except ExtractionError as exc:
            return IngestOutcome(name, error=str(exc))
        return await self._store(article, sharer, name)

    async def ingest_file(self, data: bytes, filename: str, sharer: Sharer) -> IngestOutcome:
        if len(data) > self.settings.max_body_bytes:
            return IngestOutcome(filename, error="that file is larger than the size limit")
        try:
            article = await asyncio.to_thread(extract_file, data, filename)
        except ExtractionError as exc:
            return IngestOutcome(filename, error=str(exc))
        return await self._store(article, sharer, filename)

    async def ingest_path(self, path: str, sharer: Sharer) -> IngestOutcome:
        """A local file (console and command line only)."""
        p = Path(path).expanduser()
        try:
            data = await asyncio.to_thread(p.read_bytes)
        except OSError as exc:
            return IngestOutcome(path, error=f"cannot read {path}: {exc.strerror or exc}")
        return await self.ingest_file(data, p.name, sharer)

    async def resume_jobs(self) -> list[tuple[IngestJob, IngestOutcome]]:
        """Links whose ingest was cut short by a crash or restart: finish them now."""
        results = []
        for job in await self.db.unfinished_jobs():
            sharer = Sharer(job.scope, job.user_id, job.user_name, job.channel_id, job.message_id)
            existing = await self.db.find_article_by_url(job.scope, canonicalize(job.url))
            if existing:
                await self.db.set_job(job.id, "done", article_id=existing.id)
                results.append((job, IngestOutcome(job.url, existing, created=False)))
                continue
            results.append((job, await self._run_job(job.id, job.url, sharer)))
        return results

    async def analyze_source(self, source: str) -> tuple[ExtractedArticle, Analysis]:
        """Extract and analyse a path or URL without storing it (``python -m bot analyze``)."""
        if re.match(r"^https?://", source, re.IGNORECASE):
            article = await self._fetch_article(source)
        else:
            p = Path(source)
            try:
                data = await asyncio.to_thread(p.read_bytes)
            except OSError as exc:
                raise ExtractionError(f"cannot read {source}: {exc.strerror or exc}") from exc
            if p.suffix.lower() in (".html", ".htm", ".xhtml"):
                article = await asyncio.to_thread(extract_file, data, p.name)
            else:
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise ExtractionError(f"{source} is not UTF-8 text") from exc
                if not text.strip():
                    raise ExtractionError(f"{source} is empty")
                article = ExtractedArticle(text=text, title=guess_title(text))
        return article, await self.analyzer.analyze(article.text, article.title)

    # ---------------------------------------------------------------- reading

    async def resolve_article(self, scope: str, ref: str | None) -> ArticleRecord:
        """The article a user means: none given = the latest; an id; a link; or search words."""
        ref = (ref or "").strip()
        if not ref:
            article = await self.db.latest_article(scope)
            if article is None:
                raise UserError("No articles are stored here yet: share a link first.")
            return article
        m = _ARTICLE_ID.match(ref)
        if m:
            article = await self.db.get_article(scope, int(m.group(1)))
            if article is None:
                raise UserError(f"There is no article #{m.group(1)} here.")
            return article
        if re.match(r"^<?https?://", ref, re.IGNORECASE):
            article = await self.db.find_article_by_url(scope, canonicalize(ref.strip("<>")))
            if article is None:
                raise UserError("That link has not been shared here yet.")
            return article
        hits = await self.db.search_articles(scope, ref, limit=1)
        if not hits:
            raise UserError(f"No stored article matches “{ref}”.")
        return hits[0][0]

    async def summary(self, scope: str, ref: str | None = None, sentences: int | None = None) -> SummaryResult:
        article = await self.resolve_article(scope, ref)
        count = sentences or self.settings.summary_sentences
        chosen = tuple(article.summary)
        if len(chosen) != count:  # re-rendered from the stored scores, no re-parse
            chosen = tuple(pick_summary(await self.db.summary_candidates(article.id), count))
        full = await self.db.get_article(scope, article.id, with_text=True)
        return SummaryResult(article, chosen, _words(full.text or ""), sum(_words(s) for s in chosen))

    async def digest(self, scope: str, count: int = 5) -> DigestResult:
        """The latest ``count`` articles, each with its key sentence, and who recurs across them."""
        if not 1 <= count <= MAX_DIGEST:
            raise UserError(f"A digest covers 1 to {MAX_DIGEST} articles.")
        articles = await self.db.list_articles(scope, count)
        if not articles:
            raise UserError("No articles are stored here yet: share a link first.")
        items = []
        for article in articles:
            best = pick_summary(await self.db.summary_candidates(article.id), 1)
            items.append((article, best[0] if best else None))
        actors = merge_surnames(
            await self.db.actors_of_articles([a.id for a in articles]), await self.db.full_person_names(scope)
        )
        recurring = sorted((a for a in actors if a.articles >= 2), key=lambda a: (-a.articles, -a.mentions))
        return DigestResult(items, recurring[:10])

    async def actors(self, scope: str, ref: str | None = None, limit: int = 25) -> ActorsResult:
        if (ref or "").strip().lower() == "all":
            rows = merge_surnames(await self.db.scope_actors(scope, limit * 3), await self.db.full_person_names(scope))
            actors = sorted(rows, key=lambda a: -a.salience)[:limit]
            if not actors:
                raise UserError("No actors yet: share a link first.")
            return ActorsResult(None, actors)
        article = await self.resolve_article(scope, ref)
        return ActorsResult(article, await self.db.article_actors(article.id, limit))

    async def find_actor(self, scope: str, query: str) -> ActorMatch | None:
        """The actor a typed name means across this scope's articles, or None.

        Case, possessives and titles do not matter; a surname reaches the full name. An article
        that only ever said "Biden" joins "Joe Biden" from another, unless two people here share
        that surname. A typo is matched to the closest name (rapidfuzz) and said so in ``note``.
        """
        return await self._actor_named(scope, query) or await self._actor_suggested(scope, query)

    async def _actor_named(self, scope: str, query: str) -> ActorMatch | None:
        """The actor a name means exactly (case, possessives and titles aside)."""
        matches = await self.db.matching_actors(scope, name_key(query))
        return await self._resolve_actor(scope, query, matches, None) if matches else None

    async def _actor_suggested(self, scope: str, query: str) -> ActorMatch | None:
        """The actor of the name closest to a mistyped one, with a note saying so."""
        suggestion = await self._closest_name(scope, query)
        if suggestion is None:
            return None
        matches = await self.db.matching_actors(scope, name_key(suggestion))
        note = f"Nobody called “{query}” here; showing {{name}}."
        return await self._resolve_actor(scope, query, matches, note) if matches else None

    async def _resolve_actor(
        self, scope: str, query: str, matches: list[tuple[int, str, str, bool]], note: str | None
    ) -> ActorMatch:
        key = name_key(query)
        chosen = [m for m in matches if m[3]] or matches
        people = {name_key(m[1]) for m in chosen if m[2] == "PERSON" and len(m[1].split()) > 1}
        if len(people) > 1 and key not in people:
            names = " or ".join(sorted({m[1] for m in chosen if name_key(m[1]) in people}))
            raise UserError(f"“{query}” could be {names}: say which.")
        if len(people) == 1:
            (full,) = people
            surname = full.split()[-1]
            if lone_surname_owner(surname, await self.db.full_person_names(scope)) == full:
                chosen += await self.db.lone_surname_actors(scope, surname)
        ids = list(dict.fromkeys(m[0] for m in chosen))
        fullest = max(chosen, key=lambda m: (len(m[1].split()), len(m[1])))
        return ActorMatch(fullest[1], fullest[2], ids, note.format(name=fullest[1]) if note else None)

    async def _closest_name(self, scope: str, query: str) -> str | None:
        from rapidfuzz import fuzz, process, utils

        names = await self.db.all_actor_names(scope)
        if not names:
            return None
        best = process.extractOne(
            query, [alias for alias, _ in names], scorer=fuzz.WRatio, processor=utils.default_process, score_cutoff=80
        )
        return names[best[2]][1] if best else None

    async def quotes(self, scope: str, query: str) -> QuotesResult:
        query = (query or "").strip()
        if not query:
            raise UserError("Whose quotes? Try `quotes Biden`.")
        article = None
        m = _QUOTES_IN.match(query)
        if m:
            article = await self.resolve_article(scope, m.group("article"))
            query = m.group("name").strip()
        key = name_key(query)
        if not key:
            raise UserError("Whose quotes? Give a name.")
        article_id = article.id if article else None
        where = f" in article #{article.id}" if article else " in this server's articles"
        match = await self._actor_named(scope, query)
        if match is None:
            # Unnamed sources ("an official") are matched on the words the article used.
            unnamed = await self.db.quotes_of(scope, [], key, article_id)
            if unnamed:
                speakers = tuple(dict.fromkeys(h.speaker for h in unnamed if h.speaker))
                return QuotesResult(query, speakers, unnamed, article)
            match = await self._actor_suggested(scope, query)
        if match is None:
            raise UserError(f"Nobody called “{query}” appears{where}.")
        hits = await self.db.quotes_of(scope, match.actor_ids, None, article_id)
        if not hits:
            raise UserError(f"No quotes from {match.name}{where}.")
        # One actor, one name: "Biden" in one article is shown as the "Joe Biden" of another.
        hits = [dataclasses.replace(h, speaker=match.name) for h in hits]
        return QuotesResult(query, (match.name,), hits, article, match.note)

    async def who(self, scope: str, query: str) -> WhoResult:
        query = (query or "").strip()
        if not name_key(query):
            raise UserError("Who? Try `who Biden`.")
        match = await self.find_actor(scope, query)
        if match is None:
            raise UserError(f"Nobody called “{query}” appears in this server's articles.")
        rows = await self.db.actor_profile_rows(match.actor_ids)
        descriptions = list(dict.fromkeys(d for _, d, _, _ in rows if d))
        quotes = await self.db.quotes_of(scope, match.actor_ids, limit=200)
        # Notable: the fullest statements, from different articles where possible.
        notable: list[QuoteHit] = []
        for hit in sorted(quotes, key=lambda h: -len(h.text)):
            if len(notable) < 3 and (all(n.article_id != hit.article_id for n in notable) or len(quotes) <= 3):
                notable.append(dataclasses.replace(hit, speaker=match.name))
        return WhoResult(
            name=match.name,
            kind=match.kind,
            descriptions=descriptions[:4],
            articles=len({a for a, _, _, _ in rows}),
            mentions=sum(m for _, _, m, _ in rows),
            quotes=sum(q for _, _, _, q in rows),
            notable=notable,
            companions=await self.db.companions(match.actor_ids),
            note=match.note,
        )

    async def actor_names(self, scope: str, prefix: str = "") -> list[str]:
        return await self.db.actor_names(scope, prefix)

    async def list_articles(self, scope: str, page: int = 1) -> ArticlesPage:
        total = await self.db.count_articles(scope)
        if total == 0:
            raise UserError("No articles are stored here yet: share a link first.")
        pages = (total + ARTICLES_PER_PAGE - 1) // ARTICLES_PER_PAGE
        if page < 1 or page > pages:
            raise UserError(f"There {'is' if pages == 1 else 'are'} {pages} page{'s' * (pages != 1)} of articles.")
        items = await self.db.list_articles(scope, ARTICLES_PER_PAGE, (page - 1) * ARTICLES_PER_PAGE)
        return ArticlesPage(items, page, pages, total)

    async def article(self, scope: str, ref: str) -> ArticleDetail:
        article = await self.resolve_article(scope, ref)
        actors = await self.db.article_actors(article.id, limit=8)
        return ArticleDetail(article, actors, await self.db.count_quotes(article.id))

    async def search(self, scope: str, words: str) -> list[tuple[ArticleRecord, str]]:
        if not (words or "").strip():
            raise UserError("Search for what? Try `search sanctions`.")
        results = await self.db.search_articles(scope, words, limit=25)
        if not results:
            raise UserError(f"Nothing stored here mentions “{words.strip()}”.")
        return results

    async def forget(self, scope: str, ref: str, user_id: int | None, can_manage: bool) -> ArticleRecord:
        m = _ARTICLE_ID.match((ref or "").strip())
        if not m:
            raise UserError("Give the article's number, e.g. `forget 12` (see `articles`).")
        article = await self.db.get_article(scope, int(m.group(1)))
        if article is None:
            raise UserError(f"There is no article #{m.group(1)} here.")
        if not can_manage and article.shared_by_id != user_id:
            raise UserError("Only the person who shared it, or a member with Manage Messages, can remove it.")
        await self.db.delete_article(scope, article.id)
        return article
