"""The extractor: the cascade's choices, then (with the shipped model) the ranker's choice
among every proposal and the keep model's verdict on each quoted string."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc

from bot.models import Quote
from bot.nlp.actors import ActorIndex
from bot.nlp.attribution_model import AttributionModel, Proposal, QuoteContext, default_model
from bot.nlp.marks import WORD, QuoteSpan
from bot.nlp.quotes.cascade import RuleChoice, rule_choices
from bot.nlp.quotes.document import QuoteDocument
from bot.nlp.quotes.facts import keep_features, proposal
from bot.nlp.quotes.proposals import propose
from bot.nlp.quotes.reported import reported_quotes
from bot.nlp.quotes.speakers import Speaker
from bot.text import quote_context

MIN_WORDS_WITHOUT_SPEAKER = 12  # shorter quotations nobody is credited with are mostly scare quotes

_NO_MODEL = object()


@dataclass
class RankerInput:
    """One quoted string as the ranker sees it: the proposed speakers and their proposals."""

    index: int
    context: QuoteContext
    speakers: list[Speaker]
    proposals: list[Proposal]


class QuoteExtractor:
    def __init__(
        self,
        doc: Doc,
        actors: ActorIndex,
        spans: list[QuoteSpan] | None = None,
        model: AttributionModel | None | object = _NO_MODEL,
        text: str | None = None,
    ):
        self.document = QuoteDocument(doc, actors, spans, text)
        # None: the rules alone decide (the cascade); by default the shipped model chooses.
        self.model: AttributionModel | None = default_model() if model is _NO_MODEL else model  # type: ignore[assignment]

    @property
    def spans(self) -> list[QuoteSpan]:
        return self.document.spans

    def extract(self) -> list[Quote]:
        qd, model = self.document, self.model
        choices = rule_choices(qd, all_rules=model is not None)
        chosen = [choice.speaker for choice in choices]
        kept = [choice.quotation and not self._unattributed_short(choice) for choice in choices]
        if model is not None:
            for item in self.ranker_inputs(choices):
                top: frozenset[str] = frozenset()
                if item.proposals:
                    best = model.best(item.proposals, item.context, qd.text)
                    chosen[item.index], top = item.speakers[best], item.proposals[best].rules
                choice = choices[item.index]
                features = keep_features(qd, choice.span, item.context, choice.fired)
                verdict = model.keep(features(top), choice.speaker is not None)
                if verdict is not None:
                    kept[item.index] = verdict
        return [
            _quote(qd, choice.span, speaker)
            for choice, speaker, keep in zip(choices, chosen, kept, strict=True)
            if keep
        ]

    def ranker_inputs(self, choices: list[RuleChoice]) -> Iterator[RankerInput]:
        """For every quoted string that is not a title: its context, the proposed speakers and
        their proposals for the ranker (the same for extracting and learning)."""
        qd = self.document
        for index, choice in enumerate(choices):
            if not choice.quotation:
                continue
            options = list(propose(qd, index, choices).values())
            yield RankerInput(
                index,
                qd.layout.context(choice.span),
                [speaker for speaker, _ in options],
                [proposal(qd, speaker, rules, choice.span) for speaker, rules in options],
            )

    def _unattributed_short(self, choice: RuleChoice) -> bool:
        """Without a model: a short quotation with no cue of its own and no speaker to continue
        is most likely a scare quote."""
        span = choice.span
        words = WORD.findall(self.document.text[span.start : span.end])
        return choice.speaker is None and len(words) < MIN_WORDS_WITHOUT_SPEAKER


def _quote(qd: QuoteDocument, span: QuoteSpan, speaker: Speaker | None) -> Quote:
    lo, hi = qd.layout.sentence_bounds(span)
    return Quote(
        text=qd.text[span.start : span.end],
        start=span.start,
        end=span.end,
        speaker=speaker.name if speaker else None,
        speaker_start=speaker.start if speaker else None,
        speaker_end=speaker.end if speaker else None,
        cue=speaker.cue if speaker else None,
        sentence=quote_context(qd.text[lo:hi]),
        sentence_start=lo,
        sentence_end=hi,
    )


def extract_quotes(
    doc: Doc,
    actors: ActorIndex,
    spans: list[QuoteSpan] | None = None,
    text: str | None = None,
    reported: bool = True,
) -> list[Quote]:
    """Direct quotes, then (``reported``) reported speech, in the order of the text."""
    extractor = QuoteExtractor(doc, actors, spans, text=text)
    direct = extractor.extract()
    if not reported:
        return direct
    return sorted(direct + reported_quotes(extractor.document, direct), key=lambda q: q.start)
