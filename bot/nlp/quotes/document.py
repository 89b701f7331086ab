"""One document as the quote rules see it: its layout, its speech verbs, who can speak in
it and whom its words name. Built once per document; every rule reads it."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from bot.nlp.actors import ActorIndex
from bot.nlp.marks import QuoteSpan, find_quote_spans
from bot.nlp.quotes.cues import find_cues
from bot.nlp.quotes.layout import Layout
from bot.nlp.quotes.mentions import MentionNamer
from bot.nlp.quotes.speakers import SpeakerRoles, depth


class QuoteDocument:
    def __init__(self, doc: Doc, actors: ActorIndex, spans: list[QuoteSpan] | None = None, text: str | None = None):
        self.doc = doc
        self.text = doc.text if text is None else text  # Doc.text joins every token again on each access
        self.spans = find_quote_spans(self.text) if spans is None else spans
        self.layout = Layout(doc, self.text, self.spans)
        self.view = self.layout.view
        cue_tokens, phrase_starts = find_cues(doc)
        self.roles = SpeakerRoles(doc, self.view, cue_tokens, phrase_starts, self.layout.dateline_tokens)
        self.names = MentionNamer(doc, self.view, actors, self.roles)
        self._chains: dict[int, list[Token]] = {}

    def quote_chain(self, span: QuoteSpan) -> list[Token]:
        """The quotation's highest token in the parse and the heads above it (once per span:
        every proposal of the quotation is measured against it)."""
        if span.open_at not in self._chains:
            inside = list(self.doc.char_span(span.start, span.end, alignment_mode="expand") or [])
            # the highest token has its head outside the quotation (or is the sentence root)
            outside = [t for t in inside if t.head.i == t.i or not inside[0].i <= t.head.i <= inside[-1].i]
            top = min(outside, key=depth) if outside else None
            self._chains[span.open_at] = [top, *top.ancestors] if top is not None else []
        return self._chains[span.open_at]
