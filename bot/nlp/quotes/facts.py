"""What the parse says about a proposed speaker and a quoted string: the inputs of the
attribution model's two decisions (who spoke, and whether it is a quotation at all)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from spacy.tokens import Token

from bot.nlp.attribution_model import Proposal, QuoteContext, QuotedLook, quotation_features, voice_of
from bot.nlp.lexicon import FINITE_TAGS, SMALL_WORDS, SPEAKER_NOUNS, SUBJECT_DEPS
from bot.nlp.marks import WORD, QuoteSpan
from bot.nlp.quotes.document import QuoteDocument
from bot.nlp.quotes.speakers import Speaker, depth

# The word right after a closing mark, on the same line: "buzz" in 'the "pier first" buzz'.
_WORD_AFTER = re.compile(r"[ \t]*(\w[\w'’-]*)")

KeepFeatures = Callable[[frozenset[str]], dict[str, float]]


def proposal(qd: QuoteDocument, speaker: Speaker, rules: Iterable[str], span: QuoteSpan) -> Proposal:
    """A proposed speaker as the ranker sees it."""
    mention = qd.doc[speaker.token]
    path, meets = _syntactic_path(qd, mention, span)
    return Proposal(
        speaker.start,
        speaker.end,
        qd.text[speaker.start : speaker.end],
        frozenset(rules),
        kind=speaker.kind,
        cue=speaker.cue,
        path=path,
        meets=meets,
        actor=speaker.name,
        verb=_verb_of(mention),
        noun=_noun_class(mention),
        mark=_clause_mark(mention),
        clause=mention.head.dep_ if mention.dep_ in SUBJECT_DEPS else "",
    )


def _clause_mark(mention: Token) -> str:
    """ "as" for the subject of "As the Ledger reported": the word opening its clause."""
    if mention.dep_ not in SUBJECT_DEPS:
        return ""
    return next((c.lower_ for c in mention.head.children if c.dep_ == "mark"), "")


def _noun_class(mention: Token) -> str:
    """A common-noun mention is a known kind of source ("an aide") or a thing ("the plan")."""
    if mention.pos_ != "NOUN" or mention.ent_type_:
        return "other"
    return "source" if mention.lemma_.lower() in SPEAKER_NOUNS else "thing"


def _verb_of(mention: Token) -> str:
    """The verb a subject mention does: "say" for "she said", "feel" for "fans feel"."""
    return mention.head.lemma_.lower() if mention.dep_ in SUBJECT_DEPS else ""


def _syntactic_path(qd: QuoteDocument, mention: Token, span: QuoteSpan) -> tuple[str, str]:
    """How the mention and the quotation meet in the parse: steps up from each to their
    lowest common head ("1/1": the subject of the verb the quotation hangs on), and that
    head's lemma."""
    chain = qd.quote_chain(span)
    if not chain:
        return "none", ""
    if mention.sent.start != chain[0].sent.start:
        return "other-sentence", ""
    ancestors = {t.i: n for n, t in enumerate([mention, *mention.ancestors])}
    for up, t in enumerate(chain):
        if t.i in ancestors:
            return f"{min(ancestors[t.i], 3)}/{min(up, 4)}" + ("/cue" if qd.roles.is_cue(t) else ""), t.lemma_.lower()
    return "none", ""


def quoted_look(qd: QuoteDocument, span: QuoteSpan) -> QuotedLook:
    """What a quoted string looks like in its sentence."""
    text = qd.text
    before = WORD.findall(text[max(0, span.open_at - 30) : span.open_at])
    after = _WORD_AFTER.match(text, span.outer_end, span.outer_end + 30)
    inner = WORD.findall(text[span.start : span.end])
    tokens = qd.layout.quoted_tokens(span)
    # The quoted word nearest the root says how the quotation hangs on the sentence.
    top_token = min(tokens, key=depth, default=None)
    attach = "none" if top_token is None else "root" if top_token.head.i == top_token.i else top_token.dep_
    return QuotedLook(
        word_before=before[-1].lower() if before else "",
        word_after=after.group(1).lower() if span.close_at is not None and after else "",
        title_like=bool(inner) and all(w[:1].isupper() or w.lower() in SMALL_WORDS for w in inner),
        voice=voice_of(inner),
        finite=any(t.tag_ in FINITE_TAGS for t in tokens),
        attach=attach,
    )


def keep_features(qd: QuoteDocument, span: QuoteSpan, context: QuoteContext, fired: list[str]) -> KeepFeatures:
    """The keep model's features of a quoted string, given the rules behind the chosen
    speaker; what the string looks like is read once, however often the trainer asks."""
    look = quoted_look(qd, span)
    return lambda top: quotation_features(context, fired, top, look)
