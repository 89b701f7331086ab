"""The attribution cascade: the rules in the order they are trusted, titles told from
quotations, and the continuation of a speaker into quotations with no cue of their own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.nlp.lexicon import SMALL_WORDS, SUBJECT_DEPS, TITLE_FOLLOWERS
from bot.nlp.marks import WORD, QuoteSpan
from bot.nlp.quotes import rules
from bot.nlp.quotes.document import QuoteDocument
from bot.nlp.quotes.speakers import Speaker

Rule = Callable[[QuoteDocument, QuoteSpan, int, int], "Speaker | None"]

# Most trusted first. The names are keys of the attribution model's features
# (attribution_weights.json): they never change without retraining.
CASCADE: tuple[tuple[str, Rule], ...] = (
    ("right", rules.cue_after),  # '"…," she said'
    ("last", rules.governing_cue),  # 'Ortiz stressed the port would face "…"'
    ("colon", rules.clause_before_colon),  # 'He returned to his familiar lines: "…"'
    ("insent", rules.cue_in_sentence),  # a cue anywhere in the sentence
    # Transcript and list styles, trusted last: "Ortiz: "…"" and a "— Ortiz." line after.
    ("colon-label", rules.colon_label),
    ("signature", rules.signature),
    ("that-clause", rules.that_clause),  # 'Ortiz groused that the board "…"'
)


@dataclass
class RuleChoice:
    """What the rules make of one quoted string."""

    span: QuoteSpan
    quotation: bool  # False for a title ("Today" show)
    by_rule: dict[str, Speaker | None]  # what each rule proposed (every rule, for the ranker)
    speaker: Speaker | None = None  # the cascade's choice, or the speaker it continues

    @property
    def fired(self) -> list[str]:
        return [rule for rule, speaker in self.by_rule.items() if speaker is not None]


def is_title(qd: QuoteDocument, span: QuoteSpan) -> bool:
    """A quoted name of a show, a book or a campaign, not words somebody said."""
    text = qd.text
    inner = text[span.start : span.end]
    words = WORD.findall(inner)
    if not words or len(words) > 8:
        return False
    if inner[-1:] in ".,!?;:…":
        # American style puts the comma inside: on Channel Nine's "Morning Table," is still a title.
        before = text[max(0, span.open_at - 4) : span.open_at].lower()
        if inner[-1:] not in ",." or not (before.endswith(("’s ", "'s ", " on ", " of "))):
            return False
    follower = WORD.match(text[span.outer_end :].lstrip())
    if follower and follower.group(0).lower() in TITLE_FOLLOWERS and words[0][:1].isupper():
        return True  # a lowercase "“broken” campaign finance system" is not a title
    capitalised = all(w[:1].isupper() or w.lower() in SMALL_WORDS for w in words)
    return capitalised and words[0][:1].isupper() and len(words) <= 6


def rule_choices(qd: QuoteDocument, all_rules: bool) -> list[RuleChoice]:
    """The rules' speaker for every quoted string; ``all_rules`` runs every rule (the ranker
    weighs them all), else the first rule that finds a speaker decides."""
    choices = []
    for index, span in enumerate(qd.spans):
        if is_title(qd, span):
            choices.append(RuleChoice(span, quotation=False, by_rule={}))
            continue
        left = qd.layout.left_bound(span, index)
        by_rule: dict[str, Speaker | None] = {}
        for name, rule in CASCADE:
            by_rule[name] = rule(qd, span, index, left)
            if by_rule[name] is not None and not all_rules:
                break
        speaker = next((sp for sp in by_rule.values() if sp is not None), None)
        choices.append(RuleChoice(span, quotation=True, by_rule=by_rule, speaker=speaker))

    # One speaker for all pieces of a multi-paragraph quotation.
    by_group: dict[int, Speaker] = {}
    for choice in choices:
        if choice.speaker is not None:
            by_group.setdefault(choice.span.group, choice.speaker)
    for index, choice in enumerate(choices):
        if choice.quotation and choice.speaker is None:
            choice.speaker = by_group.get(choice.span.group) or _continuation(qd, index, choices)
    return choices


# ---------------------------------------------------------------- quotations with no cue of their own


def _continuation(qd: QuoteDocument, index: int, choices: list[RuleChoice]) -> Speaker | None:
    """A quotation with no cue of its own continues the nearest speaker before it."""
    return (
        _earlier_in_paragraph(qd, index) or _previous_speaker(qd, index, choices) or _paragraph_introduction(qd, index)
    )


def continuation_in_text(qd: QuoteDocument, index: int) -> Speaker | None:
    """The continuation found from the text alone, whoever the other quotations' speakers are."""
    return _earlier_in_paragraph(qd, index) or _paragraph_introduction(qd, index)


def _earlier_in_paragraph(qd: QuoteDocument, index: int) -> Speaker | None:
    span = qd.spans[index]
    return rules.last_cue(qd, qd.layout.paragraphs[span.paragraph].start, span.open_at)


def _previous_speaker(qd: QuoteDocument, index: int, choices: list[RuleChoice]) -> Speaker | None:
    """The speaker of the nearest quotation before, in this paragraph or one that the
    quotation continues directly."""
    span = qd.spans[index]
    para = qd.layout.paragraphs[span.paragraph]
    for k in range(index - 1, -1, -1):
        prev = qd.spans[k]
        if prev.paragraph < span.paragraph - 1:
            break
        if prev.paragraph == span.paragraph - 1 and qd.text[para.start : span.open_at].strip():
            break  # the paragraph starts with narration, not with the quotation
        if choices[k].quotation and choices[k].speaker is not None:
            return choices[k].speaker
    return None


def _paragraph_introduction(qd: QuoteDocument, index: int) -> Speaker | None:
    """For a quotation that opens its paragraph: who the paragraph before introduces."""
    span = qd.spans[index]
    paragraphs = qd.layout.paragraphs
    para = paragraphs[span.paragraph]
    if span.paragraph > 0 and span.open_at == para.start:
        prev_para = paragraphs[span.paragraph - 1]
        if qd.text[prev_para.start : prev_para.end].rstrip().endswith(":"):
            # "Lee said:" and, with no speech verb, "Lee in 1992:" or "Lee's reply:"
            return rules.last_cue(qd, prev_para.start, prev_para.end) or _introduced_by(
                qd, prev_para.start, prev_para.end
            )
        return _introduced_by(qd, prev_para.start, prev_para.end)
    return None


def _introduced_by(qd: QuoteDocument, lo: int, hi: int) -> Speaker | None:
    """A quotation that is a paragraph of its own after narration about someone ("Brandt
    went on with his complaint.") is that person's: the last sentence's subject."""
    start = qd.layout.sentence_start(lo, hi)
    for t in qd.view.tokens(start, hi):
        if t.dep_ in SUBJECT_DEPS and t.head.dep_ == "ROOT":
            speaker = qd.names.speaker_of_mention(t, None)
            return speaker if speaker.kind == "PERSON" else None
    return None
