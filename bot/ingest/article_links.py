"""Which shared links can be articles: a GIF, a video, a post on a social site, an image or a
Discord link is none, and is skipped before any fetch (a busy server shares plenty)."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

# Hosts (and their subdomains) whose pages are media or social posts, never articles.
NOT_ARTICLE_HOSTS: dict[str, str] = {
    **dict.fromkeys(("tenor.com", "giphy.com", "gfycat.com", "imgflip.com"), "a GIF"),
    **dict.fromkeys(
        ("youtube.com", "youtu.be", "vimeo.com", "twitch.tv", "streamable.com", "tiktok.com", "v.redd.it"), "a video"
    ),
    **dict.fromkeys(
        ("x.com", "twitter.com", "instagram.com", "threads.net", "bsky.app", "facebook.com", "fb.watch"),
        "a social media post",
    ),
    **dict.fromkeys(("imgur.com", "i.redd.it", "flickr.com", "pinterest.com"), "an image"),
    **dict.fromkeys(
        ("discord.com", "discordapp.com", "discord.gg", "cdn.discordapp.com", "media.discordapp.net"), "a Discord link"
    ),
    **dict.fromkeys(("open.spotify.com", "soundcloud.com"), "audio"),
}
SKIPPED_HERE = "a site this server does not read"
NOT_ARTICLE_EXTENSIONS: dict[str, str] = {
    **dict.fromkeys("jpg jpeg png gif webp bmp svg avif heic tif tiff ico".split(), "an image"),
    **dict.fromkeys("mp4 webm mov mkv avi m4v gifv".split(), "a video"),
    **dict.fromkeys("mp3 wav ogg oga flac m4a aac opus".split(), "audio"),
    **dict.fromkeys("zip rar 7z tar gz tgz bz2 xz exe dmg apk iso".split(), "an archive or program"),
}


def host_domains(host: str) -> list[str]:
    """A host and each of its parent domains: "media.tenor.com", "tenor.com"."""
    labels = host.lower().rstrip(".").split(".")
    return [".".join(labels[i:]) for i in range(max(1, len(labels) - 1))]


def normal_host(text: str) -> str | None:
    """A host as a moderator types it ("tenor.com", "https://www.Tenor.com/x") in the form the
    lists hold, or None when it is no host name."""
    text = text.strip().lower()
    if "//" not in text:
        text = "//" + text
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:
        return None
    host = host.rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    if "." not in host or not all(label and len(label) < 64 for label in host.split(".")):
        return None
    return host


def not_article(url: str, skip_hosts: Iterable[str] = (), read_hosts: Iterable[str] = ()) -> str | None:
    """What a link is when it cannot be an article ("a GIF", "a video"), or None. A server
    adds hosts of its own (``skip_hosts``) and may read some built-in ones (``read_hosts``)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    domains = host_domains(parts.hostname or "")
    skip, read = set(skip_hosts), set(read_hosts)
    if any(domain in skip for domain in domains):
        return SKIPPED_HERE
    if not any(domain in read for domain in domains):
        for domain in domains:
            if domain in NOT_ARTICLE_HOSTS:
                return NOT_ARTICLE_HOSTS[domain]
    name = parts.path.rsplit("/", 1)[-1].lower()
    if "." in name:
        return NOT_ARTICLE_EXTENSIONS.get(name.rsplit(".", 1)[-1])
    return None
