"""What counts as unread after a new profile's first catch-up (the archive stored as history).

Rule: where the user's other clients said they stopped reading (XEP-0490, or their own
<displayed/> markers, both applied before this) the read point is theirs; a conversation
without one is read up to the user's own last message in it (one answers what one has read)
and unread after it; a conversation the user never wrote in is unread as a whole.
"""

from __future__ import annotations

import sqlite3

from heron.storage.repos.read_state import _move_read_point, _read_key, _unread_after


def settle_first_unread_on(conn: sqlite3.Connection, account: str, peer: str) -> int:
    """Returns the conversation's unread count once the rule is applied."""
    if _read_key(conn, account, peer) is None:
        r = conn.execute(
            "SELECT ts, pk FROM messages WHERE account = ? AND peer = ? AND direction = 'out' "
            "ORDER BY ts DESC, pk DESC LIMIT 1", (account, peer)).fetchone()
        if r is not None:
            _move_read_point(conn, account, peer, (float(r[0]), int(r[1])))
    return _unread_after(conn, account, peer)
