"""What XEP-0385 (SIMS) says of the account's uploads, read back at start: a message re-sent
from the outbox after a restart describes its file as the first sending did."""

from __future__ import annotations

import sqlite3

from heron.storage.db import Database


async def sent_files(db: Database, account: str) -> list[tuple[str, str, int | None, str]]:
    """(address, name, size, type) of each upload of ``account`` that has an address."""
    def work(conn: sqlite3.Connection) -> list[tuple[str, str, int | None, str]]:
        return [(str(r[0]), str(r[1]), r[2], str(r[3])) for r in conn.execute(
            "SELECT url, name, size, mime FROM files WHERE account = ? AND direction = 'out' "
            "AND url != ''", (account,))]

    return await db.run(work)
