"""Finding the actors of a parsed document: mentions from NER, repaired; clusters; merges."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from bot.names import surname_key
from bot.nlp.actors.describe import description, title_prefix
from bot.nlp.actors.kinds import Mention, decide_kinds
from bot.nlp.actors.merges import merge_equivalents
from bot.nlp.actors.model import ActorCluster, ActorIndex
from bot.nlp.actors.names import (
    clean_name,
    identity,
    is_common_word,
    is_plausible_name,
    is_portfolio,
    is_share_widget,
    name_tokens,
)
from bot.nlp.actors.scan import TokenTable
from bot.nlp.lexicon import NOT_ACTOR_ACRONYMS, PLACE_OF_WORDS, PLACE_SUFFIXES

ACTOR_KINDS = ("PERSON", "ORG", "GPE", "NORP")
# Regions and buildings are places too: "North America", "the Volgograd Arena".
PLACE_LABELS = {"LOC": "GPE", "FAC": "GPE"}
_NAME_JOINERS = frozenset("of and for the on in".split())


def _entity_mentions(doc: Doc) -> list[Mention]:
    mentions: list[Mention] = []
    for entity in doc.ents:
        kind = PLACE_LABELS.get(entity.label_, entity.label_)
        if kind not in ACTOR_KINDS:
            continue
        ent = name_tokens(entity, kind)
        name = clean_name(ent.text, kind)
        if kind == "ORG" and is_portfolio(ent, name):
            continue
        if is_plausible_name(name, kind) and not is_share_widget(ent, name):
            mentions.append((ent, kind, name))
    return mentions


def _acronym_at(doc: Doc, i: int) -> str | None:
    """The acronym defined by '(ACR)' at token i (an opening bracket), if that is what is there."""
    if i + 2 >= len(doc) or doc[i + 2].text != ")":
        return None
    acronym = doc[i + 1]
    return acronym.text if acronym.is_upper and acronym.is_alpha and 2 <= len(acronym) <= 8 else None


def _spelled_name(table: TokenTable, i: int, acronym: str) -> Span | None:
    """The capitalised words before token i whose initials spell the acronym, with or without
    the small words between them: 'For Inspiration and Recognition of Science and Technology
    (FIRST)', 'Friends of Robotic Gear Engineering (FORGE)'."""
    doc = table.doc
    start = i
    sentence_start = table.sentence(i).start
    while start > sentence_start and i - start < 3 * len(acronym):
        word = doc[start - 1]
        if not (word.is_title or word.lower_ in _NAME_JOINERS):
            break
        start -= 1
        if word.is_title and i - start > 1:
            words = doc[start:i]
            strict = "".join(t.text[0] for t in words if t.is_title)
            loose = "".join(t.text[0] for t in words)
            if acronym.upper() in (strict.upper(), loose.upper()):
                return words
    return None


def _defined_acronyms(table: TokenTable, mentions: list[Mention]) -> tuple[dict[str, str], list[Mention]]:
    """'the Union of Rationalist Atheists and Agnostics (UAAR)': the acronym's identity -> the
    long name's, and as mentions every use of the acronym that NER did not mark (and the long
    name, when NER missed it too)."""
    doc = table.doc
    acronyms: dict[str, str] = {}
    kinds: dict[str, str] = {}
    extra: list[Mention] = []
    ends = {ent.end: (kind, name) for ent, kind, name in mentions if kind in ("ORG", "GPE") and len(name.split()) > 1}
    for i in table.where("("):
        acronym = _acronym_at(doc, i)
        if acronym is None or acronym in kinds:
            continue
        near = [ends[e] for e in range(i - 3, i + 1) if e in ends and e > table.sentence(i).start]
        if near and near[-1][1][0] == acronym[0]:
            kind, name = near[-1]
        else:
            spelled = _spelled_name(table, i, acronym)
            if spelled is None:
                continue
            kind, name = "ORG", spelled.text
            extra.append((spelled, kind, name))
        acronyms[acronym.lower()] = identity(name)
        kinds[acronym] = kind
    marked = {t.i for ent, _, _ in mentions for t in ent} | {t.i for ent, _, _ in extra for t in ent}
    if kinds:
        uses = (doc[i] for i in table.where_any(set(kinds)) if i not in marked)
        extra.extend((doc[t.i : t.i + 1], kinds[t.text], t.text) for t in uses)
    return acronyms, extra


def _unmarked_acronyms(table: TokenTable, mentions: list[Mention]) -> list[Mention]:
    """Acronyms the text uses twice or more where NER did not mark them ('FIRST', 'FIFA' of
    'the 2018 FIFA football World Cup'): organisations, unless a common abbreviation ('TV',
    'GDP') or a shouted sentence. Two letters are too often a place ('LA', 'NY')."""
    doc = table.doc
    marked = {t.i for ent, _, _ in mentions for t in ent}
    uses: dict[str, int] = {}
    unmarked: dict[str, list[int]] = {}
    for t in (doc[i] for i in table.acronym_candidates(3, 8)):
        if t.lower_ in NOT_ACTOR_ACRONYMS:
            continue
        if table.shouted(table.sentence(t.i)):
            continue
        uses[t.text] = uses.get(t.text, 0) + 1
        if t.i not in marked:
            unmarked.setdefault(t.text, []).append(t.i)
    return [(doc[i : i + 1], "ORG", text) for text, where in unmarked.items() if uses[text] >= 2 for i in where]


def _inner_place(ent: Span) -> Span | None:
    """The place a name contains: 'Mexico' of 'Mexico City', 'Volgograd' of 'the Volgograd
    Arena', 'Sheffield' of 'University of Sheffield' (one or two capitalised words)."""
    words = [t for t in ent if not (t.i == ent.start and t.lower_ == "the")]
    if len(words) < 2:
        return None
    if words[-1].lower_ in PLACE_SUFFIXES:
        inner = words[:-1]
    elif len(words) > 2 and words[0].lower_ in PLACE_OF_WORDS and words[1].lower_ == "of":
        inner = words[2:]
    else:
        return None
    if not 1 <= len(inner) <= 2 or not all(t.is_title or t.is_upper for t in inner):
        return None
    return ent.doc[inner[0].i : inner[-1].i + 1]


def _commemorated(ent: Span) -> Span | None:
    """The person a memorial is named after: 'Chiang Kai Shek' of 'Chiang Kai Shek Memorial'."""
    words = [t for t in ent if not (t.i == ent.start and t.lower_ == "the")]
    if len(words) < 3 or words[-1].lower_ != "memorial" or len(words) > 4:
        return None
    inner = words[:-1]
    return ent.doc[inner[0].i : inner[-1].i + 1] if all(t.is_title for t in inner) else None


class _EndingsIndex(dict[tuple[str, ...], set[int]]):
    """People by the shorter names their display name ends in: ("clinton",) and ("hillary",
    "clinton") lead to "Hillary Rodham Clinton". Kept in step as names change, so a new mention
    finds its fuller namesakes without a scan of every person."""

    def __init__(self) -> None:
        super().__init__()
        self._endings_of: dict[int, list[tuple[str, ...]]] = {}

    def refresh(self, cluster: int, name: str) -> None:
        for ending in self._endings_of.pop(cluster, ()):
            self[ending].discard(cluster)
        words = identity(name).split()
        # endings strictly shorter than the name as written (a dropped middle initial counts)
        endings = [tuple(words[-n:]) for n in range(1, min(len(words), len(name.split()) - 1) + 1)]
        for ending in endings:
            self.setdefault(ending, set()).add(cluster)
        self._endings_of[cluster] = endings


def find_actors(doc: Doc) -> ActorIndex:
    mentions = _entity_mentions(doc)
    table = TokenTable(doc)
    acronyms, extra = _defined_acronyms(table, mentions)
    mentions.extend(extra)
    mentions.extend(_unmarked_acronyms(table, mentions))
    # places inside names are mentions too, but the tokens stay the outer actor's
    nested = [
        (inner, "GPE", clean_name(inner.text, "GPE"))
        for ent, kind, _ in mentions
        if kind in ("ORG", "GPE") and (inner := _inner_place(ent)) is not None
    ] + [
        (inner, "PERSON", clean_name(inner.text, "PERSON"))
        for ent, kind, _ in mentions
        if kind in ("ORG", "GPE") and (inner := _commemorated(ent)) is not None
    ]
    first_nested = len(mentions)
    mentions.extend(nested)
    full_surnames = {
        surname_key(identity(name)) for _, kind, name in mentions if kind == "PERSON" and len(name.split()) > 1
    }
    ordinary = table.ordinary_words()
    mentions = [
        (ent, kind, name)
        for ent, kind, name in mentions
        if kind not in ("PERSON", "ORG") or identity(name) in full_surnames or not is_common_word(name, ordinary)
    ]
    kind_of, team_nationalities = decide_kinds(mentions, table)
    if team_nationalities:  # "the Afghan team": the team is the actor
        mentions = [
            (ent, kind, f"{name} team" if identity(name) in team_nationalities else name)
            for ent, kind, name in mentions
        ]
        kind_of.update({f"{key} team": "ORG" for key in team_nationalities})

    headline_end = doc.text.find("\n")
    clusters: list[ActorCluster] = []
    by_key: dict[tuple[str, str], int] = {}
    longer_names = _EndingsIndex()
    # Longest names first, so "Biden" can join "Joe Biden".
    order = sorted(range(len(mentions)), key=lambda k: -len(mentions[k][2].split()))
    assignment: dict[int, int] = {}
    for k in order:
        ent, _, name = mentions[k]
        kind = kind_of[identity(name)]
        cluster_key = (kind, identity(name))
        if cluster_key not in by_key:
            target = None
            if kind == "PERSON":
                fits = sorted(longer_names.get(tuple(identity(name).split()), ()))
                if fits:
                    # a person the body names in full before one named only in the headline
                    # ("Hillary Clinton", not the headline's "Double Standard Clinton")
                    target = max(
                        fits,
                        key=lambda ci: (
                            any(start > headline_end for start, _ in clusters[ci].spans),
                            clusters[ci].mentions,
                        ),
                    )
            if target is None:
                clusters.append(ActorCluster(kind))
                target = len(clusters) - 1
            by_key[cluster_key] = target
        assignment[k] = by_key[cluster_key]
        cluster = clusters[by_key[cluster_key]]
        cluster.add_name(name)
        if kind == "PERSON":
            longer_names.refresh(by_key[cluster_key], cluster.name)
        cluster.spans.append((ent.start_char, ent.end_char))
    clusters, assignment = merge_equivalents(clusters, assignment, headline_end, acronyms)

    by_token: dict[int, int] = {}
    for k, ci in sorted(assignment.items(), key=lambda kv: kv[0] >= first_nested):
        ent, _, _ = mentions[k]
        cluster = clusters[ci]
        title = title_prefix(doc, ent)
        written = clean_name(ent.text, "ORG")  # possessive and article dropped, titles kept
        cluster.surface[written] = cluster.surface.get(written, 0) + 1
        if title and cluster.kind == "PERSON":
            titled = f"{title} {written}"
            cluster.surface[titled] = cluster.surface.get(titled, 0) + 1
        if cluster.description is None and cluster.kind in ("PERSON", "ORG"):
            cluster.description = description(doc, ent)  # a place or a nationality is not described
        for t in range(ent.start, ent.end):
            if k < first_nested:
                by_token[t] = ci
            else:  # a place inside a name: its tokens stay the outer actor's
                by_token.setdefault(t, ci)
    return ActorIndex(clusters, by_token)
