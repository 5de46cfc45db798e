"""The outbox: outgoing messages our server has not acknowledged yet (survives restarts).

Every transition is committed with ``durable=True`` (fsynced): a message the user sent is
re-sent after a crash, a power cut included, until the server acknowledges it.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass

from heron.core.events import DeliveryState, Direction, NewMessage, StoredMessage
from heron.storage.db import Database
from heron.storage.repos.messages import add_many_on, set_state_on


@dataclass(frozen=True, slots=True)
class OutboxItem:
    account: str
    peer: str
    origin_id: str
    body: str
    message_pk: int | None
    created: float
    attempts: int


_ENQUEUE = ("INSERT OR IGNORE INTO outbox (account, peer, origin_id, message_pk, body, created) "
            "VALUES (?,?,?,?,?,?)")


class OutboxRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def enqueue(self, account: str, peer: str, origin_id: str, body: str,
                      message_pk: int | None) -> None:
        """Queue a message for (re-)sending; a second enqueue of the same origin-id is a
        no-op."""
        await self.db.run(lambda c: c.execute(
            _ENQUEUE, (account, peer, origin_id, message_pk, body, time.time())), durable=True)

    async def add_and_enqueue(self, msg: NewMessage) -> StoredMessage | None:
        """Store an outgoing message and queue it in ONE transaction, so a crash can never
        leave a pending message that nobody re-sends. ``msg.origin_id`` is required.
        Returns the stored row, or None when that origin-id was stored before."""
        if msg.direction is not Direction.OUTGOING or not msg.origin_id:
            raise ValueError("only outgoing messages with an origin-id go to the outbox")
        origin_id = msg.origin_id

        def work(conn: sqlite3.Connection) -> StoredMessage | None:
            stored = add_many_on(conn, [msg])
            if not stored:
                return None
            conn.execute(_ENQUEUE, (msg.account, msg.peer, origin_id, stored[0].pk, msg.body,
                                    time.time()))
            return stored[0]

        return await self.db.run(work, durable=True)

    async def requeue(self, msg: StoredMessage) -> StoredMessage | None:
        """The user sends a message that did not get through (FAILED, BOUNCED) again: back to
        PENDING and into the outbox in ONE transaction. None when it cannot be re-sent
        (not ours, no origin-id, or delivered meanwhile)."""
        if msg.direction is not Direction.OUTGOING or not msg.origin_id:
            return None
        origin_id = msg.origin_id

        def work(conn: sqlite3.Connection) -> StoredMessage | None:
            updated = set_state_on(conn, msg.account, msg.peer, "origin_id", origin_id,
                                   state=DeliveryState.PENDING)
            if updated is None:
                return None
            conn.execute(_ENQUEUE, (msg.account, msg.peer, origin_id, updated.pk,
                                    updated.body, time.time()))
            return updated

        return await self.db.run(work, durable=True)

    async def pending(self, account: str) -> list[OutboxItem]:
        """What is still unacknowledged, oldest first."""
        def work(conn: sqlite3.Connection) -> list[OutboxItem]:
            rows = conn.execute(
                "SELECT account, peer, origin_id, body, message_pk, created, attempts FROM outbox "
                "WHERE account = ? ORDER BY pk", (account,)).fetchall()
            return [OutboxItem(*r) for r in rows]

        return await self.db.run(work)

    async def acknowledge(self, account: str, origin_id: str) -> None:
        """Our server has the message: it leaves the outbox."""
        await self.db.run(lambda c: c.execute(
            "DELETE FROM outbox WHERE account = ? AND origin_id = ?", (account, origin_id)),
            durable=True)

    async def bump_attempts(self, account: str, origin_id: str) -> None:
        await self.db.run(lambda c: c.execute(
            "UPDATE outbox SET attempts = attempts + 1 WHERE account = ? AND origin_id = ?",
            (account, origin_id)), durable=True)
