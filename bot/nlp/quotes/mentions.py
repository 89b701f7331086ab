"""Whom a speaking word names: the actor behind a name, a pronoun's antecedent, the noun a
relative pronoun stands for, or the words of an unnamed source ("an official")."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from bot.nlp.actors import ActorCluster, ActorIndex
from bot.nlp.lexicon import GROUP_PRONOUNS, PERSON_PRONOUNS, RELATIVE_PRONOUNS, SOURCE_PREPOSITIONS, SUBJECT_DEPS
from bot.nlp.quotes.layout import TextView
from bot.nlp.quotes.speakers import Speaker, SpeakerRoles, is_age_noun


class MentionNamer:
    def __init__(self, doc: Doc, view: TextView, actors: ActorIndex, roles: SpeakerRoles):
        self.doc = doc
        self.view = view
        self.actors = actors
        self.roles = roles
        self.entity_at = roles.entity_at

    def resolve_pronoun(self, pron: Token) -> ActorCluster | None:
        antecedent = self.antecedent(pron)
        return self.actors.actor_at(antecedent) if antecedent is not None else None

    def antecedent(self, pron: Token) -> Token | None:
        """The mention a pronoun stands for: the nearest fitting actor that was a subject or a
        speaker, else the nearest non-possessive one."""
        low = pron.text.lower()
        if low in PERSON_PRONOUNS or is_age_noun(pron):
            wanted: tuple[str, ...] = ("PERSON",)
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
            subject = root.dep_ in SUBJECT_DEPS or (
                root.dep_ == "appos" and root.head.dep_ in SUBJECT_DEPS  # "The contractor, Kessel Works,"
            )
            if root.i in self.roles.speaking or subject:
                return root
            if best_any is None and root.dep_ != "poss" and pron.i - i < 120:
                best_any = root
        return best_any

    def relative_antecedent(self, tok: Token) -> Token | None:
        """The noun a relative pronoun stands for: "Oduya" in "Oduya, who wrote …"."""
        if tok.lower_ in RELATIVE_PRONOUNS and tok.head.dep_ == "relcl" and tok.head.head.i != tok.head.i:
            return self.roles.head_of_mention(tok.head.head)
        return None

    def noun_phrase(self, head: Token) -> tuple[int, int]:
        """Token range of an unnamed source: "an official", "a source at the French palace"."""
        if is_age_noun(head):
            return min(c.i for c in head.children if c.dep_ == "det"), head.i + 1  # "the 46-year-old"
        start = head.i
        for c in reversed(list(head.lefts)):
            if (
                c.dep_ in ("det", "amod", "compound", "nummod", "poss", "nmod", "quantmod")
                and c.right_edge.i == start - 1
            ):
                start = c.left_edge.i
            else:
                break
        end = head.i + 1
        for c in head.rights:
            if c.i == end and c.dep_ == "prep" and c.text.lower() in SOURCE_PREPOSITIONS:
                objects = [o for o in c.children if o.dep_ == "pobj"]
                if objects:
                    end = self.noun_phrase(objects[0])[1] if objects[0].i - c.i <= 5 else end
            break
        end = min(end, start + 12)
        while start < end and (self.doc[start].is_punct or self.doc[start].dep_ == "advmod"):
            start += 1
        return (start, end) if start < end else (head.i, head.i + 1)

    def speaker(self, tok: Token, cue: str | None) -> Speaker:
        """The speaker a word names, resting on that word."""
        low = tok.text.lower()
        if low in ("i", "we"):  # the writer: the attribution rests here, but nobody to list it under
            return Speaker(None, tok.idx, tok.idx + len(tok), None, cue, tok.i)
        if low in PERSON_PRONOUNS | GROUP_PRONOUNS:
            cluster = self.resolve_pronoun(tok)
            return Speaker(
                cluster.name if cluster else None,
                tok.idx,
                tok.idx + len(tok),
                cluster.kind if cluster else None,
                cue,
                tok.i,
            )
        if is_age_noun(tok):
            # "said the 46-year-old" refers back to a person, like "she" does
            cluster = self.resolve_pronoun(tok)
            start, end = self.noun_phrase(tok)
            span = self.doc[start:end]
            return Speaker(
                cluster.name if cluster else span.text,
                span.start_char,
                span.end_char,
                "PERSON" if cluster else None,
                cue,
                tok.i,
            )
        cluster = self.actors.actor_at(tok)
        ent = self.entity_at.get(tok.i)
        if cluster is not None and ent is not None:
            return Speaker(cluster.name, ent.start_char, ent.end_char, cluster.kind, cue, tok.i)
        start, end = self.noun_phrase(tok)
        span = self.doc[start:end]
        named = self.actors.find_by_name(span.text)
        if named is None and tok.pos_ == "PROPN":
            named = self.actors.find_by_name(tok.text)
        if named is not None:
            return Speaker(named.name, span.start_char, span.end_char, named.kind, cue, tok.i)
        name = span.text
        if span[0].lower_ in ("a", "an", "the"):
            name = span[0].lower_ + name[len(span[0].text) :]
        return Speaker(name, span.start_char, span.end_char, None, cue, tok.i)

    def speaker_of_mention(self, tok: Token, cue: str | None) -> Speaker:
        """The speaker a word names, resting on the root of the entity it belongs to."""
        return self.speaker(self.roles.head_of_mention(tok), cue)

    def relative_speaker(self, tok: Token, cue: str | None) -> Speaker | None:
        """The relative pronoun as the mention, credited to the noun it stands for."""
        antecedent = self.relative_antecedent(tok)
        if antecedent is None or not self.roles.can_speak(antecedent):
            return None
        named = self.speaker(antecedent, cue)
        return Speaker(named.name, tok.idx, tok.idx + len(tok), named.kind, cue, tok.i)
