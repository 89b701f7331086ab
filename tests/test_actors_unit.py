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


def _flat(words, ents):
    """A flat parse: every word hangs on the first, which is the root."""
    return make_doc(words, heads=[0] * len(words), deps=["ROOT"] + ["dep"] * (len(words) - 1), ents=ents)


def test_news_equivalences_name_one_actor():
    # "The United States and the U.S. envoy met in America ."
    doc = _flat(
        ["The", "United", "States", "and", "the", "U.S.", "envoy", "met", "in", "America", "."],
        ["O", "B-GPE", "I-GPE", "O", "O", "B-GPE", "O", "O", "O", "B-GPE", "O"],
    )
    [cluster] = find_actors(doc).clusters
    assert cluster.name == "United States" and cluster.mentions == 3


def test_a_given_name_alone_joins_the_one_person_who_has_it():
    # "Ilsa Varga spoke . Ilsa left . Tomas Okonjo and Tomas Brennan stayed . Tomas waved ."
    words = ["Ilsa", "Varga", "spoke", ".", "Ilsa", "left", ".", "Tomas", "Okonjo", "and", "Tomas", "Brennan", "stayed",
             ".", "Tomas", "waved", "."]  # fmt: skip
    ents = ["B-PERSON", "I-PERSON", "O", "O", "B-PERSON", "O", "O", "B-PERSON", "I-PERSON", "O", "B-PERSON",
            "I-PERSON", "O", "O", "B-PERSON", "O", "O"]  # fmt: skip
    names = {c.name: c.mentions for c in find_actors(_flat(words, ents)).clusters}
    # two Tomases: the lone "Tomas" stays apart
    assert names == {"Ilsa Varga": 2, "Tomas Okonjo": 1, "Tomas Brennan": 1, "Tomas": 1}


def test_a_short_organisation_name_joins_its_long_form_but_places_stay_apart():
    # "The Harbour Works Board met ; the Board said Australia and South Australia agree ."
    words = ["The", "Harbour", "Works", "Board", "met", ";", "the", "Harbour", "Works", "said", "Australia", "and",
             "South", "Australia", "agree", "."]  # fmt: skip
    ents = ["O", "B-ORG", "I-ORG", "I-ORG", "O", "O", "O", "B-ORG", "I-ORG", "O", "B-GPE", "O", "B-GPE", "I-GPE",
            "O", "O"]  # fmt: skip
    names = {c.name: c.mentions for c in find_actors(_flat(words, ents)).clusters}
    assert names == {"Harbour Works Board": 2, "Australia": 1, "South Australia": 1}


def test_regions_and_buildings_are_places():
    # "Fans filled the Ostrel Arena in North Vandria ."
    doc = _flat(
        ["Fans", "filled", "the", "Ostrel", "Arena", "in", "North", "Vandria", "."],
        ["O", "O", "O", "B-FAC", "I-FAC", "O", "B-LOC", "I-LOC", "O"],
    )
    # the arena's own place is a mention too: "Ostrel" of "the Ostrel Arena"
    assert kinds(doc) == {"Ostrel Arena": "GPE", "North Vandria": "GPE", "Ostrel": "GPE"}


def test_caption_labels_and_place_words_shape_names_and_kinds():
    # "Mara Vell Image : the Kessel Arena opened ."
    doc = _flat(
        ["Mara", "Vell", "Image", ":", "the", "Kessel", "Arena", "opened", "."],
        ["B-PERSON", "I-PERSON", "I-PERSON", "O", "O", "B-ORG", "I-ORG", "O", "O"],
    )
    assert kinds(doc) == {"Mara Vell": "PERSON", "Kessel Arena": "GPE", "Kessel": "GPE"}


def test_names_come_from_the_proper_nouns_and_headline_variants_join_the_body():
    # "Scolding Vell Blasts Board \n Mara Vell spoke . Billionaire Tomas K. Okonjo and Tomas Okonjo met ."
    words = ["Scolding", "Vell", "\n", "Mara", "Vell", "spoke", ".", "Billionaire", "Tomas", "K.", "Okonjo", "and",
             "Tomas", "Okonjo", "met", "."]  # fmt: skip
    ents = ["B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O", "O", "B-PERSON", "I-PERSON", "I-PERSON",
            "I-PERSON", "O", "B-PERSON", "I-PERSON", "O", "O"]  # fmt: skip
    doc = _flat(words, ents)
    for token, pos in zip(doc, ["PROPN", "PROPN", "SPACE", "PROPN", "PROPN", "VERB", "PUNCT", "NOUN", "PROPN",
                                "PROPN", "PROPN", "CCONJ", "PROPN", "PROPN", "VERB", "PUNCT"], strict=True):  # fmt: skip
        token.pos_ = pos
    names = {c.name: c.mentions for c in find_actors(doc).clusters}
    assert names == {"Mara Vell": 2, "Tomas K. Okonjo": 2}


def test_share_buttons_are_not_the_network():
    # "Share on Facebook" (page furniture) ; "Facebook removed the posts Vell flagged ."
    words = ["Share", "on", "Facebook", "\n\n", "Facebook", "removed", "the", "posts", "that", "Mara", "Vell", "had",
             "flagged", "."]  # fmt: skip
    ents = ["O", "O", "B-ORG", "O", "B-ORG", "O", "O", "O", "O", "B-PERSON", "I-PERSON", "O", "O", "O"]
    doc = Doc(VOCAB, words=words, sent_starts=[True] + [False] * 3 + [True] + [False] * 9, ents=ents)
    [facebook] = [c for c in find_actors(doc).clusters if c.name == "Facebook"]
    assert facebook.kind == "ORG" and facebook.mentions == 1


def test_a_word_the_article_writes_in_lower_case_is_not_a_name():
    # "Iodine matters : iodine levels fell and iodine is scarce ." with NER calling "Iodine" a person
    words = ["Iodine", "matters", ":", "iodine", "levels", "fell", "and", "iodine", "is", "scarce", "."]
    pos = ["PROPN", "VERB", "PUNCT", "NOUN", "NOUN", "VERB", "CCONJ", "NOUN", "AUX", "ADJ", "PUNCT"]
    ents = ["B-PERSON"] + ["O"] * 10
    doc = Doc(VOCAB, words=words, pos=pos, heads=[1, 1, 1, 4, 5, 1, 5, 8, 5, 8, 1],
              deps=["nsubj", "ROOT", "punct", "compound", "nsubj", "conj", "cc", "nsubj", "conj", "acomp", "punct"],
              ents=ents)  # fmt: skip
    assert find_actors(doc).clusters == []


def test_a_name_stops_at_a_stray_article_and_at_a_bracket():
    # "According to Delvin the Pellix property ... ; the Harbour Board (HB) met ."
    words = ["According", "to", "Delvin", "the", "Pellix", "property", ";", "the", "Harbour", "Board", "(", "HB",
             ")", "met", "."]  # fmt: skip
    ents = ["O", "O", "B-ORG", "I-ORG", "I-ORG", "O", "O", "O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "O",
            "O"]  # fmt: skip
    names = {c.name for c in find_actors(_flat(words, ents)).clusters}
    assert names == {"Delvin", "Harbour Board"}


def test_acronyms_the_text_spells_or_repeats_are_organisations():
    # "Run by Friends of Robotic Gear Engineering ( FORGE ) . FORGE said NATO and NATO agreed ."
    words = ["Run", "by", "Friends", "of", "Robotic", "Gear", "Engineering", "(", "FORGE", ")", ".", "FORGE", "said",
             "KLM", "and", "KLM", "agreed", "."]  # fmt: skip
    doc = _flat(words, ["O"] * len(words))
    found = {c.name: (c.kind, c.mentions) for c in find_actors(doc).clusters}
    assert found == {"Friends of Robotic Gear Engineering": ("ORG", 3), "KLM": ("ORG", 2)}


def test_an_institution_named_after_its_head_is_not_a_person():
    # "Officials in the Keller White House agreed ." with NER calling it a person
    words = ["Officials", "in", "the", "Keller", "White", "House", "agreed", "."]
    ents = ["O", "O", "O", "B-PERSON", "I-PERSON", "I-PERSON", "O", "O"]
    assert kinds(_flat(words, ents)) == {"Keller White House": "ORG"}
