"""Retractions (XEP-0424) waiting for our server's acknowledgement, kept across restarts.

The message becomes a tombstone at once, in the same transaction that queues its
retraction; its tick says "waiting to be sent" until the server has the retraction.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass

from heron.core.events import DeliveryState, Direction, StoredMessage
from heron.storage.db import Database
from heron.storage.repos.messages import _get, retract_on


@dataclass(frozen=True, slots=True)
class QueuedRetraction:
    peer: str
    origin_id: str  # the retraction stanza's own id
    target_id: str  # the id of the message it deletes


def retract_and_queue_on(conn: sqlite3.Connection, account: str, peer: str, target_id: str,
                         origin_id: str) -> StoredMessage | None:
    """Our message ``target_id`` becomes a tombstone and its retraction is queued; None when
    there is no such message of ours (or it is a tombstone already)."""
    now = time.time()
    tombstone = retract_on(conn, account, peer, Direction.OUTGOING, target_id, now)
    if tombstone is None:
        return None
    conn.execute("INSERT INTO retraction_outbox (account, origin_id, peer, target_id, "
                 "message_pk, prior_state, created) VALUES (?,?,?,?,?,?,?)",
                 (account, origin_id, peer, target_id, tombstone.pk, tombstone.state.value, now))
    conn.execute("UPDATE messages SET state = 'pending' WHERE pk = ?", (tombstone.pk,))
    return _get(conn, tombstone.pk)


def acknowledge_on(conn: sqlite3.Connection, account: str,
                   origin_id: str) -> StoredMessage | None:
    """Our server has the retraction: it leaves the queue and the tombstone gets its tick
    back. None when ``origin_id`` is no queued retraction."""
    r = conn.execute("SELECT message_pk, prior_state FROM retraction_outbox WHERE account = ? "
                     "AND origin_id = ?", (account, origin_id)).fetchone()
    if r is None:
        return None
    conn.execute("DELETE FROM retraction_outbox WHERE account = ? AND origin_id = ?",
                 (account, origin_id))
    conn.execute("UPDATE messages SET state = ? WHERE pk = ? AND state = ?",
                 (DeliveryState(r[1]).value, r[0], DeliveryState.PENDING.value))
    return _get(conn, int(r[0]))


class RetractionOutboxRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def retract_and_queue(self, account: str, peer: str, target_id: str,
                                origin_id: str) -> StoredMessage | None:
        return await self.db.run(
            lambda c: retract_and_queue_on(c, account, peer, target_id, origin_id),
            durable=True)

    async def acknowledge(self, account: str, origin_id: str) -> StoredMessage | None:
        return await self.db.run(lambda c: acknowledge_on(c, account, origin_id), durable=True)

    async def pending(self, account: str) -> list[QueuedRetraction]:
        """Oldest first."""
        rows = await self.db.run(lambda c: c.execute(
            "SELECT peer, origin_id, target_id FROM retraction_outbox WHERE account = ? "
            "ORDER BY created", (account,)).fetchall())
        return [QueuedRetraction(*r) for r in rows]
