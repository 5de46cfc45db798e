"""The room browser's list: a model of thousands of rooms, a filter model and a delegate.

One model row per room (no widget per row); the filter runs over a lower-cased text kept per
row, so a keystroke costs one substring test per room, in one Python pass. Room details
(occupants, the lock) are asked lazily, only for rows that are painted: ``info_wanted`` names
them, and the browser answers with :meth:`RoomListModel.set_info`.
"""

from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from heron.core.rooms import Room, RoomInfo

Index = QModelIndex | QPersistentModelIndex
JID_ROLE = Qt.ItemDataRole.UserRole + 1
INFO_ROLE = Qt.ItemDataRole.UserRole + 2
LOCK = "\U0001f512"


class RoomListModel(QAbstractListModel):
    info_wanted = Signal(str)  # a painted row has no details yet

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rooms: list[Room] = []
        self.haystacks: list[str] = []  # what the filter searches, per row
        self._infos: dict[str, RoomInfo] = {}
        self._asked: set[str] = set()
        self._rows: dict[str, int] = {}

    def clear(self) -> None:
        self.beginResetModel()
        self.rooms, self.haystacks, self._rows = [], [], {}
        self._infos.clear()
        self._asked.clear()
        self.endResetModel()

    def add_rooms(self, rooms: list[Room]) -> None:
        fresh = [r for r in rooms if r.jid not in self._rows]
        if not fresh:
            return
        first = len(self.rooms)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        for offset, room in enumerate(fresh):
            self._rows[room.jid] = first + offset
            self.rooms.append(room)
            self.haystacks.append(f"{room.name}\n{room.jid}".casefold())
        self.endInsertRows()

    def set_info(self, info: RoomInfo) -> None:
        row = self._rows.get(info.jid)
        if row is None:
            return
        self._infos[info.jid] = info
        room = self.rooms[row]
        self.haystacks[row] = f"{info.name or room.name}\n{room.jid}\n{info.description}".casefold()
        index = self.index(row)
        self.dataChanged.emit(index, index)

    def info(self, jid: str) -> RoomInfo | None:
        return self._infos.get(jid)

    def title(self, row: int) -> str:
        room = self.rooms[row]
        info = self._infos.get(room.jid)
        return (info.name if info else "") or room.name or room.jid.split("@", 1)[0]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008  Qt's signature
        return 0 if parent.isValid() else len(self.rooms)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self.rooms):
            return None
        room = self.rooms[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.title(index.row())
        if role == JID_ROLE:
            return room.jid
        if role == INFO_ROLE:
            info = self._infos.get(room.jid)
            if info is None and room.jid not in self._asked:
                self._asked.add(room.jid)
                self.info_wanted.emit(room.jid)
            return info
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self.title(index.row())}, {room.jid}"
        return None


class RoomFilter(QAbstractListModel):
    """The rows of a RoomListModel whose name, address or description contain every word
    typed (case-insensitive), in the source's order. ``set_text`` waits for a pause in typing
    (debounce). Not a QSortFilterProxyModel: that calls back into Python once per row per
    keystroke (17 ms for 5,000 rooms here); this keeps the matching rows as a list of source
    rows, rebuilt by one pass over the lower-cased texts (tests/bench/rooms.py)."""

    DEBOUNCE_MS = 120

    def __init__(self, source: RoomListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._words: list[str] = []
        self._rows: list[int] = []  # source rows shown, ascending
        self._pending = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DEBOUNCE_MS)
        self._timer.timeout.connect(self.apply_now)
        source.modelReset.connect(self._rebuild)
        source.rowsInserted.connect(self._inserted)
        source.dataChanged.connect(self._changed)

    def _matches(self, row: int) -> bool:
        haystack = self._source.haystacks[row]
        return all(word in haystack for word in self._words)

    def set_text(self, text: str) -> None:
        self._pending = text
        self._timer.start()

    def apply_now(self) -> None:
        self._timer.stop()
        self._words = self._pending.casefold().split()
        self._rebuild()

    def _rebuild(self) -> None:
        self.beginResetModel()
        haystacks, words = self._source.haystacks, self._words
        self._rows = [r for r, text in enumerate(haystacks)
                      if all(word in text for word in words)]
        self.endResetModel()

    def _inserted(self, _parent: Index, first: int, last: int) -> None:
        fresh = [r for r in range(first, last + 1) if self._matches(r)]
        if fresh:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(fresh) - 1)
            self._rows.extend(fresh)
            self.endInsertRows()

    def _changed(self, top: Index, _bottom: Index) -> None:
        """A room's details came: repaint it, and with a search on, it may now match."""
        row = top.row()
        if not self._words:
            here = self.index(row)
            self.dataChanged.emit(here, here)
            return
        position = bisect_left(self._rows, row)
        shown = position < len(self._rows) and self._rows[position] == row
        if self._matches(row) and not shown:
            self.beginInsertRows(QModelIndex(), position, position)
            self._rows.insert(position, row)
            self.endInsertRows()
        elif shown:
            here = self.index(position)
            self.dataChanged.emit(here, here)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008  Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        return self._source.data(self._source.index(self._rows[index.row()]), role)


class RoomDelegate(QStyledItemDelegate):
    """Two lines a room: its name (with a lock when it needs a password) and the number of
    people on the right; below, its address and the start of its description."""

    PAD = 10

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        line = QFontMetrics(option.font).height()
        return QSize(200, 2 * line + 2 * self.PAD + 4)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        painter.save()
        palette = option.palette
        rect: QRect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        if selected or hovered:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(QPalette.ColorRole.Highlight if selected
                                           else QPalette.ColorRole.AlternateBase))
            painter.drawRoundedRect(rect.adjusted(2, 2, -2, -2), 8, 8)
        text_role = (QPalette.ColorRole.HighlightedText if selected
                     else QPalette.ColorRole.Text)
        info: RoomInfo | None = index.data(INFO_ROLE)
        title = str(index.data(Qt.ItemDataRole.DisplayRole))
        jid = str(index.data(JID_ROLE))
        inner = rect.adjusted(self.PAD + 4, self.PAD, -self.PAD - 4, -self.PAD)
        bold = QFont(option.font)
        bold.setWeight(QFont.Weight.DemiBold)
        metrics = QFontMetrics(bold)
        line = metrics.height()
        count = ""
        if info is not None and info.occupants is not None:
            count = f"{info.occupants} \U0001f464"
        count_width = QFontMetrics(option.font).horizontalAdvance(count) + 8 if count else 0
        lock = f"{LOCK} " if info is not None and info.password else ""
        painter.setFont(bold)
        painter.setPen(palette.color(text_role))
        top = QRect(inner.left(), inner.top(), inner.width() - count_width, line)
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         metrics.elidedText(lock + title, Qt.TextElideMode.ElideRight,
                                            top.width()))
        painter.setFont(option.font)
        small = QFontMetrics(option.font)
        if count:
            painter.setPen(palette.color(text_role if selected
                                         else QPalette.ColorRole.PlaceholderText))
            painter.drawText(QRect(inner.right() - count_width, inner.top(), count_width, line),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, count)
        second = jid
        if info is not None and info.description:
            second = f"{jid}  ·  {info.description}"
        painter.setPen(palette.color(text_role if selected
                                     else QPalette.ColorRole.PlaceholderText))
        bottom = QRect(inner.left(), inner.top() + line + 4, inner.width(), small.height())
        painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         small.elidedText(second, Qt.TextElideMode.ElideRight, bottom.width()))
        painter.restore()
