"""The actors of one document while they are found: clusters of mentions, and a lookup by token."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from spacy.tokens import Token

from bot.names import surname_key
from bot.nlp.actors.names import clean_name, identity


@dataclass
class ActorCluster:
    kind: str
    names: dict[str, int] = field(default_factory=dict)  # cleaned name -> count
    surface: dict[str, int] = field(default_factory=dict)  # as written (title kept, possessive dropped)
    spans: list[tuple[int, int]] = field(default_factory=list)
    quotes: int = 0  # direct quotes and reported statements
    direct_quotes: int = 0  # in quotation marks: what salience weighs
    description: str | None = None
    _name: str | None = field(default=None, repr=False, compare=False)  # ``name``, until names change

    @property
    def name(self) -> str:
        # the fullest name, initials aside ("Donald Trump" if used more than "Donald J. Trump")
        if self._name is None:
            self._name = max(self.names, key=lambda n: (len(identity(n).split()), self.names[n], len(n)))
        return self._name

    def add_name(self, name: str) -> None:
        self.names[name] = self.names.get(name, 0) + 1
        self._name = None

    @property
    def mentions(self) -> int:
        return len(self.spans)

    def aliases(self) -> tuple[str, ...]:
        canonical = self.name
        forms = set(self.names) | set(self.surface)
        forms.discard(canonical)
        return tuple(sorted(forms, key=lambda s: (-len(s), s)))

    def absorb(self, other: ActorCluster) -> None:
        for name, count in other.names.items():
            self.names[name] = self.names.get(name, 0) + count
        self._name = None
        self.spans.extend(other.spans)


@dataclass
class ActorIndex:
    """Actors of one document, with a lookup from token index to actor."""

    clusters: list[ActorCluster]
    by_token: dict[int, int]

    def actor_at(self, token: Token) -> ActorCluster | None:
        idx = self.by_token.get(token.i)
        return self.clusters[idx] if idx is not None else None

    @functools.cached_property
    def _by_name(self) -> dict[str, list[ActorCluster]]:
        """Every lower-cased name form -> the actors using it (built once: the actors are final
        by the time quotes are attributed)."""
        index: dict[str, list[ActorCluster]] = {}
        for c in self.clusters:
            for name in {n.lower() for n in c.names}:
                index.setdefault(name, []).append(c)
        return index

    @functools.cached_property
    def _people(self) -> dict[str, ActorCluster]:
        return {c.name.lower(): c for c in self.clusters if c.kind == "PERSON"}

    @functools.cached_property
    def _people_by_surname(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for name in self._people:
            index.setdefault(surname_key(name), []).append(name)
        return index

    @functools.cached_property
    def by_display_name(self) -> dict[str, ActorCluster]:
        """Each actor by the name it is shown under (the first actor, should two share one)."""
        index: dict[str, ActorCluster] = {}
        for c in self.clusters:
            index.setdefault(c.name, c)
        return index

    def find_by_name(self, text: str) -> ActorCluster | None:
        """The actor a bare name refers to ("Quellin" -> Marta Quellin), if exactly one fits."""
        key = clean_name(text, "PERSON").lower()
        if not key:
            return None
        exact = self._by_name.get(key)
        if exact:
            return max(exact, key=lambda c: c.mentions)
        bearers = self._people_by_surname.get(key, ())  # the lone-surname rule of bot.names
        return self._people[bearers[0]] if len(bearers) == 1 else None
