"""python-omemo's Storage on the profile's SQLite database (storage/repos/omemo.py).

Outside a decryption, each write python-omemo awaits (a new session, a trust decision, the
sending chain stepped by encrypting, new pre keys) is a committed transaction on the writer
thread when the await returns: what it was told to keep is on disk before anything is sent.

During a decryption (``collecting``) the writes go into a WriteBatch instead. python-omemo
steps the ratchet (and deletes a used pre key) before Heron stores the message: written at
once, a crash in between would leave a ratchet past a message that was never stored, and when
the message comes back from the archive it could no longer be decrypted. The batch is
committed in the transaction that stores the message (OmemoRepo.add_message), or alone right
after when there is no message to store. What python-omemo sends while it decrypts (the empty
message that completes a key exchange, a refilled bundle) waits for that commit too
(``with_held_sends``): nothing leaves that a crash could take back.

Reads during a decryption see the held values: python-omemo's cache in front of ``_load``
keeps every value once written, and ``_load`` looks into the open batch for a key first.
A write from elsewhere while a batch is open (encrypting to the same device) carries the
newest value of its key: it is written at once and the batch forgets its older value, which
would otherwise overwrite it at the commit.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from omemo.storage import Just, Maybe, Nothing, Storage
from omemo.types import JSONType

from heron.storage.repos.omemo import OmemoRepo

log = logging.getLogger(__name__)


class WriteBatch:
    """python-omemo's writes of one decryption, held until the message is stored."""

    def __init__(self) -> None:
        self.writes: dict[str, str | None] = {}  # key -> JSON text; None: deleted
        #: network actions python-omemo took meanwhile, done once the writes are committed
        self.after: list[Callable[[], Awaitable[None]]] = []
        self.closed = False  # committed: a late write (a task started inside) goes to disk

    async def committed(self) -> None:
        """The writes are on disk: send what waited for them (never raises)."""
        actions, self.after = self.after, []
        for action in actions:
            try:
                await action()
            except Exception as exc:  # noqa: BLE001  as python-omemo: a failed send is logged
                log.warning("OMEMO: a message or bundle held during a decryption failed: %r",
                            exc)


#: the batch of the decryption running in this task (a contextvar: a message encrypted by
#: another task meanwhile writes at once)
_collecting: ContextVar[WriteBatch | None] = ContextVar("heron_omemo_batch", default=None)


def _held() -> WriteBatch | None:
    """The batch this task's writes go to, while it is open."""
    batch = _collecting.get()
    return batch if batch is not None and not batch.closed else None


class SqliteStorage(Storage):
    def __init__(self, repo: OmemoRepo) -> None:
        super().__init__()  # python-omemo's cache in front: reads rarely reach the disk
        self.repo = repo
        self.open: WriteBatch | None = None  # not committed yet (one at a time: omemo_receive)

    @contextmanager
    def collecting(self, batch: WriteBatch) -> Iterator[None]:
        """python-omemo's writes (and sends) in this task go to ``batch`` inside; it stays
        open until ``close``."""
        self.open = batch
        token = _collecting.set(batch)
        try:
            yield
        finally:
            _collecting.reset(token)

    def close(self, batch: WriteBatch) -> None:
        """``batch`` is committed (or given up)."""
        batch.closed = True
        if self.open is batch:
            self.open = None

    async def _load(self, key: str) -> Maybe[JSONType]:
        batch = self.open
        if batch is not None and key in batch.writes:
            text = batch.writes[key]
            return Nothing() if text is None else Just(json.loads(text))
        found, value = await self.repo.load(key)
        return Just(value) if found else Nothing()

    async def _store(self, key: str, value: JSONType) -> None:
        await self._write(key, json.dumps(value, separators=(",", ":")))

    async def _delete(self, key: str) -> None:
        await self._write(key, None)

    async def _write(self, key: str, text: str | None) -> None:
        batch = _held()
        if batch is not None:
            batch.writes[key] = text
            return
        if self.open is not None:
            self.open.writes.pop(key, None)  # this value is newer than the held one
        await self.repo.write({key: text})


def with_held_sends(impl: type[Any]) -> type[Any]:
    """The session manager, holding what it sends during a decryption in the batch."""

    class HeldSends(impl):
        @staticmethod
        async def _send_message(message: Any, bare_jid: str) -> None:
            batch = _held()
            if batch is None:
                await impl._send_message(message, bare_jid)
                return
            batch.after.append(lambda: impl._send_message(message, bare_jid))

        @staticmethod
        async def _upload_bundle(bundle: Any) -> None:
            batch = _held()
            if batch is None:
                await impl._upload_bundle(bundle)
                return
            batch.after.append(lambda: impl._upload_bundle(bundle))

    return HeldSends
