"""Files of conversations: uploads and downloads that started (see migration 0009)."""

from __future__ import annotations

import sqlite3
import time
from typing import Any

from heron.core.events import DeliveryState, Direction, NewMessage, StoredMessage
from heron.core.file_events import FileState, FileTransfer
from heron.storage.db import Database
from heron.storage.repos.messages import _get as message_by_pk
from heron.storage.repos.messages import add_many_on, set_state_on

_COLUMNS = ("message_pk, account, peer, direction, url, name, size, mime, local_path, state, "
            "error")
_PUT = f"INSERT OR REPLACE INTO files ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)"  # noqa: S608  fixed column list
#: what a transfer cut short by Heron stopping becomes
INTERRUPTED = {FileState.UPLOADING: FileState.UPLOAD_FAILED,
               FileState.DOWNLOADING: FileState.DOWNLOAD_FAILED}


def _row(r: tuple[Any, ...]) -> FileTransfer:
    return FileTransfer(
        message_pk=r[0], account=r[1], peer=r[2], direction=Direction(r[3]), url=r[4],
        name=r[5], size=r[6], mime=r[7], local_path=r[8], state=FileState(r[9]), error=r[10])


def _values(t: FileTransfer) -> tuple[Any, ...]:
    return (t.message_pk, t.account, t.peer, t.direction.value, t.url, t.name, t.size, t.mime,
            t.local_path, t.state.value, t.error)


class FileRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def put(self, transfer: FileTransfer) -> None:
        await self.db.run(lambda c: c.execute(_PUT, _values(transfer)))

    async def get(self, message_pk: int) -> FileTransfer | None:
        def work(conn: sqlite3.Connection) -> FileTransfer | None:
            r = conn.execute(f"SELECT {_COLUMNS} FROM files WHERE message_pk = ?",  # noqa: S608  fixed column list
                             (message_pk,)).fetchone()
            return _row(r) if r else None

        return await self.db.run(work)

    async def of_conversation(self, account: str, peer: str) -> list[FileTransfer]:
        def work(conn: sqlite3.Connection) -> list[FileTransfer]:
            return [_row(r) for r in conn.execute(
                f"SELECT {_COLUMNS} FROM files WHERE account = ? AND peer = ?",  # noqa: S608  fixed column list
                (account, peer))]

        return await self.db.run(work)

    async def sent_urls(self, account: str) -> set[str]:
        """The addresses of the account's uploads (their messages carry out-of-band data)."""
        def work(conn: sqlite3.Connection) -> set[str]:
            return {r[0] for r in conn.execute(
                "SELECT url FROM files WHERE account = ? AND direction = 'out' AND url != ''",
                (account,))}

        return await self.db.run(work)

    async def mark_interrupted(self, account: str, reason: str) -> int:
        """Transfers under way when Heron stopped are failed (and can be tried again)."""
        def work(conn: sqlite3.Connection) -> int:
            total = 0
            for active, failed in INTERRUPTED.items():
                total += conn.execute(
                    "UPDATE files SET state = ?, error = ? WHERE account = ? AND state = ?",
                    (failed.value, reason, account, active.value)).rowcount
            return total

        return await self.db.run(work)

    async def add_upload(self, message: NewMessage, name: str, size: int, mime: str,
                         source: str) -> tuple[StoredMessage, FileTransfer] | None:
        """The message of a file about to be uploaded and its file row, in one transaction
        (the message waits, PENDING, outside the outbox until its address is known)."""
        def work(conn: sqlite3.Connection) -> tuple[StoredMessage, FileTransfer] | None:
            stored = add_many_on(conn, [message])
            if not stored:
                return None
            row = stored[0]
            transfer = FileTransfer(row.pk, row.account, row.peer, Direction.OUTGOING, "", name,
                                    size, mime, source, FileState.UPLOADING)
            conn.execute(_PUT, _values(transfer))
            return row, transfer

        return await self.db.run(work, durable=True)

    async def uploaded(self, transfer: FileTransfer, url: str) -> StoredMessage | None:
        """The upload is done: the message's body becomes the address and it joins the
        outbox, one transaction (a crash after it re-sends the message, never loses it)."""
        def work(conn: sqlite3.Connection) -> StoredMessage | None:
            conn.execute("UPDATE files SET url = ?, state = ?, error = '' WHERE message_pk = ?",
                         (url, FileState.SENT.value, transfer.message_pk))
            conn.execute("UPDATE messages SET body = ? WHERE pk = ?", (url, transfer.message_pk))
            row = conn.execute(
                "SELECT origin_id FROM messages WHERE pk = ?", (transfer.message_pk,)).fetchone()
            if row is None or not row[0]:
                return None
            conn.execute(_ENQUEUE, (transfer.account, transfer.peer, row[0],
                                    transfer.message_pk, url, time.time()))
            return set_state_on(conn, transfer.account, transfer.peer, "origin_id", row[0],
                                state=DeliveryState.PENDING) or _message(conn, transfer)

        return await self.db.run(work, durable=True)

    async def upload_failed(self, transfer: FileTransfer, error: str) -> StoredMessage | None:
        """The file row says why; its message is marked not sent."""
        def work(conn: sqlite3.Connection) -> StoredMessage | None:
            conn.execute("UPDATE files SET state = ?, error = ? WHERE message_pk = ?",
                         (FileState.UPLOAD_FAILED.value, error, transfer.message_pk))
            return _set_message_state(conn, transfer, DeliveryState.FAILED)

        return await self.db.run(work, durable=True)

    async def upload_again(self, transfer: FileTransfer) -> StoredMessage | None:
        def work(conn: sqlite3.Connection) -> StoredMessage | None:
            conn.execute("UPDATE files SET state = ?, error = '' WHERE message_pk = ?",
                         (FileState.UPLOADING.value, transfer.message_pk))
            return _set_message_state(conn, transfer, DeliveryState.PENDING)

        return await self.db.run(work, durable=True)


_ENQUEUE = ("INSERT OR IGNORE INTO outbox (account, peer, origin_id, message_pk, body, created) "
            "VALUES (?,?,?,?,?,?)")


def _message(conn: sqlite3.Connection, transfer: FileTransfer) -> StoredMessage | None:
    return message_by_pk(conn, transfer.message_pk)


def _set_message_state(conn: sqlite3.Connection, transfer: FileTransfer,
                       state: DeliveryState) -> StoredMessage | None:
    row = conn.execute("SELECT origin_id FROM messages WHERE pk = ?",
                       (transfer.message_pk,)).fetchone()
    if row is not None and row[0]:
        updated = set_state_on(conn, transfer.account, transfer.peer, "origin_id", row[0],
                               state=state)
        if updated is not None:
            return updated
    return _message(conn, transfer)
