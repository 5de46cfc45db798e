"""Search every conversation (Ctrl+Shift+F, or the magnifier in the sidebar).

A window with one field and the hits: conversation, sender, time and a line of the message
with the matching words marked. The line is painted from plain text with format ranges (a
QTextLayout), never as HTML, so nothing in a message can become markup. Enter or a click opens
the conversation at that message (ConversationPane.show_message).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QTextCharFormat,
    QTextLayout,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from heron.application import Heron
from heron.core.events import Direction, StoredMessage
from heron.core.search_query import SearchQuery
from heron.core.tasks import spawn
from heron.core.timestamps import local_datetime
from heron.models.roster import RosterModel
from heron.models.search_results import SearchResultsModel, SearchRoles
from heron.ui import theme
from heron.ui.widgets import plain_label, tool_button

_Index = QModelIndex | QPersistentModelIndex
TYPING_PAUSE_MS = 150
HIT_MARK = QColor(255, 196, 0, 120)


def search_button(parent: QWidget) -> QToolButton:
    """The sidebar's way in."""
    translate = QCoreApplication.translate
    button = tool_button("searchButton", "🔍",
                         translate("SearchView", "Search all messages (Ctrl+Shift+F)"), parent)
    button.setAccessibleName(translate("SearchView", "Search messages"))
    return button


def paint_marked(painter: QPainter, rect: QRect, text: str, spans: list[tuple[int, int]],  # noqa: PLR0917  what a marked line needs
                 font: QFont, color: QColor) -> None:
    """One line of plain ``text`` with ``spans`` marked, clipped to ``rect``."""
    layout = QTextLayout(text, font)
    marks = []
    for start, end in spans:
        look = QTextCharFormat()
        look.setBackground(HIT_MARK)
        look.setFontWeight(QFont.Weight.Bold)
        mark = QTextLayout.FormatRange()
        mark.start, mark.length, mark.format = start, end - start, look
        marks.append(mark)
    layout.setFormats(marks)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(100_000)
    layout.endLayout()
    painter.save()
    painter.setClipRect(rect)
    painter.setPen(color)
    layout.draw(painter, rect.topLeft().toPointF())
    painter.restore()


class SearchHitDelegate(QStyledItemDelegate):
    HEIGHT = 60

    def __init__(self, names: RosterModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names = names

    def name(self, jid: str) -> str:
        row = self.names.row_for(jid)
        return row.display if row else jid

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        return QSize(option.rect.width(), self.HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        hit: StoredMessage = index.data(SearchRoles.Hit)
        text, spans = index.data(SearchRoles.Snippet)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        row = option.rect.adjusted(4, 2, -4, -2)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(theme.ACCENT_SOFT)
            painter.drawRoundedRect(row, 8, 8)
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(theme.RAISED)
            painter.drawRoundedRect(row, 8, 8)
        inner = row.adjusted(10, 6, -10, -6)
        bold = QFont(option.font)
        bold.setBold(True)
        small = QFont(option.font)
        small.setPointSizeF(small.pointSizeF() * 0.88)
        fm, fm_small = QFontMetrics(bold), QFontMetrics(small)
        when = local_datetime(hit.timestamp).strftime("%d %b %Y, %H:%M")
        when_w = fm_small.horizontalAdvance(when) + 4
        # In a one-to-one chat the sender is the contact (the title) or the user.
        sender = self.tr("You") if hit.direction is Direction.OUTGOING else ""
        title = self.name(hit.peer)
        head = QRect(inner.left(), inner.top(), inner.width() - when_w - 8, fm.height())
        painter.setFont(bold)
        painter.setPen(theme.TEXT)
        title_text = fm.elidedText(title, Qt.TextElideMode.ElideRight, head.width())
        painter.drawText(head, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         title_text)
        painter.setFont(small)
        painter.setPen(theme.MUTED)
        rest = QRect(head.left() + fm.horizontalAdvance(title_text) + 8, head.top(),
                     max(0, head.right() - head.left() - fm.horizontalAdvance(title_text) - 8),
                     head.height())
        painter.drawText(rest, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         fm_small.elidedText("· " + sender if sender else "",
                                             Qt.TextElideMode.ElideRight, rest.width()))
        painter.drawText(QRect(inner.right() - when_w, inner.top(), when_w, fm.height()),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, when)
        line = QRect(inner.left(), head.bottom() + 5, inner.width(),
                     QFontMetrics(option.font).height() + 2)
        paint_marked(painter, line, text, spans, option.font, theme.TEXT)
        painter.restore()


class ResultsView(QListView):
    """Enter opens the selected hit (also from the search field, which forwards it)."""

    open_requested = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_requested.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class SearchView(QDialog):
    #: the user picked a hit: account, peer, message row id
    open_message = Signal(str, str, int)

    def __init__(self, app: Heron, names: RosterModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.setObjectName("searchView")
        self.setWindowTitle(self.tr("Search messages"))
        self.setAccessibleName(self.tr("Search messages"))
        self.resize(640, 560)
        column = QVBoxLayout(self)
        column.setContentsMargins(14, 14, 14, 14)
        column.setSpacing(8)
        self.field = QLineEdit()
        self.field.setObjectName("searchField")
        self.field.setAccessibleName(self.tr("Search all messages"))
        self.field.setPlaceholderText(self.tr('Words, "a phrase", pre*, from:bob, '
                                              "after:2024-05-01, before:…"))
        self.field.setClearButtonEnabled(True)
        column.addWidget(self.field)
        self.hint = plain_label("", "searchHint")
        column.addWidget(self.hint)
        self.results = ResultsView()
        delegate = SearchHitDelegate(names, self.results)
        self.model = SearchResultsModel(self._search, self, delegate.name)
        self.results.setObjectName("searchResults")
        self.results.setAccessibleName(self.tr("Search results"))
        self.results.setModel(self.model)
        self.results.setItemDelegate(delegate)
        self.results.setMouseTracking(True)
        self.results.setUniformItemSizes(True)
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results.clicked.connect(self.open_index)
        self.results.open_requested.connect(self.open_index)
        column.addWidget(self.results, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(lambda: spawn(self.model.run(self.field.text()), "search"))
        self.field.textChanged.connect(lambda _t: self._timer.start())
        self.field.returnPressed.connect(self._open_current)
        self.field.installEventFilter(self)
        self.model.answered.connect(self._say)
        self._say(0, False)

    async def _search(self, query: SearchQuery, limit: int,
                      start: int | None) -> tuple[list[StoredMessage], int | None]:
        page = await self.app.history.search(query, limit, start)
        return page.hits, page.next_before_pk

    def eventFilter(self, watched: Any, event: Any) -> bool:
        # Up and Down in the field move through the hits.
        if watched is self.field and isinstance(event, QKeyEvent) and event.type() == \
                QKeyEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            rows = self.model.rowCount()
            if rows:
                current = self.results.currentIndex().row()
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                self.results.setCurrentIndex(self.model.index(max(0, min(rows - 1,
                                                                         current + step))))
            return True
        return super().eventFilter(watched, event)

    def _say(self, count: int, more: bool) -> None:
        query = self.model.query
        if query.ignored:
            text = self.tr("Not understood: {what} (dates are written 2024-05-31)").format(
                what=", ".join(query.ignored))
        elif query.empty:
            text = self.tr("Type to search every conversation.")
        elif count == 0:
            text = self.tr("No messages found.")
        else:
            text = (self.tr("More than {n} messages") if more else
                    self.tr("{n} messages") if count > 1 else self.tr("1 message")).format(
                        n=count)
        self.hint.setText(text)
        if count and not self.results.currentIndex().isValid():
            self.results.setCurrentIndex(self.model.index(0))

    def start(self) -> None:
        """Show (again, with the last query) and put the cursor in the field."""
        self.show()
        self.raise_()
        self.activateWindow()
        self.field.setFocus()
        self.field.selectAll()

    def run_now(self) -> None:
        """Search at once (no typing pause): tests and the screenshots."""
        self._timer.stop()
        spawn(self.model.run(self.field.text()), "search")

    def _open_current(self) -> None:
        self.open_index(self.results.currentIndex())

    def open_index(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        hit: StoredMessage = index.data(SearchRoles.Hit)
        self.hide()
        self.open_message.emit(hit.account, hit.peer, hit.pk)
