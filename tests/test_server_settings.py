"""Per-server settings and digest schedules, below Discord: stored per scope, checked, and
read back after a restart; on both backends."""

import datetime

import pytest

from bot.errors import UserError
from bot.ingest.article_links import SKIPPED_HERE, normal_host, not_article
from bot.service.digests import CATCH_UP, DigestSchedules, next_run, parse_time
from bot.service.server_settings import ServerSettingsBook
from bot.storage import open_store
from tests.postgres_server import BACKENDS

UTC = datetime.UTC


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


async def test_settings_are_per_scope_and_survive_a_restart(db, store_location):
    book = ServerSettingsBook(db, 3)
    await book.read_channel("guild:1", 10, True)
    await book.set_share("guild:1", "summary", channel_id=10)
    await book.read_feeds("guild:1", 11, True)
    await book.set_summary("guild:1", place="thread", sentences=2)
    await book.skip_site("guild:1", "https://www.Example.com/a", skip=True)
    await book.skip_site("guild:1", "youtube.com", skip=False)
    await db.close()

    reopened = await open_store(store_location)
    try:
        settings = await ServerSettingsBook(reopened, 3).get("guild:1")
        assert settings.reads(10) and not settings.reads(12)
        assert settings.share_mode(10) == "summary" and settings.share_mode(12) == "store"
        assert settings.reads_feeds(11) and not settings.reads_feeds(10)
        assert settings.summary_place == "thread" and settings.summary_sentences == 2
        assert not_article("https://news.example.com/x", settings.skip_hosts, settings.read_hosts) == SKIPPED_HERE
        assert not_article("https://youtube.com/watch?v=1", settings.skip_hosts, settings.read_hosts) is None
        assert await ServerSettingsBook(reopened, 3).get("guild:2") == type(settings)()  # others: defaults
    finally:
        await reopened.close()


async def test_bad_values_get_one_sentence_and_change_nothing(db):
    book = ServerSettingsBook(db, 3)
    for change in (
        book.set_share("guild:1", "loud"),
        book.set_summary("guild:1", sentences=9),
        book.set_summary("guild:1", place="sidebar"),
        book.skip_site("guild:1", "not a host", skip=True),
        book.read_channel("guild:1", 5, False),
    ):
        with pytest.raises(UserError):
            await change
    assert await book.get("guild:1") == type(await book.get("guild:1"))()
    assert await book.summary_sentences("guild:1") == 3
    # the server's own mode again clears a channel's
    await book.set_share("guild:1", "off", channel_id=7)
    assert (await book.set_share("guild:1", "store", channel_id=7)).channel_share == ()


def test_hosts_as_moderators_type_them():
    assert normal_host("https://www.Tenor.com/view/x") == "tenor.com"
    assert normal_host("example.org") == "example.org"
    assert normal_host("localhost") is None and normal_host("") is None


def test_times_and_next_runs():
    assert parse_time("08:30") == 510 and parse_time("7pm") == 19 * 60 and parse_time("0:05 UTC") == 5
    for bad in ("25:00", "8:61", "noon", "13pm"):
        with pytest.raises(UserError):
            parse_time(bad)
    monday_9 = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # a Monday
    assert next_run("daily", None, 9 * 60, monday_9) == monday_9 + datetime.timedelta(days=1)
    assert next_run("daily", None, 10 * 60, monday_9) == monday_9 + datetime.timedelta(hours=1)
    assert next_run("weekly", 2, 8 * 60, monday_9) == datetime.datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
    assert next_run("weekly", 0, 9 * 60, monday_9) == monday_9 + datetime.timedelta(days=7)


async def test_a_due_digest_is_taken_once_and_a_stale_one_skipped(db):
    schedules = DigestSchedules(db)
    start = datetime.datetime(2026, 12, 1, 7, 0, tzinfo=UTC)
    await schedules.schedule("guild:1", 5, "daily", "08:00", now=start)
    await schedules.schedule("guild:2", 6, "weekly", "08:00", weekday="tue", now=start)
    at_eight = start + datetime.timedelta(hours=1)
    assert {s.channel_id for s in await schedules.take_due(at_eight)} == {5, 6}
    assert await schedules.take_due(at_eight) == []  # taken: not posted twice
    (daily,) = [s for s in await schedules.of_scope("guild:1")]
    assert daily.next_run == at_eight + datetime.timedelta(days=1)
    # down for a whole day: the missed run is too late to post, the schedule moves on
    much_later = daily.next_run + CATCH_UP + datetime.timedelta(minutes=1)
    assert [s.channel_id for s in await schedules.take_due(much_later) if s.scope == "guild:1"] == []
    assert (await schedules.of_scope("guild:1"))[0].next_run > much_later
    with pytest.raises(UserError):
        await schedules.schedule("guild:1", 5, "weekly", "08:00", now=start)  # no weekday
    await schedules.unschedule("guild:1", 5)
    with pytest.raises(UserError):
        await schedules.unschedule("guild:1", 5)
