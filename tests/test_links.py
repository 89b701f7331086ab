from bot.ingest.links import canonicalize
from bot.ingest.links import find_links as find_shared_links


def find_links(text: str, **kwargs) -> list[str]:
    return [link.url for link in find_shared_links(text, **kwargs)]


def test_finds_links_in_chat_text():
    text = "look at this: https://news.example.com/a/story?id=3, and (https://other.example.org/x) <https://third.example/y>!"
    assert find_links(text) == [
        "https://news.example.com/a/story?id=3",
        "https://other.example.org/x",
        "https://third.example/y",
    ]


def test_same_link_twice_is_found_once_and_limit_applies():
    text = " ".join(f"https://e.example/{i} https://e.example/{i}#top" for i in range(10))
    assert find_links(text, limit=3) == ["https://e.example/0", "https://e.example/1", "https://e.example/2"]


def test_wikipedia_style_parentheses_are_kept():
    assert find_links("see https://en.example.org/wiki/Foo_(bar) now") == ["https://en.example.org/wiki/Foo_(bar)"]


def test_canonical_form():
    url = "HTTPS://News.Example.COM:443/World/Story/?utm_source=tw&id=7&fbclid=abc&gclid=x#comments"
    assert canonicalize(url) == "https://news.example.com/World/Story?id=7"
    assert canonicalize("http://example.com") == "http://example.com/"
    assert canonicalize("http://example.com:8080/a/") == "http://example.com:8080/a"


def test_no_links_in_plain_text():
    assert find_links("no links here, just www.example.com and ftp://files.example") == []
