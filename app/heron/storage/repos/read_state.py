"""Read state: what the contact has seen of ours (XEP-0333), and what the user has seen of
theirs (the local read point, the <displayed/> we owe, the XEP-0490 archive id to sync).

A read point is a paging key ``(ts, pk)`` (see migration 0003) and only ever moves forward:
a late or replayed marker, here or from another device, never takes anything back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace

from heron.core.events import DeliveryState, NewMessage, StoredMessage
from heron.storage.db import Database
from heron.storage.repos.messages import _COLUMNS, _row, set_state_on

Key = tuple[float, int]

# Our earlier messages a <displayed/> also covers ("all messages up to and including").
# A PENDING one is left alone: only the marked message itself proves that it arrived.
_SEEN_BEFORE = (
    f"SELECT {_COLUMNS} FROM messages INDEXED BY messages_unseen_outgoing "  # noqa: S608  fixed column list
    "WHERE account = ? AND peer = ? AND direction = 'out' AND state IN ('sent', 'delivered') "
    "AND (ts, pk) < (?, ?)")


@dataclass(frozen=True, slots=True)
class MarkerTarget:
    """The message a <displayed/> names: its id, and the resource that sent it."""

    message_id: str
    resource: str
    key: Key


@dataclass(frozen=True, slots=True)
class ReadProgress:
    """What reading up to a point leaves to do."""

    unread: int  # incoming messages after the read point
    moved: bool  # the read point went forward
    marker: MarkerTarget | None  # the newest markable message not yet answered with a marker
    stanza_id: str | None  # the archive id to synchronize (XEP-0490), when it changed


def note_markable_on(conn: sqlite3.Connection, msgs: Sequence[NewMessage]) -> None:
    """Inside the storing transaction: remember which incoming messages asked for markers."""
    rows = [(m.account, m.peer, m.message_id) for m in msgs
            if m.markable and m.message_id and m.direction.value == "in"]
    if rows:
        conn.executemany(
            "UPDATE messages SET markable = 1 WHERE account = ? AND peer = ? AND "
            "message_id = ? AND direction = 'in' AND markable = 0", rows)


def _read_key(conn: sqlite3.Connection, account: str, peer: str) -> Key | None:
    r = conn.execute("SELECT last_read_ts, last_read_pk FROM read_markers WHERE account = ? "
                     "AND peer = ?", (account, peer)).fetchone()
    return (float(r[0]), int(r[1])) if r else None


def _unread_after(conn: sqlite3.Connection, account: str, peer: str) -> int:
    key = _read_key(conn, account, peer) or (-1e308, -1)
    return int(conn.execute(
        "SELECT COUNT(*) FROM messages INDEXED BY messages_incoming WHERE account = ? AND "
        "peer = ? AND direction = 'in' AND (ts, pk) > (?, ?)",
        (account, peer, key[0], key[1])).fetchone()[0])


def _move_read_point(conn: sqlite3.Connection, account: str, peer: str, key: Key) -> bool:
    before = _read_key(conn, account, peer)
    if before is not None and before >= key:
        return False
    conn.execute(
        "INSERT INTO read_markers (account, peer, last_read_ts, last_read_pk) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (account, peer) DO UPDATE SET last_read_ts = excluded.last_read_ts, "
        "last_read_pk = excluded.last_read_pk", (account, peer, key[0], key[1]))
    return True


def _sync_row(conn: sqlite3.Connection, account: str, peer: str) -> tuple[Key, str]:
    r = conn.execute("SELECT marker_ts, marker_pk, synced_stanza_id FROM read_sync WHERE "
                     "account = ? AND peer = ?", (account, peer)).fetchone()
    return ((float(r[0]), int(r[1])), str(r[2])) if r else ((0.0, 0), "")


def _ensure_sync_row(conn: sqlite3.Connection, account: str, peer: str) -> None:
    conn.execute("INSERT OR IGNORE INTO read_sync (account, peer) VALUES (?, ?)", (account, peer))


def displayed_on(conn: sqlite3.Connection, account: str, peer: str, key: Key) -> ReadProgress:
    """The user saw the conversation up to ``key``: the read point moves there (forward
    only); returns the marker and archive id owed (not yet recorded as sent)."""
    moved = _move_read_point(conn, account, peer, key)
    point = _read_key(conn, account, peer) or key
    marker_key, synced = _sync_row(conn, account, peer)
    r = conn.execute(
        "SELECT message_id, sender_resource, ts, pk FROM messages INDEXED BY messages_markable "
        "WHERE account = ? AND peer = ? AND direction = 'in' AND markable = 1 AND "
        "(ts, pk) <= (?, ?) ORDER BY ts DESC, pk DESC LIMIT 1",
        (account, peer, point[0], point[1])).fetchone()
    marker = None
    if r is not None and (float(r[2]), int(r[3])) > marker_key:
        marker = MarkerTarget(str(r[0]), str(r[1]), (float(r[2]), int(r[3])))
    s = conn.execute(
        "SELECT stanza_id FROM messages INDEXED BY messages_incoming WHERE account = ? AND "
        "peer = ? AND direction = 'in' AND stanza_id IS NOT NULL AND (ts, pk) <= (?, ?) "
        "ORDER BY ts DESC, pk DESC LIMIT 1", (account, peer, point[0], point[1])).fetchone()
    stanza_id = str(s[0]) if s is not None and str(s[0]) != synced else None
    return ReadProgress(_unread_after(conn, account, peer), moved, marker, stanza_id)


def read_by_peer_on(conn: sqlite3.Connection, account: str, peer: str,
                    message_id: str) -> list[StoredMessage]:
    """XEP-0333 <displayed/> from the contact for our message ``message_id``: it and every
    earlier message of ours the contact had not been seen to read become READ. Returns the
    rows that changed (none for an unknown id, or one read already)."""
    target = set_state_on(conn, account, peer, "message_id", message_id,
                          state=DeliveryState.READ)
    if target is None:
        return []
    earlier = [_row(r) for r in conn.execute(
        _SEEN_BEFORE, (account, peer, target.timestamp, target.pk)).fetchall()]
    if earlier:
        conn.executemany("UPDATE messages SET state = 'read', failure_condition = '', "
                         "failure_text = '' WHERE pk = ?", [(m.pk,) for m in earlier])
    changed = [replace(m, state=DeliveryState.READ, failure_condition="", failure_text="")
               for m in earlier]
    return [*changed, target]


def synced_on(conn: sqlite3.Connection, account: str, peer: str,
              stanza_id: str) -> int | None:
    """XEP-0490 from another of the user's clients: the conversation is read up to the
    message with archive id ``stanza_id``. Returns the unread count left, or None when no
    such message is stored (ignored, as the XEP says)."""
    r = conn.execute("SELECT ts, pk FROM messages WHERE account = ? AND peer = ? AND "
                     "stanza_id = ?", (account, peer, stanza_id)).fetchone()
    if r is None:
        return None
    _move_read_point(conn, account, peer, (float(r[0]), int(r[1])))
    _ensure_sync_row(conn, account, peer)
    conn.execute("UPDATE read_sync SET synced_stanza_id = ? WHERE account = ? AND peer = ?",
                 (stanza_id, account, peer))
    return _unread_after(conn, account, peer)


class ReadStateRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def displayed(self, account: str, peer: str, key: Key) -> ReadProgress:
        return await self.db.run(lambda c: displayed_on(c, account, peer, key))

    async def marker_sent(self, account: str, peer: str, key: Key) -> None:
        """The <displayed/> for the message at ``key`` went out: never sent again."""
        def work(conn: sqlite3.Connection) -> None:
            _ensure_sync_row(conn, account, peer)
            conn.execute("UPDATE read_sync SET marker_ts = ?, marker_pk = ? WHERE account = ? "
                         "AND peer = ? AND (marker_ts, marker_pk) < (?, ?)",
                         (key[0], key[1], account, peer, key[0], key[1]))

        await self.db.run(work)

    async def stanza_id_synced(self, account: str, peer: str, stanza_id: str) -> None:
        """Our XEP-0490 publication of ``stanza_id`` was accepted."""
        def work(conn: sqlite3.Connection) -> None:
            _ensure_sync_row(conn, account, peer)
            conn.execute("UPDATE read_sync SET synced_stanza_id = ? WHERE account = ? AND "
                         "peer = ?", (stanza_id, account, peer))

        await self.db.run(work)

    async def read_by_peer(self, account: str, peer: str,
                           message_id: str) -> list[StoredMessage]:
        return await self.db.run(lambda c: read_by_peer_on(c, account, peer, message_id))

    async def synced(self, account: str, peer: str, stanza_id: str) -> int | None:
        return await self.db.run(lambda c: synced_on(c, account, peer, stanza_id))

    async def first_unread(self, account: str, peer: str) -> Key | None:
        """The key of the first incoming message after the read point (where the "New
        messages" line goes), None when everything was read."""
        def work(conn: sqlite3.Connection) -> Key | None:
            key = _read_key(conn, account, peer) or (-1e308, -1)
            r = conn.execute(
                "SELECT ts, pk FROM messages INDEXED BY messages_incoming WHERE account = ? AND "
                "peer = ? AND direction = 'in' AND (ts, pk) > (?, ?) ORDER BY ts, pk LIMIT 1",
                (account, peer, key[0], key[1])).fetchone()
            return (float(r[0]), int(r[1])) if r else None

        return await self.db.run(work)

    async def rows_since(self, account: str, peer: str, key: Key) -> int:
        """How many messages (both directions) the conversation has from ``key`` on."""
        return await self.db.run(lambda c: int(c.execute(
            "SELECT COUNT(*) FROM messages WHERE account = ? AND peer = ? AND (ts, pk) >= (?, ?)",
            (account, peer, key[0], key[1])).fetchone()[0]))

    async def unread(self, account: str, peer: str) -> int:
        return await self.db.run(lambda c: _unread_after(c, account, peer))
