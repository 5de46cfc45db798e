"""Files sent straight to a contact (xmpp/services/jingle_files.py): each transfer is a message
in the chat with its row in ``files`` (migration 0009), as an HTTP upload is, so it is still
there after a restart. The message is local: it never goes through the outbox."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from heron.core.events import NewMessage, StoredMessage
from heron.core.file_events import FileState, FileTransfer
from heron.storage.db import Database
from heron.storage.repos.files import _PUT, _values
from heron.storage.repos.messages import add_many_on

#: an offer or a transfer still under way when Heron stopped cannot go on (its Jingle session
#: died with the connection): it reads as interrupted at the next start
UNFINISHED = (FileState.DIRECT_OFFERED, FileState.DIRECT_WAITING, FileState.DIRECT_SENDING,
              FileState.DIRECT_RECEIVING)


class DirectFileRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(self, message: NewMessage,
                  transfer: FileTransfer) -> tuple[StoredMessage, FileTransfer] | None:
        """The transfer's chat message and its file row, in one transaction; None when the
        message is stored already (same origin id: the same Jingle session)."""
        def work(conn: sqlite3.Connection) -> tuple[StoredMessage, FileTransfer] | None:
            stored = add_many_on(conn, [message])
            if not stored:
                return None
            row = replace(transfer, message_pk=stored[0].pk)
            conn.execute(_PUT, _values(row))
            return stored[0], row

        return await self.db.run(work, durable=True)

    async def mark_interrupted(self, reason: str) -> int:
        """Called when the profile opens, before any account connects: every unfinished
        transfer then belongs to an earlier run."""
        def work(conn: sqlite3.Connection) -> int:
            marks = ",".join("?" * len(UNFINISHED))
            return conn.execute(
                f"UPDATE files SET state = ?, error = ? WHERE state IN ({marks})",  # noqa: S608  placeholders only
                (FileState.DIRECT_ENDED.value, reason, *(s.value for s in UNFINISHED))).rowcount

        return await self.db.run(work)
