"""Global search with filters, the rows around a message, the first of a day, deleting one
conversation."""

from __future__ import annotations

from datetime import datetime

import pytest

from heron.core.events import Direction, NewMessage, RosterEntry
from heron.core.search_query import parse
from heron.storage.db import Database
from heron.storage.repos.history import History
from heron.storage.repos.messages import MessageRepo
from heron.storage.repos.roster import RosterRepo

pytestmark = pytest.mark.asyncio
ME, BOB, CAROL = "me@example.org", "bob@example.org", "carol@example.org"
DAY = datetime(2024, 5, 10, 12).timestamp()


async def _store(db: Database) -> None:
    await RosterRepo(db).replace_all(ME, [RosterEntry(BOB, "Bob Builder", (), "both")])
    await MessageRepo(db).add_many([
        NewMessage(ME, BOB, Direction.INCOMING, "the boat is red", DAY, origin_id="1"),
        NewMessage(ME, BOB, Direction.OUTGOING, "a red boat? nice", DAY + 86400, origin_id="2"),
        NewMessage(ME, CAROL, Direction.INCOMING, "red boat for sale", DAY + 2 * 86400,
                   origin_id="3"),
        NewMessage("other@example.org", BOB, Direction.INCOMING, "boat red too", DAY + 3 * 86400,
                   origin_id="4"),
    ])


async def _bodies(history: History, text: str) -> list[str]:
    return [m.body for m in (await history.search(parse(text))).hits]


async def test_search_every_conversation_and_filter(db: Database) -> None:
    await _store(db)
    history = History(db)
    assert await _bodies(history, "red boat ") == [
        "boat red too", "red boat for sale", "a red boat? nice", "the boat is red"]
    assert await _bodies(history, '"red boat"') == ["red boat for sale", "a red boat? nice"]
    # The roster name is the account's own: the other account has no "Builder".
    assert await _bodies(history, "boat from:builder") == ["the boat is red"]
    assert await _bodies(history, "boat from:bob@") == ["boat red too", "the boat is red"]
    assert await _bodies(history, "boat from:carol@") == ["red boat for sale"]
    assert await _bodies(history, "boat from:me") == ["a red boat? nice"]
    assert await _bodies(history, "boat after:2024-05-11 before:2024-05-13") == [
        "red boat for sale", "a red boat? nice"]
    assert await _bodies(history, "on:2024-05-10") == ["the boat is red"]
    assert await _bodies(history, "boat from:%") == []  # LIKE wildcards are text
    assert await _bodies(history, 'NEAR( "boat OR ') == []


async def test_search_pages_continue_by_key(db: Database) -> None:
    await MessageRepo(db).add_many([NewMessage(ME, BOB, Direction.INCOMING, f"ping {i}",
                                               DAY + i, origin_id=f"p{i}") for i in range(7)])
    history = History(db)
    first = await history.search(parse("ping "), limit=3)
    assert [m.body for m in first.hits] == ["ping 6", "ping 5", "ping 4"]
    second = await history.search(parse("ping "), limit=3, before_pk=first.next_before_pk)
    third = await history.search(parse("ping "), limit=3, before_pk=second.next_before_pk)
    assert [m.body for m in second.hits + third.hits] == [f"ping {i}" for i in (3, 2, 1, 0)]
    assert third.next_before_pk is None


async def test_conversation_matches_oldest_first(db: Database) -> None:
    await _store(db)
    keys = await History(db).conversation_matches(parse("red "), ME, BOB)
    assert [k[0] for k in keys] == [DAY, DAY + 86400]


async def test_around_a_message_and_the_first_of_a_day(db: Database) -> None:
    stored = await MessageRepo(db).add_many([
        NewMessage(ME, BOB, Direction.INCOMING, f"m{i}", DAY + 3600 * i, origin_id=f"m{i}")
        for i in range(100)])
    history = History(db)
    around = await history.around(stored[50].pk, 10, 5)
    assert around is not None
    assert [m.body for m in around.rows] == [f"m{i}" for i in range(40, 56)]
    assert not around.older_end and not around.newer_end
    edge = await history.around(stored[98].pk, 10, 5)
    assert edge is not None and edge.newer_end and [m.body for m in edge.rows][-1] == "m99"
    assert await history.around(10**9, 10, 5) is None
    day = datetime(2024, 5, 12).timestamp()
    first = await history.first_from(ME, BOB, day)
    assert first == next(m.pk for m in stored if m.timestamp >= day)
    assert await history.first_from(ME, BOB, DAY + 10**8) == stored[-1].pk  # after the end


async def test_delete_one_conversation_only(db: Database) -> None:
    await _store(db)
    history = History(db)
    assert await history.delete_conversation(ME, BOB) == 2
    assert await _bodies(history, "boat ") == ["boat red too", "red boat for sale"]
    assert await MessageRepo(db).page_before(ME, BOB, None, 10) == []


async def test_deleted_messages_are_never_hits(db: Database) -> None:
    await _store(db)
    await MessageRepo(db).retract(ME, BOB, Direction.INCOMING, "1", DAY)
    history = History(db)
    assert await _bodies(history, "from:builder") == []  # a filter alone lists no tombstone
    assert await _bodies(history, "the boat ") == []
