"""Which words can speak: the subject or agent of a speech verb, and the checks that keep
listeners, things, datelines and numbers from being taken for a speaker."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from bot.nlp.lexicon import (
    GROUP_PRONOUNS,
    NEVER_SPEAKERS,
    NOT_SPEAKER_ENTITIES,
    OBJECT_DEPS,
    PERSON_PRONOUNS,
    QUANTIFIERS,
    RELATIVE_PRONOUNS,
    SPEAKER_NOUNS,
    SUBJECT_DEPS,
)
from bot.nlp.quotes.cues import attribution_phrase_object
from bot.nlp.quotes.layout import TextView


@dataclass(frozen=True)
class Speaker:
    """Who a rule credits with a quotation, and the mention the attribution rests on."""

    name: str | None
    start: int
    end: int
    kind: str | None
    cue: str | None
    token: int  # index of the token the attribution rests on


def is_age_noun(token: Token) -> bool:
    """ "the 46-year-old": an age standing for a person (the recogniser calls it a DATE)."""
    return (
        token.lower_ == "old"
        and any(c.lower_ in ("year", "years") for c in token.children)
        and any(c.dep_ == "det" for c in token.children)
    )


def is_mention(t: Token) -> bool:
    """A word that can name somebody: a name, a pronoun, a noun, an age."""
    return (
        is_age_noun(t)
        or t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
        or t.text.lower() in PERSON_PRONOUNS | GROUP_PRONOUNS
        or t.pos_ in ("PROPN", "NOUN")
    )


def is_known_source(token: Token) -> bool:
    """Not a common noun, or one that names a kind of source ("an aide"), not a thing."""
    return token.pos_ != "NOUN" or bool(token.ent_type_) or token.lemma_.lower() in SPEAKER_NOUNS


def in_parentheses(token: Token) -> bool:
    """Whether a word sits inside a parenthesis of its sentence: "(D-Vt.)" names no speaker."""
    doc = token.doc
    for i in range(token.i - 1, max(-1, token.i - 9), -1):
        if doc[i + 1].is_sent_start or doc[i].text == ")":
            return False
        if doc[i].text == "(":
            return True
    return False


def surname_read_as_modal(verb: Token) -> Token | None:
    """ "May" in "“…,” May said": a capitalised modal before a past-tense verb cannot be
    a modal, so it is the surname the tagger took for one (Theresa May, George Will)."""
    if verb.tag_ not in ("VBD", "VBN"):
        return None
    for child in verb.children:
        if child.i < verb.i and child.tag_ == "MD" and child.dep_ == "aux" and child.text.istitle():
            return child
    return None


def depth(token: Token) -> int:
    """Steps from a token up to the root of its sentence."""
    steps = 0
    while token.head.i != token.i and steps < 50:
        token, steps = token.head, steps + 1
    return steps


def head_of_mention(token: Token, entity_at: Mapping[int, Span]) -> Token:
    """The root of the entity a token belongs to, else the token itself."""
    ent = entity_at.get(token.i)
    return ent.root if ent is not None else token


class SpeakerRoles:
    """Who speaks through a speech verb in one document, and which words can speak at all."""

    def __init__(
        self, doc: Doc, view: TextView, cue_tokens: set[int], phrase_starts: list[int], dateline_tokens: set[int]
    ):
        self.doc = doc
        self.view = view
        self.cue_tokens = cue_tokens
        self.dateline_tokens = dateline_tokens
        self.entity_at = {t: ent for ent in doc.ents for t in range(ent.start, ent.end)}
        self.speaking = self._speaking_tokens(phrase_starts)

    def is_cue(self, token: Token) -> bool:
        return token.i in self.cue_tokens

    def head_of_mention(self, token: Token) -> Token:
        return head_of_mention(token, self.entity_at)

    def _speaking_tokens(self, phrase_starts: list[int]) -> set[int]:
        """Tokens that speak through a speech verb, or X in "according to X"."""
        roles = set()
        for i in sorted(self.cue_tokens.union(phrase_starts)):
            t = self.doc[i]
            if self.view.inside_quote(t.idx):
                continue
            if self.is_cue(t):
                subj = self.cue_speaker(t)
                if subj is not None:
                    roles.add(subj.i)
            obj = attribution_phrase_object(t)
            if obj is not None:
                roles.add(obj.i)
        return roles

    def subject_of(self, verb: Token) -> Token | None:
        t = verb
        for _ in range(3):
            subjects = [c for c in t.children if c.dep_ in SUBJECT_DEPS and not self.view.inside_quote(c.idx)]
            if subjects:
                return subjects[0]
            surname = surname_read_as_modal(t)
            if surname is not None:
                return surname
            if t.dep_ == "xcomp":
                # "That prompted Castellan to call it "…"": the object of the outer verb acts
                controller = [c for c in t.head.children if c.dep_ == "dobj" and c.i < t.i]
                if controller:
                    return controller[0]
            if t.dep_ in ("advcl", "xcomp", "conj") and t.head.i != t.i:
                t = t.head
            else:
                break
        return None

    def cue_speaker(self, cue: Token) -> Token | None:
        """Who speaks through a speech verb: the agent of a passive ("was called "…" by
        Ortiz"), else its subject."""
        return self.passive_agent(cue) or self.subject_of(cue)

    def passive_agent(self, verb: Token) -> Token | None:
        """X in "was called "…" by X": the agent of a passive speech verb, also where the
        parser hangs "by X" on the quoted words."""
        if not any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
            return None
        for t in verb.doc[verb.i + 1 : verb.sent.end]:
            if t.lower_ == "by" and t.dep_ in ("agent", "prep") and not self.view.inside_quote(t.idx):
                for who in t.children:
                    # a "by" the parser hung elsewhere must at least name somebody
                    if (
                        who.dep_ == "pobj"
                        and self.can_speak(who)
                        and (t.dep_ == "agent" or who.ent_type_ in ("PERSON", "ORG"))
                    ):
                        return self.head_of_mention(who)
                return None
        return None

    def spoken_about(self, subject: Token) -> bool:
        """ "The plan" in "The plan was called "…" by Ortiz": what is described, not who speaks."""
        return (
            subject.dep_ == "nsubjpass" and self.is_cue(subject.head) and self.passive_agent(subject.head) is not None
        )

    def can_speak(self, token: Token, tagged: bool = True) -> bool:
        """Whether a word can be who spoke; ``tagged=False`` ignores its (perhaps wrong) POS tag."""
        if token.i in self.dateline_tokens:
            return False  # "PORTLAND, Ore. —" opens the story; the city says nothing
        low = token.text.lower()
        if not any(ch.isalpha() for ch in low):
            return False  # a dash or mark the tagger took for a word
        if low in NEVER_SPEAKERS or low in RELATIVE_PRONOUNS | QUANTIFIERS:
            return False
        if low in PERSON_PRONOUNS | GROUP_PRONOUNS and token.dep_ in OBJECT_DEPS:
            return False  # "told him": the listener
        if token.tag_ == "MD":  # also a "May" the recogniser took for the month
            return surname_read_as_modal(token.head) is not None
        if is_age_noun(token):
            return True
        if token.like_num or token.ent_type_ in NOT_SPEAKER_ENTITIES or (tagged and token.dep_ == "npadvmod"):
            return False
        return not tagged or token.pos_ not in ("ADV", "ADJ", "VERB", "AUX", "SCONJ", "CCONJ", "DET")

    def can_speak_as_subject(self, token: Token) -> bool:
        """A subject that can speak and is not what a passive speech verb describes."""
        return self.can_speak(token) and not self.spoken_about(token)

    def source_within(self, thing: Token) -> Token | None:
        """A named source inside a common noun phrase: "calculations by Amy Lin", "audio
        provided by the station"."""
        if thing.ent_type_ or thing.pos_ != "NOUN":
            return None
        for t in thing.subtree:
            if t.i - thing.i > 10:
                break
            if (
                t.i > thing.i
                and t.dep_ == "pobj"
                and t.head.lower_ in ("by", "from", "of")
                and t.ent_type_ in ("PERSON", "ORG")
            ):
                return self.head_of_mention(t)
        return None
