"""Actor repairs on invented articles, with the real model: kinds from context, acronyms the
text defines, places inside names, offices that are not organisations."""

import pytest

from bot.nlp.actors import find_actors


def actors(nlp, text):
    return {c.name: (c.kind, c.mentions) for c in find_actors(nlp(text)).clusters}


def test_countries_with_a_score_are_their_teams(nlp):
    found = actors(nlp, "Group day\n\nSweden defeated Peru 1 – 0 on Tuesday, and Japan lost 1 – 2 to Ghana.")
    assert {name: kind for name, (kind, _) in found.items()} == {
        "Sweden": "ORG",
        "Peru": "ORG",
        "Japan": "ORG",
        "Ghana": "ORG",
    }


def test_a_country_without_a_score_stays_a_place(nlp):
    found = actors(nlp, "Talks\n\nSweden sent envoys to Peru on Tuesday, and Japan joined them.")
    assert {kind for kind, _ in found.values()} == {"GPE"}


def test_an_organisation_by_what_surrounds_it(nlp):
    text = (
        "Pellix staff walked out\n\nWorkers gathered at Pellix headquarters in Ohio on Monday. "
        "A member of Pellix said the firm had cut pay. Pellix's employees want talks."
    )
    assert actors(nlp, text)["Pellix"] == ("ORG", 3)


def test_an_acronym_defined_in_brackets_is_the_same_actor(nlp):
    text = (
        "Dockers strike\n\nThe Union of Harbour Pilots and Stevedores (UHPS) called a strike on Monday. "
        "The UHPS said talks had failed, and UHPS members stayed home."
    )
    clusters = find_actors(nlp(text)).clusters
    (union,) = [c for c in clusters if "UHPS" in c.aliases() or c.name == "UHPS"]
    assert union.name == "Union of Harbour Pilots and Stevedores" and union.mentions == 4


def test_an_acronym_spelled_by_the_words_before_it(nlp):
    text = (
        "Robots in town\n\nThe contest is run by Friends of Robotic Gear Engineering (FORGE), a charity. "
        "FORGE said 40 teams came. FORGE plans another one next year."
    )
    assert actors(nlp, text)["Friends of Robotic Gear Engineering"] == ("ORG", 4)


@pytest.mark.parametrize("place", ["Kelmore", "Brackford", "Dunlow"])
def test_places_inside_names(nlp, place):
    text = (
        "Fans arrive\n\nThousands travelled to the Kelmore Arena for the final. Students from the "
        "University of Brackford joined them. The match moves to Dunlow City next year."
    )
    assert actors(nlp, text)[place] == ("GPE", 1)


def test_a_place_inside_a_name_leaves_the_speaker_lookup_to_the_outer_name(nlp):
    doc = nlp("Fans arrive\n\nThe University of Brackford said the final was sold out.")
    index = find_actors(doc)
    brackford = next(t for t in doc if t.text == "Brackford")
    assert index.actor_at(brackford).name == "University of Brackford"


def test_the_person_a_memorial_is_named_after(nlp):
    found = actors(nlp, "Lanterns\n\nVisitors crowded the Arvid Tenholt Memorial on Saturday to see the lanterns.")
    assert found["Arvid Tenholt"] == ("PERSON", 1)


def test_the_field_of_an_office_is_not_an_organisation(nlp):
    found = actors(nlp, "Fees rise\n\nUndersecretary for Education Mr. Varga said fees would rise.")
    assert "Education" not in found and found["Varga"][0] == "PERSON"


def test_a_city_and_its_abbreviated_state_are_one_place(nlp):
    found = actors(nlp, "Visit\n\nThe team flew to Washington D.C. on Monday. In Washington, they met officials.")
    assert found == {"Washington D.C.": ("GPE", 2)}


def test_a_name_may_start_with_an_ordinal(nlp):
    found = actors(nlp, "Charity\n\nThe 501st Legion brought costumes. Members of the 501st Legion posed for photos.")
    assert found["501st Legion"][0] == "ORG"


def test_a_headline_verb_is_not_part_of_a_name(nlp):
    found = actors(nlp, "Keller Says Pier Will Wait\n\nHarbour chief Keller said on Monday that the pier would wait.")
    assert "Keller" in found and not any("Says" in name for name in found)


def test_a_surname_joins_the_person_the_body_names_not_a_headline_phrase(nlp):
    text = (
        "The Double Standard Keller And Brandt Face\n\nAnna Keller needs to tell more jokes. "
        "Keller said so on Monday, and Keller repeated it."
    )
    people = {name: mentions for name, (kind, mentions) in actors(nlp, text).items() if kind == "PERSON"}
    assert "Standard Keller" not in people and people["Anna Keller"] >= 3
