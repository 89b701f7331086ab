"""Which shared links can be articles: a GIF, a video, a post on a social site, an image or a
Discord link is none, and is skipped before any fetch (a busy server shares plenty)."""

from __future__ import annotations

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
NOT_ARTICLE_EXTENSIONS: dict[str, str] = {
    **dict.fromkeys("jpg jpeg png gif webp bmp svg avif heic tif tiff ico".split(), "an image"),
    **dict.fromkeys("mp4 webm mov mkv avi m4v gifv".split(), "a video"),
    **dict.fromkeys("mp3 wav ogg oga flac m4a aac opus".split(), "audio"),
    **dict.fromkeys("zip rar 7z tar gz tgz bz2 xz exe dmg apk iso".split(), "an archive or program"),
}


def not_article(url: str) -> str | None:
    """What a link is when it cannot be an article ("a GIF", "a video"), or None."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower().rstrip(".")
    labels = host.split(".")
    for i in range(len(labels) - 1):  # the host and each parent domain: "media.tenor.com", "tenor.com"
        domain = ".".join(labels[i:])
        if domain in NOT_ARTICLE_HOSTS:
            return NOT_ARTICLE_HOSTS[domain]
    name = parts.path.rsplit("/", 1)[-1].lower()
    if "." in name:
        return NOT_ARTICLE_EXTENSIONS.get(name.rsplit(".", 1)[-1])
    return None
