"""An article with its analysis as the one JSON document ``newsdesk_store_article`` stores
(PostgreSQL's migration 6): its row, its summary's sentences, its actors with their registry
entries, its quotes and the words of its unnamed sources. Rows refer to each other by their
place in the document's lists, counted from 1, since their ids are only known once stored."""

from __future__ import annotations

import collections
import json
import math
from typing import Any

from bot.models import Actor, Analysis, ExtractedArticle, Quote, Sharer
from bot.names import surname_key
from bot.nlp.summary_choice import MAX_SUMMARY_SENTENCES, summary_order
from bot.storage.records import alias_forms, entry_keys, speaker_words
from bot.text import one_line


def article_document(sharer: Sharer, article: ExtractedArticle, digest: str, analysis: Analysis, words: int) -> str:
    picked = summary_order(analysis.candidates, MAX_SUMMARY_SENTENCES)
    document: dict[str, Any] = {
        "article": {
            "scope": sharer.scope,
            "url": article.url,
            "canonical_url": article.canonical_url,
            "content_hash": digest,
            "title": article.title,
            "site": article.site,
            "author": article.author,
            "published": article.published,
            "text": article.text,
            "tokens": analysis.tokens,
            "shared_by": sharer.user_name,
            "shared_by_id": sharer.user_id,
            "channel_id": sharer.channel_id,
            "message_id": sharer.message_id,
            "words": words,
            "analysed_words": analysis.analysed_words,
        },
        "summary": [
            {"position": i, "start": s.start, "end": s.end, "score": _finite(s.score)} for i, s in enumerate(picked)
        ],
        **_actor_rows(analysis.actors),
        **_quote_rows(article.text, analysis.quotes, analysis.actors),
    }
    # not ASCII-escaped: a text's non-ASCII letters cross the wire once, as UTF-8
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def _finite(number: float) -> float:
    """A score as JSON can carry it: JSON has no NaN or infinity (a ``real`` column had)."""
    return number if math.isfinite(number) else 0.0


def _actor_rows(actors: tuple[Actor, ...]) -> dict[str, list[dict[str, Any]]]:
    """The article's registry entries (one per key, its actors' counts added up), its actors,
    and the entries' aliases, forms and descriptions."""
    keys, grouped = entry_keys(actors)
    entry_of = {key: n for n, key in enumerate(grouped, start=1)}
    entries = [
        {
            "n": entry_of[key],
            "kind": key[0],
            "key": key[1],
            "surname": surname_key(key[1]),
            "name": same[0].name,
            "mentions": sum(a.mentions for a in same),
            "quotes": sum(a.quotes for a in same),
            "salience": _finite(sum(a.salience for a in same)),
        }
        for key, same in grouped.items()
    ]
    entry_numbers = [entry_of[key] for key in keys]
    descriptions = [one_line(actor.description) for actor in actors]
    # each key of an actor once; of two actors' same key, the first one's (as in SQLite)
    aliases = {
        (alias_key, entry, alias): None
        for actor, entry in zip(actors, entry_numbers, strict=True)
        for alias_key, alias in alias_forms(actor).items()
    }
    # counted here: one INSERT … ON CONFLICT DO UPDATE may not touch a row twice
    forms = collections.Counter((entry, a.name) for a, entry in zip(actors, entry_numbers, strict=True))
    described = collections.Counter((e, d) for e, d in zip(entry_numbers, descriptions, strict=True) if d)
    return {
        "entries": entries,
        "actors": [
            {
                "n": n,
                "name": a.name,
                "kind": a.kind,
                "mentions": a.mentions,
                "quotes": a.quotes,
                "salience": _finite(a.salience),
                "description": description,
                "entry": entry,
            }
            for n, (a, entry, description) in enumerate(zip(actors, entry_numbers, descriptions, strict=True), 1)
        ],
        "aliases": [{"key": key, "entry": entry, "alias": alias} for key, entry, alias in aliases],
        "forms": [{"entry": entry, "form": form, "uses": uses} for (entry, form), uses in forms.items()],
        "descriptions": [
            {"entry": entry, "description": description, "uses": uses}
            for (entry, description), uses in described.items()
        ],
    }


def _quote_rows(text: str, quotes: tuple[Quote, ...], actors: tuple[Actor, ...]) -> dict[str, list[dict[str, Any]]]:
    """The quotes, each with its speaker's actor (the last one of that name, as SQLite's store
    picks it), and the words of those whose source is unnamed."""
    actor_named = {actor.name: n for n, actor in enumerate(actors, start=1)}
    rows, words = [], []
    for n, q in enumerate(quotes, start=1):
        actor = actor_named.get(q.speaker or "")
        speaker = None if actor else q.speaker  # a named one is its actor's
        rows.append({
            "n": n,
            "actor": actor,
            "speaker": speaker,
            "text": None if text[q.start : q.end] == q.text else q.text,  # pieces joined with "…"
            "start": q.start,
            "end": q.end,
            "speaker_start": q.speaker_start,
            "speaker_end": q.speaker_end,
            "cue": q.cue,
            "direct": bool(q.direct),
            "sentence_start": q.start if q.sentence_start is None else q.sentence_start,
            "sentence_end": q.end if q.sentence_end is None else q.sentence_end,
        })  # fmt: skip
        if speaker:
            words += [{"word": word, "quote": n, "direct": bool(q.direct)} for word in speaker_words(speaker)]
    return {"quotes": rows, "words": words}
