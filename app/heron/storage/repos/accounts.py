"""An account's local data as a whole: removed when the user removes the account and asks
for its history to go too."""

from __future__ import annotations

import sqlite3

from heron.storage.db import Database

# Every table keyed by account. The outbox goes first (it references messages); deleting
# messages also clears their full-text rows (trigger messages_fts_delete).
_DELETES = (
    "DELETE FROM outbox WHERE account = ?",
    "DELETE FROM read_markers WHERE account = ?",
    "DELETE FROM files WHERE account = ?",  # before messages: it references them
    "DELETE FROM calls WHERE account = ?",  # the call log (0015)
    "DELETE FROM read_sync WHERE account = ?",
    "DELETE FROM messages WHERE account = ?",
    "DELETE FROM mam_ranges WHERE account = ?",
    "DELETE FROM roster WHERE account = ?",
    "DELETE FROM roster_meta WHERE account = ?",
    "DELETE FROM retractions WHERE account = ?",
    "DELETE FROM drafts WHERE account = ?",
    "DELETE FROM avatars WHERE account = ?",
    "DELETE FROM cleared WHERE account = ?",
    "DELETE FROM retraction_outbox WHERE account = ?",
    "DELETE FROM rooms WHERE account = ?",
    "DELETE FROM omemo_data WHERE account = ?",  # OMEMO keys and sessions (0016)
    "DELETE FROM omemo_chats WHERE account = ?",
    "DELETE FROM omemo_key_changes WHERE account = ?",  # refused key changes (0017)
)


def delete_account_data(conn: sqlite3.Connection, account: str) -> int:
    """Delete everything stored for ``account``; returns how many messages went."""
    removed = 0
    for statement in _DELETES:
        cursor = conn.execute(statement, (account,))
        if "messages" in statement:
            removed = cursor.rowcount
    return removed


class AccountDataRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def delete(self, account: str) -> int:
        return await self.db.run(lambda c: delete_account_data(c, account))

    def delete_blocking(self, account: str) -> int:
        """The same for the command line (no event loop there)."""
        return self.db.run_blocking(lambda c: delete_account_data(c, account))
