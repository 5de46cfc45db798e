"""Messages: batched, deduplicated inserts; keyset paging; full-text search; read markers."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from heron.core.events import DeliveryState, Direction, NewMessage, StoredMessage
from heron.storage.db import Database

_COLUMNS = ("pk, account, peer, direction, body, ts, origin_id, stanza_id, message_id, state, "
            "corrected, sender_resource")
# A receipt may upgrade a tick but never take one back.
_STATE_RANK = {DeliveryState.FAILED: 0, DeliveryState.PENDING: 1, DeliveryState.SENT: 2,
               DeliveryState.DELIVERED: 3, DeliveryState.RECEIVED: 3}


def _row(r: tuple) -> StoredMessage:  # type: ignore[type-arg]
    return StoredMessage(
        pk=r[0], account=r[1], peer=r[2], direction=Direction(r[3]), body=r[4], timestamp=r[5],
        origin_id=r[6], stanza_id=r[7], message_id=r[8], state=DeliveryState(r[9]),
        corrected=bool(r[10]), sender_resource=r[11],
    )


def fts_query(text: str) -> str:
    """User text as FTS5 terms: every word quoted (no operators), prefix match on the last."""
    words = [w.replace('"', '""') for w in text.split() if w.strip('"')]
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


class MessageRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # --- writing -------------------------------------------------------------------------------

    @staticmethod
    def _add_many(conn: sqlite3.Connection, msgs: Sequence[NewMessage]) -> list[StoredMessage]:
        stored: list[StoredMessage] = []
        for m in msgs:
            if m.stanza_id and m.origin_id:
                # The same message seen live (no archive id yet) and now from MAM: adopt the id.
                cur = conn.execute(
                    "UPDATE messages SET stanza_id = ? WHERE account = ? AND peer = ? AND "
                    "direction = ? AND origin_id = ? AND stanza_id IS NULL",
                    (m.stanza_id, m.account, m.peer, m.direction.value, m.origin_id))
                if cur.rowcount:
                    continue
            cur = conn.execute(
                "INSERT OR IGNORE INTO messages (account, peer, direction, body, ts, origin_id, "
                "stanza_id, message_id, sender_resource, state) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (m.account, m.peer, m.direction.value, m.body, m.timestamp, m.origin_id,
                 m.stanza_id, m.message_id, m.sender_resource, m.state.value))
            if cur.rowcount:
                stored.append(StoredMessage(
                    pk=int(cur.lastrowid or 0), account=m.account, peer=m.peer,
                    direction=m.direction, body=m.body, timestamp=m.timestamp,
                    origin_id=m.origin_id, stanza_id=m.stanza_id, message_id=m.message_id,
                    state=m.state, sender_resource=m.sender_resource))
        return stored

    async def add_many(self, msgs: Sequence[NewMessage]) -> list[StoredMessage]:
        """Store in one transaction; duplicates are skipped. Returns what was new."""
        if not msgs:
            return []
        return await self.db.run(lambda c: self._add_many(c, msgs))

    def add_many_blocking(self, msgs: Sequence[NewMessage]) -> list[StoredMessage]:
        return self.db.run_blocking(lambda c: self._add_many(c, msgs))

    async def set_state_by_origin_id(self, account: str, peer: str, origin_id: str,
                                     state: DeliveryState) -> StoredMessage | None:
        return await self._set_state(account, peer, "origin_id", origin_id, state)

    async def set_state_by_message_id(self, account: str, peer: str, message_id: str,
                                      state: DeliveryState) -> StoredMessage | None:
        return await self._set_state(account, peer, "message_id", message_id, state)

    async def _set_state(self, account: str, peer: str, column: str, value: str,
                         state: DeliveryState) -> StoredMessage | None:
        def work(conn: sqlite3.Connection) -> StoredMessage | None:
            r = conn.execute(
                f"SELECT {_COLUMNS} FROM messages WHERE account = ? AND peer = ? AND "
                f"{column} = ? AND direction = 'out' ORDER BY pk DESC LIMIT 1",
                (account, peer, value)).fetchone()
            if r is None:
                return None
            current = _row(r)
            if _STATE_RANK[state] <= _STATE_RANK[current.state]:
                return None
            conn.execute("UPDATE messages SET state = ? WHERE pk = ?", (state.value, current.pk))
            return _row(conn.execute(f"SELECT {_COLUMNS} FROM messages WHERE pk = ?",
                                     (current.pk,)).fetchone())

        return await self.db.run(work)

    async def apply_correction(self, account: str, peer: str, direction: Direction,
                               replace_id: str, new_body: str) -> StoredMessage | None:
        """XEP-0308: only a message of the same sender (direction) in this conversation."""
        def work(conn: sqlite3.Connection) -> StoredMessage | None:
            r = conn.execute(
                f"SELECT {_COLUMNS} FROM messages WHERE account = ? AND peer = ? AND "
                "direction = ? AND (message_id = ? OR origin_id = ?) ORDER BY pk DESC LIMIT 1",
                (account, peer, direction.value, replace_id, replace_id)).fetchone()
            if r is None:
                return None
            pk = r[0]
            conn.execute("UPDATE messages SET body = ?, corrected = 1 WHERE pk = ?",
                         (new_body, pk))
            return _row(conn.execute(f"SELECT {_COLUMNS} FROM messages WHERE pk = ?",
                                     (pk,)).fetchone())

        return await self.db.run(work)

    # --- reading -------------------------------------------------------------------------------

    async def page_before(self, account: str, peer: str, before: tuple[float, int] | None,
                          limit: int) -> list[StoredMessage]:
        """The ``limit`` messages just older than ``before`` (newest if None), oldest first."""
        def work(conn: sqlite3.Connection) -> list[StoredMessage]:
            if before is None:
                rows = conn.execute(
                    f"SELECT {_COLUMNS} FROM messages WHERE account = ? AND peer = ? "
                    "ORDER BY ts DESC, pk DESC LIMIT ?", (account, peer, limit)).fetchall()
            else:
                rows = conn.execute(
                    f"SELECT {_COLUMNS} FROM messages WHERE account = ? AND peer = ? "
                    "AND (ts, pk) < (?, ?) ORDER BY ts DESC, pk DESC LIMIT ?",
                    (account, peer, before[0], before[1], limit)).fetchall()
            return [_row(r) for r in reversed(rows)]

        return await self.db.run(work)

    async def get(self, pk: int) -> StoredMessage | None:
        def work(conn: sqlite3.Connection) -> StoredMessage | None:
            r = conn.execute(f"SELECT {_COLUMNS} FROM messages WHERE pk = ?",
                             (pk,)).fetchone()
            return _row(r) if r else None

        return await self.db.run(work)

    async def search(self, account: str, query: str, limit: int = 50,
                     peer: str | None = None) -> list[StoredMessage]:
        """Full-text search, newest first. User text never becomes FTS syntax."""
        match = fts_query(query)
        if not match:
            return []

        def work(conn: sqlite3.Connection) -> list[StoredMessage]:
            sql = (f"SELECT {_COLUMNS} FROM messages WHERE pk IN "
                   "(SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?) AND account = ?")
            args: list[object] = [match, account]
            if peer is not None:
                sql += " AND peer = ?"
                args.append(peer)
            sql += " ORDER BY pk DESC LIMIT ?"
            args.append(limit)
            return [_row(r) for r in conn.execute(sql, args).fetchall()]

        return await self.db.run(work)

    async def unread_counts(self, account: str) -> dict[str, int]:
        def work(conn: sqlite3.Connection) -> dict[str, int]:
            rows = conn.execute(
                "SELECT m.peer, COUNT(*) FROM messages m LEFT JOIN read_markers r "
                "ON r.account = m.account AND r.peer = m.peer WHERE m.account = ? AND "
                "m.direction = 'in' AND m.pk > COALESCE(r.last_read_pk, 0) GROUP BY m.peer",
                (account,)).fetchall()
            return {peer: int(n) for peer, n in rows}

        return await self.db.run(work)

    async def mark_read(self, account: str, peer: str) -> None:
        def work(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO read_markers (account, peer, last_read_pk) SELECT ?, ?, "
                "COALESCE(MAX(pk), 0) FROM messages WHERE account = ? AND peer = ? "
                "ON CONFLICT (account, peer) DO UPDATE SET last_read_pk = excluded.last_read_pk",
                (account, peer, account, peer))

        await self.db.run(work)
