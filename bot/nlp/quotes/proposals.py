"""Every mention some rule proposes as a quotation's speaker, for the ranker to choose from,
with the names of the rules that propose it (keys of the attribution model's features)."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from bot.nlp.lexicon import (
    FRACTIONS,
    GROUP_PRONOUNS,
    PERSON_PRONOUNS,
    QUANTIFIERS,
    RELATIVE_PRONOUNS,
    SPEECH_NOUNS,
    SUBJECT_DEPS,
)
from bot.nlp.marks import QuoteSpan
from bot.nlp.quotes.cascade import RuleChoice, continuation_in_text
from bot.nlp.quotes.cues import attribution_phrase_object
from bot.nlp.quotes.document import QuoteDocument
from bot.nlp.quotes.speakers import Speaker, depth

Proposals = dict[tuple[int, int], tuple[Speaker, set[str]]]
Add = Callable[[Speaker | None, str], None]


def propose(qd: QuoteDocument, index: int, choices: list[RuleChoice]) -> Proposals:
    """Every mention some rule proposes as the speaker of quotation ``index``, keyed by its
    offsets, in the order first proposed (ties keep that order)."""
    choice = choices[index]
    span = choice.span
    out: Proposals = {}

    def add(speaker: Speaker | None, rule: str) -> None:
        if speaker is not None:
            out.setdefault((speaker.start, speaker.end), (speaker, set()))[1].add(rule)

    for rule, speaker in choice.by_rule.items():
        add(speaker, rule)
    lo, hi = qd.layout.quote_sentence(span)
    first = qd.layout.first_token(span)
    _sentence_proposals(qd, qd.view.tokens(lo, hi), first, add)
    if first is not None:
        _clause_proposals(qd, first, add)
    _introduction_proposals(qd, span, lo, add)
    _previous_sentence_proposals(qd, span, lo, add)
    add(continuation_in_text(qd, index), "continues")
    for k, rule in ((index - 1, "previous-quote"), (index + 1, "next-quote")):
        if 0 <= k < len(choices):
            same_group = choices[k].span.group == span.group
            add(choices[k].speaker, rule + ("-same-quotation" if same_group else ""))
    for speaker, _ in list(out.values()):
        tok = qd.doc[speaker.token]
        if tok.text.lower() in PERSON_PRONOUNS | GROUP_PRONOUNS | RELATIVE_PRONOUNS:
            antecedent = qd.names.relative_antecedent(tok) or qd.names.antecedent(tok)
            if antecedent is not None:
                add(qd.names.speaker(antecedent, speaker.cue), "antecedent")
    add(choice.speaker, "rules-choice")
    return out


def _sentence_proposals(qd: QuoteDocument, sentence_tokens: list[Token], first: Token | None, add: Add) -> None:
    """The speakers of every speech verb and attribution phrase in the quotation's sentence,
    its main subject, and the possessors of nouns above the quotation."""
    roles, names = qd.roles, qd.names
    # Of the cue verbs above the quotation, the nearest one is whose words they are:
    # "Lee said the plan, which Ortiz called "…"" is Ortiz's.
    governing = {
        t.i: depth(t) for t in sentence_tokens if first is not None and roles.is_cue(t) and t.is_ancestor(first)
    }
    nearest_governing = max(governing, key=governing.__getitem__, default=None)
    for t in sentence_tokens:
        if t.is_punct:
            continue
        if roles.is_cue(t):
            subj = roles.subject_of(t)
            governs = "-governing" if t.i == nearest_governing else "-governing-outer" if t.i in governing else ""
            agent = roles.passive_agent(t)
            if agent is not None:
                # "The plan was called "…" by Ortiz": Ortiz speaks, the plan does not.
                add(names.speaker(agent, t.text), "cue-agent")
            elif subj is not None and subj.lower_ in RELATIVE_PRONOUNS:
                # "Marsh, who declared, "…"" also where the parser hangs the quotation elsewhere
                add(names.relative_speaker(subj, t.text), "cue-subject" + governs)
            elif subj is not None and roles.can_speak(subj):
                add(names.speaker(subj, t.text), "cue-subject" + governs)
            elif subj is not None and (subj.lower_ in QUANTIFIERS or subj.lemma_.lower() in FRACTIONS):
                # "most said they were "…"": a share of the people just mentioned
                add(names.speaker(subj, t.text), "cue-subject-share")
        obj = attribution_phrase_object(t)
        if obj is not None:
            add(names.speaker(obj, "according to"), "according-to")
            inner = roles.source_within(obj)
            if inner is not None:
                add(names.speaker(inner, "according to"), "according-to-inner")
        if t.dep_ in SUBJECT_DEPS and t.head.dep_ == "ROOT" and roles.can_speak_as_subject(t):
            add(names.speaker_of_mention(t, None), "sentence-subject")
        if t.dep_ == "poss" and first is not None and t.head.is_ancestor(first) and roles.can_speak(t, tagged=False):
            # "her claim that "…"", and more surely so when the noun is a speech word
            rule = "speech-possessor" if t.head.lemma_.lower() in SPEECH_NOUNS else "possessor"
            add(names.speaker_of_mention(t, None), rule)


def _clause_proposals(qd: QuoteDocument, first: Token, add: Add) -> None:
    """Who does what in the clauses that hold a quotation: the subject of the nearest one
    and of the one around it ("… because she thought it "…""), the agent of a passive
    ("labelled a "…" by the mayor"), and relative pronouns ("Oduya, who wrote "…"")."""
    roles, names, view = qd.roles, qd.names, qd.view
    subjects = 0
    t, steps = first, 0
    while t.head.i != t.i and steps < 15 and subjects < 2:
        t, steps = t.head, steps + 1
        if view.inside_quote(t.idx):
            continue
        cue = t.text if roles.is_cue(t) else None
        for child in t.children:
            if view.inside_quote(child.idx):
                continue
            if child.dep_ in SUBJECT_DEPS and subjects < 2 and not roles.spoken_about(child):
                subjects += 1
                rule = "clause-subject" if subjects == 1 else "outer-clause-subject"
                if child.lower_ in RELATIVE_PRONOUNS:
                    add(names.relative_speaker(child, cue), rule)
                elif roles.can_speak(child):
                    add(names.speaker_of_mention(child, cue), rule)
            elif child.dep_ == "agent":
                for agent in child.children:
                    if agent.dep_ == "pobj" and roles.can_speak(agent):
                        add(names.speaker_of_mention(agent, t.text), "passive-agent")


def _introduction_proposals(qd: QuoteDocument, span: QuoteSpan, sentence_start: int, add: Add) -> None:
    """For a quotation a colon introduces, in its sentence or at the end of the paragraph
    before: whoever the introducing sentence is about, and whoever speaks in it."""
    layout, roles = qd.layout, qd.roles
    para = layout.paragraphs[span.paragraph]
    words = layout.words_before_colon(sentence_start, span.open_at)
    if not words and span.open_at == para.start and span.paragraph > 0:
        previous = layout.paragraphs[span.paragraph - 1]
        words = layout.words_before_colon(layout.sentence_start(previous.start, previous.end - 1), previous.end)
    if words:
        # "As the Ledger reported, the council was still refusing …: "…""
        subjects = [t for t in words if t.dep_ in SUBJECT_DEPS and roles.can_speak_as_subject(t)]
        if subjects:
            main = min(subjects, key=depth)
            add(qd.names.speaker_of_mention(main, None), "introduction-subject")
        for t in words:
            subject = roles.cue_speaker(t) if roles.is_cue(t) else None
            if subject is not None and roles.can_speak(subject):
                add(qd.names.speaker(subject, t.text), "introduction-cue")


def _previous_sentence_proposals(qd: QuoteDocument, span: QuoteSpan, sentence_start: int, add: Add) -> None:
    """The subject, and the speakers of speech verbs, of the sentence before the quotation's."""
    layout, roles = qd.layout, qd.roles
    para = layout.paragraphs[span.paragraph]
    if sentence_start > para.start:
        lo, hi = layout.sentence_start(para.start, sentence_start - 1), sentence_start
    elif span.paragraph > 0:
        prev = layout.paragraphs[span.paragraph - 1]
        lo, hi = layout.sentence_start(prev.start, prev.end), prev.end
    else:
        return
    words = qd.view.tokens(lo, hi)
    for t in words:
        if t.dep_ in SUBJECT_DEPS and t.head.dep_ == "ROOT" and roles.can_speak_as_subject(t):
            add(qd.names.speaker_of_mention(t, None), "previous-sentence-subject")
            break
    for t in words:
        if roles.is_cue(t):
            subj = roles.cue_speaker(t)
            if subj is not None and roles.can_speak(subj):
                add(qd.names.speaker(subj, t.text), "previous-sentence-cue")
