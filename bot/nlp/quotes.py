"""Direct quotations and who said them.

The quotation marks are found on the raw characters (``marks``); each quotation is then
attributed from the words around it: a cue verb after it (``"…," she said``), before it
(``Oduya stressed the port would face "…"``), "according to X", a speech noun ("his remarks
that "…""), or, when there is none, the speaker of the quotation it continues. Pronoun
speakers are resolved to the nearest fitting actor that was the subject of a sentence.
Without a model the first of these rules that finds someone decides; with one
(``attribution_model``), every rule's proposal is scored and the best is taken.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy
from spacy.attrs import LOWER, POS
from spacy.strings import get_string_id
from spacy.symbols import AUX, VERB
from spacy.tokens import Doc, Span, Token

from bot.models import Quote
from bot.nlp.actors import ActorCluster, ActorIndex
from bot.nlp.attribution_model import (
    AttributionModel,
    Proposal,
    QuoteContext,
    QuotedLook,
    default_model,
    quotation_features,
    voice_of,
)
from bot.nlp.lexicon import GROUP_PRONOUNS, PERSON_PRONOUNS, RELATIVE_PRONOUNS, SPEAKER_NOUNS
from bot.nlp.marks import DATELINE, WORD, QuoteSpan, find_quote_spans, paragraphs, sentence_ends

FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})  # Penn tags of finite verbs

CUE_LEMMAS = frozenset(
    """say tell state inform add note argue insist warn stress explain ask claim recall write
    tweet post declare announce admit acknowledge assert caution complain confirm contend deny
    emphasize emphasise exclaim predict promise reply respond reiterate remark suggest testify
    urge vow joke quip concede conclude counter observe proclaim recount reveal shout boast
    lament muse opine charge allege maintain comment mention clarify elaborate answer retort
    scoff snap whisper yell cry plead pledge agree disagree reason speculate estimate indicate
    report brief tout hint signal describe call demand surmise put blame accuse dub label brand
    praise criticize criticise slam blast dismiss decry question wonder interject chime tease mock
    remind assure reassure brag chant read cite quote express voice pronounce refer characterize
    characterise term deem hail condemn welcome thank applaud laugh beg implore instruct
    guarantee confess gloat ponder reflect reminisce relate summarize summarise rail lash scold
    lambaste ridicule counsel advise propose recommend affirm attest swear continue
    list react gush vent rip fume rage sneer grumble marvel rave exult crow denounce assail deride
    disparage belittle excoriate chide rebuke fault bash laud extol commend defend downplay reject
    refute dispute""".split()
)
# Speech verbs only with their particle: "went on", "pointed out", "shot back".
PHRASAL_CUES = frozenset(
    {("go", "on"), ("point", "out"), ("shoot", "back"), ("fire", "back"), ("push", "back"), ("hit", "back"), ("write", "back")}
)
# Verbs that speak through their object: "issued a statement", "released the following remarks".
ISSUING_VERBS = frozenset("issue release publish post send".split())
ISSUED_NOUNS = frozenset("statement remark comment tweet post message letter column memo editorial".split())
# The word right after a closing mark, on the same line: "buzz" in 'the "pier first" buzz'.
_WORD_AFTER = re.compile(r"[ \t]*(\w[\w'’-]*)")
# A parenthesis closing the words before a colon: "Rep. Ordway (R-Ore.):".
_PARTY_TAG = re.compile(r"\s*\([^()\n]{1,40}\)\s*:\s*$")
# Past forms the tagger sometimes reads as adjectives or nouns in spun text.
CUE_FORMS = frozenset(
    "said says told stated added noted wrote tweeted informed explained stressed warned insisted argued".split()
)
NOUN_CUES = frozenset(
    """comment remark statement feedback assertion claim warning message tweet post testimony
    words argument suggestion insistence declaration announcement promise pledge""".split()
)
# Wider than NOUN_CUES: whose accusation or slogan a quotation is, for the ranker to weigh.
SPEECH_NOUNS = NOUN_CUES | frozenset(
    """accusation allegation assessment call charge criticism demand description insult
    attack slogan vow refrain line phrase term label question answer response reply
    rhetoric characterization rebuke praise boast retort quip joke plea speech interview""".split()
)
ATTRIBUTION_PHRASES = ("according to", "in line with", "in accordance with")
_PHRASE_STARTS = frozenset(p.split()[0] for p in ATTRIBUTION_PHRASES)
# The same words as spaCy's string hashes, to pick tokens out of Doc.to_array(LOWER).
_CUE_FORM_IDS = numpy.array([get_string_id(w) for w in CUE_FORMS], dtype=numpy.uint64)
_PHRASE_START_IDS = numpy.array([get_string_id(w) for w in _PHRASE_STARTS], dtype=numpy.uint64)
# What a quoted name followed by one of these is: a title, not something somebody said.
TITLE_FOLLOWERS = frozenset(
    """show program programme series book film movie novel album song podcast documentary
    column segment episode newsletter magazine play musical broadcast special campaign
    slogan hashtag memoir bestseller franchise""".split()
)
SMALL_WORDS = frozenset("of the a an and in on for to at with from by or & vs".split())
OBJECT_DEPS = frozenset("dobj pobj iobj dative attr oprd".split())
QUANTIFIERS = frozenset("some many most few several all both each any none".split())
FRACTIONS = frozenset("half third quarter majority minority percent plurality".split())
NOT_SPEAKER_ENTITIES = frozenset("DATE TIME MONEY PERCENT QUANTITY CARDINAL ORDINAL".split())
DASHES = "-–—―"
MIN_WORDS_WITHOUT_SPEAKER = 12  # shorter quotations nobody is credited with are mostly scare quotes


@dataclass(frozen=True)
class Speaker:
    name: str | None
    start: int
    end: int
    kind: str | None
    cue: str | None
    token: int  # index of the token the attribution rests on


class _Text:
    """Token lookups by character offset, and which characters lie inside quotation marks."""

    def __init__(self, doc: Doc, spans: list[QuoteSpan]):
        self.doc = doc
        self.starts = [t.idx for t in doc]
        self.quoted = sorted((s.open_at, s.outer_end) for s in spans)
        self.quoted_starts = [a for a, _ in self.quoted]
        self._tokens: dict[tuple[int, int], list[Token]] = {}  # the rules ask for the same stretches again

    def inside_quote(self, char: int) -> bool:
        k = bisect.bisect_right(self.quoted_starts, char) - 1
        return k >= 0 and self.quoted[k][0] <= char < self.quoted[k][1]

    def tokens(self, lo: int, hi: int) -> list[Token]:
        """Words in text[lo:hi] that stand outside quotation marks (a list the caller must not change)."""
        cached = self._tokens.get((lo, hi))
        if cached is not None:
            return cached
        a = bisect.bisect_left(self.starts, lo)
        out = []
        for t in self.doc[a:]:
            if t.idx >= hi:
                break
            if not t.is_space and not self.inside_quote(t.idx):
                out.append(t)
        self._tokens[(lo, hi)] = out
        return out


def is_cue(token: Token) -> bool:
    low = token.text.lower()
    if low in CUE_FORMS:
        return True
    if token.pos_ not in ("VERB", "AUX"):
        return False
    lemma = token.lemma_.lower()
    if lemma in CUE_LEMMAS:
        return True
    if lemma in ISSUING_VERBS:
        return any(c.dep_ == "dobj" and c.lemma_.lower() in ISSUED_NOUNS for c in token.children)
    # The parser takes "back" in "shot back" for a particle or an adverb.
    return any((lemma, c.lower_) in PHRASAL_CUES for c in token.children if c.dep_ in ("prt", "advmod"))


def is_age_noun(token: Token) -> bool:
    """"the 46-year-old": an age standing for a person (the recogniser calls it a DATE)."""
    return token.lower_ == "old" and any(c.lower_ in ("year", "years") for c in token.children) and any(
        c.dep_ == "det" for c in token.children
    )


def _in_parentheses(token: Token) -> bool:
    """Whether a word sits inside a parenthesis of its sentence: "(D-Vt.)" names no speaker."""
    doc = token.doc
    for i in range(token.i - 1, max(-1, token.i - 9), -1):
        if doc[i + 1].is_sent_start or doc[i].text == ")":
            return False
        if doc[i].text == "(":
            return True
    return False


def _attribution_phrase_object(token: Token) -> Token | None:
    """For "according to X" / "in line with X": X (or the source behind "a tweet from X")."""
    if token.lower_ not in _PHRASE_STARTS:
        return None
    doc = token.doc
    for phrase in ATTRIBUTION_PHRASES:
        n = len(phrase.split())
        if token.i + n > len(doc) or doc[token.i : token.i + n].text.lower() != phrase:
            continue
        prep = doc[token.i + n - 1]
        objects = [c for c in prep.children if c.dep_ == "pobj"]
        obj = objects[0] if objects else (doc[prep.i + 1] if prep.i + 1 < len(doc) else None)
        if obj is None:
            return None
        # "according to a statement from the ministry": the ministry speaks.
        if obj.lemma_.lower() in NOUN_CUES:
            for prep2 in obj.children:
                if prep2.dep_ == "prep" and prep2.text.lower() in ("from", "by", "of"):
                    inner = [c for c in prep2.children if c.dep_ == "pobj"]
                    if inner:
                        return inner[0]
        return obj
    return None


_NO_MODEL = object()


def _starts_sentence(char: str) -> bool:
    return char.isupper() or char in "“\"‘"


@dataclass
class TrainingItem:
    span: QuoteSpan
    context: QuoteContext
    proposals: list[Proposal]
    keep_features: Callable[[frozenset[str]], dict[str, float]]  # given the chosen proposal's rules
    rules_found_speaker: bool


class QuoteExtractor:
    def __init__(
        self,
        doc: Doc,
        actors: ActorIndex,
        spans: list[QuoteSpan] | None = None,
        model: AttributionModel | None | object = _NO_MODEL,
        text: str | None = None,
    ):
        self.doc = doc
        # None: the rules alone decide (the cascade below); by default the shipped model chooses.
        self.model = default_model() if model is _NO_MODEL else model
        self.text = doc.text if text is None else text  # Doc.text joins every token again on each access
        # Speech verbs are asked about many times per quotation: find them once, looking
        # closely only at verbs and the cue forms (reading every token's attributes is slow).
        lower, pos = doc.to_array([LOWER, POS]).T if len(doc) else (numpy.zeros(0), numpy.zeros(0))
        maybe_cue = numpy.isin(lower, _CUE_FORM_IDS) | numpy.isin(pos, (VERB, AUX))
        self.cue_tokens = {i for i in numpy.flatnonzero(maybe_cue).tolist() if is_cue(doc[i])}
        self.phrase_starts = numpy.flatnonzero(numpy.isin(lower, _PHRASE_START_IDS)).tolist()
        self.actors = actors
        self.spans = find_quote_spans(self.text) if spans is None else spans
        self.view = _Text(doc, self.spans)
        self.quote_ends = {span.outer_end for span in self.spans if span.close_at is not None}
        self.paragraphs = paragraphs(self.text)
        self.entity_at: dict[int, Span] = {t: ent for ent in doc.ents for t in range(ent.start, ent.end)}
        self.dateline_tokens = self._dateline_tokens()
        self.speaker_roles = self._speaker_role_tokens()
        self._chains: dict[int, list[Token]] = {}

    def _dateline_tokens(self) -> set[int]:
        """Tokens of a dateline opening a paragraph: "LONDON —", "PORTLAND, Ore. -",
        "WASHINGTON, Aug. 24 (UPI) —"."""
        out: set[int] = set()
        for para in self.paragraphs:
            match = DATELINE.match(self.text, para.start, para.end)
            if match:
                out.update(t.i for t in self.view.tokens(para.start, match.end("place")))
        return out

    # ------------------------------------------------------------ spans and contexts

    def _ends_sentence(self, end: int) -> bool:
        """A sentence end outside quotation marks, or right after a quotation's closing mark."""
        return not self.view.inside_quote(end - 1) or end in self.quote_ends

    def _sentence_start(self, para_start: int, pos: int) -> int:
        ends = [e for e in sentence_ends(self.text, para_start, pos) if e <= pos and self._ends_sentence(e)]
        return ends[-1] if ends else para_start

    def _sentence_end(self, pos: int, para_end: int) -> int:
        for e in sentence_ends(self.text, pos, para_end):
            if self._ends_sentence(e):
                return e
        return para_end

    def _left_bound(self, span: QuoteSpan, index: int) -> int:
        para = self.paragraphs[span.paragraph]
        lo = self._sentence_start(para.start, span.open_at)
        if index > 0:
            prev = self.spans[index - 1]
            if prev.paragraph == span.paragraph:
                lo = max(lo, prev.outer_end)
        return lo

    def _next_char(self, span: QuoteSpan) -> str:
        """The first character after the closing mark and any spaces, within the paragraph."""
        return self.text[span.outer_end : self.paragraphs[span.paragraph].end].lstrip()[:1]

    def _right_bound(self, span: QuoteSpan, index: int) -> int | None:
        """End of the text after the quotation that can hold its cue; None when there is none."""
        if span.close_at is None:
            return None
        para = self.paragraphs[span.paragraph]
        next_char = self._next_char(span)
        if not next_char:
            return None
        if self.text[span.end - 1 : span.end] in ".…" and _starts_sentence(next_char):
            return None  # the sentence ended inside the marks ("…?" Vasko asked: it did not)
        hi = self._sentence_end(span.outer_end, para.end)
        if index + 1 < len(self.spans) and self.spans[index + 1].paragraph == span.paragraph:
            hi = min(hi, self.spans[index + 1].open_at)
        return hi

    # ------------------------------------------------------------ speakers

    def _is_cue(self, token: Token) -> bool:
        return token.i in self.cue_tokens

    def _speaker_role_tokens(self) -> set[int]:
        """Tokens that speak through a speech verb, or X in "according to X"."""
        roles = set()
        for i in sorted(self.cue_tokens.union(self.phrase_starts)):
            t = self.doc[i]
            if self.view.inside_quote(t.idx):
                continue
            if self._is_cue(t):
                subj = self._cue_speaker(t)
                if subj is not None:
                    roles.add(subj.i)
            obj = _attribution_phrase_object(t)
            if obj is not None:
                roles.add(obj.i)
        return roles

    def _subject_of(self, verb: Token) -> Token | None:
        t = verb
        for _ in range(3):
            subjects = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass") and not self.view.inside_quote(c.idx)]
            if subjects:
                return subjects[0]
            surname = self._surname_read_as_modal(t)
            if surname is not None:
                return surname
            if t.dep_ == "xcomp":
                # "That prompted Castellan to call it "…"": the object of the outer verb acts
                controller = [c for c in t.head.children if c.dep_ == "dobj" and c.i < t.i]
                if controller:
                    return controller[0]
            if t.dep_ in ("advcl", "xcomp", "conj") and t.head.i != t.i:
                t = t.head
            else:
                break
        return None

    def _cue_speaker(self, cue: Token) -> Token | None:
        """Who speaks through a speech verb: the agent of a passive ("was called "…" by
        Ortiz"), else its subject."""
        return self._passive_agent(cue) or self._subject_of(cue)

    @staticmethod
    def _surname_read_as_modal(verb: Token) -> Token | None:
        """"May" in "“…,” May said": a capitalised modal before a past-tense verb cannot be
        a modal, so it is the surname the tagger took for one (Theresa May, George Will)."""
        if verb.tag_ not in ("VBD", "VBN"):
            return None
        for child in verb.children:
            if child.i < verb.i and child.tag_ == "MD" and child.dep_ == "aux" and child.text.istitle():
                return child
        return None

    @staticmethod
    def _is_mention(t: Token) -> bool:
        return (
            is_age_noun(t)
            or t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
            or t.text.lower() in PERSON_PRONOUNS | GROUP_PRONOUNS
            or t.pos_ in ("PROPN", "NOUN")
        )

    def _resolve_pronoun(self, pron: Token) -> ActorCluster | None:
        antecedent = self._antecedent(pron)
        return self.actors.actor_at(antecedent) if antecedent is not None else None

    def _antecedent(self, pron: Token) -> Token | None:
        """The mention a pronoun stands for: the nearest fitting actor that was a subject or a
        speaker, else the nearest non-possessive one."""
        low = pron.text.lower()
        if low in PERSON_PRONOUNS or is_age_noun(pron):
            wanted = ("PERSON",)
        elif low in ("it", "its"):
            wanted = ("ORG", "NORP", "GPE")  # "it" is never a person
        else:
            wanted = ("ORG", "NORP", "GPE", "PERSON")
        best_any = None
        for i in range(pron.i - 1, max(-1, pron.i - 300), -1):
            cluster = self.actors.actor_at(self.doc[i])
            if cluster is None or cluster.kind not in wanted or self.view.inside_quote(self.doc[i].idx):
                continue
            ent = self.entity_at.get(i)
            root = ent.root if ent is not None else self.doc[i]
            if i != root.i:
                continue
            subject = root.dep_ in ("nsubj", "nsubjpass") or (
                root.dep_ == "appos" and root.head.dep_ in ("nsubj", "nsubjpass")  # "The contractor, Kessel Works,"
            )
            if root.i in self.speaker_roles or subject:
                return root
            if best_any is None and root.dep_ != "poss" and pron.i - i < 120:
                best_any = root
        return best_any

    def _noun_phrase(self, head: Token) -> tuple[int, int]:
        """Token range of an unnamed source: "an official", "a source at the French palace"."""
        if is_age_noun(head):
            return min(c.i for c in head.children if c.dep_ == "det"), head.i + 1  # "the 46-year-old"
        start = head.i
        for c in reversed(list(head.lefts)):
            if c.dep_ in ("det", "amod", "compound", "nummod", "poss", "nmod", "quantmod") and c.right_edge.i == start - 1:
                start = c.left_edge.i
            else:
                break
        end = head.i + 1
        for c in head.rights:
            if c.i == end and c.dep_ == "prep" and c.text.lower() in ("at", "from", "in", "with", "of", "for", "on", "to"):
                objects = [o for o in c.children if o.dep_ == "pobj"]
                if objects:
                    end = self._noun_phrase(objects[0])[1] if objects[0].i - c.i <= 5 else end
            break
        end = min(end, start + 12)
        while start < end and (self.doc[start].is_punct or self.doc[start].dep_ == "advmod"):
            start += 1
        return (start, end) if start < end else (head.i, head.i + 1)

    def _speaker_from_token(self, tok: Token, cue: str | None) -> Speaker:
        low = tok.text.lower()
        if low in ("i", "we"):  # the writer: the attribution rests here, but nobody to list it under
            return Speaker(None, tok.idx, tok.idx + len(tok), None, cue, tok.i)
        if low in PERSON_PRONOUNS | GROUP_PRONOUNS:
            cluster = self._resolve_pronoun(tok)
            return Speaker(
                cluster.name if cluster else None, tok.idx, tok.idx + len(tok),
                cluster.kind if cluster else None, cue, tok.i,
            )
        if is_age_noun(tok):
            # "said the 46-year-old" refers back to a person, like "she" does
            cluster = self._resolve_pronoun(tok)
            start, end = self._noun_phrase(tok)
            span = self.doc[start:end]
            return Speaker(
                cluster.name if cluster else span.text, span.start_char, span.end_char,
                "PERSON" if cluster else None, cue, tok.i,
            )
        cluster = self.actors.actor_at(tok)
        ent = self.entity_at.get(tok.i)
        if cluster is not None and ent is not None:
            return Speaker(cluster.name, ent.start_char, ent.end_char, cluster.kind, cue, tok.i)
        start, end = self._noun_phrase(tok)
        span = self.doc[start:end]
        named = self.actors.find_by_name(span.text)
        if named is None and tok.pos_ == "PROPN":
            named = self.actors.find_by_name(tok.text)
        if named is not None:
            return Speaker(named.name, span.start_char, span.end_char, named.kind, cue, tok.i)
        name = span.text
        if span[0].lower_ in ("a", "an", "the"):
            name = span[0].lower_ + name[len(span[0].text):]
        return Speaker(name, span.start_char, span.end_char, None, cue, tok.i)

    def _speaker_for_cue(self, cue: Token, candidates: list[Token], nearest: bool = False) -> Speaker | None:
        subj = self._cue_speaker(cue)
        if subj is not None and self._can_speak(subj):
            return self._speaker_from_token(subj, cue.text)
        # Without a parsed subject, a common noun must be a known kind of source: "her notes",
        # "rising costs" are things.
        plausible = [
            t for t in candidates
            if self._is_mention(t) and self._can_speak(t) and self._known_source(t) and not _in_parentheses(t)
        ]
        before = [t for t in plausible if t.i < cue.i and t.dep_ != "pobj"]
        after = [t for t in plausible if t.i > cue.i]
        if before:
            pick = before[-1] if nearest else before[0]
        else:
            pick = after[0] if after else None
        if pick is None:
            return None
        return self._speaker_from_token(self._head_of_mention(pick), cue.text)

    def _from_right(self, span: QuoteSpan, index: int) -> Speaker | None:
        hi = self._right_bound(span, index)
        if hi is None:
            return None
        between = self.text[span.outer_end : hi].lstrip()
        inner_tail = self.text[span.end - 1 : span.end]
        if not (between[:1] in (",", "—", "–", "-", ";") or inner_tail in ",?!—–-" or between[:1].islower()):
            return None
        words = [t for t in self.view.tokens(span.outer_end, hi) if not t.is_punct]
        if words and words[0].lower_ in ("but", "and", "or", "yet", "while", "as", "because", "although"):
            return None  # '"…," but he also noted': a new clause, not this quotation's cue
        short = self._short_attribution(words[:6])
        if short is not None:
            return short
        for t in words[:25]:
            obj = _attribution_phrase_object(t)
            if obj is not None:
                return self._speaker_from_token(obj, "according to")
            if self._is_cue(t):
                return self._speaker_for_cue(t, words)
        return self._any_verb_attribution(span.outer_end, hi)

    def _any_verb_attribution(self, lo: int, hi: int) -> Speaker | None:
        """``"…?" Hannity pressed.`` / ``"…!" beamed Hartley``: a clause of a name and one verb
        right after a quotation is its attribution, whatever the verb (spun text picks odd ones)."""
        clause: list[Token] = []
        for t in self.view.tokens(lo, hi):
            if (t.is_punct or t.pos_ == "CCONJ") and clause:
                break  # '"…," Ortiz barked and a guard led him out'
            if not t.is_punct:
                clause.append(t)
        nominal = ("PROPN", "PRON", "DET", "NOUN", "ADJ")
        if len(clause) < 2:
            return None
        if clause[0].tag_ in ("VBD", "VBZ") and clause[0].pos_ == "VERB":
            # "beamed Lena Ortiz of Madison": the name right after the verb
            verb, mention = clause[0], []
            for t in clause[1:5]:
                if t.pos_ not in nominal:
                    break
                mention.append(t)
        elif clause[-1].tag_ in ("VBD", "VBZ") and clause[-1].pos_ == "VERB" and len(clause) <= 4:
            verb, mention = clause[-1], clause[:-1]
            if not all(t.pos_ in nominal for t in mention):
                return None
        else:
            return None
        if not mention:
            return None
        head = mention[-1]
        return self._speaker_from_token(self._head_of_mention(head), verb.text) if self._can_speak(head) else None

    def _first_token(self, span: QuoteSpan) -> Token | None:
        k = bisect.bisect_left(self.view.starts, span.start)
        return self.doc[k] if k < len(self.doc) else None

    def _short_attribution(self, words: list[Token]) -> Speaker | None:
        """``"…," the leaflet read`` / ``"…," said Ms. Ortiz``: a cue word within the first
        words after a quotation, trusted whatever the tagger made of it."""
        for k, t in enumerate(words):
            # is_cue covers CUE_FORMS; the lemma alone is trusted whatever the tagger said
            if t.lemma_.lower() not in CUE_LEMMAS and not self._is_cue(t):
                if t.pos_ in ("VERB", "AUX"):
                    return None
                continue
            if k == 0:
                after = [w for w in words[1:] if self._is_mention(w) and self._can_speak(w)]
                return self._speaker_from_token(self._head_of_mention(after[0]), t.text) if after else None
            head = words[k - 1]
            if head.like_num and head.dep_ == "appos" and head.head.i < head.i:
                head = head.head  # "Ramos, 58, told AFP": the age belongs to Ramos
            if head.pos_ in ("NOUN", "PROPN", "PRON", "ADJ") and self._can_speak(head, tagged=False):
                return self._speaker_from_token(self._head_of_mention(head), t.text)
            return None
        return None

    def _head_of_mention(self, token: Token) -> Token:
        ent = self.entity_at.get(token.i)
        return ent.root if ent is not None else token

    @staticmethod
    def _depth(token: Token) -> int:
        depth = 0
        while token.head.i != token.i and depth < 50:
            token, depth = token.head, depth + 1
        return depth

    def _last_cue(self, lo: int, hi: int, quote: Token | None = None) -> Speaker | None:
        """The speaker of the speech verb before ``hi`` that governs the quotation, the outermost
        one when several do ("The mayor said she seldom asks …, "…"": the mayor); else of the
        nearest speech verb, of "according to X", or of a speech noun ("his remarks that "…"")."""
        words = [t for t in self.view.tokens(lo, hi) if not t.is_punct]
        if quote is not None:
            governing = sorted((t for t in words if self._is_cue(t) and t.is_ancestor(quote)), key=self._depth)
            found = [sp for sp in (self._speaker_for_cue(t, words, nearest=True) for t in governing) if sp]
            if found:
                outer, inner = found[0], found[-1]
                # The outer speaker ("Renwick said … whom he called …"), unless the inner one is
                # another named person ("Costa asked Ferraz …, when he claimed …": Ferraz's words).
                two_people = outer.kind == inner.kind == "PERSON" and inner.name != outer.name
                return inner if two_people else outer
        for t in reversed(words):
            if self._is_cue(t):
                speaker = self._speaker_for_cue(t, words, nearest=True)
                if speaker is not None:
                    return speaker
            obj = _attribution_phrase_object(t)
            if obj is not None:
                return self._speaker_from_token(obj, "according to")
        for t in reversed(words):
            if t.lemma_.lower() in NOUN_CUES:
                # "Quellin dismissed Oduya's remarks as "…"": the words are Quellin's.
                verb = t.head if t.dep_ in ("dobj", "pobj") else None
                if verb is not None and any(c.lower_ == "as" for c in verb.children):
                    subj = self._subject_of(verb)
                    if subj is not None and self._can_speak(subj):
                        return self._speaker_from_token(subj, verb.text)
                owners = [c for c in t.children if c.dep_ == "poss"]
                if owners:
                    return self._speaker_from_token(owners[0], t.text)
        return None

    def _words_before_colon(self, lo: int, hi: int) -> list[Token]:
        """The words of text[lo:hi] when it ends with a colon (which opens the quotation), else none."""
        if not self.text[lo:hi].rstrip().endswith(":"):
            return []
        return [t for t in self.view.tokens(lo, hi) if not t.is_punct]

    def _before_colon(self, lo: int, hi: int) -> Speaker | None:
        """``He returned to his familiar lines: "…"``: the subject of the clause the colon ends."""
        for t in reversed(self._words_before_colon(lo, hi)):
            if t.pos_ in ("VERB", "AUX"):
                subj = self._cue_speaker(t) if self._is_cue(t) else self._subject_of(t)
                if subj is not None and self._can_speak(subj) and not self._spoken_about(subj):
                    return self._speaker_from_token(subj, t.text)
        return None

    def _quote_sentence_end(self, span: QuoteSpan) -> int:
        """End of the sentence a quotation belongs to: its closing mark when the quoted words
        end a sentence and another begins ('"… yet." The two leaders …')."""
        para = self.paragraphs[span.paragraph]
        if span.close_at is None:
            return para.end
        if self.text[span.end - 1 : span.end] in ".?!…" and _starts_sentence(self._next_char(span)):
            return span.outer_end
        return self._sentence_end(span.outer_end, para.end)

    def _in_sentence(self, span: QuoteSpan) -> Speaker | None:
        """A cue anywhere in the quotation's sentence, nearest first (several partial quotes
        in one sentence share the cue at its end)."""
        para = self.paragraphs[span.paragraph]
        lo = self._sentence_start(para.start, span.open_at)
        hi = self._quote_sentence_end(span)
        words = [t for t in self.view.tokens(lo, hi) if not t.is_punct]
        cues = [t for t in words if self._is_cue(t)]
        for cue in sorted(cues, key=lambda t: min(abs(t.idx - span.open_at), abs(t.idx - span.outer_end))):
            speaker = self._speaker_for_cue(cue, words, nearest=cue.idx < span.open_at)
            if speaker is not None:
                return speaker
        return None

    def _that_clause(self, span: QuoteSpan) -> Speaker | None:
        """``Ortiz groused that the board "…"``: with no speech verb, the subject of the verb
        whose that-clause holds the quotation."""
        t = self._first_token(span)
        for _ in range(12):
            if t is None or t.head.i == t.i:
                return None
            if t.dep_ == "ccomp" and any(c.dep_ == "mark" and c.lower_ == "that" for c in t.children):
                subj = self._subject_of(t.head)
                if subj is not None and self._can_speak(subj) and not self.view.inside_quote(t.head.idx):
                    return self._speaker_from_token(subj, t.head.text)
                return None
            t = t.head
        return None

    @staticmethod
    def _known_source(token: Token) -> bool:
        return token.pos_ != "NOUN" or bool(token.ent_type_) or token.lemma_.lower() in SPEAKER_NOUNS

    def _can_speak(self, token: Token, tagged: bool = True) -> bool:
        """Whether a word can be who spoke; ``tagged=False`` ignores its (perhaps wrong) POS tag."""
        if token.i in self.dateline_tokens:
            return False  # "PORTLAND, Ore. —" opens the story; the city says nothing
        low = token.text.lower()
        if not any(ch.isalpha() for ch in low):
            return False  # a dash or mark the tagger took for a word
        if low in ("you", "me", "us", "him", "them", "what", "there") or low in RELATIVE_PRONOUNS | QUANTIFIERS:
            return False
        if low in PERSON_PRONOUNS | GROUP_PRONOUNS and token.dep_ in OBJECT_DEPS:
            return False  # "told him": the listener
        if token.tag_ == "MD":  # also a "May" the recogniser took for the month
            return self._surname_read_as_modal(token.head) is not None
        if is_age_noun(token):
            return True
        if token.like_num or token.ent_type_ in NOT_SPEAKER_ENTITIES or (tagged and token.dep_ == "npadvmod"):
            return False
        return not tagged or token.pos_ not in ("ADV", "ADJ", "VERB", "AUX", "SCONJ", "CCONJ", "DET")

    # ------------------------------------------------------------ titles and scare quotes

    def _is_title(self, span: QuoteSpan) -> bool:
        inner = self.text[span.start : span.end]
        words = WORD.findall(inner)
        if not words or len(words) > 8:
            return False
        if inner[-1:] in ".,!?;:…":
            # American style puts the comma inside: on Channel Nine's "Morning Table," is still a title.
            before = self.text[max(0, span.open_at - 4) : span.open_at].lower()
            if inner[-1:] not in ",." or not (before.endswith(("’s ", "'s ", " on ", " of "))):
                return False
        follower = WORD.match(self.text[span.outer_end :].lstrip())
        if follower and follower.group(0).lower() in TITLE_FOLLOWERS and words[0][:1].isupper():
            return True  # a lowercase "“broken” campaign finance system" is not a title
        capitalised = all(w[:1].isupper() or w.lower() in SMALL_WORDS for w in words)
        return capitalised and words[0][:1].isupper() and len(words) <= 6

    # ------------------------------------------------------------ all together

    def _sentence_around(self, span: QuoteSpan) -> str:
        para = self.paragraphs[span.paragraph]
        lo = self._sentence_start(para.start, span.open_at)
        hi = self._sentence_end(span.outer_end, para.end) if span.close_at is not None else para.end
        sentence = self.text[lo:hi].strip()
        return sentence if len(sentence) <= 1000 else sentence[:999] + "…"

    def _rule_choices(self, all_rules: bool) -> tuple[list[Speaker | None], list[bool], list[dict[str, Speaker | None]]]:
        """The rules' speaker for every span (None for titles and the unattributed), whether the
        span is a quotation at all, and what each rule proposed (all of them if ``all_rules``)."""
        found: list[Speaker | None] = []
        keep: list[bool] = []
        proposed: list[dict[str, Speaker | None]] = []
        for index, span in enumerate(self.spans):
            if self._is_title(span):
                found.append(None)
                keep.append(False)
                proposed.append({})
                continue
            left = self._left_bound(span, index)
            by_rule = {"right": self._from_right(span, index)}
            # The rules in the order they are trusted; the ranker, when there is one, sees all.
            if by_rule["right"] is None or all_rules:
                by_rule["last"] = self._last_cue(left, span.open_at, self._first_token(span))
                by_rule["colon"] = self._before_colon(left, span.open_at)
                by_rule["insent"] = self._in_sentence(span)
                # Transcript and list styles, trusted last: "Ortiz: "…"" and a "— Ortiz." line after.
                by_rule["colon-label"] = self._colon_label(left, span.open_at)
                by_rule["signature"] = self._signature(span)
                by_rule["that-clause"] = self._that_clause(span)
            found.append(next((sp for sp in by_rule.values() if sp is not None), None))
            keep.append(True)
            proposed.append(by_rule)

        # One speaker for all pieces of a multi-paragraph quotation.
        by_group: dict[int, Speaker] = {}
        for span, speaker in zip(self.spans, found):
            if speaker is not None:
                by_group.setdefault(span.group, speaker)
        for index, span in enumerate(self.spans):
            if keep[index] and found[index] is None:
                found[index] = by_group.get(span.group) or self._continuation(index, found, keep)
        return found, keep, proposed

    def extract(self) -> list[Quote]:
        found, keep, proposed = self._rule_choices(all_rules=self.model is not None)
        chosen = list(found)
        kept = [keep[index] and not self._unattributed_short(index, found) for index in range(len(self.spans))]
        if self.model is not None:
            for index, context, speakers, proposals in self._ranker_inputs(found, keep, proposed):
                top: frozenset[str] = frozenset()
                if proposals:
                    best = self.model.best(proposals, context, self.text)
                    chosen[index], top = speakers[best], proposals[best].rules
                keep_features = self._keep_features(self.spans[index], context, proposed[index])
                verdict = self.model.keep(keep_features(top), found[index] is not None)
                if verdict is not None:
                    kept[index] = verdict

        quotes = []
        for index, span in enumerate(self.spans):
            speaker = chosen[index]
            if not kept[index]:
                continue
            quotes.append(
                Quote(
                    text=self.text[span.start : span.end],
                    start=span.start,
                    end=span.end,
                    speaker=speaker.name if speaker else None,
                    speaker_start=speaker.start if speaker else None,
                    speaker_end=speaker.end if speaker else None,
                    cue=speaker.cue if speaker else None,
                    sentence=self._sentence_around(span),
                    speaker_kind=speaker.kind if speaker else None,
                )
            )
        return quotes

    # ------------------------------------------------------------ proposals for the ranker

    def proposals(self, index: int, by_rule: dict[str, Speaker | None], found: list[Speaker | None]) -> dict[tuple[int, int], tuple[Speaker, set[str]]]:
        """Every mention some rule proposes as the speaker of span ``index``, with the names
        of the rules that propose it. ``found`` holds the rules' choice for every span."""
        span = self.spans[index]
        out: dict[tuple[int, int], tuple[Speaker, set[str]]] = {}

        def add(speaker: Speaker | None, rule: str) -> None:
            if speaker is not None:
                out.setdefault((speaker.start, speaker.end), (speaker, set()))[1].add(rule)

        for rule, speaker in by_rule.items():
            add(speaker, rule)
        para = self.paragraphs[span.paragraph]
        lo = self._sentence_start(para.start, span.open_at)
        hi = self._quote_sentence_end(span)
        first = self._first_token(span)
        sentence_tokens = list(self.view.tokens(lo, hi))
        # Of the cue verbs above the quotation, the nearest one is whose words they are:
        # "Lee said the plan, which Ortiz called "…"" is Ortiz's.
        governing = {t.i: self._depth(t) for t in sentence_tokens if first is not None and self._is_cue(t) and t.is_ancestor(first)}
        nearest_governing = max(governing, key=governing.get, default=None)
        for t in sentence_tokens:
            if t.is_punct:
                continue
            if self._is_cue(t):
                subj = self._subject_of(t)
                governs = "-governing" if t.i == nearest_governing else "-governing-outer" if t.i in governing else ""
                agent = self._passive_agent(t)
                if agent is not None:
                    # "The plan was called "…" by Ortiz": Ortiz speaks, the plan does not.
                    add(self._speaker_from_token(agent, t.text), "cue-agent")
                elif subj is not None and subj.lower_ in RELATIVE_PRONOUNS:
                    # "Marsh, who declared, "…"" also where the parser hangs the quotation elsewhere
                    add(self._relative_speaker(subj, t.text), "cue-subject" + governs)
                elif subj is not None and self._can_speak(subj):
                    add(self._speaker_from_token(subj, t.text), "cue-subject" + governs)
                elif subj is not None and (subj.lower_ in QUANTIFIERS or subj.lemma_.lower() in FRACTIONS):
                    # "most said they were "…"": a share of the people just mentioned
                    add(self._speaker_from_token(subj, t.text), "cue-subject-share")
            obj = _attribution_phrase_object(t)
            if obj is not None:
                add(self._speaker_from_token(obj, "according to"), "according-to")
                inner = self._source_within(obj)
                if inner is not None:
                    add(self._speaker_from_token(inner, "according to"), "according-to-inner")
            if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT" and self._can_speak(t) and not self._spoken_about(t):
                add(self._speaker_from_token(self._head_of_mention(t), None), "sentence-subject")
            if t.dep_ == "poss" and first is not None and t.head.is_ancestor(first) and self._can_speak(t, tagged=False):
                # "her claim that "…"", and more surely so when the noun is a speech word
                rule = "speech-possessor" if t.head.lemma_.lower() in SPEECH_NOUNS else "possessor"
                add(self._speaker_from_token(self._head_of_mention(t), None), rule)
        if first is not None:
            self._clause_proposals(first, add)
        self._introduction_proposals(span, lo, add)
        self._previous_sentence_proposals(span, lo, add)
        add(self._continuation_in_text(index), "continues")
        for k, rule in ((index - 1, "previous-quote"), (index + 1, "next-quote")):
            if 0 <= k < len(self.spans):
                same_group = self.spans[k].group == span.group
                add(found[k], rule + ("-same-quotation" if same_group else ""))
        for speaker, _ in list(out.values()):
            tok = self.doc[speaker.token]
            if tok.text.lower() in PERSON_PRONOUNS | GROUP_PRONOUNS | RELATIVE_PRONOUNS:
                antecedent = self._relative_antecedent(tok) or self._antecedent(tok)
                if antecedent is not None:
                    add(self._speaker_from_token(antecedent, speaker.cue), "antecedent")
        add(found[index], "rules-choice")
        return out

    def _clause_proposals(self, first: Token, add) -> None:
        """Who does what in the clauses that hold a quotation: the subject of the nearest one
        and of the one around it ("… because she thought it "…""), the agent of a passive
        ("labelled a "…" by the mayor"), and relative pronouns ("Oduya, who wrote "…"")."""
        subjects = 0
        t, steps = first, 0
        while t.head.i != t.i and steps < 15 and subjects < 2:
            t, steps = t.head, steps + 1
            if self.view.inside_quote(t.idx):
                continue
            for child in t.children:
                if self.view.inside_quote(child.idx):
                    continue
                if child.dep_ in ("nsubj", "nsubjpass") and subjects < 2 and not self._spoken_about(child):
                    subjects += 1
                    rule = "clause-subject" if subjects == 1 else "outer-clause-subject"
                    if child.lower_ in RELATIVE_PRONOUNS:
                        add(self._relative_speaker(child, t.text if self._is_cue(t) else None), rule)
                    elif self._can_speak(child):
                        add(self._speaker_from_token(self._head_of_mention(child), t.text if self._is_cue(t) else None), rule)
                elif child.dep_ == "agent":
                    for agent in child.children:
                        if agent.dep_ == "pobj" and self._can_speak(agent):
                            add(self._speaker_from_token(self._head_of_mention(agent), t.text), "passive-agent")

    def _source_within(self, thing: Token) -> Token | None:
        """A named source inside a common noun phrase: "calculations by Amy Lin", "audio
        provided by the station"."""
        if thing.ent_type_ or thing.pos_ != "NOUN":
            return None
        for t in thing.subtree:
            if t.i - thing.i > 10:
                break
            if t.i > thing.i and t.dep_ == "pobj" and t.head.lower_ in ("by", "from", "of") and t.ent_type_ in ("PERSON", "ORG"):
                return self._head_of_mention(t)
        return None

    def _spoken_about(self, subject: Token) -> bool:
        """"The plan" in "The plan was called "…" by Ortiz": what is described, not who speaks."""
        return subject.dep_ == "nsubjpass" and self._is_cue(subject.head) and self._passive_agent(subject.head) is not None

    def _passive_agent(self, verb: Token) -> Token | None:
        """X in "was called "…" by X": the agent of a passive speech verb, also where the
        parser hangs "by X" on the quoted words."""
        if not any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
            return None
        for t in verb.doc[verb.i + 1 : verb.sent.end]:
            if t.lower_ == "by" and t.dep_ in ("agent", "prep") and not self.view.inside_quote(t.idx):
                for who in t.children:
                    # a "by" the parser hung elsewhere must at least name somebody
                    if who.dep_ == "pobj" and self._can_speak(who) and (t.dep_ == "agent" or who.ent_type_ in ("PERSON", "ORG")):
                        return self._head_of_mention(who)
                return None
        return None

    def _relative_antecedent(self, tok: Token) -> Token | None:
        """The noun a relative pronoun stands for: "Oduya" in "Oduya, who wrote …"."""
        if tok.lower_ in RELATIVE_PRONOUNS and tok.head.dep_ == "relcl" and tok.head.head.i != tok.head.i:
            return self._head_of_mention(tok.head.head)
        return None

    def _relative_speaker(self, tok: Token, cue: str | None) -> Speaker | None:
        """The relative pronoun as the mention, credited to the noun it stands for."""
        antecedent = self._relative_antecedent(tok)
        if antecedent is None or not self._can_speak(antecedent):
            return None
        named = self._speaker_from_token(antecedent, cue)
        return Speaker(named.name, tok.idx, tok.idx + len(tok), named.kind, cue, tok.i)

    def _colon_label(self, lo: int, hi: int) -> Speaker | None:
        """A name right before the colon that opens the quotation: "Ruiz: "…""."""
        words = self._words_before_colon(lo, hi)
        tag = _PARTY_TAG.search(self.text, lo, hi)
        if tag is not None:
            # "Rep. Ordway (R-Ore.):" is Ordway's
            words = [t for t in words if t.idx < tag.start()]
        if words and words[-1].pos_ in ("PROPN", "NOUN", "PRON") and self._can_speak(words[-1]):
            return self._speaker_from_token(self._head_of_mention(words[-1]), None)
        return None

    def _signature(self, span: QuoteSpan) -> Speaker | None:
        """A quotation signed after it: on the next line ("— Ruiz.") or after the closing mark
        at the end of its own paragraph ("“…” ― Ruiz", as reader reactions are set)."""
        para = self.paragraphs[span.paragraph]
        same_line = bool(self.text[span.outer_end : para.end].strip())
        if same_line:
            if span.close_at is None:
                return None
            lo, hi = span.outer_end, para.end
        elif span.paragraph + 1 < len(self.paragraphs):
            following = self.paragraphs[span.paragraph + 1]
            lo, hi = following.start, following.end
        else:
            return None
        line = self.text[lo:hi].strip()
        if line[:1] not in DASHES or len(line.split()) > 8:
            return None
        words = [t for t in self.view.tokens(lo, hi) if not t.is_punct]
        if not words or (same_line and not (words[0].text[:1].isupper() or words[0].text[:1] == "@")):
            return None  # '“…” — paper burning in a fireplace': a description, not a signature
        if self._can_speak(words[0]):
            return self._speaker_from_token(self._head_of_mention(words[0]), None)
        return None

    def _introduction_proposals(self, span: QuoteSpan, sentence_start: int, add) -> None:
        """For a quotation a colon introduces, in its sentence or at the end of the paragraph
        before: whoever the introducing sentence is about, and whoever speaks in it."""
        para = self.paragraphs[span.paragraph]
        words = self._words_before_colon(sentence_start, span.open_at)
        if not words and span.open_at == para.start and span.paragraph > 0:
            previous = self.paragraphs[span.paragraph - 1]
            words = self._words_before_colon(self._sentence_start(previous.start, previous.end - 1), previous.end)
        if words:
            # "As the Ledger reported, the council was still refusing …: "…""
            subjects = [t for t in words if t.dep_ in ("nsubj", "nsubjpass") and self._can_speak(t) and not self._spoken_about(t)]
            if subjects:
                main = min(subjects, key=self._depth)
                add(self._speaker_from_token(self._head_of_mention(main), None), "introduction-subject")
            for t in words:
                subject = self._cue_speaker(t) if self._is_cue(t) else None
                if subject is not None and self._can_speak(subject):
                    add(self._speaker_from_token(subject, t.text), "introduction-cue")

    def _proposal(self, speaker: Speaker, rules, span: QuoteSpan) -> Proposal:
        mention = self.doc[speaker.token]
        path, meets = self._syntactic_path(mention, span)
        return Proposal(
            speaker.start, speaker.end, self.text[speaker.start : speaker.end], frozenset(rules),
            kind=speaker.kind, cue=speaker.cue, path=path, meets=meets, actor=speaker.name, verb=self._verb_of(mention),
            noun=self._noun_class(mention), mark=self._clause_mark(mention),
            clause=mention.head.dep_ if mention.dep_ in ("nsubj", "nsubjpass") else "",
        )

    @staticmethod
    def _clause_mark(mention: Token) -> str:
        """"as" for the subject of "As the Ledger reported": the word opening its clause."""
        if mention.dep_ not in ("nsubj", "nsubjpass"):
            return ""
        return next((c.lower_ for c in mention.head.children if c.dep_ == "mark"), "")

    @staticmethod
    def _noun_class(mention: Token) -> str:
        """A common-noun mention is a known kind of source ("an aide") or a thing ("the plan")."""
        if mention.pos_ != "NOUN" or mention.ent_type_:
            return "other"
        return "source" if mention.lemma_.lower() in SPEAKER_NOUNS else "thing"

    @staticmethod
    def _verb_of(mention: Token) -> str:
        """The verb a subject mention does: "say" for "she said", "feel" for "fans feel"."""
        return mention.head.lemma_.lower() if mention.dep_ in ("nsubj", "nsubjpass") else ""

    def _syntactic_path(self, mention: Token, span: QuoteSpan) -> tuple[str, str]:
        """How the mention and the quotation meet in the parse: steps up from each to their
        lowest common head ("1/1": the subject of the verb the quotation hangs on), and that
        head's lemma."""
        chain = self._quote_chain(span)
        if not chain:
            return "none", ""
        if mention.sent.start != chain[0].sent.start:
            return "other-sentence", ""
        ancestors = {t.i: n for n, t in enumerate([mention, *mention.ancestors])}
        for up, t in enumerate(chain):
            if t.i in ancestors:
                return f"{min(ancestors[t.i], 3)}/{min(up, 4)}" + ("/cue" if self._is_cue(t) else ""), t.lemma_.lower()
        return "none", ""

    def _quote_chain(self, span: QuoteSpan) -> list[Token]:
        """The quotation's highest token in the parse and the heads above it (once per span:
        every proposal of the quotation is measured against it)."""
        if span.open_at not in self._chains:
            inside = list(self.doc.char_span(span.start, span.end, alignment_mode="expand") or [])
            # the highest token has its head outside the quotation (or is the sentence root)
            outside = [t for t in inside if t.head.i == t.i or not inside[0].i <= t.head.i <= inside[-1].i]
            top = min(outside, key=self._depth) if outside else None
            self._chains[span.open_at] = [top, *top.ancestors] if top is not None else []
        return self._chains[span.open_at]

    def _previous_sentence_proposals(self, span: QuoteSpan, sentence_start: int, add) -> None:
        """The subject, and the speakers of speech verbs, of the sentence before the quotation's."""
        para = self.paragraphs[span.paragraph]
        if sentence_start > para.start:
            lo, hi = self._sentence_start(para.start, sentence_start - 1), sentence_start
        elif span.paragraph > 0:
            prev = self.paragraphs[span.paragraph - 1]
            lo, hi = self._sentence_start(prev.start, prev.end), prev.end
        else:
            return
        words = self.view.tokens(lo, hi)
        for t in words:
            if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT" and self._can_speak(t) and not self._spoken_about(t):
                add(self._speaker_from_token(self._head_of_mention(t), None), "previous-sentence-subject")
                break
        for t in words:
            if self._is_cue(t):
                subj = self._cue_speaker(t)
                if subj is not None and self._can_speak(subj):
                    add(self._speaker_from_token(subj, t.text), "previous-sentence-cue")

    def training_items(self) -> list[TrainingItem]:
        """For learning the models: every quoted string that is not a title, with all the
        proposals for its speaker and the keep model's features but for ``top``."""
        found, keep, proposed = self._rule_choices(all_rules=True)
        out = []
        for index, context, _, proposals in self._ranker_inputs(found, keep, proposed):
            span = self.spans[index]
            out.append(
                TrainingItem(
                    span,
                    context,
                    proposals,
                    self._keep_features(span, context, proposed[index]),
                    found[index] is not None,
                )
            )
        return out

    def _ranker_inputs(self, found: list[Speaker | None], keep: list[bool], proposed: list[dict[str, Speaker | None]]):
        """For every quoted string that is not a title: its index, its context, the proposed
        speakers and their proposals for the ranker (the same for extracting and learning)."""
        for index, span in enumerate(self.spans):
            if not keep[index]:
                continue
            options = list(self.proposals(index, proposed[index], found).values())
            yield (
                index,
                self.quote_context(span),
                [speaker for speaker, _ in options],
                [self._proposal(speaker, rules, span) for speaker, rules in options],
            )

    def quote_context(self, span: QuoteSpan) -> QuoteContext:
        para = self.paragraphs[span.paragraph]
        return QuoteContext(
            open_at=span.open_at,
            end=span.end,
            words=len(self.text[span.start : span.end].split()),
            paragraph_initial=not self.text[para.start : span.open_at].strip(),
            last_char=self.text[span.end - 1 : span.end],
            next_char=self._next_char(span),
        )

    def _unattributed_short(self, index: int, found: list[Speaker | None]) -> bool:
        """Without a model: a short quotation with no cue of its own and no speaker to continue
        is most likely a scare quote."""
        span = self.spans[index]
        return found[index] is None and len(WORD.findall(self.text[span.start : span.end])) < MIN_WORDS_WITHOUT_SPEAKER

    def _keep_features(
        self, span: QuoteSpan, context: QuoteContext, by_rule: dict[str, Speaker | None]
    ) -> Callable[[frozenset[str]], dict[str, float]]:
        """The keep model's features of a quoted string, given the rules behind the chosen
        speaker; what the string looks like is read once, however often the trainer asks."""
        fired = [rule for rule, speaker in by_rule.items() if speaker is not None]
        look = self._look(span)
        return lambda top: quotation_features(context, fired, top, look)

    def _look(self, span: QuoteSpan) -> QuotedLook:
        before = WORD.findall(self.text[max(0, span.open_at - 30) : span.open_at])
        after = _WORD_AFTER.match(self.text, span.outer_end, span.outer_end + 30)
        inner = WORD.findall(self.text[span.start : span.end])
        tokens = self._quoted_tokens(span)
        # The quoted word nearest the root says how the quotation hangs on the sentence.
        top_token = min(tokens, key=self._depth, default=None)
        attach = "none" if top_token is None else "root" if top_token.head.i == top_token.i else top_token.dep_
        return QuotedLook(
            word_before=before[-1].lower() if before else "",
            word_after=after.group(1).lower() if span.close_at is not None and after else "",
            title_like=bool(inner) and all(w[:1].isupper() or w.lower() in SMALL_WORDS for w in inner),
            voice=voice_of(inner),
            finite=any(t.tag_ in FINITE_TAGS for t in tokens),
            attach=attach,
        )

    def _quoted_tokens(self, span: QuoteSpan) -> list[Token]:
        a = bisect.bisect_left(self.view.starts, span.start)
        b = bisect.bisect_left(self.view.starts, span.end)
        return [t for t in self.doc[a:b] if not t.is_space and not t.is_punct]

    def _continuation(self, index: int, found: list[Speaker | None], keep: list[bool]) -> Speaker | None:
        """A quotation with no cue of its own continues the nearest speaker before it."""
        return (
            self._earlier_in_paragraph(index)
            or self._previous_speaker(index, found, keep)
            or self._paragraph_introduction(index)
        )

    def _continuation_in_text(self, index: int) -> Speaker | None:
        """The continuation found from the text alone, whoever the other quotations' speakers are."""
        return self._earlier_in_paragraph(index) or self._paragraph_introduction(index)

    def _earlier_in_paragraph(self, index: int) -> Speaker | None:
        span = self.spans[index]
        return self._last_cue(self.paragraphs[span.paragraph].start, span.open_at)

    def _previous_speaker(self, index: int, found: list[Speaker | None], keep: list[bool]) -> Speaker | None:
        """The speaker of the nearest quotation before, in this paragraph or one that the
        quotation continues directly."""
        span = self.spans[index]
        para = self.paragraphs[span.paragraph]
        for k in range(index - 1, -1, -1):
            prev = self.spans[k]
            if prev.paragraph < span.paragraph - 1:
                break
            if prev.paragraph == span.paragraph - 1 and self.text[para.start : span.open_at].strip():
                break  # the paragraph starts with narration, not with the quotation
            if keep[k] and found[k] is not None:
                return found[k]
        return None

    def _paragraph_introduction(self, index: int) -> Speaker | None:
        """For a quotation that opens its paragraph: who the paragraph before introduces."""
        span = self.spans[index]
        para = self.paragraphs[span.paragraph]
        if span.paragraph > 0 and span.open_at == para.start:
            prev_para = self.paragraphs[span.paragraph - 1]
            if self.text[prev_para.start : prev_para.end].rstrip().endswith(":"):
                # "Lee said:" and, with no speech verb, "Lee in 1992:" or "Lee's reply:"
                return self._last_cue(prev_para.start, prev_para.end) or self._introduced_by(prev_para.start, prev_para.end)
            return self._introduced_by(prev_para.start, prev_para.end)
        return None

    def _introduced_by(self, lo: int, hi: int) -> Speaker | None:
        """A quotation that is a paragraph of its own after narration about someone ("Brandt
        went on with his complaint.") is that person's: the last sentence's subject."""
        start = self._sentence_start(lo, hi)
        for t in self.view.tokens(start, hi):
            if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT":
                speaker = self._speaker_from_token(self._head_of_mention(t), None)
                return speaker if speaker.kind == "PERSON" else None
        return None




def extract_quotes(doc: Doc, actors: ActorIndex, spans: list[QuoteSpan] | None = None, text: str | None = None) -> list[Quote]:
    return QuoteExtractor(doc, actors, spans, text=text).extract()
