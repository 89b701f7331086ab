import pytest

from bot.ingest.extract import ExtractionError, content_hash, extract_file, extract_html, extract_plain
from tests.articles import HARBOR_STRIKE
from tests.conftest import page


def test_article_text_and_metadata_from_html():
    html = page("Harbor strike enters second week as talks stall", HARBOR_STRIKE, "https://invented.example/strike")
    article = extract_html(html, "https://invented.example/strike?utm_source=x")
    assert article.title == "Harbor strike enters second week as talks stall"
    assert article.author == "Vera Lindqvist"
    assert article.canonical_url == "https://invented.example/strike"
    assert "Dockworkers in Port Alvera" in article.text
    assert "Subscribe" not in article.text and "Cookie settings" not in article.text


def test_cookie_wall_is_rejected_with_a_reason():
    html = "<html><body><p>We use cookies. Accept all cookies and enable JavaScript to read.</p></body></html>"
    with pytest.raises(ExtractionError, match="cookie"):
        extract_html(html)


def test_page_without_article_is_rejected():
    with pytest.raises(ExtractionError, match="no article text"):
        extract_html("<html><body><video src='a.mp4'></video><p>Watch now</p></body></html>")


def test_plain_text_keeps_text_and_takes_a_title_line():
    article = extract_plain(HARBOR_STRIKE)
    assert article.text == HARBOR_STRIKE
    assert article.title == "Harbor strike enters second week as talks stall"


def test_files_by_extension():
    assert extract_file(HARBOR_STRIKE.encode(), "strike.md").title.startswith("Harbor strike")
    with pytest.raises(ExtractionError, match="only .txt"):
        extract_file(b"%PDF-1.4", "paper.pdf")


def test_same_text_same_hash_whatever_the_spacing():
    assert content_hash("Hello,  World!\n") == content_hash("hello world")
    assert content_hash("hello world") != content_hash("hello there")


def test_text_without_a_headline_is_named_by_its_opening_words():
    text = "The river rose by a metre overnight, and farmers moved their herds to higher fields before dawn. " * 3
    title = extract_plain(text).title
    assert title.startswith("The river rose by a metre overnight") and len(title) <= 80 and title.endswith("…")
