"""The user read a conversation on another of their clients, as told by that client's own
XEP-0333 <displayed/> (a carbon of it, or its copy in our archive): the read point moves to
the message it names, forward only, and Heron owes the contact no marker up to there (the
other client sent it)."""

from __future__ import annotations

import sqlite3

from heron.storage.repos.read_state import _ensure_sync_row, _move_read_point, _unread_after


def read_elsewhere_on(conn: sqlite3.Connection, account: str, peer: str,
                      message_id: str) -> int | None:
    """Returns the unread count left, None when no incoming message of the conversation has
    that id (the id attribute, or the origin-id some clients mark by)."""
    r = conn.execute(
        "SELECT ts, pk FROM messages WHERE account = ? AND peer = ? AND direction = 'in' AND "
        "(message_id = ? OR origin_id = ?) ORDER BY ts DESC, pk DESC LIMIT 1",
        (account, peer, message_id, message_id)).fetchone()
    if r is None:
        return None
    key = (float(r[0]), int(r[1]))
    _move_read_point(conn, account, peer, key)
    _ensure_sync_row(conn, account, peer)
    conn.execute("UPDATE read_sync SET marker_ts = ?, marker_pk = ? WHERE account = ? AND "
                 "peer = ? AND (marker_ts, marker_pk) < (?, ?)",
                 (key[0], key[1], account, peer, key[0], key[1]))
    return _unread_after(conn, account, peer)
