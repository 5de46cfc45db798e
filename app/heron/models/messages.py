"""One conversation's messages: a window of rows paged by (timestamp, id) key.

Opening a conversation loads the newest page only; scrolling up asks for the page before the
oldest row (from SQLite first, then from the server archive). Every page request carries a
generation number so a result that arrives after the user switched conversations is dropped.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from enum import IntEnum
from functools import cached_property
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from heron.core.bus import EventBus
from heron.core.errors import describe_bounce
from heron.core.events import (
    DeliveryState,
    Direction,
    MessagesAdded,
    MessageUpdated,
    StoredMessage,
)
from heron.core.mentions import names
from heron.core.tasks import spawn
from heron.core.timestamps import readable

log = logging.getLogger(__name__)
_Index = QModelIndex | QPersistentModelIndex

PAGE_SIZE = 60
COALESCE_MS = 100

PageLoader = Callable[[tuple[float, int] | None, int], Awaitable[list[StoredMessage]]]
RemoteLoader = Callable[[], Awaitable[int]]


def _showable(message: StoredMessage) -> StoredMessage:
    """A time that sorts and paints (a NaN key would break the bisection, year 1 the painter),
    whatever reached the model."""
    ts = readable(message.timestamp)
    return message if ts == message.timestamp else replace(message, timestamp=ts)


def delivery_problem(message: StoredMessage) -> str:
    """Why our message reached nobody, as one plain line in the user's language ("" unless a
    server bounced it). The server's words in it are plain text: never render it as markup."""
    if message.direction is not Direction.OUTGOING or message.state is not DeliveryState.BOUNCED:
        return ""
    return describe_bounce(message.failure_condition, message.peer, message.failure_text,
                           lambda text: QCoreApplication.translate("Delivery", text))


class MessageRoles(IntEnum):
    Message = Qt.ItemDataRole.UserRole + 1
    Body = Qt.ItemDataRole.UserRole + 2
    Outgoing = Qt.ItemDataRole.UserRole + 3
    Timestamp = Qt.ItemDataRole.UserRole + 4
    State = Qt.ItemDataRole.UserRole + 5
    Corrected = Qt.ItemDataRole.UserRole + 6
    File = Qt.ItemDataRole.UserRole + 40  # the message's file (FileTransfer) or None
    NewMessagesLine = Qt.ItemDataRole.UserRole + 30  # the "New messages" line is above this row
    SenderNick = Qt.ItemDataRole.UserRole + 80  # a room: the incoming message's nick, else ""
    Mention = Qt.ItemDataRole.UserRole + 100  # a room: the message names the user's nick
    Call = Qt.ItemDataRole.UserRole + 110  # a call-log row: its CallRecord, else None


class MessageModel(QAbstractListModel):
    is_room = False  #: a group room (ui/room_pane.py sets it): bubbles show the sender's nick
    own_nick = ""  #: a room: the user's nick there (ui/room_pane.py sets it): mentions
    #: emitted after a page of older messages was inserted at the top (count)
    olderLoaded = Signal(int)
    #: emitted when new messages were appended at the bottom
    appended = Signal()

    def __init__(self, bus: EventBus, account: str, peer: str, load_page: PageLoader,  # noqa: PLR0917  Qt: parent last
                 load_remote: RemoteLoader | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.account = account
        self.peer = peer
        self._incoming: list[StoredMessage] = []
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(COALESCE_MS)
        self._flush_timer.timeout.connect(self._flush_incoming)
        self._load_page = load_page
        self._load_remote = load_remote
        self._rows: list[StoredMessage] = []
        self._keys: list[tuple[float, int]] = []
        self._pks: dict[int, int] = {}
        self._generation = 0
        self._loading = False
        self._local_exhausted = False
        self._remote_exhausted = load_remote is None
        #: the file a message shows (models/files.py FileIndex.of); none until one is set
        self.file_of: Callable[[StoredMessage], Any] = lambda _message: None
        self.call_of: Callable[[StoredMessage], Any] = lambda _message: None  # ui/call_log_row
        #: the row the "New messages" line is painted above (set when the conversation opens)
        self.new_line_pk: int | None = None
        self._unsubscribe = [
            bus.subscribe(MessagesAdded, self._on_added),
            bus.subscribe(MessageUpdated, self._on_updated),
        ]

    def close(self) -> None:
        """Detach from the bus; pending page results are dropped."""
        self._generation += 1
        self._flush_timer.stop()
        for unsubscribe in self._unsubscribe:
            unsubscribe()

    # --- Qt API --------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: PLR0911  a return per Qt role
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        m = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, MessageRoles.Body):
            return m.body
        if role == Qt.ItemDataRole.AccessibleTextRole:
            who = "You" if m.direction is Direction.OUTGOING else m.peer
            if m.retracted:
                return f"{who}: " + QCoreApplication.translate("MessageModel", "message deleted")
            if m.reactions:  # XEP-0444: the chips are painted; a screen reader hears them here
                return f"{who}: {m.body} (" + ", ".join(
                    f"{emoji} {len(senders)}" for emoji, senders in m.reactions) + ")"
            return f"{who}: {m.body}"
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            if m.state is DeliveryState.READ and m.direction is Direction.OUTGOING:
                return QCoreApplication.translate("Delivery", "Read")
            problem = delivery_problem(m)
            return (QCoreApplication.translate("Delivery", "Not delivered: {reason}")
                    .format(reason=problem) if problem else None)
        getter = self._role_getters.get(role)
        return getter(m) if getter is not None else None

    @cached_property
    def _role_getters(self) -> dict[int, Callable[[StoredMessage], Any]]:
        """The plain roles: one lookup instead of a branch per role (paint calls data() for
        every visible row)."""
        return {
            MessageRoles.Message: lambda m: m,
            MessageRoles.Outgoing: lambda m: m.direction is Direction.OUTGOING,
            MessageRoles.Timestamp: lambda m: m.timestamp,
            MessageRoles.State: lambda m: m.state.value,
            MessageRoles.Corrected: lambda m: m.corrected,
            MessageRoles.File: lambda m: self.file_of(m),  # noqa: PLW0108  file_of is set later
            MessageRoles.Call: lambda m: self.call_of(m),  # noqa: PLW0108  call_of is set later
            MessageRoles.NewMessagesLine: lambda m: m.pk == self.new_line_pk,
            MessageRoles.SenderNick: lambda m: (m.sender_resource if self.is_room and
                                                m.direction is Direction.INCOMING else ""),
            MessageRoles.Mention: lambda m: (self.is_room and m.direction is Direction.INCOMING
                                             and not m.retracted and names(m.body, self.own_nick)),
        }

    def flags(self, index: _Index) -> Qt.ItemFlag:
        # "Editable" only so a double-click opens the delegate's read-only text selector.
        base = super().flags(index)
        if index.isValid() and self.data(index, MessageRoles.File) is not None:
            return base  # a file card: nothing to select as text
        return base | Qt.ItemFlag.ItemIsEditable if index.isValid() else base

    def refresh(self, pk: int) -> None:
        """Repaint (and re-measure) the row of message ``pk``, if it is in the window."""
        row = self._pks.get(pk)
        if row is not None:
            self.dataChanged.emit(self.index(row), self.index(row))

    def last_outgoing(self) -> StoredMessage | None:
        """The user's own newest message in this window (the one Up arrow corrects); a
        deleted one is skipped."""
        newest_first = [*reversed(self._incoming), *reversed(self._rows)]  # incl. still coalescing
        return next((m for m in newest_first
                     if m.direction is Direction.OUTGOING and not m.retracted), None)

    def canFetchMore(self, parent: _Index) -> bool:
        # Qt asks whenever the view shows its last row (the bottom); older rows go on top, so
        # only an empty window is filled this way: a page loaded while the user reads the
        # newest messages made the view jump away from them (the pane pages in at the top).
        return not parent.isValid() and not self._loading and not self._rows and not (
            self._local_exhausted and self._remote_exhausted
        )

    def fetchMore(self, parent: _Index) -> None:
        if self.canFetchMore(parent):
            spawn(self.load_older())

    # --- loading -------------------------------------------------------------------------------

    def messages(self) -> list[StoredMessage]:
        return list(self._rows)

    async def load_initial(self, rows: int = PAGE_SIZE) -> None:
        generation = self._generation
        self._loading = True
        try:
            page = await self._load_page(None, rows)
        finally:
            self._loading = False
        if generation != self._generation:
            return  # the user moved on
        self._local_exhausted = len(page) < rows
        self._insert_sorted(page)

    async def load_older(self) -> int:
        """Insert the page before the oldest row; from the server when the database ran out."""
        if self._loading:
            return 0
        generation = self._generation
        self._loading = True
        try:
            before = self._keys[0] if self._keys else None
            page: list[StoredMessage] = []
            if not self._local_exhausted:
                page = await self._load_page(before, PAGE_SIZE)
                if len(page) < PAGE_SIZE:
                    self._local_exhausted = True
            if not page and not self._remote_exhausted and self._load_remote is not None:
                fetched = await self._load_remote()
                if fetched == 0:
                    self._remote_exhausted = True
                else:
                    page = await self._load_page(before, PAGE_SIZE)
        finally:
            self._loading = False
        if generation != self._generation:
            return 0
        added = self._insert_sorted(page)
        if added:
            self.olderLoaded.emit(added)
        return added

    # --- events --------------------------------------------------------------------------------

    def trim_oldest(self, keep: int) -> int:
        """Keep only the newest ``keep`` rows (the view follows the bottom of a busy chat);
        the dropped ones page back in from the database when the user scrolls up."""
        excess = len(self._rows) - keep
        if excess <= 0:
            return 0
        self.beginRemoveRows(QModelIndex(), 0, excess - 1)
        del self._rows[:excess]
        del self._keys[:excess]
        self._pks = {m.pk: i for i, m in enumerate(self._rows)}
        self._local_exhausted = False
        self.endRemoveRows()
        return excess

    def _on_added(self, event: MessagesAdded) -> None:
        if event.account != self.account or event.peer != self.peer:
            return
        # Coalesce: a burst becomes one insert (and one relayout of the view) per interval.
        self._incoming.extend(event.messages)
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    def _flush_incoming(self) -> None:
        batch, self._incoming = self._incoming, []
        if self._insert_sorted(batch):
            self.appended.emit()

    def _on_updated(self, event: MessageUpdated) -> None:
        if event.account != self.account or event.peer != self.peer:
            return
        row = self._pks.get(event.message.pk)
        if row is None:
            # Still waiting in the coalescing buffer: update it there.
            self._incoming = [event.message if m.pk == event.message.pk else m
                              for m in self._incoming]
            return
        message = _showable(event.message)
        if message.key != self._keys[row]:
            row = self._move(row, message)
        self._rows[row] = message
        idx = self.index(row)
        self.dataChanged.emit(idx, idx)

    def _move(self, row: int, message: StoredMessage) -> int:
        """The archive's time replaced a row's arrival time (storage adopts it): the row goes
        where storage sorts it, or two messages sent in one breath could show swapped."""
        others = self._keys[:row] + self._keys[row + 1:]
        target = bisect.bisect_left(others, message.key)
        if target != row:
            # Qt names the destination in the rows as they are before the move.
            self.beginMoveRows(QModelIndex(), row, row, QModelIndex(),
                               target if target < row else target + 1)
            del self._rows[row]
            self._rows.insert(target, message)
            self._pks = {m.pk: i for i, m in enumerate(self._rows)}
            self._keys = [*others[:target], message.key, *others[target:]]
            self.endMoveRows()
        else:
            self._keys[row] = message.key
        return target

    def _insert_sorted(self, messages: list[StoredMessage]) -> int:
        """Insert keeping (timestamp, pk) order; consecutive runs become one insert."""
        # By row id: one burst can name a row twice (stored as history, then its live copy).
        fresh = sorted({m.pk: _showable(m) for m in messages if m.pk not in self._pks}.values(),
                       key=lambda m: m.key)
        if not fresh:
            return 0
        if not self._keys or fresh[0].key > self._keys[-1]:
            self._splice(len(self._rows), fresh)
        elif fresh[-1].key < self._keys[0]:
            self._splice(0, fresh)
        else:
            for m in fresh:
                self._splice(bisect.bisect_left(self._keys, m.key), [m])
        return len(fresh)

    def _splice(self, position: int, messages: list[StoredMessage]) -> None:
        self.beginInsertRows(QModelIndex(), position, position + len(messages) - 1)
        self._rows[position:position] = messages
        self._keys[position:position] = [m.key for m in messages]
        if position == len(self._rows) - len(messages):
            for offset, m in enumerate(messages):
                self._pks[m.pk] = position + offset
        else:
            self._pks = {m.pk: i for i, m in enumerate(self._rows)}
        self.endInsertRows()
