"""Extractive summary: the sentences that carry the article's most frequent content words,
with a lead bias (news puts the point first), never page furniture or the headline again."""

from __future__ import annotations

import math
import re
from collections import Counter

from spacy.tokens import Doc, Span

from bot.models import SummarySentence
from bot.nlp.marks import DATELINE, QuoteSpan, sentence_spans
from bot.nlp.summary_choice import pick_summary

__all__ = ["candidate_sentences", "is_furniture", "pick_summary"]

_FURNITURE = re.compile(
    r"(leave a reply|please enter your|enter your (?:comment|name|email)|read the rest|"
    r"click here|sign up|subscribe|newsletter|all rights reserved|cookie|share this|"
    r"follow us|related articles?|advertisement|photo:|image:|getty images|view(?:s|ed)? \d|"
    r"\d+ (?:views|shares|comments)|posted (?:on|by)|copyright|©)",
    re.IGNORECASE,
)
_BYLINE_OR_CAPTION = re.compile(
    r"^(?:by\s+[A-Z]|written by|updated|published|posted|image caption|caption|pictured|photo|"
    r"photograph|picture|credit|file photo|watch|listen|read more|see also|\(?(?:ap|reuters|afp) photo)",
    re.IGNORECASE,
)
_STARTS_DEPENDENT = re.compile(
    r"^(?:(?:he|she|they|it)\b|(?:this|that|these|those)\s+(?:is|was|were|are|has|had|will|would|means|meant)\b|"
    r"(?:but|and|also|however|meanwhile|still|yet|instead)\b)",
    re.IGNORECASE,
)
MIN_WORDS, MAX_WORDS = 7, 60


def _words(span: Span) -> list[str]:
    return [t.lemma_.lower() for t in span if t.is_alpha and not t.is_stop and len(t) > 2]


def is_furniture(text: str) -> bool:
    """Page furniture: comment forms, counters, bylines, captions, datelines standing alone."""
    text = text.strip()
    dateline = DATELINE.match(text)
    return bool(_FURNITURE.search(text) or _BYLINE_OR_CAPTION.match(text) or (dateline and dateline.end() == len(text)))


def candidate_sentences(
    doc: Doc,
    skip_before: int = 0,
    title: str | None = None,
    quote_spans: list[QuoteSpan] | None = None,
    text: str | None = None,  # the doc's text, when the caller already has it
) -> list[SummarySentence]:
    """Body sentences worth considering, scored; ``skip_before`` and ``title`` keep the headline out."""
    headline = " ".join((title or "").lower().split())
    expanded = (
        doc.char_span(a, b, alignment_mode="expand")
        for a, b in sentence_spans(doc.text if text is None else text, quote_spans)
        if a >= skip_before
    )
    sentences = [s for s in expanded if s is not None]  # "expand" always finds the tokens
    content = [_words(s) for s in sentences]
    freq = Counter(w for ws in content for w in set(ws))
    top = max(freq.values(), default=1)
    out = []
    body_index = 0
    for sent, words in zip(sentences, content, strict=True):
        text = sent.text.strip()
        n_words = sum(1 for t in sent if t.is_alpha)
        if n_words < MIN_WORDS or n_words > MAX_WORDS or is_furniture(text):
            continue
        if headline and headline in " ".join(text.lower().split()):
            continue  # the headline again, perhaps with a full stop
        if text[-1:] not in '.!?"”’)' or text[:1].islower():
            continue  # a heading, a caption or a fragment
        if not any(t.pos_ in ("VERB", "AUX") for t in sent):
            continue
        if text.count("“") != text.count("”") or text.count('"') % 2:
            continue  # cut in the middle of a quotation
        weight = sum(freq[w] / top for w in set(words)) / math.sqrt(max(len(words), 1))
        lead = 1.0 / (1.0 + 0.25 * body_index)
        score = 0.55 * lead + 0.45 * weight
        if _STARTS_DEPENDENT.match(text):
            continue  # "He added that…" means little without the sentence before it
        out.append(SummarySentence(text, sent.start_char, sent.end_char, round(score, 4)))
        body_index += 1
    return out
