"""Reported speech on invented text: each form of the issue, pronoun and unnamed sources,
split contents, negation, and sentences that only look like reports."""

import pytest

from bot.nlp.pipeline import analyze_text

pytestmark = pytest.mark.model

STORY = (
    "Bridge to reopen in May\n\n"
    "Mayor Ilsa Varga said that the Kessel bridge would reopen in May. "
    "Varga told reporters that the repairs were on budget. "
    "According to the port authority, cargo traffic fell by a third. "
    "Councillor Tomas Brandt warned the plan would fail. "
    "Brandt claimed the contract was signed too early. "
    "Brandt denied that he had seen the report. "
    "Brandt believes the vote was rigged. "
    "An official said the talks had collapsed. "
    "The plan, Brandt said, will fail before winter. "
    "Varga spoke to the council on Monday. She said she would not resign over the delay.\n\n"
    "“We will finish the work,” Varga said, adding that the last crews arrive next week."
)


@pytest.fixture(scope="module")
def reported(nlp):
    analysis = analyze_text(nlp, STORY, "Bridge to reopen in May")
    return analysis, [q for q in analysis.quotes if not q.direct]


def _by_content(quotes, words):
    (quote,) = [q for q in quotes if words in q.text]
    return quote


@pytest.mark.parametrize(
    "words, speaker, cue",
    [
        ("the Kessel bridge would reopen in May", "Ilsa Varga", "said"),  # X said (that) …
        ("the repairs were on budget", "Ilsa Varga", "told"),  # X told Y that …: Y is not the source
        ("cargo traffic fell by a third", "the port authority", "according to"),
        ("the plan would fail", "Tomas Brandt", "warned"),
        ("the contract was signed too early", "Tomas Brandt", "claimed"),
        ("he had seen the report", "Tomas Brandt", "denied"),
        ("the vote was rigged", "Tomas Brandt", "believes"),  # cognition counts, as PolNeAR annotates it
        ("the talks had collapsed", "an official", "said"),  # an unnamed source
    ],
)
def test_each_form_has_its_source_cue_and_content(reported, words, speaker, cue):
    analysis, quotes = reported
    quote = _by_content(quotes, words)
    assert speaker in quote.speaker and quote.cue == cue
    mention = STORY[quote.speaker_start : quote.speaker_end].lower()
    assert mention in quote.speaker.lower() or quote.speaker.lower() in mention
    assert STORY[quote.start : quote.end] == quote.text  # offsets point into the text


def test_the_listener_is_not_the_content(reported):
    _, quotes = reported
    assert not any(q.text.startswith("reporters") for q in quotes)


def test_a_pronoun_source_and_the_negation_kept(reported):
    _, quotes = reported
    quote = _by_content(quotes, "she would not resign")
    assert quote.speaker == "Ilsa Varga" and STORY[quote.speaker_start : quote.speaker_end] == "She"


def test_a_content_split_around_its_cue_has_both_pieces(reported):
    _, quotes = reported
    quote = _by_content(quotes, "will fail before winter")
    first, second = quote.fragments
    assert STORY[first[0] : first[1]] == "The plan" and STORY[second[0] : second[1]] == "will fail before winter"
    assert (quote.start, quote.end) == (first[0], second[1])


def test_a_mixed_attribution_is_one_record(reported):
    """ "“We will finish the work,” Varga said, adding that …": the direct quote, and the
    paraphrase after it is a reported statement of its own, not a second copy of the quote."""
    analysis, quotes = reported
    direct = [q for q in analysis.quotes if q.direct]
    assert [q.text for q in direct] == ["We will finish the work,"]
    assert all(not (q.start < d.end and d.start < q.end) for q in quotes for d in direct)


def test_what_only_looks_like_a_report(nlp):
    text = (
        "Harbor notes\n\n"
        "They say the sky is blue. The said agreement was signed in March by the harbor board. "
        "Said to be the oldest in the city, the Kessel bridge opened in 1890."
    )
    quotes = [q for q in analyze_text(nlp, text).quotes if not q.direct]
    assert quotes == []
