"""Checks on the real seed articles in ../shared (skipped in a user's clone, where it is absent)."""

import pytest

from bot.models import Sharer
from tests.conftest import shared_path

pytestmark = [pytest.mark.model, pytest.mark.shared]


async def test_biden_quotes_from_the_seeds_and_nobody_elses(service):
    seeds = shared_path("seeds")
    for path in sorted(seeds.glob("*.txt")):
        outcome = await service.ingest_path(str(path), Sharer("local", 0, "tester"))
        assert outcome.ok, outcome.error
    result = await service.quotes("local", "Biden")
    assert set(result.speakers) <= {"Joe Biden", "Biden"}
    texts = " ".join(h.text for h in result.hits)
    for fragment in ("one way for the war to end", "it appears he’s not going", "prepared to speak with Mr. Putin", "He hasn’t done that yet"):
        assert fragment in texts
    assert len(result.hits) == 4
