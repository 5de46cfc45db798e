"""The contact list as one flat Qt list model: one row per (group, contact), sorted by group.

The view draws a group header above the first row of each group, so filtering (a proxy model)
keeps headers right without a tree. Presence storms arrive coalesced from the service.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from heron.core.bus import EventBus
from heron.core.events import (
    AvatarChanged,
    BlockListChanged,
    ConversationRead,
    MessagesAdded,
    PresenceChanged,
    RosterEntry,
    RosterEntryChanged,
    RosterEntryRemoved,
    RosterLoaded,
)

if TYPE_CHECKING:
    from heron.models.chats import ChatsModel

NO_GROUP = "Contacts"
ROOM = "room"  # the "subscription" of a group room's row (models/room_rows.py)
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
    Avatar = Qt.ItemDataRole.UserRole + 20  # the picture's file, "" for initials
    Request = Qt.ItemDataRole.UserRole + 21  # a stranger who wrote, not a contact yet


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
    avatar: str = ""
    request: bool = False  # a stranger who wrote: shown under "Requests" until accepted
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
    RosterRoles.Avatar: lambda r: r.avatar,
    RosterRoles.Request: lambda r: r.request,
}


def _rows_for(account: str, entry: RosterEntry) -> list[RosterRow]:
    groups = entry.groups or (NO_GROUP,)
    return [RosterRow(account, entry.jid, entry.name, g, entry.subscription) for g in groups]


def _sort_key(row: RosterRow) -> tuple[int, str, str]:
    # Requests from strangers first (they wait for a decision), the catch-all group last, as
    # in Gajim and Dino.
    rank = 0 if row.request else 2 if row.group == NO_GROUP else 1
    if row.subscription == ROOM:  # group rooms: their own group at the very top
        rank = -1
    return (rank, row.group.casefold(), row.display.casefold())


def _request_row(account: str, jid: str) -> RosterRow:
    group = QCoreApplication.translate("Roster", "Requests")
    return RosterRow(account, jid, "", group, "none", request=True)


class RosterModel(QAbstractListModel):
    def __init__(self, bus: EventBus, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[RosterRow] = []
        self._presence: dict[tuple[str, str], tuple[str, str]] = {}
        self._unread: dict[tuple[str, str], int] = {}
        self._avatars: dict[tuple[str, str], str] = {}
        self._strangers: set[tuple[str, str]] = set()  # wrote to us, not in the roster
        self._blocked: dict[str, set[str]] = {}  # account -> blocked addresses
        self.active_conversation: tuple[str, str] | None = None
        detach = [
            bus.subscribe(RosterLoaded, self._on_loaded),
            bus.subscribe(RosterEntryChanged, self._on_changed),
            bus.subscribe(RosterEntryRemoved, self._on_removed),
            bus.subscribe(PresenceChanged, self._on_presence),
            bus.subscribe(MessagesAdded, self._on_messages),
            bus.subscribe(AvatarChanged, self._on_avatar),
            bus.subscribe(BlockListChanged, self._on_block_list),
            bus.subscribe(ConversationRead,
                          lambda e: self.set_unread(e.account, e.peer, e.unread)),
        ]
        # A closed window's model is gone while the sessions still end (their "offline"
        # presence): a handler on the deleted model would raise. Only the list is captured.
        self.destroyed.connect(lambda _o=None: [unsubscribe() for unsubscribe in detach])

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

    def is_contact(self, jid: str) -> bool:
        """In the roster (a stranger under "Requests" is not)."""
        return any(r.jid == jid and not r.request for r in self._rows)

    def row_for_account(self, account: str, jid: str) -> RosterRow | None:
        return next((r for r in self._rows if r.account == account and r.jid == jid), None)

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
        rows = [r for r in self._rows if r.account != account or r.subscription == ROOM]
        for entry in entries:
            for row in _rows_for(account, entry):
                row.show, row.status = self._presence.get((account, entry.jid), ("offline", ""))
                row.unread = self._unread.get((account, entry.jid), 0)
                row.avatar = self._avatars.get((account, entry.jid), "")
                rows.append(row)
        contacts = {entry.jid for entry in entries}
        for stranger_account, jid in self._strangers:
            if stranger_account == account and jid not in contacts:
                rows.append(self._fill(_request_row(account, jid)))
        rows.sort(key=_sort_key)
        self._rows = rows
        self.endResetModel()

    def _on_changed(self, event: RosterEntryChanged) -> None:
        self._strangers.discard((event.account, event.entry.jid))  # accepted: a contact now
        self._remove_rows(event.account, event.entry.jid)
        for row in _rows_for(event.account, event.entry):
            key = (event.account, event.entry.jid)
            row.show, row.status = self._presence.get(key, ("offline", ""))
            row.unread = self._unread.get(key, 0)
            row.avatar = self._avatars.get(key, "")
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

    def load_avatars(self, account: str, pictures: dict[str, str]) -> None:
        """Pictures known from earlier runs; one seen since (an event) is newer and stays."""
        for jid, path in pictures.items():
            if (account, jid) not in self._avatars:
                self._on_avatar(AvatarChanged(account, jid, path))

    def add_requests(self, account: str, jids: set[str]) -> None:
        """Strangers who wrote to the account (from storage at start, or a new message)."""
        blocked = self._blocked.get(account, set()) | {account}  # notes to self: no request
        for jid in sorted(jids - blocked):
            self._strangers.add((account, jid))
            if not any(r.account == account and r.jid == jid for r in self._rows):
                row = self._fill(_request_row(account, jid))
                position = self._insert_position(row)
                self.beginInsertRows(QModelIndex(), position, position)
                self._rows.insert(position, row)
                self.endInsertRows()

    def add_row(self, row: RosterRow) -> None:
        """A row that is not a roster entry (a group room), in its sorted place."""
        self._remove_rows(row.account, row.jid)
        row = self._fill(row)
        position = self._insert_position(row)
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.insert(position, row)
        self.endInsertRows()

    def remove_row(self, account: str, jid: str) -> None:
        self._remove_rows(account, jid)

    def update_row(self, account: str, jid: str, change: Any) -> None:
        self._update(account, jid, change)

    def _fill(self, row: RosterRow) -> RosterRow:
        key = (row.account, row.jid)
        row.show, row.status = self._presence.get(key, ("offline", ""))
        row.unread = self._unread.get(key, 0)
        row.avatar = self._avatars.get(key, "")
        return row

    def _on_block_list(self, event: BlockListChanged) -> None:
        self._blocked[event.account] = set(event.blocked)
        for account, jid in list(self._strangers):
            if account == event.account and jid in event.blocked:
                self._strangers.discard((account, jid))
                self._remove_rows(account, jid)

    def _on_avatar(self, event: AvatarChanged) -> None:
        self._avatars[(event.account, event.jid)] = event.path
        self._update(event.account, event.jid, lambda r: replace(r, avatar=event.path))

    def _on_messages(self, event: MessagesAdded) -> None:
        incoming = sum(1 for m in event.messages if m.direction.value == "in")
        if incoming and "/" not in event.peer \
                and self.row_for_account(event.account, event.peer) is None:  # room/nick: a PM
            self.add_requests(event.account, {event.peer})  # also from history: a stranger
        if not event.live or self.active_conversation == (event.account, event.peer):
            return
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
    """Filter as you type over name, JID and group (case-insensitive substring); also the
    chats list's filter (models/chats.py)."""

    def __init__(self, source: RosterModel | ChatsModel, parent: Any = None) -> None:
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
