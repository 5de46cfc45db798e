"""The occupant list beside a room's messages: grouped by role, with affiliation, presence
and the occupant's picture (XEP-0153 through the room), else the nick's initial on its
XEP-0392 colour. Nicks are plain text (drawText, elided)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QFrame,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from heron.models.occupants import OccupantModel, OccupantRoles
from heron.ui import theme
from heron.ui.avatars import paint_avatar
from heron.ui.widgets import plain_label

_Index = QModelIndex | QPersistentModelIndex
PANEL_WIDTH = 220
AFFILIATIONS = {"owner": "owner", "admin": "admin", "member": "member"}


class OccupantDelegate(QStyledItemDelegate):
    ROW = 36
    HEADER = 28

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        header = bool(index.data(OccupantRoles.Header))
        return QSize(option.rect.width(), self.HEADER if header else self.ROW)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        title = str(index.data(OccupantRoles.Header) or "")
        if title:
            small = QFont(option.font)
            small.setBold(True)
            small.setPointSizeF(small.pointSizeF() * 0.82)
            painter.setFont(small)
            painter.setPen(theme.MUTED)
            text = f"{title.upper()} — {int(index.data(OccupantRoles.Count) or 0)}"
            painter.drawText(option.rect.adjusted(12, 6, -8, 0),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            painter.restore()
            return
        occupant = index.data(OccupantRoles.Occupant)
        row = option.rect.adjusted(4, 1, -4, -1)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(theme.ACCENT_SOFT)
            painter.drawRoundedRect(row, 6, 6)
        side = 24
        avatar = QRect(row.left() + 8, row.center().y() - side // 2, side, side)
        paint_avatar(painter, avatar, occupant.nick, occupant.nick,
                     str(index.data(OccupantRoles.Avatar) or ""), option.font)
        dot = QRect(avatar.right() - 7, avatar.bottom() - 7, 9, 9)
        painter.setPen(theme.SURFACE)
        painter.setBrush(theme.PRESENCE_COLORS.get(occupant.show,
                                                   theme.PRESENCE_COLORS["available"]))
        painter.drawEllipse(dot)
        affiliation = AFFILIATIONS.get(occupant.affiliation, "")
        small = QFont(option.font)
        small.setPointSizeF(small.pointSizeF() * 0.82)
        fm_small = QFontMetrics(small)
        right = row.right() - 8
        if affiliation:
            label = self.tr(affiliation)
            width = fm_small.horizontalAdvance(label)
            painter.setFont(small)
            painter.setPen(theme.MUTED)
            painter.drawText(QRect(right - width, row.top(), width, row.height()),
                             Qt.AlignmentFlag.AlignVCenter, label)
            right -= width + 8
        name_font = QFont(option.font)
        name_font.setBold(occupant.self)
        painter.setFont(name_font)
        painter.setPen(theme.TEXT)
        left = avatar.right() + 10
        fm = QFontMetrics(name_font)
        painter.drawText(QRect(left, row.top(), right - left, row.height()),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         fm.elidedText(occupant.nick, Qt.TextElideMode.ElideRight, right - left))
        painter.restore()


class OccupantPanel(QFrame):
    """The right-hand column of a room: "People — N" and the grouped list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("occupantPanel")
        self.setFixedWidth(PANEL_WIDTH)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 8, 0, 0)
        column.setSpacing(2)
        self.title = plain_label("", "occupantTitle")
        self.title.setContentsMargins(12, 0, 8, 4)
        column.addWidget(self.title)
        self.view = QListView()
        self.view.setObjectName("occupantList")
        self.view.setAccessibleName(self.tr("People in this room"))
        self.view.setItemDelegate(OccupantDelegate(self.view))
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setUniformItemSizes(False)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        column.addWidget(self.view, 1)
        self.model: OccupantModel | None = None

    def show_model(self, model: OccupantModel | None) -> None:
        if self.model is not None:
            self.model.close()
        self.model = model
        self.view.setModel(model)
        if model is not None:
            for change in (model.modelReset, model.rowsInserted, model.rowsRemoved):
                change.connect(self.count_people)
        self.count_people()

    def count_people(self, *_args: Any) -> None:
        count = len(self.model.people()) if self.model is not None else 0
        self.title.setText(self.tr("People — {count}").format(count=count))
