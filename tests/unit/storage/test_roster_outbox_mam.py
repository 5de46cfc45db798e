"""Roster cache (with versioning), outbox, MAM ranges."""

from __future__ import annotations

from pathlib import Path

import pytest

from heron.core.events import DeliveryState, Direction, NewMessage, RosterEntry
from heron.storage.db import Database
from heron.storage.repos.mam import MamRange, MamRangeRepo
from heron.storage.repos.messages import MessageRepo
from heron.storage.repos.outbox import OutboxRepo
from heron.storage.repos.roster import RosterRepo

pytestmark = pytest.mark.asyncio
A, B = "me@example.org", "second@example.org"


async def test_roster_round_trip_and_pushes(db: Database) -> None:
    repo = RosterRepo(db)
    alice = RosterEntry("alice@example.org", "Alice", ("Friends", "Wörk"), "both")
    bob = RosterEntry("bob@example.org", "", (), "none", ask=True)
    await repo.replace_all(A, [bob, alice], version="v1")
    await repo.replace_all(B, [alice])
    assert await repo.load(A) == [alice, bob]
    assert repo.load_blocking(A) == [alice, bob]
    assert await repo.get_version(A) == "v1"
    assert await repo.get_version(B) == ""

    renamed = RosterEntry("bob@example.org", "Bob", ("New",), "to")
    await repo.upsert(A, renamed, version="v2")
    await repo.remove(A, "alice@example.org", version="v3")
    assert await repo.load(A) == [renamed]
    assert await repo.load(B) == [alice]
    assert await repo.get_version(A) == "v3"
    await repo.replace_all(A, [])
    assert await repo.load(A) == []
    await repo.set_version(A, "v4")
    assert await repo.get_version(A) == "v4"


async def test_outbox_keeps_order_until_acknowledged(db: Database, tmp_path: Path) -> None:
    repo = OutboxRepo(db)
    messages = MessageRepo(db)
    first = await repo.add_and_enqueue(NewMessage(
        A, "p@example.org", Direction.OUTGOING, "one", 1.0, origin_id="o1", message_id="o1",
        state=DeliveryState.PENDING))
    assert first is not None
    assert await repo.add_and_enqueue(NewMessage(
        A, "p@example.org", Direction.OUTGOING, "one", 1.0, origin_id="o1")) is None
    [second] = await messages.add_many([NewMessage(
        A, "q@example.org", Direction.OUTGOING, "two", 2.0, origin_id="o2")])
    await repo.enqueue(A, "q@example.org", "o2", "two", second.pk)
    await repo.enqueue(A, "q@example.org", "o2", "two", second.pk)  # no-op
    await repo.enqueue(B, "q@example.org", "o9", "other account", None)
    await repo.bump_attempts(A, "o2")
    await repo.bump_attempts(A, "o2")

    # Reopened (as after a crash): the queue is still there, oldest first.
    await db.close()
    again = Database(tmp_path / "db.sqlite3")
    await again.open()
    repo = OutboxRepo(again)
    pending = await repo.pending(A)
    assert [(i.origin_id, i.body, i.attempts, i.message_pk) for i in pending] == [
        ("o1", "one", 0, first.pk), ("o2", "two", 2, second.pk)]
    await repo.acknowledge(A, "o1")
    assert [i.origin_id for i in await repo.pending(A)] == ["o2"]
    assert [i.origin_id for i in await repo.pending(B)] == ["o9"]
    await again.close()


async def test_outbox_refuses_what_is_not_outgoing(db: Database) -> None:
    with pytest.raises(ValueError):
        await OutboxRepo(db).add_and_enqueue(
            NewMessage(A, "p@example.org", Direction.INCOMING, "x", 1.0, origin_id="o"))


async def test_mam_range_only_grows(db: Database) -> None:
    repo = MamRangeRepo(db)
    assert await repo.get(A, A, "") is None
    await repo.extend(A, A, "", newest_id="", newest_ts=0.0)  # an empty archive
    assert await repo.get(A, A, "") == MamRange(A, A, "", "", 0.0, "", 0.0)
    await repo.extend(A, A, "", newest_id="n1", newest_ts=10.0, oldest_id="o1", oldest_ts=5.0)
    await repo.extend(A, A, "", newest_id="n2", newest_ts=20.0)
    await repo.extend(A, A, "", newest_id="stale", newest_ts=15.0)  # never backwards
    await repo.extend(A, A, "", newest_id="", newest_ts=0.0)  # never forgets a known id
    await repo.extend(A, A, "", newest_id="n2", newest_ts=20.0, oldest_id="o0", oldest_ts=1.0)
    await repo.extend(A, A, "", newest_id="n2", newest_ts=20.0, oldest_id="late",
                      oldest_ts=3.0)
    assert await repo.get(A, A, "") == MamRange(A, A, "", "o0", 1.0, "n2", 20.0)
    await repo.extend(A, "room@muc.example.org", "", newest_id="r1", newest_ts=1.0)
    await repo.extend(A, A, "p@example.org", newest_id="p1", newest_ts=1.0)
    assert (await repo.get(A, A, "p@example.org")) == MamRange(
        A, A, "p@example.org", "", 0.0, "p1", 1.0)
    await repo.clear(A, "room@muc.example.org")
    assert await repo.get(A, "room@muc.example.org", "") is None
    assert await repo.get(A, A, "") is not None
    await repo.clear(A)
    assert await repo.get(A, A, "") is None
