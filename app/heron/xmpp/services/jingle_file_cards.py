# XEP-0234: the card a file sent directly shows in the chat
"""Each transfer is a file card: a local message with its file row
(storage/repos/direct_files.py), stored when the transfer starts, whose state follows it
(``FileChanged``), and whose progress is shown (not stored) as bytes move."""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import replace
from typing import TYPE_CHECKING

from slixmpp import JID

from heron.core import filenames
from heron.core.events import (
    DeliveryState,
    DirectFileProgress,
    Direction,
    MessagesAdded,
    NewMessage,
)
from heron.core.file_events import FileChanged, FileState, FileTransfer
from heron.core.tasks import spawn
from heron.storage.errors import STORAGE_ERRORS, report_storage_failure
from heron.storage.repos.direct_files import DirectFileRepo
from heron.xmpp.services.jingle_transfer import Transfer

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

PROGRESS_STEP = 64 * 1024  # a progress event every so many bytes, not one per block
PROGRESS_EVERY = 0.1  # ... and at most this often (seconds)


class DirectFileCards:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        self.repo = DirectFileRepo(session.repos.messages.db)


    def record(self, transfer: Transfer, state: FileState, *, error: str = "",
               local_path: str | None = None) -> None:
        """The card takes ``state``: stored, then shown. Writes run one after another, so
        the first (which creates the message) is done before any change."""
        previous = transfer.writing
        transfer.writing = spawn(self._write(transfer, previous, state, error, local_path),
                                 "a direct file's card")

    async def _write(self, transfer: Transfer, previous: asyncio.Future[None] | None,
                     state: FileState, error: str, local_path: str | None) -> None:
        if previous is not None:
            with contextlib.suppress(Exception):
                await previous
        try:
            if transfer.card is None:
                await self._create(transfer, state, error)
            else:
                transfer.card = replace(transfer.card, state=state, error=error,
                                        done=transfer.received,
                                        local_path=local_path or transfer.card.local_path)
                await self.session.repos.files.put(transfer.card)
        except STORAGE_ERRORS as exc:
            report_storage_failure(self.session.bus, self.session.jid, exc)
            return
        if transfer.card is not None:
            self._show(transfer.card)

    async def _create(self, transfer: Transfer, state: FileState, error: str) -> None:
        peer = JID(transfer.peer).bare
        direction = Direction.OUTGOING if transfer.outgoing else Direction.INCOMING
        name = filenames.sanitise(transfer.offer.name)
        message = NewMessage(
            self.session.jid, peer, direction, name, time.time(),
            origin_id=f"jingle-file-{transfer.sid}", sender_resource=JID(transfer.peer).resource
            if not transfer.outgoing else "",
            state=DeliveryState.DELIVERED if transfer.outgoing else DeliveryState.RECEIVED)
        card = FileTransfer(0, self.session.jid, peer, direction, "", name, transfer.offer.size,
                            transfer.offer.media_type, str(transfer.source or ""), state, error)
        added = await self.repo.add(message, card)
        if added is None:
            return
        stored, transfer.card = added
        self.session.bus.publish(MessagesAdded(self.session.jid, peer, (stored,), True))

    def _show(self, card: FileTransfer) -> None:
        self.session.bus.publish(FileChanged(card.account, card.peer, card))

    def progress(self, transfer: Transfer) -> None:
        if (transfer.received - transfer.reported >= PROGRESS_STEP
                or transfer.received == transfer.offer.size):
            transfer.reported = transfer.received
            self.session.bus.publish(DirectFileProgress(self.session.jid, transfer.sid,
                                                        transfer.received, transfer.offer.size))
            now = time.monotonic()
            if transfer.card is not None and not transfer.ended and (
                    now - transfer.shown >= PROGRESS_EVERY
                    or transfer.received == transfer.offer.size):
                transfer.shown = now  # shown, not stored: the row keeps its state
                self._show(replace(transfer.card, done=transfer.received))
