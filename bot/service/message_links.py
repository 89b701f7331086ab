"""Which links of a message are read: the ones that can be articles, up to the per-message
limit, and for an edit only those its earlier version did not have."""

from __future__ import annotations

import logging

from bot.ingest.article_links import not_article
from bot.ingest.links import SharedLink, find_links
from bot.models import ServerSettings
from bot.storage.store import Store

log = logging.getLogger(__name__)

ALL_LINKS = 10_000  # how far to count the links of a message, to say how many were skipped


def shared_links(message: str, limit: int, settings: ServerSettings | None = None) -> tuple[list[SharedLink], int]:
    """The links of a message shared in passing that can be articles (GIFs, videos, social
    posts, images, Discord links and the server's own list are skipped before any fetch,
    with a debug line), and how many of those lie past ``limit``."""
    settings = settings or ServerSettings()
    links = []
    for link in find_links(message, limit=ALL_LINKS):
        what = not_article(link.url, settings.skip_hosts, settings.read_hosts)
        if what is None:
            links.append(link)
        else:
            log.debug("not fetching %s: %s", link.url, what)
    return links[:limit], max(0, len(links) - limit)


async def links_of_message(db: Store, scope: str, message_id: int) -> set[str]:
    """The canonical links a message already has jobs for (an edit reads only new ones)."""
    canonical = set()
    for url in await db.links_of_message(scope, message_id):
        try:
            canonical.add(SharedLink.of(url).canonical)
        except ValueError:
            pass
    return canonical
