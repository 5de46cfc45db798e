"""Deleted history stays deleted: a per-conversation "cleared up to" time.

Deleting a conversation's local history leaves the server's archive as it is, so the messages
can come again: from a catch-up that starts over (the archive bookmark was lost or expired) or
from scrolling back past what is stored. The mark is the time of the newest message deleted,
not the moment of deleting: a message that reached the archive but never this computer (sent
while Heron was offline) is not part of what the user deleted and still arrives.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from heron.core.events import NewMessage
from heron.storage.db import Database


def mark_cleared_on(conn: sqlite3.Connection, account: str, peer: str) -> None:
    """Call before the conversation's rows are deleted (in the same transaction)."""
    newest = conn.execute("SELECT max(ts) FROM messages WHERE account = ? AND peer = ?",
                          (account, peer)).fetchone()[0]
    if newest is None:
        return
    conn.execute("INSERT INTO cleared (account, peer, before) VALUES (?,?,?) "
                 "ON CONFLICT (account, peer) DO UPDATE SET before = max(before, excluded.before)",
                 (account, peer, float(newest)))


def cleared_before_on(conn: sqlite3.Connection, account: str, peer: str) -> float | None:
    row = conn.execute("SELECT before FROM cleared WHERE account = ? AND peer = ?",
                       (account, peer)).fetchone()
    return float(row[0]) if row else None


def drop_cleared_on(conn: sqlite3.Connection,
                    msgs: Sequence[NewMessage]) -> Sequence[NewMessage]:
    """``msgs`` without those at or before their conversation's mark (one lookup per
    conversation in the batch; a batch is nearly always one conversation)."""
    marks: dict[tuple[str, str], float | None] = {}
    for m in msgs:
        key = (m.account, m.peer)
        if key not in marks:
            marks[key] = cleared_before_on(conn, *key)
    if not any(mark is not None for mark in marks.values()):
        return msgs
    return [m for m in msgs
            if (mark := marks[(m.account, m.peer)]) is None or m.timestamp > mark]


class ClearedRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def before(self, account: str, peer: str) -> float | None:
        """The conversation's mark, None when its history was never deleted."""
        return await self.db.run(lambda c: cleared_before_on(c, account, peer))
