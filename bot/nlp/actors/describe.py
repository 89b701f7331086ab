"""What the article says an actor is: an apposition or a title phrase before the name."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from bot.nlp.actors.names import TITLE_STEMS
from bot.nlp.lexicon import SPEAKER_NOUNS, TITLE_WORDS


def title_prefix(doc: Doc, ent: Span) -> str | None:
    """Capitalised title words right before a name: "President" in "President Joe Biden"."""
    i = ent.start
    words: list[str] = []
    while i > 0 and doc[i - 1].text.lower() in TITLE_WORDS and doc[i - 1].text[:1].isupper():
        i -= 1
        words.insert(0, doc[i].text)
    return " ".join(words) if words else None


def _readable_description(span: Span) -> str | None:
    """A description as a reader can use it: a phrase with a common noun, no other actor's name,
    no brackets, quotation marks or dashes, and no title word left dangling at its end."""
    words = [t for t in span if not t.is_space]
    while words and (
        words[-1].is_punct or (words[-1].text[:1].isupper() and words[-1].lower_.rstrip(".") in TITLE_STEMS)
    ):
        words = words[:-1]  # "former presidential candidate Sen." (the title that opens the name)
    while words and words[0].is_punct:
        words = words[1:]
    if not words or len(words) > 14 or not any(t.pos_ == "NOUN" for t in words):
        return None
    if words[0].lower_ not in ("a", "an", "the") and words[0].pos_ not in ("ADJ", "NOUN", "PROPN", "NUM"):
        return None  # "this reeks of …": a clause, not a noun phrase
    if any(t.ent_type_ == "PERSON" for t in words):
        return None  # "billionaire environmentalist Tom Steyer and …": someone else
    if any(t.text in '()[]{}"“”—–' for t in words):
        return None
    text = " ".join(span.doc[words[0].i : words[-1].i + 1].text.split())  # no line break inside
    return text if 2 <= len(text) <= 140 else None


def _is_role(token: Token) -> bool:
    return token.lemma_.lower() in SPEAKER_NOUNS or token.lower_.rstrip(".") in TITLE_STEMS


def description(doc: Doc, ent: Span) -> str | None:
    """An apposition ("Steven Pifer, a former US ambassador") or a title phrase before the name."""
    root = ent.root
    for child in root.rights:
        if child.dep_ == "appos" and child.i >= ent.end:
            span = doc[child.left_edge.i : child.right_edge.i + 1]
            text = span.text.strip(" ,")
            first = text.split()[0].lower() if text else ""
            if not text[:1].isupper() or first in {"a", "an", "the"}:
                readable = _readable_description(span)
                if readable:
                    return readable
    lefts = [t for t in root.lefts if t.i < ent.start and t.dep_ in ("compound", "amod", "nmod")]
    if lefts:
        start = min(t.left_edge.i for t in lefts)
        end = ent.start
        while end > start and (doc[end - 1].pos_ == "PROPN" or doc[end - 1].ent_type_ in ("GPE", "NORP", "ORG")):
            end -= 1  # "fellow candidate Texas (Sen.) Ted Cruz": the place is not the role
        readable = _readable_description(doc[start:end]) if end > start else None
        # a title before a name ends in a role ("Republican presidential nominee"), not in
        # whatever else the parse hung there ("unilateral action")
        if readable and len(readable.split()) >= 2 and len(readable) <= 80 and _is_role(doc[end - 1]):
            return readable
    return None
