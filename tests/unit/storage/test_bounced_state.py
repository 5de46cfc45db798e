"""A bounced message: the state machine around it (ack, receipt, retry) and its stored reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from heron.core.events import DeliveryState, Direction, NewMessage, StoredMessage
from heron.storage.db import Database
from heron.storage.repos.messages import MessageRepo
from heron.storage.repos.outbox import OutboxRepo

pytestmark = pytest.mark.asyncio

A, P = "me@example.org", "peer@nowhere.example"


async def _sent(db: Database) -> StoredMessage:
    new = NewMessage(account=A, peer=P, direction=Direction.OUTGOING, body="hello?",
                     timestamp=1_700_000_000.0, origin_id="oid-1", message_id="oid-1",
                     state=DeliveryState.PENDING)
    stored = await OutboxRepo(db).add_and_enqueue(new)
    assert stored is not None
    return stored


async def test_a_bounce_before_the_servers_ack_is_not_undone_by_the_ack(db: Database) -> None:
    repo = MessageRepo(db)
    await _sent(db)
    bounced = await repo.set_bounced(A, P, "oid-1", "remote-server-not-found", "NXDomain")
    assert bounced is not None
    assert bounced.state is DeliveryState.BOUNCED
    assert await repo.set_state_by_origin_id(A, P, "oid-1", DeliveryState.SENT) is None
    (row,) = await repo.page_before(A, P, None, 10)
    assert (row.state, row.failure_condition, row.failure_text) == (
        DeliveryState.BOUNCED, "remote-server-not-found", "NXDomain")


async def test_a_bounce_after_the_servers_ack_wins(db: Database) -> None:
    repo = MessageRepo(db)
    await _sent(db)
    assert await repo.set_state_by_origin_id(A, P, "oid-1", DeliveryState.SENT) is not None
    bounced = await repo.set_bounced(A, P, "oid-1", "service-unavailable", "")
    assert bounced is not None
    assert bounced.state is DeliveryState.BOUNCED


async def test_a_bounce_never_takes_back_delivered(db: Database) -> None:
    repo = MessageRepo(db)
    await _sent(db)
    assert await repo.set_state_by_message_id(A, P, "oid-1", DeliveryState.DELIVERED)
    assert await repo.set_bounced(A, P, "oid-1", "service-unavailable", "") is None
    (row,) = await repo.page_before(A, P, None, 10)
    assert row.state is DeliveryState.DELIVERED
    assert row.failure_condition == ""


async def test_sending_again_requeues_it_and_clears_the_reason(db: Database) -> None:
    repo, outbox = MessageRepo(db), OutboxRepo(db)
    stored = await _sent(db)
    await outbox.acknowledge(A, "oid-1")  # a bounce takes it out of the outbox
    bounced = await repo.set_bounced(A, P, "oid-1", "service-unavailable", "")
    assert bounced is not None
    again = await outbox.requeue(bounced)
    assert again is not None
    assert (again.pk, again.state, again.failure_condition) == (
        stored.pk, DeliveryState.PENDING, "")
    assert [i.origin_id for i in await outbox.pending(A)] == ["oid-1"]
    # A message that is not stuck cannot be re-queued.
    assert await outbox.requeue(again) is None


async def test_the_reason_survives_reopening_the_database(tmp_path: Path) -> None:
    path = tmp_path / "heron.sqlite"
    db = Database(path)
    await db.open()
    try:
        await _sent(db)
        await MessageRepo(db).set_bounced(A, P, "oid-1", "policy-violation", "Too many")
    finally:
        await db.close()
    db = Database(path)
    await db.open()
    try:
        (row,) = await MessageRepo(db).page_before(A, P, None, 10)
    finally:
        await db.close()
    assert (row.state, row.failure_condition, row.failure_text) == (
        DeliveryState.BOUNCED, "policy-violation", "Too many")
