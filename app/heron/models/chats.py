"""The conversations list ("Chats"): one row per conversation, newest activity first.

Rows change through a small API (``upsert``, ``set_unread``, ``remove``); changes are
coalesced per turn of the event loop, so a catch-up of 1,000 messages reorders the list once,
not 1,000 times. Names, pictures and presence are the roster's (one place knows a contact):
this model asks the roster model and repaints when it changes.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)

from heron.core.chats import LastMessage
from heron.core.file_events import file_url
from heron.core.filenames import name_from_url
from heron.models.omemo_failure_text import shown_text
from heron.models.roster import RosterModel, RosterRow

_Index = QModelIndex | QPersistentModelIndex
Key = tuple[str, str]  # (account, peer)
PREVIEW_CHARS = 200  # the row elides it to its width; the rest is never shown


class ChatRoles(IntEnum):
    Account = Qt.ItemDataRole.UserRole + 1
    Peer = Qt.ItemDataRole.UserRole + 2
    Kind = Qt.ItemDataRole.UserRole + 3
    Timestamp = Qt.ItemDataRole.UserRole + 4
    Preview = Qt.ItemDataRole.UserRole + 5  # one line of plain text
    Outgoing = Qt.ItemDataRole.UserRole + 6  # the preview is the user's own message
    Unread = Qt.ItemDataRole.UserRole + 7
    Avatar = Qt.ItemDataRole.UserRole + 8
    Show = Qt.ItemDataRole.UserRole + 9
    FilterText = Qt.ItemDataRole.UserRole + 10


@dataclass(slots=True)
class ChatRow:
    account: str
    peer: str
    kind: str
    ts: float
    preview: str
    outgoing: bool
    unread: int = 0


# role -> value, a table (paint asks data() for every visible row, several roles each)
_ROLE_GETTERS: dict[int, Callable[[ChatRow], Any]] = {
    ChatRoles.Account: lambda r: r.account,
    ChatRoles.Peer: lambda r: r.peer,
    ChatRoles.Kind: lambda r: r.kind,
    ChatRoles.Timestamp: lambda r: r.ts,
    ChatRoles.Preview: lambda r: r.preview,
    ChatRoles.Outgoing: lambda r: r.outgoing,
    ChatRoles.Unread: lambda r: r.unread,
}


class ChatsModel(QAbstractListModel):
    def __init__(self, roster: RosterModel, parent: Any = None) -> None:
        super().__init__(parent)
        self._roster = roster
        self._rows: list[ChatRow] = []
        self._where: dict[Key, int] = {}
        self._pending: dict[Key, ChatRow] = {}
        self._unread: dict[Key, int] = {}  # also of chats not shown (closed, not loaded yet)
        self._contacts: dict[Key, RosterRow] | None = None  # rebuilt after a roster change
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(0)  # the next turn of the event loop
        self._flush_timer.timeout.connect(self.flush)
        self._repaint_timer = QTimer(self)
        self._repaint_timer.setSingleShot(True)
        self._repaint_timer.setInterval(0)
        self._repaint_timer.timeout.connect(self._repaint_all)
        #: how often the order was redone (a test counts it: once per burst)
        self.reorders = 0
        for change in (roster.dataChanged, roster.rowsInserted, roster.rowsRemoved,
                       roster.modelReset):
            change.connect(self._roster_changed)

    # --- the API -------------------------------------------------------------------------------

    def upsert(self, account: str, peer: str, kind: str, ts: float, preview: str,  # noqa: PLR0917  a row's fields
               outgoing: bool) -> None:
        """The conversation's newest activity is at ``ts`` and reads ``preview``. Older
        activity than the row shows (history paged in) changes nothing; the same time (a
        correction or deletion of that message) changes the preview."""
        key = (account, peer)
        shown = self._pending.get(key) or self._row(key)
        if shown is not None and ts < shown.ts:
            return
        self._pending[key] = ChatRow(account, peer, kind, ts, preview, outgoing,
                                     self._unread.get(key, 0))
        self._flush_timer.start()

    def set_unread(self, account: str, peer: str, count: int) -> None:
        key = (account, peer)
        self._unread[key] = count
        pending = self._pending.get(key)
        if pending is not None:
            pending.unread = count
        i = self._where.get(key)
        if i is not None and self._rows[i].unread != count:
            self._rows[i].unread = count
            self._changed(i)

    def remove(self, account: str, peer: str) -> None:
        key = (account, peer)
        self._pending.pop(key, None)
        i = self._where.get(key)
        if i is None:
            return
        self.beginRemoveRows(QModelIndex(), i, i)
        del self._rows[i]
        self.endRemoveRows()
        self._reindex()

    # --- queries -------------------------------------------------------------------------------

    def unread(self, account: str, peer: str) -> int:
        return self._unread.get((account, peer), 0)

    def newest(self, account: str, peer: str) -> float | None:
        row = self._pending.get((account, peer)) or self._row((account, peer))
        return row.ts if row is not None else None

    def conversations(self) -> list[Key]:
        """The conversations shown, top to bottom."""
        return [(r.account, r.peer) for r in self._rows]

    def filter_text(self, row: int) -> str:
        """What the sidebar's filter field matches: the name and the address."""
        chat = self._rows[row]
        return f"{self.name(chat.account, chat.peer)} {chat.peer}".casefold()

    def name(self, account: str, peer: str) -> str:
        contact = self._contact((account, peer))
        return contact.display if contact is not None else peer

    # --- Qt API --------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: PLR0911  one answer per role
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        key = (row.account, row.peer)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.name(*key)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            unread = self.tr(", {count} unread").format(count=row.unread) if row.unread else ""
            return f"{self.name(*key)}: {row.preview}{unread}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.peer
        contact = self._contact(key)
        if role == ChatRoles.Avatar:
            return contact.avatar if contact is not None else ""
        if role == ChatRoles.Show:
            return contact.show if contact is not None else "offline"
        if role == ChatRoles.FilterText:
            return self.filter_text(index.row())
        getter = _ROLE_GETTERS.get(role)
        return getter(row) if getter is not None else None

    # --- applying changes ----------------------------------------------------------------------

    def flush(self) -> None:
        """Apply the changes gathered since the last turn: new rows, new previews, and the
        order, redone once."""
        self._flush_timer.stop()
        if not self._pending:
            return
        pending, self._pending = self._pending, {}
        fresh = [row for key, row in pending.items() if key not in self._where]
        for key, row in pending.items():
            i = self._where.get(key)
            if i is not None:
                self._rows[i] = row  # its unread count came along (upsert, set_unread)
        if fresh:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(fresh) - 1)
            self._rows.extend(fresh)
            self._reindex()
            self.endInsertRows()
        order = sorted(self._rows, key=lambda r: r.ts, reverse=True)
        if order != self._rows:
            self.reorders += 1
            self.layoutAboutToBeChanged.emit()
            before = {id(r): i for i, r in enumerate(self._rows)}
            old = self.persistentIndexList()
            self._rows = order
            new_at = {before[id(r)]: i for i, r in enumerate(order)}
            self.changePersistentIndexList(old, [self.index(new_at[p.row()]) for p in old])
            self._reindex()
            self.layoutChanged.emit()
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    # --- helpers -------------------------------------------------------------------------------

    def _row(self, key: Key) -> ChatRow | None:
        i = self._where.get(key)
        return self._rows[i] if i is not None else None

    def _reindex(self) -> None:
        self._where = {(r.account, r.peer): i for i, r in enumerate(self._rows)}

    def _changed(self, i: int) -> None:
        index = self.index(i)
        self.dataChanged.emit(index, index)

    def _contact(self, key: Key) -> RosterRow | None:
        if self._contacts is None:
            self._contacts = {}
            for row in self._roster.entries():  # a contact in two groups: either row
                self._contacts.setdefault((row.account, row.jid), row)
        return self._contacts.get(key)

    def _roster_changed(self, *_args: object) -> None:
        # Names, pictures, presence: read again on the next paint, repainted once per turn.
        self._contacts = None
        if self._rows:
            self._repaint_timer.start()

    def _repaint_all(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))


def preview_of(last: LastMessage | None, draft: str = "",
               name_of: Callable[[str], str] | None = None) -> str:
    """One line of plain text for a conversation's row: the draft the user left, else the
    newest message; a file or picture and a deleted message say so. ``name_of``: how the
    user knows an address (an OMEMO placeholder names its sender by it)."""
    translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")
    if draft.strip():
        return translate("ChatsModel", "Draft: {text}").format(text=one_line(draft))
    if last is None:
        return ""
    what = _what(last, name_of)
    return f"{one_line(last.sender)}: {what}" if last.sender else what  # a room: who wrote it


def _what(last: LastMessage, name_of: Callable[[str], str] | None = None) -> str:
    translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")
    if last.retracted:
        return translate("ChatsModel", "Message deleted")
    url = file_url(last.body)
    name = last.file_name or (name_from_url(url) if url else "")
    if last.file_name or url:
        mime = last.file_mime or mimetypes.guess_type(name)[0] or ""
        if mime.startswith("image/"):
            return translate("ChatsModel", "Picture")
        return translate("ChatsModel", "File: {name}").format(name=name)
    return one_line(shown_text(last.body, name_of))  # an unreadable OMEMO message: translated


def one_line(text: str) -> str:
    """``text`` on one line (runs of spaces and line breaks made one space), capped."""
    return " ".join(text.split())[:PREVIEW_CHARS]
