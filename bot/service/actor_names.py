"""The one owner of actor names across a scope: which actor a typed name means (case,
possessives and titles aside; a lone surname; a typo), and one row per person in lists."""

from __future__ import annotations

import collections
import dataclasses
from collections.abc import Mapping

from rapidfuzz import fuzz, process, utils  # here, not at the first typo: importing it takes ~30 ms

from bot.errors import AmbiguousName
from bot.models import ActorStats
from bot.names import dominant, inner_full_name, is_full_name, name_key, sole_bearer, surname_key
from bot.results import ActorMatch
from bot.storage.records import ActorCandidate
from bot.storage.store import Store

TYPO_SCOPES = 64  # servers whose names for typo matching are kept in memory (the most recent)


@dataclasses.dataclass(frozen=True)
class _TypoNames:
    """A scope's names and aliases as typos are matched against them, as of its latest article."""

    latest_article: int
    keys: list[str]  # each alias as rapidfuzz compares it (lower case, no punctuation)
    names: list[str]  # the actor name of each


class ActorNames:
    def __init__(self, db: Store):
        self.db = db
        self._typo_names: collections.OrderedDict[str, _TypoNames] = collections.OrderedDict()

    async def find(self, scope: str, query: str) -> ActorMatch | None:
        """The actor a typed name means across this scope's articles, or None.

        Case, possessives and titles do not matter; a surname reaches the full name. An article
        that only ever said "Biden" joins "Joe Biden" from another, unless two people here share
        that surname. A typo is matched to the closest name (rapidfuzz) and said so in ``note``.
        """
        return await self.named(scope, query) or await self.suggested(scope, query)

    async def named(self, scope: str, query: str) -> ActorMatch | None:
        """The actor a name means exactly (case, possessives and titles aside)."""
        key = name_key(query)
        matches = await self.db.matching_actors(scope, key)
        if matches and is_full_name(key):
            # the same person under a longer form: "Hillary Rodham Clinton" for "Hillary Clinton"
            mates = [m for m in await self.db.matching_actors(scope, surname_key(key)) if m.kind == "PERSON"]
            longer = {name_key(m.name) for m in mates} | {key}
            known = {m.entity_id for m in matches}
            matches += [
                dataclasses.replace(m, exact=True)
                for m in mates
                if m.entity_id not in known and inner_full_name(name_key(m.name), longer) == key
            ]
        return await self._resolve(scope, query, matches, None) if matches else None

    async def suggested(self, scope: str, query: str) -> ActorMatch | None:
        """The actor of the name closest to a mistyped one, with a note saying so."""
        suggestion = await self._closest_name(scope, query)
        if suggestion is None:
            return None
        matches = await self.db.matching_actors(scope, name_key(suggestion))
        note = f"Nobody called “{query}” here; showing {{name}}."
        return await self._resolve(scope, query, matches, note) if matches else None

    async def _resolve(self, scope: str, query: str, matches: list[ActorCandidate], note: str | None) -> ActorMatch:
        key = name_key(query)
        chosen = [m for m in matches if m.exact] or matches
        person_of = _people(chosen)
        if not person_of:
            # only a lone surname's entry fits ("President Quellin"): the person who owns the
            # surname here is meant, as for the bare surname
            lone = {name_key(m.name) for m in chosen if m.kind == "PERSON"}
            if len(lone) == 1:
                (surname,) = lone
                owner = surname_owner(surname, await self.db.full_person_names(scope, {surname}))
                if owner is not None:
                    chosen += [m for m in await self.db.matching_actors(scope, owner) if m.exact]
                    person_of = _people(chosen)
        people = set(person_of.values())
        decided = False  # a dominant bearer was chosen for a shared surname
        if len(people) > 1 and key not in people:
            # weighed by the articles that name each person
            weight = {p: sum(m.articles for m in chosen if person_of.get(name_key(m.name)) == p) for p in people}
            top = dominant(weight)
            if top is None:
                raise AmbiguousName(query, sorted({_fullest(chosen, person_of, p) for p in people}))
            # "Obama" is Barack Obama when he dominates the name here; the others are named
            others = sorted((p for p in people if p != top), key=lambda p: (-weight[p], p))
            also = ", ".join(_fullest(chosen, person_of, p) for p in others[:3])
            chosen = [m for m in chosen if person_of.get(name_key(m.name), top) == top or m.kind != "PERSON"]
            note = (note or "Showing {name}.") + " Also here: " + also.replace("{", "{{").replace("}", "}}") + "."
            people, decided = {top}, True
        if len(people) == 1:
            (full,) = people
            surname = surname_key(full)
            if decided or surname_owner(surname, await self.db.full_person_names(scope, {surname})) == full:
                chosen += await self.db.lone_surname_actors(scope, surname)  # articles that said only "Quellin"
        ids = list(dict.fromkeys(m.entity_id for m in chosen))
        fullest = max(chosen, key=lambda m: (len(m.name.split()), len(m.name)))
        name = _fullest(chosen, person_of, next(iter(people))) if len(people) == 1 else fullest.name
        return ActorMatch(name, fullest.kind, ids, note.format(name=name) if note else None)

    async def _closest_name(self, scope: str, query: str) -> str | None:
        names = await self._names_for_typos(scope)
        best = process.extractOne(
            utils.default_process(query), names.keys, scorer=fuzz.WRatio, processor=None, score_cutoff=80
        )
        return names.names[best[2]] if best else None

    async def _names_for_typos(self, scope: str) -> _TypoNames:
        """Read again only when the scope stored an article since (an indexed read of one row):
        reading thousands of aliases was most of a mistyped name's reply. A deleted article
        may leave a name here a while; it then matches nothing, as a typo with no match does."""
        latest = await self.db.latest_article(scope)
        token = latest.id if latest else 0
        cached = self._typo_names.get(scope)
        if cached is None or cached.latest_article != token:
            pairs = await self.db.all_actor_names(scope)
            cached = _TypoNames(token, [utils.default_process(a) for a, _ in pairs], [n for _, n in pairs])
            self._typo_names[scope] = cached
        self._typo_names.move_to_end(scope)
        while len(self._typo_names) > TYPO_SCOPES:
            self._typo_names.popitem(last=False)
        return cached

    async def merged(self, scope: str, actors: list[ActorStats]) -> list[ActorStats]:
        """One row per person across articles: "Biden" (an article that never gave the full
        name) joins "Joe Biden", unless two people in the scope share the surname."""
        surnames = {surname_key(name_key(a.name)) for a in actors if a.kind == "PERSON"}
        return merge_surnames(actors, await self.db.full_person_names(scope, surnames))

    async def autocomplete(self, scope: str, prefix: str = "", limit: int = 25) -> list[str]:
        """Names starting with what was typed, one per person ("Trump" is not offered beside
        "Donald Trump" when he is who "Trump" means here)."""
        rows = await self.merged(scope, await self.db.actor_names(scope, name_key(prefix), limit * 2))
        return list(dict.fromkeys(a.name for a in rows))[:limit]


def _people(candidates: list[ActorCandidate]) -> dict[str, str]:
    """Each full person name key of the candidates, mapped to the person it stands for: a name
    that ends in another full name is that person ("crooked hillary clinton" is "hillary clinton")."""
    keys = {name_key(m.name) for m in candidates if m.kind == "PERSON" and is_full_name(name_key(m.name))}
    return {k: inner_full_name(k, keys) or k for k in keys}


def _fullest(candidates: list[ActorCandidate], person_of: dict[str, str], person: str) -> str:
    """The name a person is shown under: the most mentioned of its forms."""
    forms = [m for m in candidates if person_of.get(name_key(m.name)) == person and name_key(m.name) == person]
    forms = forms or [m for m in candidates if person_of.get(name_key(m.name)) == person]
    return max(forms, key=lambda m: (m.mentions, m.name)).name


def _owner(a: ActorStats, key: str, rows: dict[str, ActorStats], full_names: Mapping[str, int]) -> str | None:
    """The row a person's row belongs to: a lone surname's one bearer here, or the bearer named
    in ``DOMINANCE`` times as many articles as the next; a name ending in another listed full name."""
    if a.kind != "PERSON" or key not in rows:
        return None
    if is_full_name(key):
        return inner_full_name(key, rows)
    return surname_owner(key, full_names)


def surname_owner(surname: str, full_names: Mapping[str, int]) -> str | None:
    """Who a lone surname means here: its one bearer, or the bearer named in ``DOMINANCE``
    times as many articles as the next (``full_names``: full name key -> articles)."""
    return sole_bearer(surname, full_names) or dominant(
        {k: n for k, n in full_names.items() if surname_key(k) == surname}
    )


def merge_surnames(actors: list[ActorStats], full_names: Mapping[str, int]) -> list[ActorStats]:
    """``full_names`` holds every full person name of the scope (with its number of articles),
    not just the rows given."""
    rows = {name_key(a.name): a for a in actors}
    for a in actors:
        key = name_key(a.name)
        owner = _owner(a, key, rows, full_names)
        if owner in rows and owner != key and rows[owner].kind == "PERSON":
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
