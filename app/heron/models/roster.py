"""The contact list as one flat Qt list model: one row per (group, contact), sorted by group.

The view draws a group header above the first row of each group, so filtering (a proxy model)
keeps headers right without a tree. Presence storms arrive coalesced from the service.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from heron.core.bus import EventBus
from heron.core.events import (
    ConversationRead,
    MessagesAdded,
    PresenceChanged,
    RosterEntry,
    RosterEntryChanged,
    RosterEntryRemoved,
    RosterLoaded,
)

NO_GROUP = "Contacts"
_Index = QModelIndex | QPersistentModelIndex


class RosterRoles(IntEnum):
    Jid = Qt.ItemDataRole.UserRole + 1
    Name = Qt.ItemDataRole.UserRole + 2
    Group = Qt.ItemDataRole.UserRole + 3
    Show = Qt.ItemDataRole.UserRole + 4
    Status = Qt.ItemDataRole.UserRole + 5
    Unread = Qt.ItemDataRole.UserRole + 6
    Account = Qt.ItemDataRole.UserRole + 7
    Subscription = Qt.ItemDataRole.UserRole + 8
    FilterText = Qt.ItemDataRole.UserRole + 9


@dataclass(slots=True)
class RosterRow:
    account: str
    jid: str
    name: str
    group: str
    subscription: str
    show: str = "offline"
    status: str = ""
    unread: int = 0
    filter_text: str = field(init=False, default="")  # computed once: filtering is per keystroke

    def __post_init__(self) -> None:
        self.filter_text = f"{self.name} {self.jid} {self.group}".casefold()

    @property
    def display(self) -> str:
        return self.name or self.jid


# role -> value; a table instead of building a dict per data() call (paint and layout call
# data() for every row).
_ROLE_GETTERS: dict[int, Any] = {
    RosterRoles.Jid: lambda r: r.jid,
    RosterRoles.Name: lambda r: r.name,
    RosterRoles.Group: lambda r: r.group,
    RosterRoles.Show: lambda r: r.show,
    RosterRoles.Status: lambda r: r.status,
    RosterRoles.Unread: lambda r: r.unread,
    RosterRoles.Account: lambda r: r.account,
    RosterRoles.Subscription: lambda r: r.subscription,
    RosterRoles.FilterText: lambda r: r.filter_text,
}


def _rows_for(account: str, entry: RosterEntry) -> list[RosterRow]:
    groups = entry.groups or (NO_GROUP,)
    return [RosterRow(account, entry.jid, entry.name, g, entry.subscription) for g in groups]


def _sort_key(row: RosterRow) -> tuple[int, str, str]:
    # The catch-all group goes last, as in Gajim and Dino.
    return (1 if row.group == NO_GROUP else 0, row.group.casefold(), row.display.casefold())


class RosterModel(QAbstractListModel):
    def __init__(self, bus: EventBus, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[RosterRow] = []
        self._presence: dict[tuple[str, str], tuple[str, str]] = {}
        self._unread: dict[tuple[str, str], int] = {}
        self.active_conversation: tuple[str, str] | None = None
        bus.subscribe(RosterLoaded, self._on_loaded)
        bus.subscribe(RosterEntryChanged, self._on_changed)
        bus.subscribe(RosterEntryRemoved, self._on_removed)
        bus.subscribe(PresenceChanged, self._on_presence)
        bus.subscribe(MessagesAdded, self._on_messages)
        bus.subscribe(ConversationRead, lambda e: self.set_unread(e.account, e.peer, e.unread))

    # --- Qt API --------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.display
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{row.display}, {row.show}" + (f", {row.unread} unread" if row.unread else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.jid}\n{row.status}" if row.status else row.jid
        getter = _ROLE_GETTERS.get(role)
        return getter(row) if getter is not None else None

    # --- queries -------------------------------------------------------------------------------

    def filter_text(self, row: int) -> str:
        return self._rows[row].filter_text

    def entries(self) -> list[RosterRow]:
        return list(self._rows)

    def row_for(self, jid: str) -> RosterRow | None:
        return next((r for r in self._rows if r.jid == jid), None)

    def set_unread(self, account: str, jid: str, count: int) -> None:
        self._unread[(account, jid)] = count
        self._update(account, jid, lambda r: replace(r, unread=count))

    def load(self, account: str, entries: list[RosterEntry]) -> None:
        """Show a cached roster at startup, before the server answers."""
        self._replace_account(account, entries)

    # --- events --------------------------------------------------------------------------------

    def _on_loaded(self, event: RosterLoaded) -> None:
        self._replace_account(event.account, list(event.entries))

    def _replace_account(self, account: str, entries: list[RosterEntry]) -> None:
        self.beginResetModel()
        rows = [r for r in self._rows if r.account != account]
        for entry in entries:
            for row in _rows_for(account, entry):
                row.show, row.status = self._presence.get((account, entry.jid), ("offline", ""))
                row.unread = self._unread.get((account, entry.jid), 0)
                rows.append(row)
        rows.sort(key=_sort_key)
        self._rows = rows
        self.endResetModel()

    def _on_changed(self, event: RosterEntryChanged) -> None:
        self._remove_rows(event.account, event.entry.jid)
        for row in _rows_for(event.account, event.entry):
            key = (event.account, event.entry.jid)
            row.show, row.status = self._presence.get(key, ("offline", ""))
            row.unread = self._unread.get(key, 0)
            position = self._insert_position(row)
            self.beginInsertRows(QModelIndex(), position, position)
            self._rows.insert(position, row)
            self.endInsertRows()

    def _on_removed(self, event: RosterEntryRemoved) -> None:
        self._remove_rows(event.account, event.jid)

    def _on_presence(self, event: PresenceChanged) -> None:
        self._presence[(event.account, event.jid)] = (event.show, event.status)
        self._update(event.account, event.jid,
                     lambda r: replace(r, show=event.show, status=event.status))

    def _on_messages(self, event: MessagesAdded) -> None:
        if not event.live or self.active_conversation == (event.account, event.peer):
            return
        incoming = sum(1 for m in event.messages if m.direction.value == "in")
        if incoming:
            key = (event.account, event.peer)
            self.set_unread(event.account, event.peer, self._unread.get(key, 0) + incoming)

    # --- helpers -------------------------------------------------------------------------------

    def _insert_position(self, row: RosterRow) -> int:
        key = _sort_key(row)
        lo, hi = 0, len(self._rows)
        while lo < hi:
            mid = (lo + hi) // 2
            if _sort_key(self._rows[mid]) < key:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def _remove_rows(self, account: str, jid: str) -> None:
        for i in range(len(self._rows) - 1, -1, -1):
            row = self._rows[i]
            if row.account == account and row.jid == jid:
                self.beginRemoveRows(QModelIndex(), i, i)
                del self._rows[i]
                self.endRemoveRows()

    def _update(self, account: str, jid: str, change: Any) -> None:
        for i, row in enumerate(self._rows):
            if row.account == account and row.jid == jid:
                self._rows[i] = change(row)
                idx = self.index(i)
                self.dataChanged.emit(idx, idx)


class RosterFilterModel(QSortFilterProxyModel):
    """Filter as you type over name, JID and group (case-insensitive substring)."""

    def __init__(self, source: RosterModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)
        self._source = source
        self._needle = ""

    def set_filter(self, text: str) -> None:
        needle = text.strip().casefold()
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.10
            self.beginFilterChange()
            self._needle = needle
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._needle = needle
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if not self._needle:
            return True
        return self._needle in self._source.filter_text(source_row)
