import pytest

from bot.ingest.fetch import FetchError, SafeFetcher, forbidden_reason


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.9",
        "192.168.1.1",
        "169.254.169.254",
        "0.0.0.0",
        "224.0.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "100.64.0.1",
        "240.0.0.1",
    ],
)
def test_private_and_special_addresses_are_refused(address):
    assert forbidden_reason(address) is not None


@pytest.mark.parametrize("address", ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111"])
def test_public_addresses_pass(address):
    assert forbidden_reason(address) is None


@pytest.mark.parametrize(
    "url, reason",
    [
        ("ftp://example.com/file", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("http://127.0.0.1/", "this machine"),
        ("http://localhost:8080/", "this machine"),
        ("http://[::1]/", "this machine"),
        ("http://169.254.169.254/latest/meta-data", "link-local"),
        ("http://10.0.0.1/", "private"),
    ],
)
async def test_refused_before_connecting(url, reason):
    fetcher = SafeFetcher()
    with pytest.raises(FetchError, match=reason):
        await fetcher.fetch(url)
    await fetcher.close()


async def test_fetches_a_page(web_server):
    fetcher = SafeFetcher(allow_private=True)
    page = await fetcher.fetch(f"{web_server}/strike")
    await fetcher.close()
    assert page.content_type == "text/html" and "Harbor strike" in page.text


async def test_redirect_to_loopback_is_refused(web_server):
    # The test server itself is trusted; the hop it redirects to (another loopback address) is not.
    fetcher = SafeFetcher(trusted_addresses=frozenset({"127.0.0.1"}))
    ok = await fetcher.fetch(f"{web_server}/strike")
    assert "Harbor" in ok.text
    with pytest.raises(FetchError, match="this machine"):
        await fetcher.fetch(f"{web_server}/redirect?to=http://127.0.0.2:9/secret")
    with pytest.raises(FetchError, match="this machine"):
        await fetcher.fetch(f"{web_server}/redirect?to=http://localhost/secret")
    await fetcher.close()


async def test_body_over_the_cap_is_cut_off(web_server):
    fetcher = SafeFetcher(allow_private=True, max_bytes=1024 * 1024)
    with pytest.raises(FetchError, match="larger than 1 MB"):
        await fetcher.fetch(f"{web_server}/big")
    await fetcher.close()


async def test_slow_server_times_out(web_server):
    fetcher = SafeFetcher(allow_private=True, timeout=1)
    with pytest.raises(FetchError, match="too long"):
        await fetcher.fetch(f"{web_server}/slow")
    await fetcher.close()


async def test_too_many_redirects(web_server):
    fetcher = SafeFetcher(allow_private=True)
    with pytest.raises(FetchError, match="redirected more than 5"):
        await fetcher.fetch(f"{web_server}/loop/0")
    await fetcher.close()


async def test_not_a_web_page(web_server):
    fetcher = SafeFetcher(allow_private=True)
    with pytest.raises(FetchError, match="not a web page"):
        await fetcher.fetch(f"{web_server}/image")
    await fetcher.close()


async def test_unknown_host():
    fetcher = SafeFetcher()
    with pytest.raises(FetchError):
        await fetcher.fetch("http://no-such-host.invalid/")
    await fetcher.close()
