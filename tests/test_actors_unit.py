"""Actor rules on hand-built spaCy Docs: no model needed, every parse and label under our control."""

import spacy
from spacy.tokens import Doc

from bot.nlp.actors import find_actors

VOCAB = spacy.blank("en").vocab  # English word attributes (lower case, shape), no trained model


def make_doc(words, heads, deps, ents, spaces=None):
    return Doc(VOCAB, words=words, spaces=spaces, heads=heads, deps=deps, ents=ents)


def kinds(doc):
    return {c.name: c.kind for c in find_actors(doc).clusters}


def test_places_mislabelled_as_people_or_organisations_are_places():
    # "Fighting continued in Dravik and Ostrel ." with NER calling them a person and an organisation
    doc = make_doc(
        ["Fighting", "continued", "in", "Dravik", "and", "Ostrel", "."],
        heads=[1, 1, 1, 2, 3, 3, 1],
        deps=["nsubj", "ROOT", "prep", "pobj", "cc", "conj", "punct"],
        ents=["O", "O", "O", "B-PERSON", "O", "B-ORG", "O"],
    )
    assert kinds(doc) == {"Dravik": "GPE", "Ostrel": "GPE"}


def test_a_subject_keeps_its_label():
    # "Dravik spoke in Ostrel ." : Dravik is the subject of a verb, so still a person
    doc = make_doc(
        ["Dravik", "spoke", "in", "Ostrel", "."],
        heads=[1, 1, 1, 2, 1],
        deps=["nsubj", "ROOT", "prep", "pobj", "punct"],
        ents=["B-PERSON", "O", "O", "B-PERSON", "O"],
    )
    assert kinds(doc) == {"Dravik": "PERSON", "Ostrel": "GPE"}


def test_lists_taken_for_one_name_and_numbers_are_dropped():
    doc = make_doc(
        ["Kyiv", ",", "Odesa", "and", "2024", "remained"],
        heads=[5, 0, 0, 0, 0, 5],
        deps=["nsubj", "punct", "conj", "cc", "conj", "ROOT"],
        ents=["B-ORG", "I-ORG", "I-ORG", "O", "B-ORG", "O"],
        spaces=[False, True, True, True, True, False],
    )
    assert kinds(doc) == {}


def test_surname_joins_the_full_name_and_titles_become_aliases():
    # "President Mara Vell met Vell 's staff ."
    doc = make_doc(
        ["President", "Mara", "Vell", "met", "Vell", "'s", "staff", "."],
        heads=[2, 2, 3, 3, 6, 4, 3, 3],
        deps=["compound", "compound", "nsubj", "ROOT", "poss", "case", "dobj", "punct"],
        ents=["O", "B-PERSON", "I-PERSON", "O", "B-PERSON", "O", "O", "O"],
        spaces=[True, True, True, True, False, True, False, False],
    )
    [cluster] = find_actors(doc).clusters
    assert cluster.name == "Mara Vell" and cluster.mentions == 2
    assert set(cluster.aliases()) == {"President Mara Vell", "Vell"}
