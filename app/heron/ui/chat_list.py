"""The sidebar's "Chats" list: conversations by last activity, and the "Chats | Contacts"
switch above it.

A row: the contact's picture with their presence dot, name, the time of the last activity
(today: 14:05; this week: the weekday; else the date), a one-line preview ("You: " before the
user's own words) and the unread count. A click (or Enter) opens the conversation by the same
path as the roster; the context menu's "Close chat" hides it until its next message.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from PySide6.QtCore import (
    QDateTime,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QListView,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from heron.models.chats import ChatRoles
from heron.models.roster import RosterFilterModel
from heron.ui import mention_counts, theme
from heron.ui.avatars import paint_avatar

_Index = QModelIndex | QPersistentModelIndex
WEEK_DAYS = 6  # older than this many days: the date, not the weekday


def when_text(ts: float, now: float | None = None, locale: QLocale | None = None) -> str:
    """A row's time: hh:mm today, the weekday within the week, else the short date."""
    locale = locale or QLocale()
    now_dt = datetime.fromtimestamp(now if now is not None else time.time())
    then = datetime.fromtimestamp(ts)
    moment = QDateTime.fromSecsSinceEpoch(int(ts))
    if then.date() == now_dt.date():
        return locale.toString(moment.time(), QLocale.FormatType.ShortFormat)
    if now_dt.date() - timedelta(days=WEEK_DAYS) <= then.date() < now_dt.date():
        return locale.dayName(then.isoweekday(), QLocale.FormatType.ShortFormat)
    return locale.toString(moment.date(), QLocale.FormatType.ShortFormat)


class ChatDelegate(QStyledItemDelegate):
    ROW_HEIGHT = 58
    AVATAR = 36
    mentions: mention_counts.Counter | None = None  # set by ui/mention_counts.py

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        return QSize(200, self.ROW_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        row = QRect(option.rect).adjusted(6, 2, -6, -2)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected or option.state & QStyle.StateFlag.State_MouseOver:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(theme.ACCENT_SOFT if selected else theme.RAISED)
            painter.drawRoundedRect(row, 8, 8)
        name = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        unread = int(index.data(ChatRoles.Unread) or 0)
        left = self._paint_avatar(painter, option, index, row, selected)
        right = row.right() - 10
        bold = QFont(option.font)
        bold.setBold(True)
        small = QFont(option.font)
        small.setPointSizeF(small.pointSizeF() * 0.88)
        fm_name, fm_small = QFontMetrics(bold if unread else option.font), QFontMetrics(small)
        top = row.center().y() - (fm_name.height() + fm_small.height() + 2) // 2
        # First line: the name, and the time at the right.
        when = when_text(float(index.data(ChatRoles.Timestamp) or 0))
        when_width = fm_small.horizontalAdvance(when)
        painter.setFont(small)
        painter.setPen(theme.ACCENT if unread else theme.MUTED)
        painter.drawText(QRect(right - when_width, top, when_width, fm_name.height()),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, when)
        name_width = right - when_width - 8 - left
        painter.setFont(bold if unread else option.font)
        painter.setPen(theme.TEXT)
        painter.drawText(QRect(left, top, name_width, fm_name.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         fm_name.elidedText(name, Qt.TextElideMode.ElideRight, name_width))
        # Second line: the preview, and the unread badge at the right.
        second = top + fm_name.height() + 2
        badge_width = self._paint_badge(painter, unread, bold, right,
                                        second + fm_small.height() // 2)
        badge_width += mention_counts.paint_badge(  # "@": unread mentions in a room
            painter, self.mentions, (str(index.data(ChatRoles.Account)),
                                     str(index.data(ChatRoles.Peer))),
            bold, right=right - badge_width - (4 if badge_width else 0),
            middle=second + fm_small.height() // 2)
        preview = self.preview_text(index)
        width = right - left - (badge_width + 8 if badge_width else 0)
        painter.setFont(small)
        painter.setPen(theme.TEXT if unread else theme.MUTED)
        painter.drawText(QRect(left, second, width, fm_small.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         fm_small.elidedText(preview, Qt.TextElideMode.ElideRight, width))
        painter.restore()

    def _paint_avatar(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index,
                      row: QRect, selected: bool) -> int:
        """The picture (or initial) with the presence dot; returns where the text starts."""
        side = self.AVATAR
        avatar = QRect(row.left() + 8, row.center().y() - side // 2, side, side)
        paint_avatar(painter, avatar, str(index.data(ChatRoles.Peer) or ""),
                     str(index.data(Qt.ItemDataRole.DisplayRole) or ""),
                     str(index.data(ChatRoles.Avatar) or ""), option.font)
        show = str(index.data(ChatRoles.Show) or "offline")
        painter.setPen(theme.ACCENT_SOFT if selected else theme.SIDEBAR)
        painter.setBrush(theme.PRESENCE_COLORS.get(show, theme.PRESENCE_COLORS["offline"]))
        painter.drawEllipse(QRect(avatar.right() - 10, avatar.bottom() - 10, 12, 12))
        return avatar.right() + 10

    @staticmethod
    def _paint_badge(painter: QPainter, unread: int, font: QFont, right: int,
                     middle: int) -> int:
        """The unread count in a pill ending at ``right``; returns its width (0: none)."""
        if not unread:
            return 0
        text = str(unread) if unread < 100 else "99+"  # noqa: PLR2004  the badge says 99+
        width = max(20, QFontMetrics(font).horizontalAdvance(text) + 12)
        badge = QRect(right - width, middle - 10, width, 20)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.ACCENT)
        painter.drawRoundedRect(badge, 10, 10)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
        return width

    def preview_text(self, index: _Index) -> str:
        preview = str(index.data(ChatRoles.Preview) or "")
        if index.data(ChatRoles.Outgoing):
            return self.tr("You: {text}").format(text=preview)
        return preview


class ChatListView(QListView):
    """The chats, newest first; opens a conversation on click or Enter."""

    open_requested = Signal(str, str)  # account, peer
    close_requested = Signal(str, str)

    def __init__(self, proxy: RosterFilterModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatsView")
        self.setAccessibleName(self.tr("Chats"))
        self.setModel(proxy)
        self.setItemDelegate(ChatDelegate(self))
        self.setMouseTracking(True)
        self.setUniformItemSizes(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self.show_menu)
        self.clicked.connect(self.open_index)
        self.activated.connect(self.open_index)

    def open_index(self, index: QModelIndex) -> None:
        account, peer = index.data(ChatRoles.Account), index.data(ChatRoles.Peer)
        if account and peer:
            self.setCurrentIndex(index)
            self.open_requested.emit(account, peer)

    def show_menu(self, pos: QPoint) -> QMenu | None:
        index = self.indexAt(pos)
        if not index.isValid():
            return None
        account, peer = str(index.data(ChatRoles.Account)), str(index.data(ChatRoles.Peer))
        menu = QMenu(self)
        menu.setObjectName("chatContextMenu")
        menu.addAction(self.tr("Open chat"), lambda: self.open_index(index))
        close = menu.addAction(self.tr("Close chat"),
                               lambda: self.close_requested.emit(account, peer))
        close.setObjectName("closeChatAction")
        close.setToolTip(self.tr("Hide it from this list until the next message; the history "
                                 "stays"))
        menu.popup(self.viewport().mapToGlobal(pos))
        return menu


class ListSwitch(QWidget):
    """Two segmented buttons: "Chats" and "Contacts" (Ctrl+1, Ctrl+2)."""

    changed = Signal(str)  # "chats" | "contacts"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("listSwitch")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAccessibleName(self.tr("Show chats or contacts"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(3, 3, 3, 3)
        layout.setSpacing(2)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QPushButton] = {}
        for page, label, keys in (("chats", self.tr("Chats"), "Ctrl+1"),
                                  ("contacts", self.tr("Contacts"), "Ctrl+2")):
            button = QPushButton(label)
            button.setObjectName(f"{page}Tab")
            button.setCheckable(True)
            button.setAccessibleName(label)
            button.setToolTip(f"{label} ({keys})")
            button.clicked.connect(lambda _on=False, p=page: self.set_page(p))
            self.group.addButton(button)
            layout.addWidget(button, 1)
            self.buttons[page] = button
        self.page = ""

    def set_page(self, page: str) -> None:
        self.buttons[page].setChecked(True)
        if page != self.page:
            self.page = page
            self.changed.emit(page)
