"""Quick reactions on hover (XEP-0444): a small row of common emoji over the bubble under the
pointer, and "+" for the picker. A click toggles ours, like a chip. The row is a child of the
message view's viewport, moved from bubble to bubble; the context menu has the same row for
keyboard users."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QListView, QToolButton

from heron.core.events import StoredMessage
from heron.models.messages import MessageRoles
from heron.ui import theme
from heron.ui.emoji_data import QUICK

HIDE_DELAY_MS = 300  # the pointer may cross the gap between the bubble and the row
GAP = 6


class HoverReactions(QFrame):
    def __init__(self, view: QListView, bubble_at: Callable[[QPoint], QRect | None],
                 react: Callable[[StoredMessage, str], None],
                 pick: Callable[[StoredMessage], object]) -> None:
        super().__init__(view.viewport())
        self.setObjectName("hoverReactions")
        self.setAccessibleName(self.tr("React"))
        self.view = view
        self.bubble_at = bubble_at
        self.message: StoredMessage | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        row.setSpacing(0)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        for text in (*QUICK, "+"):
            button = QToolButton(self)
            button.setText(text)
            button.setFont(font)
            button.setAutoRaise(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            if text == "+":
                button.setObjectName("hoverMoreReactions")
                button.setAccessibleName(self.tr("More reactions"))
                button.clicked.connect(lambda: self._act(pick))
            else:
                button.setObjectName("hoverReaction")
                button.setAccessibleName(self.tr("React with {emoji}").format(emoji=text))
                button.clicked.connect(
                    lambda _checked=False, e=text: self._act(lambda m: react(m, e)))
            row.addWidget(button)
        self.adjustSize()
        self.hide()
        self._hide_timer = QTimer(self)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.setInterval(HIDE_DELAY_MS)
        self._hide_timer.timeout.connect(self._hide_unless_hovered)
        view.viewport().installEventFilter(self)
        view.verticalScrollBar().valueChanged.connect(lambda _v: self.hide())

    def _act(self, action: Callable[[StoredMessage], object]) -> None:
        message = self.message
        self.hide()
        if message is not None:
            action(message)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
            self.follow(event.position().toPoint())
        elif event.type() == QEvent.Type.Leave:
            self._hide_timer.start()
        return False

    def follow(self, pos: QPoint) -> None:
        """Show the row over the bubble at ``pos`` (viewport coordinates), if any."""
        if self.isVisible() and self.geometry().contains(pos):
            return
        index = self.view.indexAt(pos)
        message = index.data(MessageRoles.Message) if index.isValid() else None
        bubble = self.bubble_at(pos) if message is not None else None
        if message is None or message.retracted or bubble is None or not (
                message.message_id or message.origin_id):
            self._hide_timer.start()
            return
        self._hide_timer.stop()
        self.message = message
        self.move(self._place(bubble, bool(index.data(MessageRoles.Outgoing))))
        self.show()
        self.raise_()

    def _place(self, bubble: QRect, outgoing: bool) -> QPoint:
        """Beside the bubble (on the free side) when there is room, else over its top edge."""
        width, height = self.width(), self.height()
        room = self.view.viewport().width()
        beside = bubble.left() - width - GAP if outgoing else bubble.right() + GAP
        if 0 <= beside <= room - width:
            return QPoint(beside, bubble.top())
        x = bubble.right() - width - 8 if outgoing else bubble.left() + 8
        return QPoint(max(0, min(x, room - width)), max(0, bubble.top() - height + 8))

    def paintEvent(self, event: QPaintEvent) -> None:
        # Painted here, not by the style sheet: the row looks the same in any window.
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(theme.BORDER, 1))
        painter.setBrush(theme.SURFACE)
        radius = (self.height() - 1) / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), radius,
                                radius)
        painter.end()

    def _hide_unless_hovered(self) -> None:
        if not self.underMouse():
            self.hide()
