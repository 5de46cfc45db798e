"""The unread rule after a new profile's first catch-up: a read point another client shared
decides (even one before the user's last message); without one, what follows the user's own
last message is unread; in a chat the user never wrote in, everything is."""

from __future__ import annotations

import pytest

from heron.core.events import Direction, NewMessage
from heron.storage.db import Database
from heron.storage.repos.first_unread import settle_first_unread_on
from heron.storage.repos.messages import MessageRepo
from heron.storage.repos.read_state import ReadStateRepo

pytestmark = pytest.mark.asyncio
ME, BOB = "me@example.org", "bob@example.org"


async def _chat(db: Database) -> list[int]:
    """in, in, out, in, in: returns the row ids."""
    rows = await MessageRepo(db).add_many([
        NewMessage(ME, BOB, d, f"m{i}", 100.0 + i, stanza_id=f"s{i}")
        for i, d in enumerate((Direction.INCOMING, Direction.INCOMING, Direction.OUTGOING,
                               Direction.INCOMING, Direction.INCOMING))])
    return [r.pk for r in rows]


async def _settle(db: Database) -> int:
    return await db.run(lambda c: settle_first_unread_on(c, ME, BOB))


async def test_after_the_users_own_last_message(db: Database) -> None:
    await _chat(db)
    assert await _settle(db) == 2


async def test_a_shared_read_point_decides_even_before_the_last_message(db: Database) -> None:
    await _chat(db)
    assert await ReadStateRepo(db).synced(ME, BOB, "s0") == 3  # XEP-0490 named the first
    assert await _settle(db) == 3


async def test_a_chat_the_user_never_wrote_in_is_all_unread(db: Database) -> None:
    await MessageRepo(db).add_many([NewMessage(ME, BOB, Direction.INCOMING, f"m{i}", 100.0 + i)
                                    for i in range(4)])
    assert await _settle(db) == 4
