"""The call log of the open conversation, for its message model: which timeline rows are calls
(loaded when the conversation opens, off the GUI thread, then kept up by CallLogged)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from PySide6.QtCore import QObject, Signal
from shiboken6 import isValid

from heron.core.bus import EventBus
from heron.core.call_log import CallLogged, CallRecord
from heron.core.events import StoredMessage
from heron.models.bus_scope import scoped


class CallIndex(QObject):
    #: a row became a call (its message row id): repaint it
    changed = Signal(int)

    def __init__(self, bus: EventBus, account: str, peer: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.account, self.peer = account, peer
        self._calls: dict[int, CallRecord] = {}
        self._unsubscribe = scoped(self, bus).subscribe(CallLogged, self._on_logged)

    async def load(self, loader: Callable[[], Awaitable[list[CallRecord]]]) -> None:
        for record in await loader():
            self._put(record)

    def close(self) -> None:
        self._unsubscribe()

    def of(self, message: StoredMessage) -> CallRecord | None:
        return self._calls.get(message.pk)

    def _put(self, record: CallRecord) -> None:
        if record.message_pk not in self._calls:
            self._calls[record.message_pk] = record
            self.changed.emit(record.message_pk)

    def _on_logged(self, event: CallLogged) -> None:
        if not isValid(self):
            self._unsubscribe()
            return
        if (event.record.account, event.record.peer) == (self.account, self.peer):
            self._put(event.record)
