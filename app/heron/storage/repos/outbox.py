"""The outbox: outgoing messages our server has not acknowledged yet (survives restarts)."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass

from heron.storage.db import Database


@dataclass(frozen=True)
class OutboxItem:
    account: str
    peer: str
    origin_id: str
    body: str
    message_pk: int | None
    created: float
    attempts: int


class OutboxRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def enqueue(self, account: str, peer: str, origin_id: str, body: str,
                      message_pk: int | None) -> None:
        await self.db.run(lambda c: c.execute(
            "INSERT OR IGNORE INTO outbox (account, peer, origin_id, message_pk, body, created) "
            "VALUES (?,?,?,?,?,?)", (account, peer, origin_id, message_pk, body, time.time())))

    async def pending(self, account: str) -> list[OutboxItem]:
        def work(conn: sqlite3.Connection) -> list[OutboxItem]:
            rows = conn.execute(
                "SELECT account, peer, origin_id, body, message_pk, created, attempts FROM outbox "
                "WHERE account = ? ORDER BY pk", (account,)).fetchall()
            return [OutboxItem(*r) for r in rows]

        return await self.db.run(work)

    async def acknowledge(self, account: str, origin_id: str) -> None:
        await self.db.run(lambda c: c.execute(
            "DELETE FROM outbox WHERE account = ? AND origin_id = ?", (account, origin_id)))

    async def bump_attempts(self, account: str, origin_id: str) -> None:
        await self.db.run(lambda c: c.execute(
            "UPDATE outbox SET attempts = attempts + 1 WHERE account = ? AND origin_id = ?",
            (account, origin_id)))
