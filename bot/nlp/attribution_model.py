"""Two small linear models on top of the attribution rules.

Speaker choice: every rule in ``quotes`` (the cue after the quotation, the speech verb that
governs it, the speaker of the quotation before it, a pronoun's antecedent, …) proposes a
mention; each proposal is scored from which rules made it, what kind of mention it is and
where it sits, and the best one wins.

Keeping: whether a quoted string is a quotation at all (rather than a scare quote or a
nickname) is judged from its length, its surroundings and what the rules found for it.

Both were learned on the PolNeAR train split by ``python -m bot.bench.train_speakers``; the
weights live in ``attribution_weights.json`` beside this file.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.nlp.lexicon import (
    FIRST_PERSON,
    FIRST_PERSON_PLURAL,
    GROUP_PRONOUNS,
    PERSON_PRONOUNS,
    RELATIVE_PRONOUNS,
    SECOND_PERSON,
)
from bot.nlp.marks import WORD

WEIGHTS_PATH = Path(__file__).with_name("attribution_weights.json")


@dataclass(frozen=True)
class QuoteContext:
    """Where a quotation sits: what the features of a proposal are measured against."""

    open_at: int  # the opening mark
    end: int  # one past the last quoted character
    words: int
    paragraph_initial: bool
    last_char: str  # the last quoted character: "," in '"…," she said'
    next_char: str  # the first character after the closing mark and any spaces


@dataclass(frozen=True)
class Proposal:
    start: int
    end: int
    text: str
    rules: frozenset[str]
    kind: str | None = None  # PERSON, ORG, …: the actor the mention belongs to
    cue: str | None = None  # the speech word the proposing rule rests on
    path: str = "none"  # steps up from the mention and the quotation to their common head
    meets: str = ""  # lemma of that common head
    actor: str | None = None  # the canonical name the mention is credited to
    verb: str = ""  # lemma of the verb the mention is the subject of
    noun: str = "other"  # for a common noun: "source" ("an aide") or "thing" ("the plan")
    mark: str = ""  # the word opening the subordinate clause the mention is subject of ("as", "after")
    clause: str = ""  # how the clause the mention is subject of hangs: "ROOT", "ccomp", "relcl", …


def mention_type(text: str) -> str:
    low = text.lower()
    if low in PERSON_PRONOUNS:
        return "person-pronoun"
    if low in GROUP_PRONOUNS:
        return "group-pronoun"
    if low in ("i", "we"):
        return "writer"
    if low in RELATIVE_PRONOUNS:
        return "relative"
    return "capitalised" if text[:1].isupper() else "lowercase"


def _distance_band(chars: int) -> str:
    if chars < 5:
        return "adjacent"
    if chars < 40:
        return "near"
    return "far" if chars < 150 else "distant"


def voice_of(words) -> str:
    """Who quoted words speak as: "i", "we", "you" (speaking to someone) or "none"."""
    # "US" in capitals is the country, not "us"
    lowered = {w.lower() for w in words if not (len(w) > 1 and w.isupper())}
    if lowered & FIRST_PERSON:
        return "i"
    if lowered & FIRST_PERSON_PLURAL:
        return "we"
    return "you" if lowered & SECOND_PERSON else "none"


def _char_class(ch: str) -> str:
    if not ch:
        return "none"
    if ch in ",;:—–-":
        return "comma"
    if ch in ".!?…":
        return "stop"
    if ch.isalpha():
        return "upper" if ch.isupper() else "lower"
    return "other"


def proposals_features(proposals: list[Proposal], quote: QuoteContext, text: str) -> list[dict[str, float]]:
    """Sparse features of each proposal; the names are the keys of the weights file."""
    before = [k for k, p in enumerate(proposals) if p.start < quote.open_at]
    after = [k for k, p in enumerate(proposals) if p.start >= quote.open_at]
    nearest_before = max(before, key=lambda k: proposals[k].start, default=None)
    nearest_after = min(after, key=lambda k: proposals[k].start, default=None)
    most_rules = max((len(p.rules) for p in proposals), default=0)
    support: dict[str, int] = {}
    for p in proposals:
        if p.actor:
            support[p.actor] = support.get(p.actor, 0) + len(p.rules)
    top_support = max(support.values(), default=0)
    quoted = text[quote.open_at : quote.end]
    quoted_words = set(WORD.findall(quoted))
    voice = voice_of(quoted_words)
    out = []
    for k, proposal in enumerate(proposals):
        features = proposal_features(proposal, quote, text)
        # Who the quoted words speak as ("I", "we") and whether they name the proposed
        # actor (people seldom name themselves) say something about who speaks.
        features[f"voice={voice}&kind={proposal.kind}"] = 1.0
        features[f"voice={voice}&mention={mention_type(proposal.text)}"] = 1.0
        if proposal.actor and proposal.actor.split()[-1] in quoted_words:
            features["named-in-quote"] = 1.0
        if k in (nearest_before, nearest_after):
            features["nearest-on-its-side"] = 1.0
        if len(proposal.rules) == most_rules:
            features["most-rules"] = 1.0
        if proposal.actor:
            # Every rule that credits the same person, through any of their mentions.
            features["actor-support"] = support[proposal.actor] / 5
            if support[proposal.actor] == top_support:
                features["best-supported-actor"] = 1.0
            if sum(p.actor == proposal.actor for p in proposals) > 1:
                features[f"actor-mentioned-again&mention={mention_type(proposal.text)}"] = 1.0
        out.append(features)
    return out


def proposal_features(proposal: Proposal, quote: QuoteContext, text: str) -> dict[str, float]:
    kind = mention_type(proposal.text)
    before = proposal.start < quote.open_at
    lo, hi = (proposal.end, quote.open_at) if before else (quote.end, proposal.start)
    lo, hi = min(lo, hi), max(lo, hi)
    band = _distance_band(hi - lo)
    new_paragraph = "\n" in text[lo:hi]
    length = "short" if quote.words <= 4 else "medium" if quote.words < 12 else "long"
    context = [
        ("side", "before" if before else "after"),
        ("length", length),
        ("opens-paragraph", str(quote.paragraph_initial)),
        ("other-paragraph", str(new_paragraph)),
        ("distance", band),
        ("quote-ends", _char_class(quote.last_char)),
        ("then", _char_class(quote.next_char)),
    ]
    features: dict[str, float] = {f"mention={kind}": 1.0, "rules": len(proposal.rules) / 5}
    for key, value in context:
        features[f"{key}={value}"] = 1.0
    features[f"kind={proposal.kind}"] = 1.0
    features[f"cue={(proposal.cue or '').lower()}"] = 1.0
    features[f"path={proposal.path}"] = 1.0
    features[f"verb={proposal.verb}"] = 1.0
    features[f"noun={proposal.noun}"] = 1.0
    features[f"meets={proposal.meets}"] = 1.0
    features[f"verb={proposal.verb}&side={'before' if before else 'after'}"] = 1.0
    if proposal.clause:
        features[f"clause={proposal.clause}&side={'before' if before else 'after'}"] = 1.0
    if proposal.mark:
        # "As the Ledger reported, …", "after Ortiz argued that …"
        features[f"mark={proposal.mark}"] = 1.0
        features[f"mark={proposal.mark}&side={'before' if before else 'after'}"] = 1.0
    features[f"path={proposal.path}&mention={kind}"] = 1.0
    features[f"place={'before' if before else 'after'}/{band}/{new_paragraph}"] = 1.0
    # '"…." The next sentence' versus '"…," she said': where the quoted sentence ends matters.
    ending = f"{_char_class(quote.last_char)}/{_char_class(quote.next_char)}"
    features[f"side={'before' if before else 'after'}&ending={ending}"] = 1.0
    for rule in proposal.rules:
        features[f"rule={rule}"] = 1.0
        for key, value in context + [("mention", kind), ("ending", ending)]:
            features[f"rule={rule}&{key}={value}"] = 1.0
        for other in proposal.rules:
            if rule < other:
                features[f"rule={rule}+{other}"] = 1.0
    return features


@dataclass(frozen=True)
class QuotedLook:
    """What a quoted string looks like in its sentence, for telling quotations from scare
    quotes, nicknames and titles."""

    word_before: str  # lowercased word just before the opening mark ("called", "the")
    word_after: str  # lowercased word right after the closing mark, "" past punctuation ("buzz")
    title_like: bool  # every word capitalised: "State of the Union"
    voice: str  # "i", "we", "you" or "none": see voice_of
    finite: bool  # a finite verb inside: a clause someone said, not a phrase
    attach: str  # how the quoted words hang on the sentence: "dobj", "compound", "ccomp", …


def quotation_features(
    quote: QuoteContext, fired: list[str], top_rules: frozenset[str], look: QuotedLook
) -> dict[str, float]:
    """Features of a quoted string for the keep model: ``fired`` are the rules that found a
    speaker for it, ``top_rules`` those behind the ranker's choice."""
    length = (
        "1"
        if quote.words <= 1
        else "2-3"
        if quote.words <= 3
        else "4-6"
        if quote.words <= 6
        else "7-11"
        if quote.words < 12
        else "12-20"
        if quote.words <= 20
        else "21+"
    )
    features = {
        "bias": 1.0,
        f"length={length}": 1.0,
        f"quote-ends={_char_class(quote.last_char)}": 1.0,
        f"then={_char_class(quote.next_char)}": 1.0,
        f"opens-paragraph={quote.paragraph_initial}": 1.0,
        f"word-before={look.word_before}": 1.0,
        f"word-after={look.word_after}": 1.0,
        f"title-like={look.title_like}": 1.0,
        f"voice={look.voice}": 1.0,
        f"finite={look.finite}&length={length}": 1.0,
        f"attach={look.attach}": 1.0,
        f"attach={look.attach}&found={bool(fired)}": 1.0,
        f"found={bool(fired)}&length={length}": 1.0,
    }
    for rule in fired:
        features[f"fired={rule}"] = 1.0
    for rule in top_rules:
        features[f"top={rule}"] = 1.0
        features[f"top={rule}&length={length}"] = 1.0
    if not top_rules:
        features["top=none"] = 1.0
    return features


def first_best(scores: list[float]) -> int:
    """Index of the highest score; the first of equals, so ties keep the rules' order."""
    return max(range(len(scores)), key=lambda k: (scores[k], -k))


class AttributionModel:
    def __init__(
        self,
        speaker_weights: dict[str, float],
        keep_weights: dict[str, float] | None = None,
        keep_thresholds: tuple[float, float] = (0.5, 0.5),
    ):
        self.speaker_weights = speaker_weights
        self.keep_weights = keep_weights or {}
        # How sure the keep model must be, for a quotation the rules found a speaker for and
        # for one they did not (chosen on train by held-out end-to-end F1).
        self.keep_found_above, self.keep_unfound_above = keep_thresholds

    @classmethod
    def load(cls, path: Path = WEIGHTS_PATH) -> AttributionModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        thresholds = data.get("keep_thresholds", {})
        return cls(
            data["speaker"],
            data.get("keep"),
            (thresholds.get("rules_found_speaker", 0.5), thresholds.get("rules_found_none", 0.5)),
        )

    @staticmethod
    def _dot(weights: dict[str, float], features: dict[str, float]) -> float:
        return sum(weights.get(name, 0.0) * value for name, value in features.items())

    def best(self, proposals: list[Proposal], quote: QuoteContext, text: str) -> int:
        """Index of the best proposal (the first of equals, so ties keep the rules' order)."""
        return first_best([self._dot(self.speaker_weights, f) for f in proposals_features(proposals, quote, text)])

    def keep(self, features: dict[str, float], rules_found_speaker: bool) -> bool | None:
        """Whether the quoted string is a quotation; None without a keep model."""
        if not self.keep_weights:
            return None
        probability = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, self._dot(self.keep_weights, features)))))
        return probability >= (self.keep_found_above if rules_found_speaker else self.keep_unfound_above)


@lru_cache(maxsize=1)
def default_model() -> AttributionModel | None:
    """The shipped model, read once per process; None if the file is missing (rules only)."""
    return AttributionModel.load() if WEIGHTS_PATH.exists() else None
