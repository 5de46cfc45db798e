"""The call log (migration 0015): one row per call, and its row in the chat's timeline."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from typing import Any

from heron.core.call_log import CallRecord, summary
from heron.core.events import DeliveryState, Direction, NewMessage, StoredMessage
from heron.storage.db import Database
from heron.storage.repos.messages import add_many_on

_COLUMNS = "account, sid, peer, outgoing, video, outcome, started, duration, message_pk"


def _row(r: tuple[Any, ...]) -> CallRecord:
    return CallRecord(r[0], r[1], r[2], bool(r[3]), bool(r[4]), r[5], r[6], r[7], r[8])


class CallRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def log(self, record: CallRecord) -> tuple[CallRecord, StoredMessage] | None:
        """Keep ``record`` and its timeline row, in one transaction; None when this call
        is in the log already (another device's copy, the archive again)."""
        def work(conn: sqlite3.Connection) -> tuple[CallRecord, StoredMessage] | None:
            known = conn.execute("SELECT 1 FROM calls WHERE account = ? AND sid = ?",
                                 (record.account, record.sid)).fetchone()
            if known:
                return None
            direction = Direction.OUTGOING if record.outgoing else Direction.INCOMING
            state = DeliveryState.DELIVERED if record.outgoing else DeliveryState.RECEIVED
            stored = add_many_on(conn, [NewMessage(
                record.account, record.peer, direction, summary(record), record.started,
                origin_id=f"call-{record.sid}", state=state)])
            if not stored:
                return None
            kept = replace(record, message_pk=stored[0].pk)
            conn.execute(f"INSERT INTO calls ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)",  # noqa: S608  fixed column list
                         (kept.account, kept.sid, kept.peer, int(kept.outgoing), int(kept.video),
                          kept.outcome, kept.started, kept.duration, kept.message_pk))
            return kept, stored[0]

        return await self.db.run(work)

    async def of_conversation(self, account: str, peer: str) -> list[CallRecord]:
        def work(conn: sqlite3.Connection) -> list[CallRecord]:
            return [_row(r) for r in conn.execute(
                f"SELECT {_COLUMNS} FROM calls WHERE account = ? AND peer = ?",  # noqa: S608  fixed column list
                (account, peer))]

        return await self.db.run(work)
