"""A text longer than one parse is analysed whole, in paragraph pieces; past the analysis limit
the reply says what part was analysed."""

import pytest

from bot.cards import PlainFormatter
from bot.models import ArticleRecord
from bot.nlp.pipeline import PARSE_CHUNK_CHARS, analyze_text, paragraph_chunks
from bot.replies import analysed_note, ingest_card, summary_cards
from bot.results import IngestOutcome, SummaryResult

PARAGRAPH = (
    "Harbour master Tilde Varga walked the eastern quay on day {n}, counting the cranes that "
    "stood idle since the storm. Dockers waited by the gates while the tide turned."
)
CLOSING = "“We open the quay again on Monday,” Varga said at the end of the last meeting."


def long_story(paragraphs: int) -> str:
    return "Quay to reopen\n\n" + "\n\n".join(PARAGRAPH.format(n=n) for n in range(paragraphs)) + "\n\n" + CLOSING


def test_pieces_join_back_into_the_text_and_end_after_a_line():
    text = long_story(400)
    pieces = paragraph_chunks(text, 5_000)
    assert "".join(pieces) == text
    assert all(len(p) <= 5_000 for p in pieces)
    assert all(p.endswith("\n") for p in pieces[:-1])
    one_line = "word " * 3_000  # no line break at all: cut after a space
    assert "".join(paragraph_chunks(one_line, 1_000)) == one_line


@pytest.mark.model
def test_a_text_of_several_pieces_is_analysed_to_its_last_quote(nlp):
    text = long_story(260)
    assert len(text) > 2 * PARSE_CHUNK_CHARS
    analysis = analyze_text(nlp, text)
    last = max(analysis.quotes, key=lambda q: q.start)
    assert "open the quay again" in last.text
    assert text[last.start : last.end] == last.text  # offsets into the whole text
    assert last.speaker == "Tilde Varga"
    assert analysis.analysed_words is None


@pytest.mark.model
def test_past_the_limit_the_analysis_says_how_much_it_covers(nlp):
    text = long_story(60)
    analysis = analyze_text(nlp, text, max_chars=4_000)
    assert analysis.analysed_words is not None and 500 < analysis.analysed_words < 800
    assert not any("open the quay again" in q.text for q in analysis.quotes)


def test_replies_state_what_part_was_analysed():
    article = ArticleRecord(
        1, "local", "Quay to reopen", None, None, None, None, None, None, None, "2026-12-01T10:00:00Z", 900,
        number=1, words=106_069, analysed_words=40_000,
    )  # fmt: skip
    note = analysed_note(article)
    assert note is not None and "first 40,000 of 106,069 words" in note
    fmt = PlainFormatter()
    assert note in ingest_card(fmt, IngestOutcome("quay.txt", article, created=True)).description
    summary = summary_cards(fmt, SummaryResult(article, ("The quay reopens.",), article.words, 3))[0]
    assert note in (summary.footer or "")
    whole = ArticleRecord(2, "local", "Short", None, None, None, None, None, None, None, "2026-12-01", 9, words=9)
    assert analysed_note(whole) is None
