"""The read path: every command that answers from what a scope has stored."""

from __future__ import annotations

import dataclasses
import re

from bot.errors import LinkNotStored, UserError
from bot.ingest.links import SharedLink
from bot.models import ArticleRecord, QuoteHit
from bot.names import name_key
from bot.nlp.summary_choice import pick_summary
from bot.results import (
    ActorsResult,
    ArticleDetail,
    ArticlesPage,
    DigestResult,
    QuotesResult,
    SummaryResult,
    WhoResult,
)
from bot.service.actor_names import ActorNames
from bot.service.server_settings import ServerSettingsBook
from bot.storage.records import QueryTimeout
from bot.storage.store import Store
from bot.text import count_words, plural

ARTICLES_PER_PAGE = 10
MAX_DIGEST = 10
# !who picks its notable quotes among this many of the latest.
WHO_QUOTES = 60
NO_ARTICLES = "No articles are stored here yet: share a link first."
_ARTICLE_ID = re.compile(r"^#?(\d{1,12})$")
_LINK = re.compile(r"^<?https?://", re.IGNORECASE)
_QUOTES_KIND = re.compile(r"^(?P<name>.+?)\s+(?P<kind>direct|exact|reported|indirect)$", re.IGNORECASE)
_QUOTES_IN = re.compile(r"^(?P<name>.+?)\s+in\s+(?P<article>.+)$", re.IGNORECASE)


class Reader:
    def __init__(self, db: Store, names: ActorNames, settings: ServerSettingsBook):
        self.db = db
        self.names = names
        self.settings = settings

    async def resolve_article(self, scope: str, ref: str | None, with_sentences: bool = False) -> ArticleRecord:
        """The article a user means: none given = the latest; an id; a link; or search words.
        ``with_sentences``: with its summary sentences, when the same read can bring them."""
        ref = (ref or "").strip()
        if not ref:
            article = await self.db.latest_article(scope, with_sentences)
            if article is None:
                raise UserError(NO_ARTICLES)
            return article
        m = _ARTICLE_ID.match(ref)
        if m:
            return await self._numbered(scope, m.group(1), with_sentences)
        if _LINK.match(ref):
            try:
                link = SharedLink.of(ref.strip("<>"))
            except ValueError:
                raise UserError("That is not a valid link.") from None
            article = await self.db.find_stored(scope, link.canonical, with_sentences=with_sentences)
            if article is None:
                raise LinkNotStored(link.url)
            return article
        hits = await self._search(scope, ref, limit=1)
        if not hits:
            raise UserError(f"No stored article matches “{ref}”.")
        return hits[0][0]

    async def _numbered(self, scope: str, number: str, with_sentences: bool = False) -> ArticleRecord:
        article = await self.db.numbered_article(scope, int(number), with_sentences)
        if article is None:
            raise UserError(f"There is no article #{number} here.")
        return article

    async def summary(self, scope: str, ref: str | None = None, sentences: int | None = None) -> SummaryResult:
        article = await self.resolve_article(scope, ref, with_sentences=True)
        count = sentences or await self.settings.summary_sentences(scope)
        chosen = await self._summary_of(article, count)
        return SummaryResult(article, chosen, article.words, sum(count_words(s) for s in chosen))

    async def digest(self, scope: str, count: int = 5) -> DigestResult:
        """The latest ``count`` articles, each with its key sentence, and who recurs across them."""
        if not 1 <= count <= MAX_DIGEST:
            raise UserError(f"A digest covers 1 to {MAX_DIGEST} articles.")
        articles = await self.db.list_articles(scope, count)
        if not articles:
            raise UserError(NO_ARTICLES)
        items = []
        for article in articles:
            best = pick_summary(await self.db.summary_candidates(article.id), 1)
            items.append((article, best[0] if best else None))
        actors = await self.names.merged(scope, await self.db.actors_of_articles([a.id for a in articles]))
        recurring = sorted((a for a in actors if a.articles >= 2), key=lambda a: (-a.articles, -a.mentions))
        return DigestResult(items, recurring[:10])

    async def actors(self, scope: str, ref: str | None = None, limit: int = 25) -> ActorsResult:
        if (ref or "").strip().lower() == "all":
            rows = await self.names.merged(scope, await self.db.scope_actors(scope, limit * 3))
            actors = sorted(rows, key=lambda a: -a.salience)[:limit]
            if not actors:
                raise UserError("No actors yet: share a link first.")
            return ActorsResult(None, actors)
        article = await self.resolve_article(scope, ref)
        return ActorsResult(article, await self.db.article_actors(article.id, limit))

    async def quotes(self, scope: str, query: str) -> QuotesResult:
        """A name's own words first, then what the articles report they said ("Biden reported"
        or "Biden direct" asks for one kind only)."""
        query = (query or "").strip()
        if not query:
            raise UserError("Whose quotes? Try `quotes Biden`.")
        direct: bool | None = None
        m = _QUOTES_KIND.match(query)
        if m:
            query, direct = m.group("name").strip(), m.group("kind").lower() in ("direct", "exact")
        article = None
        m = _QUOTES_IN.match(query)
        if m:
            article = await self.resolve_article(scope, m.group("article"))
            query = m.group("name").strip()
        key = name_key(query)
        if not key:
            raise UserError("Whose quotes? Give a name.")
        article_id = article.id if article else None
        where = f" in article #{article.number}" if article else " in this server's articles"
        kind = "" if direct is None else (" quoted directly" if direct else " reported")
        match = await self.names.named(scope, query)
        if match is None:
            # Unnamed sources ("an official") are matched on the words the article used.
            unnamed = await self._quotes_by_kind(scope, [], key, article_id, direct)
            if unnamed:
                speakers = tuple(dict.fromkeys(h.speaker for h in unnamed if h.speaker))
                return QuotesResult(query, speakers, unnamed, article, direct=direct)
            match = await self.names.suggested(scope, query)
        if match is None:
            raise UserError(f"Nobody called “{query}” appears{where}.")
        hits = await self._quotes_by_kind(scope, match.entity_ids, None, article_id, direct)
        if not hits:
            raise UserError(f"Nothing{kind} from {match.name}{where}.")
        # One actor, one name: "Biden" in one article is shown as the "Joe Biden" of another.
        hits = [dataclasses.replace(h, speaker=match.name) for h in hits]
        return QuotesResult(query, (match.name,), hits, article, match.note, direct=direct)

    async def _quotes_by_kind(
        self, scope: str, entity_ids: list[int], speaker_key: str | None, article_id: int | None, direct: bool | None
    ) -> list[QuoteHit]:
        """Direct quotes, then reported speech (each newest article first), or one kind."""
        kinds = (True, False) if direct is None else (direct,)
        hits: list[QuoteHit] = []
        for kind in kinds:
            hits += await self.db.quotes_of(scope, entity_ids, speaker_key, article_id, direct=kind)
        return hits

    async def who(self, scope: str, query: str) -> WhoResult:
        query = (query or "").strip()
        if not name_key(query):
            raise UserError("Who? Try `who Biden`.")
        match = await self.names.find(scope, query)
        if match is None:
            raise UserError(f"Nobody called “{query}” appears in this server's articles.")
        articles, mentions, quoted = await self.db.entity_totals(match.entity_ids)
        quotes = await self.db.quotes_of(scope, match.entity_ids, limit=WHO_QUOTES)
        # Notable: their own words before reported ones, the fullest, from different articles.
        notable: list[QuoteHit] = []
        for hit in sorted(quotes, key=lambda h: (not h.direct, -len(h.text))):
            if len(notable) < 3 and (all(n.article_id != hit.article_id for n in notable) or len(quotes) <= 3):
                notable.append(dataclasses.replace(hit, speaker=match.name))
        return WhoResult(
            name=match.name,
            kind=match.kind,
            descriptions=await self.db.descriptions_of(match.entity_ids),  # the most given first
            articles=articles,
            mentions=mentions,
            quotes=quoted,
            notable=notable,
            companions=await self.db.companions(match.entity_ids),
            note=match.note,
        )

    async def list_articles(self, scope: str, page: int = 1) -> ArticlesPage:
        total = await self.db.count_articles(scope)
        if total == 0:
            raise UserError(NO_ARTICLES)
        pages = (total + ARTICLES_PER_PAGE - 1) // ARTICLES_PER_PAGE
        if page < 1 or page > pages:
            raise UserError(f"There {'is' if pages == 1 else 'are'} {plural(pages, 'page')} of articles.")
        items = await self.db.list_articles(scope, ARTICLES_PER_PAGE, (page - 1) * ARTICLES_PER_PAGE)
        return ArticlesPage(items, page, pages, total)

    async def _summary_of(self, article: ArticleRecord, count: int) -> tuple[str, ...]:
        # picked from the sentences scored at ingest: any length, no parse
        found = article.sentences or await self.db.summary_candidates(article.id)
        return tuple(pick_summary(list(found), count))

    async def article(self, scope: str, ref: str) -> ArticleDetail:
        article = await self.resolve_article(scope, ref, with_sentences=True)
        count = await self.settings.summary_sentences(scope)
        article = dataclasses.replace(article, summary=await self._summary_of(article, count))
        actors = await self.db.article_actors(article.id, limit=8)
        quotes, reported = await self.db.count_quotes(article.id), await self.db.count_quotes(article.id, direct=False)
        return ArticleDetail(article, actors, quotes, reported)

    async def search(self, scope: str, words: str) -> list[tuple[ArticleRecord, str]]:
        if not (words or "").strip():
            raise UserError("Search for what? Try `search sanctions`.")
        results = await self._search(scope, words, limit=25)
        if not results:
            raise UserError(f"Nothing stored here mentions “{words.strip()}”.")
        return results

    async def _search(self, scope: str, words: str, limit: int) -> list[tuple[ArticleRecord, str]]:
        try:
            return await self.db.search_articles(scope, words, limit=limit)
        except QueryTimeout:
            raise UserError("That search took too long: try fewer or rarer words.") from None

    async def forget(self, scope: str, ref: str, user_id: int | None, can_manage: bool) -> ArticleRecord:
        m = _ARTICLE_ID.match((ref or "").strip())
        if not m:
            raise UserError("Give the article's number, e.g. `forget 12` (see `articles`).")
        article = await self._numbered(scope, m.group(1))
        if not can_manage and article.shared_by_id != user_id:
            raise UserError("Only the person who shared it, or a member with Manage Messages, can remove it.")
        await self.db.delete_article(scope, article.id)
        return article
