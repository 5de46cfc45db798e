"""A room's occupants as one flat list: a header row per role, then its people by nick.

Presence reaches this model in batches (``OccupantsChanged``, coalesced by ``muc.py``): one
batch is one insert or removal when it touches one person, else one reset. A join storm of a
thousand occupants is therefore a handful of resets, not a thousand repaints.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from heron.core.bus import EventBus
from heron.core.events import Occupant, OccupantAvatarChanged, OccupantsChanged

_Index = QModelIndex | QPersistentModelIndex

ROLE_ORDER = ("moderator", "participant", "visitor")
ROLE_TITLES = {"moderator": "Moderators", "participant": "Participants", "visitor": "Visitors"}


class OccupantRoles(IntEnum):
    Occupant = Qt.ItemDataRole.UserRole + 1  # the Occupant, None on a header row
    Header = Qt.ItemDataRole.UserRole + 2  # the header's title, "" on an occupant row
    Count = Qt.ItemDataRole.UserRole + 3  # people under a header
    Avatar = Qt.ItemDataRole.UserRole + 4  # the occupant's picture file, "" for none


@dataclass(frozen=True, slots=True)
class _Row:
    occupant: Occupant | None = None
    header: str = ""  # a role ("moderator" ...) for a header row
    count: int = 0


def _rank(occupant: Occupant) -> tuple[int, str]:
    role = occupant.role if occupant.role in ROLE_ORDER else "visitor"
    return ROLE_ORDER.index(role), occupant.nick.casefold()


class OccupantModel(QAbstractListModel):
    def __init__(self, bus: EventBus, account: str, room: str,
                 occupants: list[Occupant] | None = None, parent: Any = None, *,
                 avatars: dict[str, str] | None = None) -> None:
        super().__init__(parent)
        self.account = account
        self.room = room
        self._people: dict[str, Occupant] = {o.nick: o for o in occupants or []}
        self._avatars: dict[str, str] = dict(avatars or {})  # nick -> picture file
        self._rows: list[_Row] = self._layout()
        self._unsubscribe = bus.subscribe(OccupantsChanged, self._on_changed)
        self._unsubscribe_avatars = bus.subscribe(OccupantAvatarChanged, self._on_avatar)
        # Deleted with its window before close() (the sessions still end after): stop then.
        detach = (self._unsubscribe, self._unsubscribe_avatars)
        self.destroyed.connect(lambda _o=None: [unsubscribe() for unsubscribe in detach])

    def close(self) -> None:
        self._unsubscribe()
        self._unsubscribe_avatars()

    def _on_avatar(self, event: OccupantAvatarChanged) -> None:
        if (event.account, event.room) != (self.account, self.room):
            return
        self._avatars[event.nick] = event.path
        for i, row in enumerate(self._rows):
            if row.occupant is not None and row.occupant.nick == event.nick:
                self.dataChanged.emit(self.index(i), self.index(i))

    # --- Qt API --------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: PLR0911  a return per role
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == OccupantRoles.Occupant:
            return row.occupant
        if role == OccupantRoles.Header:
            return self._title(row.header) if row.header else ""
        if role == OccupantRoles.Count:
            return row.count
        if role == OccupantRoles.Avatar:
            return self._avatars.get(row.occupant.nick, "") if row.occupant is not None else ""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if row.occupant is None:
                return f"{self._title(row.header)} ({row.count})"
            o = row.occupant
            return o.nick if role == Qt.ItemDataRole.DisplayRole else (
                f"{o.nick}, {o.affiliation}, {o.show}")
        if role == Qt.ItemDataRole.ToolTipRole and row.occupant is not None:
            return row.occupant.jid or row.occupant.nick
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and self._rows[index.row()].occupant is None:
            return Qt.ItemFlag.ItemIsEnabled  # a header: not selectable
        return base

    # --- queries -------------------------------------------------------------------------------

    def people(self) -> list[Occupant]:
        return [r.occupant for r in self._rows if r.occupant is not None]

    # --- batches -------------------------------------------------------------------------------

    def _on_changed(self, event: OccupantsChanged) -> None:
        if (event.account, event.room) != (self.account, self.room):
            return
        if event.reset:
            self._people = {o.nick: o for o in event.changed}
        else:
            for nick in event.gone:
                self._people.pop(nick, None)
            for occupant in event.changed:
                self._people[occupant.nick] = occupant
        new_rows = self._layout()
        single = len(event.changed) + len(event.gone) == 1 and not event.reset
        if single and self._apply_one(new_rows):
            return
        self.beginResetModel()
        self._rows = new_rows
        self.endResetModel()

    def _apply_one(self, new_rows: list[_Row]) -> bool:
        """One person came, went or changed and the headers stayed: one insert, removal or
        change (the view keeps its scroll position). False when headers moved: reset."""
        old, new = self._rows, new_rows
        if [r.header for r in old if r.header] != [r.header for r in new if r.header]:
            return False
        first = next((i for i, (a, b) in enumerate(zip(old, new, strict=False))
                      if a.occupant != b.occupant), min(len(old), len(new)))
        if len(new) == len(old) + 1:
            self.beginInsertRows(QModelIndex(), first, first)
            self._rows = new
            self.endInsertRows()
        elif len(new) == len(old) - 1:
            self.beginRemoveRows(QModelIndex(), first, first)
            self._rows = new
            self.endRemoveRows()
        elif len(new) == len(old):
            self._rows = new
            if first < len(new):
                self.dataChanged.emit(self.index(first), self.index(len(new) - 1))
        else:
            return False
        self._refresh_headers()
        return True

    def _refresh_headers(self) -> None:
        for i, row in enumerate(self._rows):
            if row.header:
                self.dataChanged.emit(self.index(i), self.index(i))

    def _layout(self) -> list[_Row]:
        people = sorted(self._people.values(), key=_rank)
        rows: list[_Row] = []
        for role in ROLE_ORDER:
            group = [o for o in people if (o.role if o.role in ROLE_ORDER else "visitor") == role]
            if group:
                rows.append(_Row(header=role, count=len(group)))
                rows.extend(_Row(occupant=o) for o in group)
        return rows

    @staticmethod
    def _title(role: str) -> str:
        return QCoreApplication.translate("Occupants", ROLE_TITLES.get(role, role))
