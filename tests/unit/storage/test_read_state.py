"""Read state in storage: the contact's "read" on our messages (never backwards, covering the
earlier ones), the read point with the marker and archive id it owes, and sync from our other
clients (XEP-0490)."""

from __future__ import annotations

import pytest

from heron.core.events import DeliveryState, Direction, NewMessage
from heron.storage.db import Database
from heron.storage.repos.messages import MessageRepo
from heron.storage.repos.read_state import ReadStateRepo

pytestmark = pytest.mark.asyncio

A, P = "me@example.org", "peer@example.org"
T0 = 1_700_000_000.0


def _out(i: int, state: DeliveryState = DeliveryState.SENT) -> NewMessage:
    return NewMessage(A, P, Direction.OUTGOING, f"mine {i}", T0 + i, origin_id=f"o{i}",
                      message_id=f"o{i}", state=state)


def _in(i: int, *, markable: bool = True, stanza_id: str | None = None) -> NewMessage:
    return NewMessage(A, P, Direction.INCOMING, f"theirs {i}", T0 + i, origin_id=f"i{i}",
                      message_id=f"i{i}", stanza_id=stanza_id, sender_resource="phone",
                      markable=markable)


async def _states(repo: MessageRepo) -> list[str]:
    return [m.state.value for m in await repo.page_before(A, P, None, 100)
            if m.direction is Direction.OUTGOING]


async def test_displayed_marks_it_and_every_earlier_message_read(db: Database) -> None:
    messages, read = MessageRepo(db), ReadStateRepo(db)
    await messages.add_many([_out(1), _out(2, DeliveryState.DELIVERED),
                             _out(3, DeliveryState.PENDING), _out(4), _out(5)])
    changed = await read.read_by_peer(A, P, "o4")
    assert sorted(m.message_id or "" for m in changed) == ["o1", "o2", "o4"]
    assert all(m.state is DeliveryState.READ for m in changed)
    # A pending one is not proven to have arrived; a later one was not seen.
    assert await _states(messages) == ["read", "read", "pending", "read", "sent"]


async def test_read_never_goes_back(db: Database) -> None:
    messages, read = MessageRepo(db), ReadStateRepo(db)
    await messages.add_many([_out(1), _out(2)])
    await read.read_by_peer(A, P, "o2")
    # A late receipt, a late server ack, a bounce: none undoes READ.
    for state in (DeliveryState.DELIVERED, DeliveryState.SENT, DeliveryState.BOUNCED,
                  DeliveryState.FAILED):
        assert await messages.set_state_by_message_id(A, P, "o2", state) is None
    # A marker for an older message changes nothing; an unknown id neither.
    assert await read.read_by_peer(A, P, "o1") == []
    assert await read.read_by_peer(A, P, "nope") == []
    assert await _states(messages) == ["read", "read"]


async def test_the_read_state_survives_a_restart(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = Database(tmp_path / "db.sqlite3")
    await db.open()
    await MessageRepo(db).add_many([_out(1)])
    await ReadStateRepo(db).read_by_peer(A, P, "o1")
    await db.close()
    again = Database(tmp_path / "db.sqlite3")
    await again.open()
    try:
        assert await _states(MessageRepo(again)) == ["read"]
    finally:
        await again.close()


async def test_one_marker_for_the_newest_markable_message_seen_and_only_once(
        db: Database) -> None:
    messages, read = MessageRepo(db), ReadStateRepo(db)
    stored = await messages.add_many([_in(1), _in(2), _in(3, markable=False), _in(4), _in(5)])
    key = stored[3].key  # seen up to message 4
    progress = await read.displayed(A, P, key)
    assert progress.moved and progress.unread == 1
    assert progress.marker is not None and progress.marker.message_id == "i4"
    assert progress.marker.resource == "phone"
    await read.marker_sent(A, P, progress.marker.key)
    again = await read.displayed(A, P, key)
    assert not again.moved and again.marker is None  # nothing new: no second marker
    # Seen up to a message that asked for no markers: the marker names the newest that did.
    await messages.add_many([_in(6), _in(7, markable=False)])
    newest = (await messages.page_before(A, P, None, 1))[0]
    later = await read.displayed(A, P, newest.key)
    assert later.marker is not None and later.marker.message_id == "i6"
    assert later.unread == 0
    # The read point never moves back.
    back = await read.displayed(A, P, stored[0].key)
    assert not back.moved and back.unread == 0


async def test_a_message_that_asked_for_no_markers_gets_none(db: Database) -> None:
    messages, read = MessageRepo(db), ReadStateRepo(db)
    stored = await messages.add_many([_in(1, markable=False), _in(2, markable=False)])
    progress = await read.displayed(A, P, stored[-1].key)
    assert progress.marker is None and progress.unread == 0


async def test_displayed_sync_from_another_client_moves_the_read_point(db: Database) -> None:
    messages, read = MessageRepo(db), ReadStateRepo(db)
    await messages.add_many([_in(i, stanza_id=f"s{i}") for i in range(1, 6)])
    assert await read.unread(A, P) == 5
    assert await read.synced(A, P, "s3") == 2
    assert await read.first_unread(A, P) is not None
    assert await read.synced(A, P, "s1") == 2  # older: the point does not go back
    assert await read.synced(A, P, "unknown") is None  # ignored
    assert await read.synced(A, P, "s5") == 0
    assert await read.first_unread(A, P) is None
    # What we publish: the newest incoming archive id seen, unless already synced.
    progress = await read.displayed(A, P, (T0 + 5, 10**9))
    assert progress.stanza_id is None  # s5 came from the other client
    await messages.add_many([_in(6, stanza_id="s6")])
    progress = await read.displayed(A, P, (T0 + 6, 10**9))
    assert progress.stanza_id == "s6"
    await read.stanza_id_synced(A, P, "s6")
    assert (await read.displayed(A, P, (T0 + 6, 10**9))).stanza_id is None


async def test_first_unread_and_rows_since(db: Database) -> None:
    messages, read = MessageRepo(db), ReadStateRepo(db)
    stored = await messages.add_many([_in(1), _out(2), _in(3), _out(4), _in(5)])
    await read.displayed(A, P, stored[1].key)
    first = await read.first_unread(A, P)
    assert first == stored[2].key
    assert await read.rows_since(A, P, first) == 3
