"""What an actor is (person, organisation, place or group), from NER's votes and the context
of every mention: one sense per document."""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Span, Token

from bot.names import surname_key
from bot.nlp.actors.names import identity
from bot.nlp.actors.scan import TokenTable
from bot.nlp.lexicon import (
    CONTEST_VERBS,
    INSTITUTIONS,
    ORG_CUE_NOUNS,
    ORG_OPENERS,
    ORG_WORDS,
    PLACE_WORDS,
    SOCIAL_NETWORKS,
    TEAM_NOUNS,
    TITLE_WORDS,
)

Mention = tuple[Span, str, str]  # the name's tokens, NER's kind, the cleaned name

_LOCATIVE = {"in", "at", "from", "near", "around", "outside", "across", "into", "throughout", "like"}
_PLACE_NOUNS = {"oblast", "oblasts", "region", "regions", "province", "provinces", "county", "district", "city"}
_SCORE = re.compile(r"\b\d{1,2}\s*[–—-]\s*\d{1,2}\b")
# Role nouns that open a person's name even when NER calls it an organisation ("founder Dean
# Kamen"); adjectives such as "former" are left out ("the former Soviet Union").
_ROLE_NOUNS = frozenset(w for w in TITLE_WORDS if w.isalpha()) - {"former", "first", "senior", "top", "prime", "vice"}


def in_place_context(ent: Span) -> bool:
    """'massacres in Bucha and Mariupol', 'Kherson oblast': used as a place."""
    root = ent.root
    doc = ent.doc
    if ent.end < len(doc) and doc[ent.end].lower_ in _PLACE_NOUNS:
        return True
    head = root
    while head.dep_ == "conj" and head.head.i != head.i:  # "in Bucha and Mariupol"
        head = head.head
        if head.ent_type_ == "GPE":  # "Donetsk, Luhansk, Zaporizhzhia": listed with places
            return True
    return head.dep_ == "pobj" and head.head.lower_ in _LOCATIVE


def _org_cue(ent: Span) -> bool:
    """'Google headquarters', 'a member of Scientology', 'an attorney for Scientology'."""
    root = ent.root
    if root.dep_ in ("compound", "poss") and root.head.lower_ in ORG_CUE_NOUNS:  # "Google's headquarters"
        return True
    if root.dep_ == "pobj" and root.head.lower_ in ("of", "for"):
        return root.head.head.lower_ in ORG_CUE_NOUNS
    return False


def _contest_verb(token: Token) -> Token | None:
    """The contest verb a country's mention is a party to: subject, object, 'lost to England'."""
    node = token
    if node.dep_ in ("appos", "npadvmod") and node.head.dep_ == "dobj":  # "defeated debutants Panama"
        node = node.head
    if node.dep_ == "pobj" and node.head.lower_ in ("to", "against"):
        node = node.head
    head = node.head
    if node.dep_ in ("nsubj", "dobj", "npadvmod", "prep") and head.lemma_ in CONTEST_VERBS:
        return head
    return None


def _as_team(ent: Span, table: TokenTable) -> bool:
    """A country in a sentence with a score ('Sweden defeated South Korea 1 – 0',
    'Belgium 3 – 0 Panama') is its national team."""
    sent = table.sentence(ent.start)
    if not _SCORE.search(sent.text):
        return False
    if _contest_verb(ent.root) is not None:
        return True
    doc = ent.doc
    after = doc[ent.end : min(ent.end + 3, len(doc))].text
    before = doc[max(ent.start - 3, sent.start) : ent.start].text
    return bool(
        re.match(r"\s*\d{1,2}\s*[–—-]\s*\d{1,2}\s*$", after) or re.search(r"\d{1,2}\s*[–—-]\s*\d{1,2}\s*$", before)
    )


def _role_before(ent: Span) -> bool:
    """A role noun right before a two- or three-word proper name: 'founder Dean Kamen'."""
    if ent.start == 0 or not 2 <= len(ent) <= 3 or not all(t.pos_ == "PROPN" and t.is_title for t in ent):
        return False
    before = ent.doc[ent.start - 1]
    return before.pos_ in ("NOUN", "PROPN") and before.lower_ in _ROLE_NOUNS


def _in_team(ent: Span) -> bool:
    """A nationality that names a team: 'the Afghan team', 'the Afghan team's coach'."""
    root = ent.root
    return root.dep_ in ("amod", "compound") and root.head.lemma_ in TEAM_NOUNS


def decide_kinds(mentions: list[Mention], table: TokenTable) -> tuple[dict[str, str], set[str]]:
    """Each name's kind (keyed by identity), and the nationalities that name a team."""
    votes: dict[str, Counter[str]] = {}
    for _, kind, name in mentions:
        votes.setdefault(identity(name), Counter())[kind] += 1
    kind_of = {key: v.most_common(1)[0][0] for key, v in votes.items()}

    cues: Counter[str] = Counter()
    locatives: Counter[str] = Counter()
    team_uses: Counter[str] = Counter()
    nationality_uses: Counter[str] = Counter()
    places, subjects, teams, people = set(), set(), set(), set()
    for ent, kind, name in mentions:
        key = identity(name)
        if in_place_context(ent):
            places.add(key)
            locatives[key] += 1
        if ent.root.dep_ in ("nsubj", "nsubjpass"):
            subjects.add(key)
        cues[key] += _org_cue(ent)
        if kind == "GPE" and _as_team(ent, table):
            teams.add(key)
        if kind in ("ORG", "GPE") and _role_before(ent):
            people.add(key)
        if kind == "NORP":
            nationality_uses[key] += 1
            team_uses[key] += _in_team(ent)

    for key, kind in kind_of.items():
        words = key.split()
        if key in places - subjects and len(words) == 1 and kind in ("PERSON", "ORG") and not cues[key]:
            kind_of[key] = "GPE"  # "massacres in Bucha and Mariupol", never a subject
        if kind == "GPE" and cues[key] > locatives[key]:
            kind_of[key] = "ORG"  # "Google headquarters", "a member of Scientology"
        if key in teams:
            kind_of[key] = "ORG"  # "Sweden defeated South Korea 1 – 0": the teams
        if len(words) > 1 and words[-1] in ORG_WORDS:
            kind_of[key] = "ORG"  # "Kessel Works" is a company whatever NER said
        elif len(words) > 1 and words[-1] in PLACE_WORDS:
            kind_of[key] = "GPE"  # "Ostrel Arena" is a place whatever NER said
        elif len(words) > 2 and words[0] in ORG_WORDS and words[1] == "of":
            kind_of[key] = "ORG"  # "Municipality of Livorno", "University of Sheffield"
        elif len(words) > 1 and words[0] in ORG_OPENERS:
            kind_of[key] = "ORG"  # "Instituto Gonzaga", "University Hospital"
        if key in people and kind_of[key] in ("ORG", "GPE"):
            kind_of[key] = "PERSON"
    # "Obama White House": a person's name before an organisation the article names is that
    # organisation's, not a person
    orgs = [k for k, v in kind_of.items() if v == "ORG" and " " in k] + list(INSTITUTIONS)
    for key in kind_of:
        if kind_of[key] == "PERSON" and any(key.endswith(f" {org}") for org in orgs):
            kind_of[key] = "ORG"
    # "Korea" of the team "South Korea" is that team too
    for key in kind_of:
        if kind_of[key] == "GPE" and any(t.endswith(f" {key}") for t in teams):
            kind_of[key] = "ORG"
    # A lone surname of a person the article names in full is that person, whatever NER said.
    surnames = {surname_key(identity(n)) for _, kind, n in mentions if kind == "PERSON" and len(n.split()) > 1}
    for key in kind_of:
        if " " not in key and key in surnames:
            kind_of[key] = "PERSON"
    # a nationality the story uses mostly for its team, and often ("the Afghan team")
    team_nationalities = {k for k, n in nationality_uses.items() if team_uses[k] * 2 > n and team_uses[k] >= 3}
    for key in kind_of:
        if key in SOCIAL_NETWORKS:
            kind_of[key] = "ORG"  # "YouTube", "Twitter": companies, whatever NER said
    for key in team_nationalities:
        kind_of[key] = "ORG"
    return kind_of, team_nationalities
