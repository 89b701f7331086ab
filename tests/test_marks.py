from bot.nlp.marks import find_quote_spans, sentence_spans


def spans(text):
    return [text[s.start : s.end] for s in find_quote_spans(text)]


def test_curly_and_straight_quotes():
    text = 'He said “curly words here” and then "straight words here" too.'
    assert spans(text) == ["curly words here", "straight words here"]


def test_nested_single_quotes_stay_inside():
    text = "“She told me ‘never again’ and meant it,” said Dana."
    assert spans(text) == ["She told me ‘never again’ and meant it,"]


def test_apostrophes_and_inch_marks_do_not_open_quotes():
    assert spans("It’s Dana’s 12\" screen, isn't it?") == []


def test_quote_over_two_paragraphs_is_one_group():
    text = "“The first part runs on\n\n“and the second part ends it,” said Irena.\n\nNext paragraph."
    found = find_quote_spans(text)
    assert [text[s.start : s.end] for s in found] == ["The first part runs on", "and the second part ends it,"]
    assert found[0].close_at is None and found[0].group == found[1].group


def test_unclosed_quote_ends_at_its_paragraph():
    text = "He said “this never closes\n\nA new paragraph with “its own quote”."
    found = find_quote_spans(text)
    assert [text[s.start : s.end] for s in found] == ["this never closes", "its own quote"]
    assert found[0].group != found[1].group


def test_sentences_do_not_split_inside_quotes_or_after_titles():
    text = "Mr. Ortiz spoke. “We left. We came back,” he said. Then U.S. officials met.\nA new line"
    got = [text[a:b] for a, b in sentence_spans(text)]
    assert got == ["Mr. Ortiz spoke.", "“We left. We came back,” he said.", "Then U.S. officials met.", "A new line"]


def test_opening_mark_typed_as_the_closing_one():
    text = "“It is late,“ said Ines Moreau. “We start again tomorrow.”"
    assert spans(text) == ["It is late,", "We start again tomorrow."]


def test_straight_quote_glued_to_the_sentence_before_still_opens():
    # Pasted text loses the space: 'to be named."We ...' and '(D-Ore.):"I ...'.
    text = 'said an owner who declined to be named."We were deceived here." Rep. Ortiz (D-Ore.):"I disagree."'
    assert spans(text) == ["We were deceived here.", "I disagree."]
