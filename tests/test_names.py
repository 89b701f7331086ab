from bot.names import is_full_name, name_key, sole_bearer, surname_key


def test_name_keys_ignore_case_possessives_punctuation_and_middle_initials():
    assert name_key("Marta Quellin's") == name_key(" marta  quellin ") == "marta quellin"
    assert name_key("Donald J. Trump") == name_key("Donald Trump") == "donald trump"
    assert name_key("L. Ron Hubbard") == "l ron hubbard"  # a first initial is the name
    assert name_key("The Harbour Board") == "harbour board"


def test_the_lone_surname_rule():
    assert surname_key("marta quellin") == "quellin" and is_full_name("marta quellin")
    assert sole_bearer("quellin", {"marta quellin", "tomas okonjo"}) == "marta quellin"
    assert sole_bearer("quellin", {"marta quellin", "ilsa quellin"}) is None


def test_dominance_and_names_inside_names():
    from bot.names import dominant, inner_full_name

    assert dominant({"anna keller": 6, "peter keller": 2}) == "anna keller"
    assert dominant({"anna keller": 5, "peter keller": 2}) is None and dominant({"anna keller": 5}) is None
    assert inner_full_name("crooked anna keller", {"anna keller", "keller"}) == "anna keller"
    assert inner_full_name("anna keller", {"anna keller", "keller"}) is None
    assert inner_full_name("anna maria keller", {"anna keller", "maria keller"}) == "anna keller"  # a middle name
