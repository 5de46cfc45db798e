"""Inbound message pipeline: validate -> dedup -> (decrypt) -> store -> notify.

Validation happens in the services with ``policy.py`` before a message gets here. This stage
batches: messages arriving in one burst (a flood, a MAM page, an offline backlog) are stored in
one transaction by the storage writer thread, and the UI hears about them once per conversation.
Deduplication is the database's (unique stanza-id / origin-id indexes).

A batch that cannot be written (disk full) is not dropped: the server has already been told
we hold these messages (XEP-0198 acks them on arrival), so the batch stays at the head of the
queue and is written again with a growing delay; the user is told once per failure. Should
Heron stop meanwhile, the next session's MAM catch-up fetches them again: live messages never
move the archive pointer.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections import OrderedDict, defaultdict

from heron.core.bus import EventBus
from heron.core.events import MessagesAdded, NewMessage, StoredMessage
from heron.core.tasks import spawn
from heron.storage.errors import report_storage_failure, report_storage_recovered
from heron.storage.repos.messages import MessageRepo

log = logging.getLogger(__name__)


#: Failures worth waiting out (disk full, file locked, I/O error); anything else is a bad row.
RETRYABLE = (sqlite3.OperationalError, OSError)
#: History rows remembered (by archive id) in case their live copy follows (see store_now)
HISTORY_MEMORY = 500


class InboundPipeline:
    #: a batch is written when this many messages wait, or after ``gather_seconds``
    max_batch = 500
    #: how long a batch that is not full waits for more of the same burst
    gather_seconds = 0.02
    #: first wait after a failed write; doubles up to ``max_retry_delay``
    first_retry_delay = 1.0
    max_retry_delay = 30.0

    def __init__(self, repo: MessageRepo, bus: EventBus) -> None:
        self.repo = repo
        self.bus = bus
        self._pending: list[tuple[NewMessage, bool]] = []
        self._flush_task: asyncio.Future[None] | None = None
        self._failing = False
        self._failed_account = ""  # whom the failure was reported to, to say it is over
        # Set when nothing more can be stored now: all written, or storage is failing.
        self._settled = asyncio.Event()
        self._settled.set()
        # (account, peer, stanza-id) -> row, of archive pages stored as history.
        self._history: OrderedDict[tuple[str, str, str], StoredMessage] = OrderedDict()

    @property
    def failing(self) -> bool:
        """The last write failed; messages wait in memory for the next attempt."""
        return self._failing

    def submit(self, message: NewMessage, live: bool = True) -> None:
        self._pending.append((message, live))
        if not self._failing:
            self._settled.clear()
        if self._flush_task is None or self._flush_task.done():
            self._flush_task = spawn(self._flush_loop())

    async def store_now(self, messages: list[NewMessage], live: bool) -> int:
        """Store a batch immediately (MAM pages); returns how many were new."""
        stored = await self.repo.add_many(messages)
        if not live:
            # A new profile's first archive page can hold what arrives while it is asked
            # for; when that live copy comes second it is a duplicate, yet new to the user.
            for row in stored:
                if row.stanza_id:
                    self._history[(row.account, row.peer, row.stanza_id)] = row
            while len(self._history) > HISTORY_MEMORY:
                self._history.popitem(last=False)
        self._publish(stored, live)
        return len(stored)

    def _arrived_as_history(self, batch: list[tuple[NewMessage, bool]]) -> list[StoredMessage]:
        """Rows stored moments ago as history whose live copy is in ``batch``: they are new
        all the same (unread, notified)."""
        found = []
        for message, live in batch:
            key = (message.account, message.peer, message.stanza_id or "")
            if live and message.stanza_id and key in self._history:
                found.append(self._history.pop(key))
        return found

    async def drain(self) -> None:
        """Wait until everything submitted so far is stored (tests, shutdown). Returns at
        once while storage fails: what waits is fetched from the archive next session."""
        await self._settled.wait()

    async def _flush_loop(self) -> None:
        delay = self.first_retry_delay
        try:
            while self._pending:
                # Let the rest of a burst arrive: it is read in small slices with the loop
                # running between them, and one transaction per slice would be slow.
                await asyncio.sleep(self.gather_seconds if len(self._pending) < self.max_batch
                                    else 0)
                batch = self._pending[: self.max_batch]
                messages = [m for m, _ in batch]
                try:
                    stored = await self.repo.add_many(messages)
                except RETRYABLE as exc:
                    # Kept at the head of the queue, in order; told once per failure.
                    if not self._failing:
                        self._failing = True
                        self._failed_account = messages[0].account
                        report_storage_failure(self.bus, self._failed_account, exc)
                    self._settled.set()
                    log.warning("storing %d messages failed (%s); again in %.0f s",
                                len(self._pending), exc, delay)
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, self.max_retry_delay)
                    continue
                except Exception:  # a bad row, not a full disk: retrying cannot help
                    log.exception("storing %d messages failed", len(messages))
                    stored = []
                del self._pending[: len(batch)]
                if self._failing:
                    self._failing = False
                    delay = self.first_retry_delay
                    log.info("storage works again; the waiting messages are stored")
                    report_storage_recovered(self.bus, self._failed_account)
                    if self._pending:
                        self._settled.clear()
                self._publish(stored, all(live for _, live in batch))
                if self._history:
                    self._publish(self._arrived_as_history(batch), live=True)
        finally:
            if not self._pending:
                self._settled.set()

    def _publish(self, stored: list, live: bool) -> None:  # type: ignore[type-arg]
        by_conversation: dict[tuple[str, str], list] = defaultdict(list)  # type: ignore[type-arg]
        for message in stored:
            by_conversation[(message.account, message.peer)].append(message)
        for (account, peer), messages in by_conversation.items():
            self.bus.publish(MessagesAdded(account, peer, tuple(messages), live))
