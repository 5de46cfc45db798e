"""Messages: batched, deduplicated inserts; keyset paging; full-text search; read markers.

Deduplication follows XEP-0359: a message is the same when our archive gave it the same
stanza-id, or when the same sender (direction) used the same origin-id in the conversation.
A message first seen live (origin-id, no archive id yet) and later in a MAM page (origin-id and
stanza-id) stays one row that adopts the archive's id.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from typing import Any, Literal

from heron.core.events import DeliveryState, Direction, NewMessage, StoredMessage
from heron.core.timestamps import readable
from heron.storage.db import Database
from heron.storage.repos.cleared import drop_cleared_on
from heron.storage.repos.reactions import annotate_on, keep_version_on, note_replies_on
from heron.storage.repos.rooms import fill_occupant_on, note_occupant_on

_COLUMNS = ("pk, account, peer, direction, body, ts, origin_id, stanza_id, message_id, state, "
            "corrected, sender_resource, failure_condition, failure_text, retracted")
_M_COLUMNS = ", ".join(f"m.{c.strip()}" for c in _COLUMNS.split(","))

# What each delivery state may be reached from. A tick only goes forward: a late server ack
# (SENT) never takes back DELIVERED; FAILED only replaces PENDING; a re-queued FAILED or BOUNCED
# message becomes PENDING again. A bounce comes before or after our server's ack: it wins over
# SENT and the ack does not undo it; only the peer's receipt (DELIVERED, proof that it arrived)
# beats a bounce. RECEIVED belongs to incoming messages and is never set here.
_REACHABLE_FROM: dict[DeliveryState, frozenset[DeliveryState]] = {
    DeliveryState.PENDING: frozenset({DeliveryState.FAILED, DeliveryState.BOUNCED}),
    DeliveryState.SENT: frozenset({DeliveryState.PENDING, DeliveryState.FAILED}),
    DeliveryState.DELIVERED: frozenset({DeliveryState.PENDING, DeliveryState.SENT,
                                        DeliveryState.FAILED, DeliveryState.BOUNCED}),
    DeliveryState.FAILED: frozenset({DeliveryState.PENDING}),
    DeliveryState.BOUNCED: frozenset({DeliveryState.PENDING, DeliveryState.SENT,
                                      DeliveryState.FAILED}),
    DeliveryState.RECEIVED: frozenset(),
    # XEP-0333 <displayed/>: the contact saw it, which beats every other word about it.
    DeliveryState.READ: frozenset({DeliveryState.PENDING, DeliveryState.SENT,
                                   DeliveryState.DELIVERED, DeliveryState.FAILED,
                                   DeliveryState.BOUNCED}),
}

_INSERT = ("INSERT OR IGNORE INTO messages (account, peer, direction, body, ts, origin_id, "
           "stanza_id, message_id, sender_resource, state) VALUES (?,?,?,?,?,?,?,?,?,?)")
# When the insert was a duplicate, the live copy (origin-id, no archive id) adopts the archive's
# id. OR IGNORE: should another row of the conversation already hold that stanza-id, keep it.
# The archive's time replaces the arrival time too (a live copy without an archive id sorts by
# when it arrived, see core/timestamps.py).
_ADOPT_BY_ORIGIN_ID = (
    "UPDATE OR IGNORE messages SET stanza_id = ?, ts = ? WHERE account = ? AND peer = ? AND "
    "direction = ? AND origin_id = ? AND stanza_id IS NULL")
# Senders without origin-id: the live copy has only the stanza's id attribute. The same id,
# sender and text is the same message.
_ADOPT_BY_MESSAGE_ID = (
    "UPDATE OR IGNORE messages SET stanza_id = ?, ts = ? WHERE pk = (SELECT pk FROM messages "
    "WHERE account = ? AND peer = ? AND message_id = ? AND direction = ? AND origin_id IS NULL AND "
    "stanza_id IS NULL AND body = ? ORDER BY pk DESC LIMIT 1)")
MIN_PREFIX = 3
_INDEX_TEXT = "INSERT INTO messages_fts (rowid, body) VALUES (?, ?)"
#: retractions remembered per conversation and sender (those of messages not stored yet
#: included): a hostile peer sending retractions of ids that never come cannot grow the table
#: without end; past it a retraction still makes a stored message a tombstone
MAX_REMEMBERED_RETRACTIONS = 1000


def _row(r: tuple[Any, ...]) -> StoredMessage:
    return StoredMessage(
        # readable(): rows written before the edge clamped stamps (year 1, year 9999).
        pk=r[0], account=r[1], peer=r[2], direction=Direction(r[3]), body=r[4],
        timestamp=readable(r[5]),
        origin_id=r[6], stanza_id=r[7], message_id=r[8], state=DeliveryState(r[9]),
        corrected=bool(r[10]), sender_resource=r[11], failure_condition=r[12],
        failure_text=r[13], retracted=bool(r[14]),
    )


def fts_query(text: str) -> str:
    """User text as an FTS5 query: every word a quoted string (no operators, columns or
    NEAR), all words required, prefix match on the last when it has 3 characters or more
    (a shorter prefix matches most of a large archive and is slow to rank). "" when there is
    nothing to find."""
    # FTS5 ends a string at NUL ("unterminated string"): it separates words here.
    words = [w for w in text.replace("\x00", " ").split() if any(ch.isalnum() for ch in w)]
    if not words:
        return ""
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    if len(words[-1]) >= MIN_PREFIX:
        quoted[-1] += "*"
    return " ".join(quoted)


def add_many_on(conn: sqlite3.Connection, msgs: Sequence[NewMessage]) -> list[StoredMessage]:
    """Insert inside the caller's transaction; returns the new rows in input order.

    This is the only code that inserts into ``messages``: it also indexes the new text for
    full-text search (there is no insert trigger, see migration 0003)."""
    stored: list[StoredMessage] = []
    replies: dict[int, str] = {}  # XEP-0461: new row -> the id it answers
    execute = conn.execute
    msgs = drop_cleared_on(conn, msgs)  # history the user deleted does not come back
    retracted = _known_retractions(conn, msgs)
    for m in msgs:
        direction = m.direction.value
        ts = m.timestamp
        if retracted and _is_retracted(retracted, m):
            # Retracted before it reached us (history paged backwards): it is stored as a
            # tombstone, once, and its text never reaches the table or the index.
            _add_tombstone(conn, m, stored)
            continue
        if m.stanza_id is not None and m.origin_id is None and m.message_id is not None:
            cur = execute(_ADOPT_BY_MESSAGE_ID,
                          (m.stanza_id, ts, m.account, m.peer, m.message_id, direction, m.body))
            if cur.rowcount:
                continue
        cur = execute(_INSERT, (m.account, m.peer, direction, m.body, ts, m.origin_id,
                                m.stanza_id, m.message_id, m.sender_resource, m.state.value))
        if cur.rowcount and cur.lastrowid is not None:
            stored.append(StoredMessage(
                pk=cur.lastrowid, account=m.account, peer=m.peer, direction=m.direction,
                body=m.body, timestamp=ts, origin_id=m.origin_id,
                stanza_id=m.stanza_id, message_id=m.message_id, state=m.state,
                corrected=False, sender_resource=m.sender_resource))
            if m.reply_to:
                replies[cur.lastrowid] = m.reply_to
            if m.occupant_id or m.sender_jid:  # a room message (storage/repos/rooms.py)
                note_occupant_on(conn, cur.lastrowid, m)
        elif m.stanza_id is not None and m.origin_id is not None:
            # A duplicate: if it is the archive's copy of a message we hold without an
            # archive id (seen live), that row adopts the id.
            execute(_ADOPT_BY_ORIGIN_ID,
                    (m.stanza_id, ts, m.account, m.peer, direction, m.origin_id))
        if not cur.rowcount and (m.occupant_id or m.sender_jid):
            fill_occupant_on(conn, m)  # the archive's copy came first: who sent it, live
    # One statement for the whole batch (see migration 0003): a trigger per row costs 6x.
    conn.executemany(_INDEX_TEXT, [(s.pk, s.body) for s in stored])
    from heron.storage.repos.read_state import note_markable_on  # noqa: PLC0415  it imports this module

    note_markable_on(conn, msgs)
    return note_replies_on(conn, stored, replies) if replies else stored


_Retracted = dict[tuple[str, str], set[tuple[str, str]]]


def _known_retractions(conn: sqlite3.Connection, msgs: Sequence[NewMessage]) -> _Retracted:
    """(direction, id) of the retractions of each conversation in the batch: one probe of
    the (small) retractions table per conversation, not per message."""
    found: _Retracted = {}
    for conversation in {(m.account, m.peer) for m in msgs}:
        rows = conn.execute("SELECT direction, target_id FROM retractions WHERE account = ? "
                            "AND peer = ?", conversation).fetchall()
        if rows:
            found[conversation] = {(str(d), str(t)) for d, t in rows}
    return found


def _is_retracted(retracted: _Retracted, m: NewMessage) -> bool:
    ids = retracted.get((m.account, m.peer))
    if not ids:
        return False
    direction = m.direction.value
    return any((direction, i) in ids for i in (m.message_id, m.origin_id) if i)


def _add_tombstone(conn: sqlite3.Connection, m: NewMessage, stored: list[StoredMessage]) -> None:
    ids = [i for i in (m.message_id, m.origin_id) if i]
    marks = ",".join("?" * len(ids))
    known = conn.execute(
        f"SELECT 1 FROM messages WHERE account = ? AND peer = ? AND direction = ? AND "  # noqa: S608  placeholders only
        f"retracted = 1 AND (message_id IN ({marks}) OR origin_id IN ({marks})) LIMIT 1",
        (m.account, m.peer, m.direction.value, *ids, *ids)).fetchone()
    if known is not None:
        return  # the tombstone is there already (this is the archive's copy)
    cur = conn.execute(
        "INSERT OR IGNORE INTO messages (account, peer, direction, body, ts, origin_id, "
        "stanza_id, message_id, sender_resource, state, retracted) "
        "VALUES (?,?,?,'',?,?,?,?,?,?,1)",
        (m.account, m.peer, m.direction.value, m.timestamp, m.origin_id, m.stanza_id,
         m.message_id, m.sender_resource, m.state.value))
    if cur.rowcount and cur.lastrowid is not None:
        stored.append(StoredMessage(
            pk=cur.lastrowid, account=m.account, peer=m.peer, direction=m.direction, body="",
            timestamp=m.timestamp, origin_id=m.origin_id, stanza_id=m.stanza_id,
            message_id=m.message_id, state=m.state, sender_resource=m.sender_resource,
            retracted=True))


def retract_on(conn: sqlite3.Connection, account: str, peer: str, direction: Direction,  # noqa: PLR0917  the retraction's fields
               target_id: str, received: float) -> StoredMessage | None:
    """XEP-0424, inside the caller's transaction: remember the retraction and make the
    message of this conversation and sender whose id (or origin-id) is ``target_id`` a
    tombstone: the body emptied (the update trigger takes it out of the full-text index),
    its outbox entry dropped (a retracted message never goes out). Returns the tombstone, or
    None when no such message is stored (the retraction waits for it) or it already is one."""
    count = conn.execute("SELECT COUNT(*) FROM retractions WHERE account = ? AND peer = ? AND "
                         "direction = ?", (account, peer, direction.value)).fetchone()[0]
    if count < MAX_REMEMBERED_RETRACTIONS:
        conn.execute("INSERT OR IGNORE INTO retractions (account, peer, direction, target_id, "
                     "received) VALUES (?, ?, ?, ?, ?)",
                     (account, peer, direction.value, target_id, received))
    pk = _live_message_pk(conn, account, peer, direction, target_id)
    if pk is None:
        return None
    conn.execute("UPDATE messages SET body = '', retracted = 1 WHERE pk = ?", (pk,))
    conn.execute("DELETE FROM outbox WHERE message_pk = ?", (pk,))
    return _get(conn, pk)


def _live_message_pk(conn: sqlite3.Connection, account: str, peer: str, direction: Direction,
                     target_id: str) -> int | None:
    """The newest message of the conversation from this sender (``direction``) whose id (or
    origin-id) is ``target_id``; tombstones left out: a correction never brings back a
    retracted text, whatever order the archive delivers them in."""
    r = conn.execute(
        "SELECT pk FROM messages WHERE account = ? AND peer = ? AND direction = ? AND "
        "(message_id = ? OR origin_id = ?) AND retracted = 0 ORDER BY pk DESC LIMIT 1",
        (account, peer, direction.value, target_id, target_id)).fetchone()
    return int(r[0]) if r else None


def _get(conn: sqlite3.Connection, pk: int) -> StoredMessage | None:
    r = conn.execute(f"SELECT {_COLUMNS} FROM messages WHERE pk = ?", (pk,)).fetchone()  # noqa: S608  fixed column list
    return annotate_on(conn, [_row(r)])[0] if r else None


def set_state_on(conn: sqlite3.Connection, account: str, peer: str,
               column: Literal["message_id", "origin_id"], value: str, *,
               state: DeliveryState,
               reason: tuple[str, str] = ("", "")) -> StoredMessage | None:
    """Move one outgoing message to ``state`` inside the caller's transaction, if the state
    machine allows it (``_REACHABLE_FROM``); ``reason`` goes with BOUNCED. Returns the row."""
    # ``column`` is one of two literals (the type says which), never caller text.
    r = conn.execute(
        f"SELECT pk, state FROM messages WHERE account = ? AND peer = ? AND "  # noqa: S608  Literal column name
        f"direction = 'out' AND {column} = ? ORDER BY pk DESC LIMIT 1",
        (account, peer, value)).fetchone()
    if r is None or DeliveryState(r[1]) not in _REACHABLE_FROM[state]:
        return None
    # Any other state clears the reason of an earlier bounce (a retry, a late receipt).
    conn.execute("UPDATE messages SET state = ?, failure_condition = ?, failure_text = ? "
                 "WHERE pk = ?", (state.value, reason[0], reason[1], r[0]))
    return _get(conn, r[0])


class MessageRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # --- writing -------------------------------------------------------------------------------

    async def add_many(self, msgs: Sequence[NewMessage]) -> list[StoredMessage]:
        """Store in one transaction; duplicates are skipped. Returns what was new, in order."""
        if not msgs:
            return []
        batch = list(msgs)
        return await self.db.run(lambda c: add_many_on(c, batch))

    def add_many_blocking(self, msgs: Sequence[NewMessage]) -> list[StoredMessage]:
        """The same, blocking the caller (command line, bench)."""
        if not msgs:
            return []
        batch = list(msgs)
        return self.db.run_blocking(lambda c: add_many_on(c, batch))

    async def set_state_by_message_id(self, account: str, peer: str, message_id: str,
                                      state: DeliveryState) -> StoredMessage | None:
        """A receipt (XEP-0184) names the message's id attribute. Outgoing messages only.
        Returns the updated row, or None when there is no such message or the state would
        go backwards (DELIVERED never becomes SENT again)."""
        return await self.db.run(
            lambda c: set_state_on(c, account, peer, "message_id", message_id, state=state))

    async def set_state_by_origin_id(self, account: str, peer: str, origin_id: str,
                                     state: DeliveryState) -> StoredMessage | None:
        """The same, by XEP-0359 origin-id (the outbox and stream-management acks)."""
        return await self.db.run(
            lambda c: set_state_on(c, account, peer, "origin_id", origin_id, state=state))

    async def set_bounced(self, account: str, peer: str, message_id: str, condition: str,
                          text: str) -> StoredMessage | None:
        """A server's message error for our message: BOUNCED, with its reason (kept across
        restarts). None when there is no such message or it was delivered already."""
        return await self.db.run(
            lambda c: set_state_on(c, account, peer, "message_id", message_id,
                                      state=DeliveryState.BOUNCED, reason=(condition, text)),
            durable=True)

    async def find_by_id(self, account: str, peer: str, message_id: str, *,
                         direction: Direction | None = None) -> StoredMessage | None:
        """The newest message of the conversation whose id (or origin-id) is ``message_id``,
        whoever sent it (or only from ``direction``'s sender): corrections and retractions ask
        policy about its sender."""
        def work(conn: sqlite3.Connection) -> StoredMessage | None:
            sql = (f"SELECT {_COLUMNS} FROM messages WHERE account = ? AND peer = ? AND "  # noqa: S608  fixed column list
                   "(message_id = ? OR origin_id = ?)")
            args: tuple[str, ...] = (account, peer, message_id, message_id)
            if direction is not None:
                sql += " AND direction = ?"
                args = (*args, direction.value)
            r = conn.execute(sql + " ORDER BY pk DESC LIMIT 1", args).fetchone()
            return _row(r) if r else None

        return await self.db.run(work)

    async def find_outgoing(self, account: str, message_id: str) -> StoredMessage | None:
        """Our newest outgoing message with this id attribute, in any conversation."""
        def work(conn: sqlite3.Connection) -> StoredMessage | None:
            r = conn.execute(
                f"SELECT {_COLUMNS} FROM messages INDEXED BY messages_outgoing_id WHERE "  # noqa: S608  fixed column list
                "account = ? AND message_id = ? AND direction = 'out' AND "
                "message_id IS NOT NULL ORDER BY pk DESC LIMIT 1",
                (account, message_id)).fetchone()
            return _row(r) if r else None

        return await self.db.run(work)

    async def oldest_stanza_id(self, account: str, peer: str) -> str | None:
        """The archive id of the oldest message of the conversation that has one: paging the
        archive backwards starts there."""
        def work(conn: sqlite3.Connection) -> str | None:
            r = conn.execute(
                "SELECT stanza_id FROM messages WHERE account = ? AND peer = ? AND "
                "stanza_id IS NOT NULL ORDER BY ts, pk LIMIT 1", (account, peer)).fetchone()
            return str(r[0]) if r else None

        return await self.db.run(work)

    async def apply_correction(self, account: str, peer: str, direction: Direction,
                               replace_id: str, new_body: str) -> StoredMessage | None:
        """XEP-0308: replace the text of the message of this conversation whose id (or
        origin-id) is ``replace_id`` and that came from the same sender (``direction``).
        Returns the corrected row, or None when no such message exists (or it was retracted)."""
        def work(conn: sqlite3.Connection) -> StoredMessage | None:
            pk = _live_message_pk(conn, account, peer, direction, replace_id)
            if pk is None:
                return None
            if conn.execute("SELECT 1 FROM messages WHERE pk = ? AND corrected = 1 AND "
                            "body = ?", (pk, new_body)).fetchone():
                return _get(conn, pk)  # the same correction again (read back after a crash)
            keep_version_on(conn, pk, time.time())
            conn.execute("UPDATE messages SET body = ?, corrected = 1 WHERE pk = ?",
                         (new_body, pk))
            return _get(conn, pk)

        return await self.db.run(work)

    async def retract(self, account: str, peer: str, direction: Direction, target_id: str,
                      received: float) -> StoredMessage | None:
        """XEP-0424: see :func:`retract_on`. Durable: a retraction the user asked for must not
        come undone in a crash."""
        return await self.db.run(
            lambda c: retract_on(c, account, peer, direction, target_id, received), durable=True)

    # --- reading -------------------------------------------------------------------------------

    async def page_before(self, account: str, peer: str, before: tuple[float, int] | None,
                          limit: int) -> list[StoredMessage]:
        """The ``limit`` messages just older than the key ``before`` (the newest when None),
        oldest first. Keyset paging on (ts, pk) through the conversation index."""
        def work(conn: sqlite3.Connection) -> list[StoredMessage]:
            if before is None:
                rows = conn.execute(
                    f"SELECT {_COLUMNS} FROM messages WHERE account = ? AND peer = ? "  # noqa: S608  fixed column list
                    "ORDER BY ts DESC, pk DESC LIMIT ?", (account, peer, limit)).fetchall()
            else:
                rows = conn.execute(
                    f"SELECT {_COLUMNS} FROM messages WHERE account = ? AND peer = ? "  # noqa: S608  fixed column list
                    "AND (ts, pk) < (?, ?) ORDER BY ts DESC, pk DESC LIMIT ?",
                    (account, peer, before[0], before[1], limit)).fetchall()
            return annotate_on(conn, [_row(r) for r in reversed(rows)])

        return await self.db.run(work)

    async def page_after(self, account: str, peer: str, after: tuple[float, int],
                         limit: int) -> list[StoredMessage]:
        """The ``limit`` messages just newer than the key ``after``, oldest first."""
        def work(conn: sqlite3.Connection) -> list[StoredMessage]:
            rows = conn.execute(
                f"SELECT {_COLUMNS} FROM messages WHERE account = ? AND peer = ? "  # noqa: S608  fixed column list
                "AND (ts, pk) > (?, ?) ORDER BY ts, pk LIMIT ?",
                (account, peer, after[0], after[1], limit)).fetchall()
            return annotate_on(conn, [_row(r) for r in rows])

        return await self.db.run(work)

    async def latest_key(self, account: str, peer: str) -> tuple[float, int] | None:
        """The paging key of the newest message of the conversation."""
        return await self.db.run(lambda c: self._edge_key(c, account, peer, "DESC"))

    async def oldest_key(self, account: str, peer: str) -> tuple[float, int] | None:
        """The paging key of the oldest message of the conversation."""
        return await self.db.run(lambda c: self._edge_key(c, account, peer, "ASC"))

    @staticmethod
    def _edge_key(conn: sqlite3.Connection, account: str, peer: str,
                  order: Literal["ASC", "DESC"]) -> tuple[float, int] | None:
        # ``order`` is one of two literals (the type says which), never caller text.
        r = conn.execute(
            f"SELECT ts, pk FROM messages WHERE account = ? AND peer = ? "  # noqa: S608  Literal sort order
            f"ORDER BY ts {order}, pk {order} LIMIT 1", (account, peer)).fetchone()
        return (float(r[0]), int(r[1])) if r else None

    async def get(self, pk: int) -> StoredMessage | None:
        return await self.db.run(lambda c: _get(c, pk))

    async def search(self, account: str, query: str, limit: int = 50,
                     peer: str | None = None) -> list[StoredMessage]:
        """Full-text search (FTS5), newest first. Every word must occur, the last one as a
        prefix; the user's text is always quoted, never read as FTS syntax."""
        match = fts_query(query)
        if not match or limit <= 0:
            return []

        def work(conn: sqlite3.Connection) -> list[StoredMessage]:
            # Walk the index newest-stored first (FTS5 reads rowids in reverse without
            # sorting) in windows, keep this account's hits, stop at a full page: a common
            # word no longer sorts every hit of a million-row archive. The page itself is
            # ordered by time.
            found: list[StoredMessage] = []
            cursor = None
            window = max(limit * 4, 200)
            lookup = f"SELECT {_M_COLUMNS} FROM messages AS m WHERE m.pk = ? AND m.account = ?"  # noqa: S608  fixed column list
            if peer is not None:
                lookup += " AND m.peer = ?"
            while len(found) < limit:
                if cursor is None:
                    hits = conn.execute(
                        "SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? "
                        "ORDER BY rowid DESC LIMIT ?", (match, window)).fetchall()
                else:
                    hits = conn.execute(
                        "SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? "
                        "AND rowid < ? ORDER BY rowid DESC LIMIT ?",
                        (match, cursor, window)).fetchall()
                if not hits:
                    break
                for (pk,) in hits:
                    args: tuple[object, ...] = (pk, account) if peer is None else (
                        pk, account, peer)
                    r = conn.execute(lookup, args).fetchone()
                    if r is not None:
                        found.append(_row(r))
                        if len(found) == limit:
                            break
                cursor = hits[-1][0]
            found.sort(key=lambda m: (m.timestamp, m.pk), reverse=True)
            return found

        return await self.db.run(work)

    # --- read markers ----------------------------------------------------------------------------

    async def unread_counts(self, account: str) -> dict[str, int]:
        """Per conversation: incoming messages after the read marker (only those > 0).
        A conversation never marked read counts all its incoming messages."""
        def work(conn: sqlite3.Connection) -> dict[str, int]:
            rows = conn.execute(_UNREAD, {"account": account}).fetchall()
            return {peer: int(n) for peer, n in rows if n}

        return await self.db.run(work)

    async def mark_read(self, account: str, peer: str,
                        up_to: tuple[float, int] | None = None) -> None:
        """Everything up to the key ``up_to`` (the newest message when None) has been read.
        The marker only moves forward."""
        def work(conn: sqlite3.Connection) -> None:
            key = up_to if up_to is not None else self._edge_key(conn, account, peer, "DESC")
            if key is None:
                return
            conn.execute(
                "INSERT INTO read_markers (account, peer, last_read_ts, last_read_pk) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (account, peer) DO UPDATE SET "
                "last_read_ts = excluded.last_read_ts, last_read_pk = excluded.last_read_pk "
                "WHERE (excluded.last_read_ts, excluded.last_read_pk) > "
                "(read_markers.last_read_ts, read_markers.last_read_pk)",
                (account, peer, key[0], key[1]))

        await self.db.run(work)


# Conversations are found with a skip scan of the conversation index (one probe per peer, not
# one row per message); each count is a range scan that starts at the read marker.
_UNREAD = """
WITH RECURSIVE peers (peer) AS (
    SELECT MIN(peer) FROM messages WHERE account = :account
    UNION ALL
    SELECT (SELECT MIN(m.peer) FROM messages AS m WHERE m.account = :account AND m.peer > p.peer)
    FROM peers AS p WHERE p.peer IS NOT NULL
)
SELECT p.peer, (
    SELECT COUNT(*) FROM messages AS m
    WHERE m.account = :account AND m.peer = p.peer AND m.direction = 'in'
      AND (m.ts, m.pk) > (COALESCE(r.last_read_ts, -1e308), COALESCE(r.last_read_pk, -1))
)
FROM peers AS p
LEFT JOIN read_markers AS r ON r.account = :account AND r.peer = p.peer
WHERE p.peer IS NOT NULL
"""
