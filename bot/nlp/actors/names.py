"""An actor's name from an entity span: proper nouns only, no possessive, brackets or titles."""

from __future__ import annotations

import re

from spacy.tokens import Span

from bot.nlp.lexicon import CAPTION_WORDS, CUE_FORMS, NOT_NAMES, SOCIAL_NETWORKS, TITLE_WORDS

TITLE_STEMS = frozenset(w.rstrip(".") for w in TITLE_WORDS)
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")
_ORDINAL_NAME = re.compile(r"^\d+(?:st|nd|rd|th) [A-Z][^\d]*$")
_DOTTED_END = re.compile(r"(?:^|\s)(?:[A-Z]\.)+[A-Z]$")
_INITIAL = re.compile(r"^[A-Za-z]\.?$")
_BRACKETS = re.compile(r"[\[\]{}()]")
# Words that open an entity span without being part of the name: "Billionaire Donald Trump",
# "Hammering Hillary Clinton" (the parser knows they are not proper nouns).
_NOT_NAME_POS = frozenset({"NOUN", "VERB", "ADJ", "ADV", "NUM", "PRON", "CCONJ", "SCONJ", "PART", "INTJ"})
# Lower-case words inside a name that belong to it: "Bank of the West", "Ludwig van Beethoven".
_NAME_PARTICLES = frozenset("of for and on de du da di del della der den van von bin ibn al el la le y".split())
_OFFICES = frozenset("commissioner ministry department spokesman spokeswoman spokesperson".split())
_SHARE_WORDS = frozenset("share follow like subscribe".split())


def identity(name: str) -> str:
    """What makes two names one: case and a middle initial aside ("Donald J. Trump")."""
    words = name.lower().split()
    if len(words) > 2:
        words = [words[0], *(w for w in words[1:-1] if not _INITIAL.match(w)), words[-1]]
    return " ".join(words)


def name_tokens(ent: Span, kind: str) -> Span:
    """The entity span without words that are not part of the name: for a person the words
    before it that are no proper nouns; for anyone, whatever follows a stray lower-case article
    ("Rathbun the Scientology" is Rathbun, the rest is the next phrase), and a bracket after it."""
    doc = ent.doc
    start, end = ent.start, ent.end
    if kind == "PERSON":
        while start < end - 1 and doc[start].pos_ in _NOT_NAME_POS:
            start += 1
        while end - 1 > start and doc[end - 1].lower_ in CUE_FORMS:
            end -= 1  # a headline's "Obama Says …": the verb is not the name
    while end - 1 > start and doc[end - 1].like_num:
        end -= 1  # "Peru 1" of "Peru 1 – 0 Ghana": the score is not the name
    for i in range(start + 1, end):
        if doc[i].text == "(" or (doc[i].text == "the" and doc[i - 1].lower_ not in _NAME_PARTICLES):
            end = i  # "World Health Organisation (WHO)": the acronym is its own mention
            break
    return doc[start:end] if (start, end) != (ent.start, ent.end) else ent


def clean_name(text: str, kind: str) -> str:
    """The name without possessive, leading article, trailing caption label, or (for people)
    leading titles."""
    name = " ".join(_BRACKETS.sub(" ", text).split())  # "[Hillary] Clinton"
    name = _POSSESSIVE.sub("", name).strip(" ,.;:-–—\"“”'’")
    name = _LEADING_THE.sub("", name)
    words = name.split()
    while len(words) > 1 and words[-1].lower() in CAPTION_WORDS:
        words = words[:-1]  # "Ahmed Mohamed Image": a caption label NER ran into the name
    name = " ".join(words).rstrip(" ,.;:-–—")
    if _DOTTED_END.search(name):
        name += "."  # "Washington D.C.", "U.S.": the abbreviation keeps its last dot
    if kind == "PERSON":
        words = name.split()
        while len(words) > 1 and words[0].lower().rstrip(".") in TITLE_STEMS:
            words = words[1:]
        name = " ".join(words)
    return name


def is_plausible_name(name: str, kind: str) -> bool:
    if len(name) < 2 or name.lower() in NOT_NAMES:
        return False
    if "," in name:
        return False  # "Kyiv, Odesa": a list taken for one name
    if any(ch.isdigit() for ch in name) and not _ORDINAL_NAME.match(name):
        return False  # "2018 World Cup", but "501st Legion" is a name
    if not (name[0].isupper() or _ORDINAL_NAME.match(name)):
        return False
    if kind == "PERSON" and len(name.split()) > 4:
        return False
    return len(name) <= 60


def is_share_widget(ent: Span, name: str) -> bool:
    """'Share on Facebook', 'Follow us on Twitter': page furniture, not the story's Facebook."""
    if name.lower() not in SOCIAL_NETWORKS:
        return False
    words = [t for t in ent.sent if not (t.is_punct or t.is_space)]
    return len(words) <= 5 or any(t.lower_ in _SHARE_WORDS for t in words)


def is_common_word(name: str, ordinary: frozenset[str]) -> bool:
    """A one-word name the article also uses as an ordinary word ('Iodine' in a headline,
    'Government', 'Volunteer') is that word capitalised, not a name. Acronyms stay names."""
    if " " in name or name.isupper():
        return False
    low = name.lower()
    return low in ordinary or f"{low}s" in ordinary


def is_portfolio(ent: Span, name: str) -> bool:
    """'Education' of 'Undersecretary for Education', 'Defence' of 'Minister of Defence': the
    field of an office, not an organisation."""
    root = ent.root
    if " " in name or name.isupper() or root.dep_ != "pobj" or root.head.lower_ not in ("of", "for"):
        return False
    office = root.head.head.lower_
    return office.endswith(("secretary", "minister")) or office in _OFFICES
