"""When each OMEMO device was last heard from: its newest stored message (issue 11 point 3's
"last seen"), read from the encryption recorded with each message (omemo_messages)."""

from __future__ import annotations

from typing import Any

from heron.storage.db import Database

_SELECT = ("SELECT o.device_id, MAX(m.ts) FROM omemo_messages o JOIN messages m "
           "ON m.pk = o.message_pk WHERE ")
_FROM_CONTACT = _SELECT + "m.account = ? AND m.peer = ? AND m.direction = 'in' GROUP BY 1"
_FROM_ACCOUNT = _SELECT + "m.account = ? AND m.direction = 'out' GROUP BY 1"


async def last_messages(db: Database, account: str, owner: str) -> dict[int, float]:
    """device id -> time of its newest message: a contact's devices from what they sent us,
    the account's own from what it sent (carbons of its other clients included)."""

    def work(conn: Any) -> dict[int, float]:
        if owner == account:
            rows = conn.execute(_FROM_ACCOUNT, (account,)).fetchall()
        else:
            rows = conn.execute(_FROM_CONTACT, (account, owner)).fetchall()
        return {int(r[0]): float(r[1]) for r in rows}

    return await db.run(work)
