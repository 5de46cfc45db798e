"""The files of the open conversation, for its message model: what each file message shows.

The stored transfers (uploads, saved or failed downloads) are loaded once when the
conversation opens (off the GUI thread) and follow ``FileChanged`` events; a message whose body
is a file's address and that nothing was done with yet shows as a remote file.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from PySide6.QtCore import QObject, Signal
from shiboken6 import isValid

from heron.core.bus import EventBus
from heron.core.events import StoredMessage
from heron.core.file_events import FileChanged, FileTransfer, remote_file

Loader = Callable[[], Awaitable[list[FileTransfer]]]


class FileIndex(QObject):
    #: a message's file changed (its row id): repaint that row
    changed = Signal(int)

    def __init__(self, bus: EventBus, account: str, peer: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.account = account
        self.peer = peer
        self._files: dict[int, FileTransfer] = {}
        self._unsubscribe = bus.subscribe(FileChanged, self._on_changed)

    async def load(self, loader: Loader) -> None:
        for transfer in await loader():
            # A live event may have come first: it is newer than the stored row.
            if transfer.message_pk not in self._files:
                self._files[transfer.message_pk] = transfer
                self.changed.emit(transfer.message_pk)

    def close(self) -> None:
        self._unsubscribe()

    def of(self, message: StoredMessage) -> FileTransfer | None:
        stored = self._files.get(message.pk)
        if stored is not None and not message.retracted:
            return stored
        return remote_file(message)

    def _on_changed(self, event: FileChanged) -> None:
        if not isValid(self):  # the window went away without closing the conversation
            self._unsubscribe()
            return
        if (event.account, event.peer) != (self.account, self.peer):
            return
        self._files[event.transfer.message_pk] = event.transfer
        self.changed.emit(event.transfer.message_pk)
