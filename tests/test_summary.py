"""Summaries on invented articles: page junk never chosen, article order, no near-duplicates."""

import pytest

from bot.models import SummarySentence
from bot.nlp.pipeline import analyze_text
from bot.nlp.summary import is_furniture, pick_summary
from tests.articles import FERRY_WITH_JUNK, SUMMARY_ARTICLE

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def ferry(nlp):
    return analyze_text(nlp, FERRY_WITH_JUNK, summary_sentences=5)


@pytest.mark.parametrize(
    "junk",
    [
        "By Elena Marsh",  # byline
        "2,311 views",  # view counter
        "DUNMORE —",  # dateline alone
        "Image caption",  # photo caption
        "Ferry service returns to Dunmore Island, to the relief",  # the headline again
        "He added",  # needs its predecessor
        "We waited a long time",  # cut in the middle of a quotation
        "Share this article",
        "LEAVE A REPLY",
        "Please enter",
    ],
)
def test_junk_is_never_chosen(ferry, junk):
    assert len(ferry.summary) == 4  # every clean sentence; no junk fills the fifth place
    assert not any(junk in sentence for sentence in ferry.summary)


def test_no_near_duplicates_and_article_order(ferry):
    assert sum("The ferry between Dunmore Island" in s for s in ferry.summary) == 1
    positions = [FERRY_WITH_JUNK.index(s) for s in ferry.summary]
    assert positions == sorted(positions)


def test_every_sentence_is_whole(ferry):
    for sentence in ferry.summary:
        assert sentence[:1].isupper() and sentence[-1] in '.!?”"'


def test_count_is_respected(nlp):
    for count in (1, 3, 5):
        assert len(analyze_text(nlp, SUMMARY_ARTICLE, summary_sentences=count).summary) == count


@pytest.mark.parametrize(
    "text",
    [
        "By Staff Writer | 1,204 views",
        "Photo: the clock tower",
        "LONDON (Reuters) —",
        "Posted on 3 May by admin",
        "Read more: how the station was saved",
    ],
)
def test_furniture_patterns(text):
    assert is_furniture(text)


@pytest.mark.parametrize("text", ["The council voted by a wide margin.", "Byron Keel opened the library on Monday."])
def test_ordinary_sentences_are_not_furniture(text):
    assert not is_furniture(text)


def test_pick_summary_from_stored_scores():
    candidates = [
        SummarySentence("First sentence of the piece here.", 0, 30, 0.9),
        SummarySentence("First sentence of the piece here again.", 40, 80, 0.8),
        SummarySentence("A different point entirely made now.", 90, 120, 0.7),
    ]
    assert pick_summary(candidates, 2) == ["First sentence of the piece here.", "A different point entirely made now."]
