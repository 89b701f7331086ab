"""Direct quotations and who said them, split by role (as BBC R&D's Citron splits attribution):

- ``layout``: where quotations, paragraphs and sentences lie;
- ``cues``: which words report speech ("said", "according to");
- ``speakers``: which words can speak; ``mentions``: whom they name (pronouns resolved to
  the nearest fitting actor that was a subject or a speaker);
- ``rules`` and ``cascade``: each rule's speaker, and the rules in the order they are trusted;
- ``proposals`` and ``facts``: every rule's proposal and what the parse says of it, for the
  ranker (``attribution_model``) that chooses among them;
- ``extractor``: composes them into ``Quote`` records.

The quotation marks are found on the raw characters (``bot.nlp.marks``). Without a model the
first rule of the cascade that finds someone decides; with one, every proposal is scored and
the best is taken.
"""

from bot.nlp.quotes.cues import is_cue
from bot.nlp.quotes.extractor import MIN_WORDS_WITHOUT_SPEAKER, QuoteExtractor, extract_quotes
from bot.nlp.quotes.speakers import Speaker

__all__ = ["MIN_WORDS_WITHOUT_SPEAKER", "QuoteExtractor", "Speaker", "extract_quotes", "is_cue"]
