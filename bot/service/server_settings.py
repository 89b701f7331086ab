"""Per-server settings: read once and cached, changed only through the methods below, each of
which checks its values and says in one sentence what was wrong."""

from __future__ import annotations

import dataclasses

from bot.errors import UserError
from bot.ingest.article_links import NOT_ARTICLE_HOSTS, host_domains, normal_host
from bot.models import SHARE_MODES, SUMMARY_PLACES, ServerSettings
from bot.nlp.summary_choice import MAX_SUMMARY_SENTENCES
from bot.storage.store import Store

MAX_CHANNELS = 100  # in each channel list: more is a sign of a script, not a moderator
MAX_HOSTS = 200


class ServerSettingsBook:
    def __init__(self, db: Store, default_summary_sentences: int):
        self.db = db
        self.default_summary_sentences = default_summary_sentences
        self._cache: dict[str, ServerSettings] = {}

    async def get(self, scope: str) -> ServerSettings:
        settings = self._cache.get(scope)
        if settings is None:
            settings = self._cache[scope] = await self.db.server_settings(scope)
        return settings

    async def summary_sentences(self, scope: str) -> int:
        return (await self.get(scope)).summary_sentences or self.default_summary_sentences

    async def _save(self, scope: str, settings: ServerSettings) -> ServerSettings:
        await self.db.save_server_settings(scope, settings)
        self._cache[scope] = settings
        return settings

    async def reset(self, scope: str) -> ServerSettings:
        return await self._save(scope, ServerSettings())

    # ---------------------------------------------------------------- where links are read

    async def read_channel(self, scope: str, channel_id: int, read: bool) -> ServerSettings:
        """Adds a channel to the list of channels read (the first one turns "every channel" into
        the list), or takes one off it."""
        settings = await self.get(scope)
        channels = set(settings.channels)
        if read:
            if len(channels) >= MAX_CHANNELS:
                raise UserError(f"At most {MAX_CHANNELS} channels can be listed.")
            channels.add(channel_id)
        else:
            if channel_id not in channels:
                raise UserError("That channel is not on the list; with no list, every channel is read.")
            channels.discard(channel_id)
        return await self._save(scope, dataclasses.replace(settings, channels=frozenset(channels)))

    async def read_every_channel(self, scope: str) -> ServerSettings:
        return await self._save(scope, dataclasses.replace(await self.get(scope), channels=frozenset()))

    async def read_feeds(self, scope: str, channel_id: int, read: bool) -> ServerSettings:
        """Whether posts by webhooks and other bots (news feeds) are read in a channel."""
        settings = await self.get(scope)
        feeds = set(settings.feed_channels)
        if read and len(feeds) >= MAX_CHANNELS:
            raise UserError(f"At most {MAX_CHANNELS} channels can read feeds.")
        (feeds.add if read else feeds.discard)(channel_id)
        return await self._save(scope, dataclasses.replace(settings, feed_channels=frozenset(feeds)))

    # ---------------------------------------------------------------- what a shared link gets

    async def set_share(self, scope: str, mode: str, channel_id: int | None = None) -> ServerSettings:
        """The server's mode, or one channel's (the server's mode again clears the channel's)."""
        mode = mode.strip().lower()
        if mode not in SHARE_MODES:
            raise UserError(f"A shared link gets one of: {', '.join(SHARE_MODES)}.")
        settings = await self.get(scope)
        if channel_id is None:
            return await self._save(scope, dataclasses.replace(settings, share=mode))
        modes = dict(settings.channel_share)
        modes.pop(channel_id, None)
        if mode != settings.share:
            if len(modes) >= MAX_CHANNELS:
                raise UserError(f"At most {MAX_CHANNELS} channels can have a mode of their own.")
            modes[channel_id] = mode
        return await self._save(scope, dataclasses.replace(settings, channel_share=tuple(sorted(modes.items()))))

    async def set_summary(self, scope: str, place: str | None = None, sentences: int | None = None) -> ServerSettings:
        settings = await self.get(scope)
        if place is not None:
            place = place.strip().lower()
            if place not in SUMMARY_PLACES:
                raise UserError(f"A summary card goes in a {' or a '.join(SUMMARY_PLACES)}.")
            settings = dataclasses.replace(settings, summary_place=place)
        if sentences is not None:
            if not 1 <= sentences <= MAX_SUMMARY_SENTENCES:
                raise UserError(f"A summary has 1 to {MAX_SUMMARY_SENTENCES} sentences.")
            settings = dataclasses.replace(settings, summary_sentences=sentences)
        return await self._save(scope, settings)

    # ---------------------------------------------------------------- sites not read

    async def skip_site(self, scope: str, site: str, skip: bool) -> ServerSettings:
        """Puts a site on this server's list of sites not to read, or reads it again (a
        built-in media site too: a server about video journalism may want YouTube pages)."""
        host = normal_host(site)
        if host is None:
            raise UserError("Give a site's host name, e.g. `example.com`.")
        settings = await self.get(scope)
        skipped, read = set(settings.skip_hosts), set(settings.read_hosts)
        built_in = any(domain in NOT_ARTICLE_HOSTS for domain in host_domains(host))
        if skip:
            read.discard(host)
            if not built_in:
                skipped.add(host)
        else:
            skipped.discard(host)
            if built_in:
                read.add(host)
        if len(skipped) + len(read) > MAX_HOSTS:
            raise UserError(f"At most {MAX_HOSTS} sites can be listed.")
        return await self._save(
            scope, dataclasses.replace(settings, skip_hosts=frozenset(skipped), read_hosts=frozenset(read))
        )
