"""Clusters that name one actor become one: news equivalences, shorter names of a longer one,
acronyms the text defines, headline variants."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from bot.nlp.actors.model import ActorCluster
from bot.nlp.actors.names import identity
from bot.nlp.lexicon import EQUIVALENT_NAMES, EVENT_WORDS

_ABBREVIATION = re.compile(r"^(?:[A-Z]\.){1,3}[A-Z]?\.?$|^[A-Z]{2}$")  # "D.C.", "DC"


def _equivalent(a: ActorCluster, b: ActorCluster, acronyms: dict[str, str]) -> bool:
    """News equivalences ("US", "U.S." and "United States"), and an acronym the text defines
    right after the name ("the Union of Rationalist Atheists and Agnostics (UAAR)")."""
    if "PERSON" in (a.kind, b.kind):
        return False  # "Captain America" is nobody's country
    names_a, names_b = {identity(n) for n in a.names}, {identity(n) for n in b.names}
    if any(acronyms.get(n) in names_b for n in names_a):
        return True
    names_a, names_b = {n.lower() for n in a.names}, {n.lower() for n in b.names}
    return any(names_a & group and names_b & group for group in EQUIVALENT_NAMES)


def _contains(long: list[str], short: list[str]) -> bool:
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def _part_of(a: ActorCluster, b: ActorCluster) -> bool:
    """A shorter name for the actor of a longer one: a person's given name alone ("Daniel" of
    "Daniel Montalvo"), a name at either end of a longer one of the same kind, or inside it when
    it has two words or more ("Supreme Court" of "Italian Supreme Court of Cassation"), and a
    place before its abbreviated state ("Washington" of "Washington D.C.")."""
    if a.kind == b.kind == "PERSON":
        words = a.name.split()  # a is the lone given name, b the full name
        return len(words) == 1 and len(b.name.split()) > 1 and b.name.split()[0] == words[0]
    if a.kind == b.kind == "ORG":
        # "Home Office" of "United Kingdom Home Office", "Comic Corps" of "Comic Corps of Canada"
        short, long = a.name.lower().split(), b.name.lower().split()
        if len(short) >= len(long) or long[-1] in EVENT_WORDS:
            return False  # "FIFA" is not the "FIFA World Cup"
        return (
            long[: len(short)] == short or long[-len(short) :] == short or (len(short) > 1 and _contains(long, short))
        )
    if a.kind == b.kind == "GPE":
        # places otherwise stay apart: "Australia" is not "South Australia"
        short, long = a.name.split(), b.name.split()
        return len(long) == len(short) + 1 and long[:-1] == short and bool(_ABBREVIATION.match(long[-1]))
    return False


def _headline_variant(a: ActorCluster, b: ActorCluster, headline_end: int) -> bool:
    """A person named only in the headline, with a word before the surname that the body never
    uses ("Denounces Clinton", "Billionaire Donald Trump"), is the body's person of that surname."""
    if not (a.kind == b.kind == "PERSON") or headline_end < 0:
        return False
    if not a.spans or any(start > headline_end for start, _ in a.spans):
        return False
    if not any(start > headline_end for start, _ in b.spans):
        return False
    words_a, words_b = identity(a.name).split(), identity(b.name).split()
    return len(words_a) > 1 and words_a[-1] == words_b[-1] and words_a != words_b


class _Candidates:
    """Which clusters could stand in each relation to a given one, by the words of their
    names, so that merging looks at a few clusters rather than at every pair. Each relation's
    own test still decides; the index only has to include every cluster that might pass it,
    so it keeps every name a cluster has ever had."""

    def __init__(self, clusters: list[ActorCluster]) -> None:
        self._by_key: dict[tuple[str, str], set[int]] = defaultdict(set)
        for j, cluster in enumerate(clusters):
            self.add(j, cluster.kind, cluster.names)

    def add(self, j: int, kind: str, names: Iterable[str]) -> None:
        for name in names:
            words, lowered = name.split(), name.lower()
            for group_index, group in enumerate(EQUIVALENT_NAMES):
                if lowered in group:
                    self._by_key["group", str(group_index)].add(j)
            self._by_key["identity", identity(name)].add(j)
            if kind == "PERSON" and words:
                self._by_key["first", words[0]].add(j)
                self._by_key["last", identity(name).split()[-1]].add(j)
            elif kind == "ORG":
                low = lowered.split()
                for a in range(len(low)):  # every run of words inside the name
                    for b in range(a + 1, len(low) + 1):
                        self._by_key["run", " ".join(low[a:b])].add(j)
            elif kind == "GPE" and len(words) > 1:
                self._by_key["stem", " ".join(words[:-1])].add(j)

    def equivalent(self, a: ActorCluster, acronyms: dict[str, str]) -> set[int]:
        found: set[int] = set()
        for name in a.names:
            lowered = name.lower()
            for group_index, group in enumerate(EQUIVALENT_NAMES):
                if lowered in group:
                    found |= self._by_key.get(("group", str(group_index)), set())
            target = acronyms.get(identity(name))
            if target is not None:
                found |= self._by_key.get(("identity", target), set())
        return found

    def longer(self, a: ActorCluster) -> set[int]:
        if a.kind == "PERSON":
            return set(self._by_key.get(("first", a.name.split()[0]), set()))
        if a.kind == "ORG":
            return set(self._by_key.get(("run", a.name.lower()), set()))
        if a.kind == "GPE":
            return set(self._by_key.get(("stem", a.name), set()))
        return set()

    def same_surname(self, a: ActorCluster) -> set[int]:
        if a.kind != "PERSON":
            return set()
        return set(self._by_key.get(("last", identity(a.name).split()[-1]), set()))


def merge_equivalents(
    clusters: list[ActorCluster],
    assignment: dict[int, int],
    headline_end: int = -1,
    acronyms: dict[str, str] | None = None,
) -> tuple[list[ActorCluster], dict[int, int]]:
    """Clusters that name one actor (``_equivalent``, ``_part_of``, ``_headline_variant``)
    become one. ``acronyms`` maps a defined acronym's identity to its long name's."""
    acronyms = acronyms or {}
    target = list(range(len(clusters)))
    candidates = _Candidates(clusters)
    for i, a in enumerate(clusters):
        longer = sorted(j for j in candidates.longer(a) if j != i and _part_of(a, clusters[j]))
        headline = sorted(
            j for j in candidates.same_surname(a) if j != i and _headline_variant(a, clusters[j], headline_end)
        )
        if len(headline) == 1:
            # the body's person takes the headline's mention, but not its spurious name
            ri, rj = _root(target, i), _root(target, headline[0])
            if ri != rj:
                target[ri] = rj
                clusters[rj].spans.extend(clusters[ri].spans)
            continue
        # "Daniel" or "Court" joins a longer name only when exactly one actor fits (names
        # already merged count once: "Supreme Court" and "Italian Supreme Court of Cassation")
        equivalent = sorted(
            j for j in candidates.equivalent(a, acronyms) if j != i and _equivalent(a, clusters[j], acronyms)
        )
        partners = equivalent + (longer[:1] if len({_root(target, j) for j in longer}) == 1 else [])
        for j in partners:
            ri, rj = _root(target, i), _root(target, j)
            if ri != rj:
                keep, drop = (ri, rj) if clusters[ri].mentions >= clusters[rj].mentions else (rj, ri)
                target[drop] = keep
                candidates.add(keep, clusters[keep].kind, clusters[drop].names)
                clusters[keep].absorb(clusters[drop])
    roots = sorted({_root(target, i) for i in range(len(clusters))})
    index = {r: k for k, r in enumerate(roots)}
    return [clusters[r] for r in roots], {m: index[_root(target, ci)] for m, ci in assignment.items()}


def _root(target: list[int], i: int) -> int:
    while target[i] != i:
        i = target[i]
    return i
