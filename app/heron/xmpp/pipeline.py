"""Inbound message pipeline: validate -> dedup -> (decrypt) -> store -> notify.

Validation happens in the services with ``policy.py`` before a message gets here. This stage
batches: messages arriving in one burst (a flood, a MAM page, an offline backlog) are stored in
one transaction by the storage writer thread, and the UI hears about them once per conversation.
Deduplication is the database's (unique stanza-id / origin-id indexes).
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict

from heron.core.bus import EventBus
from heron.core.events import MessagesAdded, NewMessage
from heron.core.tasks import spawn
from heron.storage.repos.messages import MessageRepo

log = logging.getLogger(__name__)


class InboundPipeline:
    #: a batch is written when this many messages wait, or at the next loop turn
    max_batch = 500

    def __init__(self, repo: MessageRepo, bus: EventBus) -> None:
        self.repo = repo
        self.bus = bus
        self._pending: list[tuple[NewMessage, bool]] = []
        self._flush_task: asyncio.Future[None] | None = None
        self._idle = asyncio.Event()
        self._idle.set()

    def submit(self, message: NewMessage, live: bool = True) -> None:
        self._pending.append((message, live))
        self._idle.clear()
        if self._flush_task is None or self._flush_task.done():
            self._flush_task = spawn(self._flush_loop())

    async def store_now(self, messages: list[NewMessage], live: bool) -> int:
        """Store a batch immediately (MAM pages); returns how many were new."""
        stored = await self.repo.add_many(messages)
        self._publish(stored, live)
        return len(stored)

    async def drain(self) -> None:
        """Wait until everything submitted so far is stored (tests, shutdown)."""
        await self._idle.wait()

    async def _flush_loop(self) -> None:
        try:
            while self._pending:
                await asyncio.sleep(0)  # let the rest of a burst arrive
                batch = self._pending[: self.max_batch]
                self._pending = self._pending[self.max_batch :]
                messages = [m for m, _ in batch]
                live_by_id = {id(m): live for m, live in batch}
                try:
                    stored = await self.repo.add_many(messages)
                except Exception:  # the batch stays visible in the log; the session goes on
                    log.exception("storing %d messages failed", len(messages))
                    continue
                live = all(live_by_id.values())
                self._publish(stored, live)
        finally:
            if not self._pending:
                self._idle.set()

    def _publish(self, stored: list, live: bool) -> None:  # type: ignore[type-arg]
        by_conversation: dict[tuple[str, str], list] = defaultdict(list)  # type: ignore[type-arg]
        for message in stored:
            by_conversation[(message.account, message.peer)].append(message)
        for (account, peer), messages in by_conversation.items():
            self.bus.publish(MessagesAdded(account, peer, tuple(messages), live))
