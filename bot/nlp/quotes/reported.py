"""Reported speech: who said what without quotation marks ("Biden said he would be open to
diplomacy with Putin"). Split by role as the direct quotes are:

- the cue: a verb whose subject can speak and that has a content (its clause, "said he
  would…"; its verb phrase, "vowed to block…", "defended the comments as…"), or "according to
  X", or a headline's "X: …";
- the content: that clause or phrase, or for "according to" the rest of the sentence; when the
  cue sits inside it ("The plan, he said, will fail") the two pieces are its fragments;
- the source: the cue's subject (or passive agent, or a relative pronoun), named through the
  same machinery as the speakers of direct quotes.

Which cues report is learned from PolNeAR train (``python -m bot.bench.train_reported``): for
each verb and kind of content, how often such a candidate is an annotated attribution. A
candidate is kept when that rate clears the learned threshold. Content inside quotation marks
is the direct quote's: a mixed attribution (part quoted, part paraphrased) keeps the one record
the direct quote gives it.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy
from spacy.attrs import DEP, LOWER, POS
from spacy.strings import get_string_id
from spacy.symbols import VERB
from spacy.tokens import Span, Token

from bot.models import Quote
from bot.nlp.lexicon import QUANTIFIERS, RELATIVE_PRONOUNS, REPORTING_LEMMAS
from bot.nlp.quotes.cues import attribution_phrase_object
from bot.nlp.quotes.document import QuoteDocument
from bot.nlp.quotes.speakers import Speaker
from bot.text import quote_context

CUES_PATH = Path(__file__).resolve().parent.parent / "reported_cues.json"
MIN_CONTENT_WORDS = 2
PHRASE_DEPS = frozenset("dobj prep xcomp ccomp advcl oprd dative attr acomp npadvmod".split())
# Verbs whose object is the listener ("told the council"): only their clause or "to" phrase is content.
LISTENER_LEMMAS = frozenset(
    "tell inform remind assure reassure brief notify ask warn urge advise instruct beg implore thank".split()
)
LISTENER_PHRASE_DEPS = frozenset({"xcomp", "ccomp"})
_EDGE_WORDS = frozenset({"that", ",", "-", "—", "–", ":", ";", "and", "but"})
_POSS, _ACCORDING = get_string_id("poss"), get_string_id("according")
_SOURCE_ENTITIES = ("PERSON", "ORG", "NORP", "GPE")  # who a headline's "X: …" can be


@dataclass(frozen=True)
class ReportedCandidate:
    """One cue with its content and source, before it becomes a ``Quote``."""

    cue: Token
    source: Token
    relation: str  # what the content is to the cue: ccomp, phrase, head, noun, according, colon
    fragments: tuple[tuple[int, int], ...]  # character ranges of the content

    @property
    def key(self) -> str:
        word = "according" if self.relation == "according" else ":" if self.relation == "colon" else self.cue.lemma_
        return cue_key(word, self.relation)


def cue_key(word: str, relation: str) -> str:
    """What the learned rates are kept under: the cue's word (a verb's lemma) and its relation."""
    return f"{word.lower()}/{relation}"


@dataclass(frozen=True)
class ReportingCues:
    """The learned rates: for each cue key, a smoothed share of annotated attributions."""

    rates: dict[str, float]
    default: dict[str, float]  # by relation, for verbs train never saw
    threshold: float

    def rate(self, key: str, relation: str) -> float:
        return self.rates.get(key, self.default.get(relation, 0.0))

    def score(self, candidate: ReportedCandidate) -> float:
        return self.rate(candidate.key, candidate.relation)

    def worth(self, key: str, relation: str) -> bool:
        return self.rate(key, relation) >= self.threshold

    @classmethod
    def load(cls, path: Path = CUES_PATH) -> ReportingCues:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["rates"], data["default"], data["threshold"])


@functools.cache
def default_cues() -> ReportingCues | None:
    """The shipped rates, read once per process; None when the file is missing (no reported speech)."""
    return ReportingCues.load() if CUES_PATH.exists() else None


def _trimmed(tokens: list[Token]) -> list[Token]:
    while tokens and (tokens[0].lower_ in _EDGE_WORDS or tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].lower_ in _EDGE_WORDS or tokens[-1].is_punct or tokens[-1].is_space):
        tokens = tokens[:-1]
    return tokens


def _pieces(sentence: Span, content: set[int]) -> tuple[tuple[int, int], ...]:
    """The content's tokens as character ranges in sentence order: one run, or the first and
    last around the cue."""
    runs: list[list[Token]] = []
    for t in sentence:
        if t.i in content:
            if runs and runs[-1][-1].i == t.i - 1:
                runs[-1].append(t)
            else:
                runs.append([t])
    kept = [r for r in (_trimmed(run) for run in runs) if r]
    if sum(1 for run in kept for t in run if t.is_alpha) < MIN_CONTENT_WORDS:
        return ()
    if len(kept) > 2:
        kept = [kept[0], kept[-1]]
    return tuple((run[0].idx, run[-1].idx + len(run[-1])) for run in kept)


def _subtrees(tokens: list[Token]) -> set[int]:
    return {t.i for c in tokens for t in c.subtree}


def _partitive(token: Token) -> Token:
    """ "one of his aides", "some of the voters": the group is who speaks."""
    if token.like_num or token.lower_ in QUANTIFIERS:
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                objects = [c for c in prep.children if c.dep_ == "pobj"]
                if objects:
                    return objects[0]
    return token


def _opens_with_that(clause: Token) -> bool:
    """A complement clause ("that he would …"), not a relative one ("that he gave")."""
    first = clause.left_edge
    return first.lower_ == "that" and first.dep_ == "mark"


def verb_content(cue: Token) -> tuple[str, Callable[[], set[int]]] | None:
    """What a verb's content can be, and (called only when needed) its tokens: its clausal
    complement; the rest of its verb phrase ("vowed to block…", "defended the comments as…");
    or, for a cue hung on its content ("The plan will fail, officials said"), that clause."""
    complements = [c for c in cue.children if c.dep_ == "ccomp"]
    if complements:
        return "ccomp", lambda: _subtrees(complements)
    deps = LISTENER_PHRASE_DEPS if cue.lemma_.lower() in LISTENER_LEMMAS else PHRASE_DEPS
    phrase = [c for c in cue.rights if c.dep_ in deps]
    if phrase:
        return "phrase", lambda: _subtrees(phrase)
    head = cue.head
    if cue.dep_ in ("parataxis", "advcl") and head.i != cue.i and head.pos_ in ("VERB", "AUX"):
        return "head", lambda: {t.i for t in head.subtree} - {t.i for t in cue.subtree}
    return None


class ReportedSpeech:
    def __init__(self, qd: QuoteDocument, direct: list[Quote], cues: ReportingCues | None):
        self.qd = qd
        self.doc = qd.doc
        self.cues = cues
        self.quoted = [(q.start, q.end) for q in direct]

    @staticmethod
    def _subject(verb: Token) -> Token | None:
        """The verb's own subject, or the one it shares: "met voters and said …", "spoke,
        saying …"; not the subject a participle hangs on ("Said to be the oldest, the bridge …")."""
        for _ in range(3):
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects:
                return subjects[0]
            if verb.dep_ == "conj" or (verb.dep_ == "advcl" and verb.tag_ == "VBG"):
                verb = verb.head
            else:
                return None
        return None

    def _source(self, token: Token | None) -> Token | None:
        if token is None or token.dep_ == "nsubjpass":  # "Biden was accused of …": spoken about
            return None
        token = _partitive(token)
        if token.dep_ == "nsubj" and (token.like_num or token.ent_type_ in ("PERCENT", "CARDINAL")):
            return token  # a poll's "Two in three said …", "58 percent say …"
        if token.lower_ in RELATIVE_PRONOUNS:  # "Ward, who said …": who is the mention
            if token.lower_ != "who":
                return None  # "which", "that": a thing, or a parse gone astray
            return token if self.qd.names.relative_antecedent(token) is not None else None
        return token if self.qd.roles.can_speak_as_subject(token) else None

    def candidates(self, worth: Callable[[str, str], bool] = lambda key, relation: True) -> Iterator[ReportedCandidate]:
        """Every cue that could report something, with its content and source; ``worth``
        (a cue key and its relation) skips a verb before its source is looked for."""
        roles, view = self.qd.roles, self.qd.view
        for i in self._tokens(POS, VERB):
            cue = self.doc[i]
            if view.inside_quote(cue.idx):
                continue
            found = verb_content(cue)
            if found is None:
                continue
            relation, content = found
            lemma = cue.lemma_.lower()
            if not worth(cue_key(lemma, relation), relation):
                continue
            # a passive's agent speaks only through a speech verb ("was criticised by X")
            agent = roles.passive_agent(cue) if lemma in REPORTING_LEMMAS else None
            source = self._source(agent or self._subject(cue))
            if source is None:
                continue
            fragments = _pieces(cue.sent, content() - {t.i for t in source.subtree})
            if fragments:
                yield ReportedCandidate(cue, source, relation, fragments)
        yield from self._noun_cues()
        for start in self._according_to():
            obj = attribution_phrase_object(start)
            obj = _partitive(obj) if obj is not None else None
            if obj is None or not roles.can_speak(obj):
                continue
            fragments = _pieces(start.sent, self._outside_phrase(start))
            if fragments:
                yield ReportedCandidate(start, roles.head_of_mention(obj), "according", fragments)
        yield from self._colon_headlines()

    def _noun_cues(self) -> Iterator[ReportedCandidate]:
        """ "Biden's comments that he would be open to diplomacy": a noun with a "that" clause
        for its content and a possessive for its source."""
        owned = {self.doc[i].head.i for i in self._tokens(DEP, _POSS)}  # nouns with a possessive
        for i in sorted(owned):
            noun = self.doc[i]
            if noun.pos_ != "NOUN" or self.qd.view.inside_quote(noun.idx):
                continue
            clauses = [c for c in noun.rights if c.dep_ in ("acl", "ccomp") and _opens_with_that(c)]
            owners = [c for c in noun.lefts if c.dep_ == "poss" and c.lower_ not in RELATIVE_PRONOUNS]
            if not clauses or not owners or not self.qd.roles.can_speak(owners[0]):
                continue
            fragments = _pieces(noun.sent, _subtrees(clauses))
            if fragments:
                yield ReportedCandidate(noun, self.qd.roles.head_of_mention(owners[0]), "noun", fragments)

    def _tokens(self, attr: int, value: int) -> list[int]:
        """Indices of the tokens whose ``attr`` is ``value`` (read as one array: fast)."""
        return numpy.flatnonzero(self.doc.to_array([attr]) == value).tolist() if len(self.doc) else []

    def _according_to(self) -> Iterator[Token]:
        for i in self._tokens(LOWER, _ACCORDING):
            t = self.doc[i]
            if i + 1 < len(self.doc) and self.doc[i + 1].lower_ == "to" and not self.qd.view.inside_quote(t.idx):
                yield t

    @staticmethod
    def _outside_phrase(start: Token) -> set[int]:
        """ "According to X, Y": the sentence without the phrase."""
        prep = start.doc[start.i + 1]
        phrase = {start.i, prep.i} | {t.i for t in prep.subtree}
        return {t.i for t in start.sent} - phrase

    def _colon_headlines(self) -> Iterator[ReportedCandidate]:
        """ "Kelli Ward: Impeach the attorney general", "TAPPER: Do you think …": a short
        lead naming somebody, a colon, what they said."""
        for sent in self.doc.sents:
            colon = next((t for t in sent[:8] if t.text == ":"), None)
            if colon is None or colon.i == sent.start:
                continue
            lead = self.doc[sent.start : colon.i]
            if any(t.pos_ in ("VERB", "AUX") for t in lead):
                continue  # a sentence of its own before the colon, not a name
            last = lead[-1]
            named = last.ent_type_ in _SOURCE_ENTITIES or last.pos_ == "PROPN" or (last.is_upper and len(last) > 2)
            if not named or not self.qd.roles.can_speak(last, tagged=False):
                continue
            fragments = _pieces(sent, {t.i for t in self.doc[colon.i + 1 : sent.end]})
            if fragments:
                yield ReportedCandidate(colon, self.qd.roles.head_of_mention(last), "colon", fragments)

    def _overlaps_quotation(self, start: int, end: int) -> bool:
        """Content that overlaps a direct quote is the direct quote's record (a mixed
        attribution); quoted words no direct quote took (a scare quote, a title) stay in it."""
        return any(s < end and start < e for s, e in self.quoted)

    def _generic_they(self, source: Token, speaker: Speaker) -> bool:
        """ "They say the sky is blue": a "they" with no group before it is nobody in particular."""
        if source.lower_ != "they" or (speaker.name is not None and speaker.kind != "PERSON"):
            return False
        sentence = source.sent
        start = sentence.start
        if start > 0:
            start = self.doc[start - 1].sent.start  # the sentence before too
        return not any(t.tag_ in ("NNS", "NNPS") for t in self.doc[start : source.i])

    def _speaker(self, candidate: ReportedCandidate) -> Speaker:
        names = self.qd.names
        cue = "according to" if candidate.relation == "according" else candidate.cue.text
        if candidate.source.lower_ in RELATIVE_PRONOUNS:
            speaker = names.relative_speaker(candidate.source, cue)
            if speaker is not None:
                return speaker
        return names.speaker_of_mention(candidate.source, cue)

    def quotes(self) -> list[Quote]:
        """The candidates the learned rates keep, best first where two would claim the same words."""
        if self.cues is None:
            return []
        cues = self.cues
        scored = [(cues.score(c), c) for c in self.candidates(cues.worth)]
        kept = sorted((pair for pair in scored if pair[0] >= cues.threshold), key=lambda pair: -pair[0])
        found: list[Quote] = []
        for _, candidate in kept:
            start, end = candidate.fragments[0][0], candidate.fragments[-1][1]
            if self._overlaps_quotation(start, end) or any(q.start < end and start < q.end for q in found):
                continue
            speaker = self._speaker(candidate)
            if self._generic_they(candidate.source, speaker):
                continue
            if speaker.name is not None and speaker.kind == "PERSON" and candidate.source.lower_ == "they":
                speaker = dataclasses.replace(speaker, name=None, kind=None)  # a group, not that one person
            found.append(
                Quote(
                    text=" … ".join(self.qd.text[s:e] for s, e in candidate.fragments),
                    start=start,
                    end=end,
                    speaker=speaker.name,
                    speaker_start=speaker.start,
                    speaker_end=speaker.end,
                    cue=speaker.cue,
                    sentence=quote_context(candidate.cue.sent.text),
                    sentence_start=candidate.cue.sent.start_char,
                    sentence_end=candidate.cue.sent.end_char,
                    direct=False,
                    fragments=candidate.fragments if len(candidate.fragments) > 1 else (),
                )
            )
        return sorted(found, key=lambda q: q.start)


def reported_quotes(qd: QuoteDocument, direct: list[Quote], cues: ReportingCues | None = None) -> list[Quote]:
    return ReportedSpeech(qd, direct, cues if cues is not None else default_cues()).quotes()
