"""Painting: contacts and message bubbles are drawn by delegates, never a widget per row.

Message text from the network is plain text: a bubble's document is filled with plain text and
formatted from the XEP-0393 spans and the recognised links (ui/styled_text.py); nothing from the
body can become markup.
"""

from __future__ import annotations

import html
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QSize,
    Qt,
    QUrl,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QContextMenuEvent,
    QDesktopServices,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextEdit,
    QToolTip,
    QWidget,
)

from heron.core.events import DeliveryState, Direction, StoredMessage
from heron.core.timestamps import local_datetime
from heron.models.messages import MessageRoles, delivery_problem
from heron.models.roster import RosterRoles
from heron.ui import file_card, mention_bubble, mention_counts, room_bubble, room_moderation, theme
from heron.ui.avatars import paint_avatar
from heron.ui.call_log_row import call_row_height, painted_call_row
from heron.ui.omemo_plain_link import paint_warning, warning_height
from heron.ui.read_marks import new_line_height, paint_new_line, paint_read_ticks
from heron.ui.rich_bubble import QUOTE_MIN_WIDTH, BubbleExtras
from heron.ui.row_heights import RowHeights
from heron.ui.styled_text import (
    action_text,
    build_document,
    link_target,
    needs_document,
    paint_quote_bars,
)

_Index = QModelIndex | QPersistentModelIndex
DOC_CACHE_SIZE = 400
SIZE_CACHE_SIZE = 200_000
TICKS = {
    DeliveryState.PENDING: "  ◷",
    DeliveryState.SENT: "  ✓",
    DeliveryState.DELIVERED: "  ✓✓",
    DeliveryState.FAILED: "  ⚠",
    DeliveryState.BOUNCED: "  ⚠",
}
#: states whose mark is painted in the danger colour: the message reached nobody
UNDELIVERED = frozenset({DeliveryState.FAILED, DeliveryState.BOUNCED})
DELIVERY_TEXT = {
    DeliveryState.PENDING: "Waiting to be sent",
    DeliveryState.SENT: "Sent to the server",
    DeliveryState.DELIVERED: "Delivered",
    DeliveryState.FAILED: "Not sent",
    DeliveryState.BOUNCED: "Not delivered",
    DeliveryState.READ: "Read",
}


NOBR_CHARS = 90


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` as it is: QToolTip guesses rich text from a leading tag,
    and a server's or peer's words in it must never become markup."""
    # Short lines keep to one line (Qt wraps rich tooltips narrowly); a long one may wrap.
    lines = [f"<div>{html.escape(line)}</div>" if len(line) > NOBR_CHARS
             else f"<div style='white-space:pre'>{html.escape(line)}</div>"
             for line in text.split("\n")]
    return "<qt>" + "".join(lines) + "</qt>"


_WRAP = QTextOption()
_WRAP.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)  # as QTextDocument wraps


def plain_text_height(text: str, width: int, font: QFont) -> float | None:
    """The height a plain-text QTextDocument of ``text`` takes at ``width``, measured with
    QTextLayout alone (a fifth of the cost), or None where the two could differ: a line had
    to break inside a word, where QTextDocument's rounding allows a slightly wider line."""
    height = 0.0
    for paragraph in text.split("\n"):
        layout = QTextLayout(paragraph, font)
        layout.setTextOption(_WRAP)
        layout.beginLayout()
        try:
            while True:
                line = layout.createLine()
                if not line.isValid():
                    break
                line.setLineWidth(width)
                end = line.textStart() + line.textLength()
                if 0 < end < len(paragraph) and not paragraph[end - 1].isspace():
                    return None
                height += line.height()
        finally:
            layout.endLayout()
    return height


def day_label(ts: float, now: float | None = None) -> str:
    day = local_datetime(ts).date()
    today = local_datetime(now if now is not None else time.time()).date()
    delta = (today - day).days
    if delta == 0:
        return "Today"
    if delta == 1:
        return "Yesterday"
    return day.strftime("%A, %d %B %Y") if delta > 6 else day.strftime("%A")  # noqa: PLR2004  within a week


class RosterDelegate(QStyledItemDelegate):
    ROW_HEIGHT = 48
    HEADER_HEIGHT = 30
    mentions: mention_counts.Counter | None = None  # set by ui/mention_counts.py

    def _starts_group(self, index: _Index) -> bool:
        if index.row() == 0:
            return True
        previous = index.model().index(index.row() - 1, 0)
        return bool(previous.data(RosterRoles.Group) != index.data(RosterRoles.Group))

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        extra = self.HEADER_HEIGHT if self._starts_group(index) else 0
        return QSize(200, self.ROW_HEIGHT + extra)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:  # noqa: PLR0915  one row, painted in order
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRect(option.rect)
        if self._starts_group(index):
            header = QRect(rect.left() + 14, rect.top(), rect.width() - 28, self.HEADER_HEIGHT)
            font = QFont(option.font)
            font.setPointSizeF(font.pointSizeF() * 0.85)
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(theme.MUTED)
            painter.drawText(header, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                             str(index.data(RosterRoles.Group)).upper())
            rect.setTop(rect.top() + self.HEADER_HEIGHT)
        row = rect.adjusted(6, 2, -6, -2)
        state = option.state
        if state & QStyle.StateFlag.State_Selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(theme.ACCENT_SOFT)
            painter.drawRoundedRect(row, 8, 8)
        elif state & QStyle.StateFlag.State_MouseOver:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(theme.RAISED)
            painter.drawRoundedRect(row, 8, 8)

        name = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        show = str(index.data(RosterRoles.Show) or "offline")
        status = str(index.data(RosterRoles.Status) or "")
        unread = int(index.data(RosterRoles.Unread) or 0)

        # the contact's picture, or the initial on their XEP-0392 colour
        jid = str(index.data(RosterRoles.Jid) or "")
        size = 32
        avatar = QRect(row.left() + 8, row.center().y() - size // 2, size, size)
        paint_avatar(painter, avatar, jid, name, str(index.data(RosterRoles.Avatar) or ""),
                     option.font)
        initial_font = QFont(option.font)
        initial_font.setBold(True)
        dot = QRect(avatar.right() - 9, avatar.bottom() - 9, 11, 11)
        painter.setPen(theme.SIDEBAR if not state & QStyle.StateFlag.State_Selected
                       else theme.ACCENT_SOFT)
        painter.setBrush(theme.PRESENCE_COLORS.get(show, theme.PRESENCE_COLORS["offline"]))
        painter.drawEllipse(dot)

        text_left = avatar.right() + 10
        badge_width = 0
        if unread:
            badge_text = str(unread) if unread < 100 else "99+"  # noqa: PLR2004  badge shows 99+
            fm = QFontMetrics(initial_font)
            badge_width = max(20, fm.horizontalAdvance(badge_text) + 12)
            badge = QRect(row.right() - badge_width - 8, row.center().y() - 10, badge_width, 20)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(theme.ACCENT)
            painter.drawRoundedRect(badge, 10, 10)
            painter.setPen(QColor("white"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, badge_text)
        badge_width += mention_counts.paint_badge(  # "@": unread mentions in a room
            painter, self.mentions, (str(index.data(RosterRoles.Account)), jid), initial_font,
            right=row.right() - badge_width - (12 if badge_width else 8),
            middle=row.center().y())
        text_width = row.right() - text_left - badge_width - 14
        name_font = QFont(option.font)
        name_font.setBold(unread > 0)
        painter.setFont(name_font)
        painter.setPen(theme.TEXT if show != "offline" else theme.MUTED)
        fm_name = QFontMetrics(name_font)
        second_line = status or {"offline": "", "available": "", "chat": ""}.get(show, show)
        small = QFont(option.font)
        small.setPointSizeF(small.pointSizeF() * 0.88)
        fm_small = QFontMetrics(small)
        # Two lines stacked around the row's middle, or one centred line.
        block = fm_name.height() + (fm_small.height() + 1 if second_line else 0)
        top = row.center().y() - block // 2
        name_rect = QRect(text_left, top, text_width, fm_name.height())
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         fm_name.elidedText(name, Qt.TextElideMode.ElideRight, text_width))
        if second_line:
            painter.setFont(small)
            painter.setPen(theme.MUTED)
            status_rect = QRect(text_left, top + fm_name.height() + 1, text_width,
                                fm_small.height())
            painter.drawText(status_rect,
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             fm_small.elidedText(second_line.replace("\n", " "),
                                                 Qt.TextElideMode.ElideRight, text_width))
        painter.restore()


@lru_cache(maxsize=16_384)  # every measured and painted row asks, for itself and its neighbour
def _local_day(ts: float) -> date:
    return local_datetime(ts).date()


class MessageDelegate(QStyledItemDelegate):
    """Chat bubbles with day separators, timestamps and delivery ticks."""

    MARGIN = 14
    PADDING = 10
    DAY_HEADER = 34
    META_HEIGHT = 16
    MAX_BUBBLE_FRACTION = 0.72

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Laid-out documents for painting (a few screens' worth) and plain sizes for layout
        # (every row): QListView asks every row's size whenever rows are added.
        self._docs: OrderedDict[tuple[int, int, str, str], QTextDocument] = OrderedDict()
        self._sizes: dict[tuple[int, int, str, str, bool, str], QSize] = {}
        self._docs_scheme = theme.SCHEME
        #: who a "/me" message is about: the sender's name (mine for outgoing messages)
        self.name_for: Callable[[bool], str] = lambda _outgoing: ""
        #: a file card's button was clicked: (its FileTransfer, "cancel"/"retry"/"save"/...)
        self.file_action: Callable[[Any, str], None] = lambda _file, _action: None
        #: an image file's thumbnail (file_card.Picture), None for other files
        self.picture_of: Callable[[Any], Any] = lambda _file: None
        self.extras = BubbleExtras()  # reply quote, reaction chips, edit history
        #: how a message was encrypted, for its tooltip (ui/omemo_lock.py sets it)
        self.encryption_tip: Callable[[StoredMessage], str] = lambda _message: ""
        #: an aesgcm:// link that came in plaintext: a warning under it (ui/omemo_plain_link.py)
        self.plain_link_warns: Callable[[StoredMessage], bool] = lambda _message: False
        #: the text a bubble shows (an OMEMO placeholder translated: ui/omemo_failures.py)
        self.body_for: Callable[[StoredMessage], str] = lambda message: message.body
        self.heights = RowHeights()  # whole row sizes, kept across window shifts

    def _starts_day(self, index: _Index) -> bool:
        if index.row() == 0:
            return True
        prev = index.model().index(index.row() - 1, 0).data(MessageRoles.Timestamp)
        return _local_day(prev) != _local_day(index.data(MessageRoles.Timestamp))

    def _shown(self, index: _Index) -> tuple[str, str]:
        """(prefix, text) a bubble shows: a XEP-0245 action reads "* Alice waves"."""
        body = str(self.body_for(index.data(MessageRoles.Message)))
        action = action_text(body)
        if action is None:
            return "", body
        name = self.name_for(bool(index.data(MessageRoles.Outgoing)))
        return (f"* {name} " if name else "* "), action

    def _document(self, index: _Index, width: int, font: QFont) -> QTextDocument:
        message = index.data(MessageRoles.Message)
        if self._docs_scheme is not theme.SCHEME:  # link and code colours belong to the scheme
            self._docs.clear()
            self._docs_scheme = theme.SCHEME
        prefix, text = self._shown(index)
        key = (message.pk, width, prefix, text)
        doc = self._docs.get(key)
        if doc is not None:
            self._docs.move_to_end(key)
        else:
            while len(self._docs) > DOC_CACHE_SIZE:
                self._docs.popitem(last=False)
            if message.retracted:
                doc = QTextDocument()
                doc.setDefaultFont(font)
                doc.setDocumentMargin(0)
                self._tombstone(doc, message.direction is Direction.OUTGOING,
                                room_moderation.tombstone_text(message))
            else:
                doc = build_document(text, font, prefix)
            doc.setTextWidth(width)
            ideal = doc.idealWidth()
            if ideal < width:
                doc.setTextWidth(ideal + 1)
            self._docs[key] = doc
        return doc

    def _tombstone(self, doc: QTextDocument, outgoing: bool, moderated: str = "") -> None:
        """XEP-0424: a retracted message keeps its place as a muted, italic line."""
        text = moderated or (self.tr("You deleted this message") if outgoing
                             else self.tr("Message deleted"))
        look = QTextCharFormat()
        look.setFontItalic(True)
        look.setForeground(theme.MUTED)
        QTextCursor(doc).insertText(text, look)

    def _bubble_width(self, option: QStyleOptionViewItem) -> int:
        return int(option.rect.width() * self.MAX_BUBBLE_FRACTION) - 2 * self.PADDING

    def _file_card(self, option: QStyleOptionViewItem,
                   index: _Index) -> tuple[Any, QPoint, int, Any]:
        """(file, top left, width, picture) of a file message's card (ui/file_card.py);
        file None when the message is not a file."""
        top = option.rect.top() + (self.DAY_HEADER if self._starts_day(index) else 0) + 4
        width = file_card.card_width(self._bubble_width(option) + 2 * self.PADDING)
        left = (option.rect.right() - self.MARGIN - width if index.data(MessageRoles.Outgoing)
                else option.rect.left() + self.MARGIN)
        file = index.data(MessageRoles.File)
        return file, QPoint(left, top), width, self.picture_of(file) if file else None

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        if index.data(MessageRoles.Call) is not None:  # a call-log row (ui/call_log_row.py)
            return QSize(option.rect.width(), call_row_height(option))
        message = index.data(MessageRoles.Message)
        if index.data(MessageRoles.File) is not None:  # a card grows when its picture loads
            return self._measure(option, index)
        key = self.heights.key(message.pk, option.rect.width(), self._starts_day(index),
                               bool(new_line_height(index)), option.font)
        return (self.heights.get(key, message)
                or self.heights.put(key, message, self._measure(option, index)))

    def _measure(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        file, top_left, width, picture = self._file_card(option, index)
        if file is not None:
            return QSize(option.rect.width(), top_left.y() - option.rect.top() + 4
                         + file_card.height(file, width, option.font, picture))
        message = index.data(MessageRoles.Message)
        width = max(120, self._bubble_width(option))
        starts_day = self._starts_day(index)
        prefix, text = self._shown(index)
        key = (message.pk, width, prefix, text, starts_day, option.font.key())
        size = self._sizes.get(key)
        if size is None:
            # Every new row is measured, but only the rows on screen are painted: the height
            # of plain text comes from a bare QTextLayout, a document is built only for styled
            # text (and the rare line broken inside a word) or when the row is painted.
            font: QFont = option.font
            text_height = (None if message.retracted or prefix or needs_document(text)
                           else plain_text_height(text, width, font))
            if text_height is None:
                text_height = self._document(index, width, font).size().height()
            height = int(text_height) + 2 * self.PADDING + self.META_HEIGHT + 8
            if starts_day:
                height += self.DAY_HEADER
            if len(self._sizes) > SIZE_CACHE_SIZE:
                self._sizes.clear()
            size = QSize(option.rect.width(), height)
            self._sizes[key] = size
        extra = (new_line_height(index) + self.extras.quote_height(message, option.font)
                 + self.extras.chips_height(message, width + 2 * self.PADDING, option.font)
                 + room_bubble.nick_height(index, option.font))
        if self.plain_link_warns(message):
            extra += warning_height(width, option.font)
        return QSize(size.width(), size.height() + extra) if extra else size

    def _layout(self, option: QStyleOptionViewItem, index: _Index) -> tuple[QRect, QTextDocument]:
        rect = QRect(option.rect)
        if self._starts_day(index):
            rect.setTop(rect.top() + self.DAY_HEADER)
        rect.setTop(rect.top() + new_line_height(index))
        width = max(120, self._bubble_width(option))
        doc = self._document(index, width, option.font)
        fm = QFontMetrics(option.font)
        meta_width = fm.horizontalAdvance("00:00 ✓✓ edited") + 4
        bubble_w = int(max(doc.size().width(), meta_width * 0.8)) + 2 * self.PADDING
        bubble_h = int(doc.size().height()) + 2 * self.PADDING + self.META_HEIGHT
        quote = self.extras.quote_height(index.data(MessageRoles.Message), option.font)
        if quote:
            bubble_w, bubble_h = max(bubble_w, QUOTE_MIN_WIDTH), bubble_h + quote
        if nick := room_bubble.nick_height(index, option.font):  # a room: the sender's nick
            bubble_h += nick
            bubble_w = max(bubble_w, room_bubble.nick_width(index, option.font)
                           + 2 * self.PADDING)
        if self.plain_link_warns(index.data(MessageRoles.Message)):
            bubble_w = max(bubble_w, width + 2 * self.PADDING)
            bubble_h += warning_height(width, option.font)
        outgoing = bool(index.data(MessageRoles.Outgoing))
        left = rect.right() - self.MARGIN - bubble_w if outgoing else rect.left() + self.MARGIN
        return QRect(left, rect.top() + 4, bubble_w, bubble_h), doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:  # noqa: PLR0915  one bubble, painted in order
        if painted_call_row(painter, option, index.data(MessageRoles.Call), self.name_for):
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        message = index.data(MessageRoles.Message)
        if self._starts_day(index):
            header = QRect(option.rect.left(), option.rect.top() + 6,
                           option.rect.width(), self.DAY_HEADER - 10)
            label = day_label(message.timestamp)
            small = QFont(option.font)
            small.setPointSizeF(small.pointSizeF() * 0.85)
            small.setBold(True)
            painter.setFont(small)
            fm = QFontMetrics(small)
            pill_w = fm.horizontalAdvance(label) + 24
            pill = QRect(header.center().x() - pill_w // 2, header.top(), pill_w, header.height())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(theme.RAISED)
            painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
            painter.setPen(theme.MUTED)
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, label)
        if new_line_height(index):
            paint_new_line(painter, option.rect, self.DAY_HEADER if self._starts_day(index)
                           else 0, option.font)

        outgoing = bool(index.data(MessageRoles.Outgoing))
        file, top_left, width, picture = self._file_card(option, index)
        if file is not None:
            card = file_card.paint(painter, file, top_left, width, option.font, picture,
                                   selected=bool(option.state & QStyle.StateFlag.State_Selected))
            painter.restore()
            self._paint_meta(painter, option, card.card, message, outgoing=outgoing)
            return
        bubble, doc = self._layout(option, index)
        path = QPainterPath()
        path.addRoundedRect(bubble.toRectF(), 14, 14)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(mention_bubble.fill(index, theme.OUT_BUBBLE if outgoing
                                             else theme.IN_BUBBLE))  # a mention: its colours
        if message.retracted:  # a tombstone: an outline where the bubble was
            painter.setPen(QPen(theme.BORDER, 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(QPen(theme.ACCENT, 2))
        painter.drawPath(path)
        mention_bubble.paint_accent(painter, path, index)
        painter.setPen(Qt.PenStyle.NoPen)

        room_bubble.paint_nick(painter, self._inner(bubble), index, option.font)
        self.extras.paint_quote(painter, self._inner(bubble).adjusted(
            0, room_bubble.nick_height(index, option.font), 0, 0), message, option.font)
        painter.translate(QPointF(bubble.left() + self.PADDING,
                                  self._text_top(bubble, index, option)))
        ctx = QAbstractTextDocumentLayout.PaintContext()
        ctx.palette.setColor(QPalette.ColorRole.Text, theme.TEXT)
        doc.documentLayout().draw(painter, ctx)
        paint_quote_bars(painter, doc)
        paint_warning(painter, self.plain_link_warns(message), QRect(  # omemo_plain_link.py
            0, int(doc.size().height()), bubble.width() - 2 * self.PADDING, 10_000), option.font)
        painter.restore()

        self._paint_meta(painter, option, bubble, message, outgoing=outgoing)
        self.extras.paint_chips(painter, self._chips(option, index, bubble), message, option.font)

    def _inner(self, bubble: QRect) -> QRect:
        return bubble.adjusted(self.PADDING, self.PADDING, -self.PADDING, -self.PADDING)

    def _text_top(self, bubble: QRect, index: _Index, option: QStyleOptionViewItem) -> int:
        message = index.data(MessageRoles.Message)
        return (bubble.top() + self.PADDING + self.extras.quote_height(message, option.font)
                + room_bubble.nick_height(index, option.font))

    def _chips(self, option: QStyleOptionViewItem, index: _Index,
               bubble: QRect) -> list[tuple[str, QRect]]:
        return self.extras.chips(index.data(MessageRoles.Message), bubble,
                                 max(120, self._bubble_width(option)) + 2 * self.PADDING,
                                 option.font, bool(index.data(MessageRoles.Outgoing)))

    def _paint_meta(self, painter: QPainter, option: QStyleOptionViewItem, bubble: QRect,
                    message: StoredMessage, *, outgoing: bool) -> None:
        """Time, "edited" and the delivery tick (a red mark when it reached nobody)."""
        painter.save()
        small = QFont(option.font)
        small.setPointSizeF(small.pointSizeF() * 0.8)
        painter.setFont(small)
        painter.setPen(theme.MUTED)
        meta = local_datetime(message.timestamp).strftime("%H:%M")
        if message.corrected:
            meta = "edited  " + meta
        meta_rect = self._meta_rect(bubble)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if outgoing and message.state in UNDELIVERED:
            # A red disc with "!" where the tick would be: this message reached nobody.
            size = min(meta_rect.height() - 2, QFontMetrics(small).height())
            disc = QRect(meta_rect.right() - size, meta_rect.center().y() - size // 2 + 1,
                         size, size)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(theme.SCHEME.danger))
            painter.drawEllipse(disc)
            bold = QFont(small)
            bold.setBold(True)
            painter.setFont(bold)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(disc, Qt.AlignmentFlag.AlignCenter, "!")
            painter.setFont(small)
            painter.setPen(theme.MUTED)
            meta_rect.setRight(disc.left() - 4)
        elif outgoing and message.state is DeliveryState.READ:
            meta_rect.setRight(paint_read_ticks(painter, meta_rect, small))
        elif outgoing:
            meta += TICKS.get(message.state, "")
        painter.drawText(meta_rect, right, meta)
        painter.restore()

    def _meta_rect(self, bubble: QRect) -> QRect:
        return QRect(bubble.left() + self.PADDING, bubble.bottom() - self.META_HEIGHT - 4,
                     bubble.width() - 2 * self.PADDING, self.META_HEIGHT)

    def tooltip_at(self, option: QStyleOptionViewItem, index: _Index, pos: QPoint) -> str:
        """Full date and time on a bubble; on the time and ticks, also the delivery state."""
        bubble, _doc = self._layout(option, index)
        message = index.data(MessageRoles.Message)
        chip = self.extras.chip_at(self._chips(option, index, bubble), pos)
        if chip:  # who reacted so
            return self.extras.chip_tooltip(message, chip)
        if not bubble.contains(pos):
            return ""
        when = local_datetime(message.timestamp).strftime("%A, %d %B %Y, %H:%M:%S")
        lines = [when]
        if message.corrected:
            lines.append(self.tr("Edited"))
            lines.append(self.extras.versions_tooltip(message))
        lines.append(self.encryption_tip(message))
        problem = delivery_problem(message)
        on_meta = self._meta_rect(bubble).adjusted(0, -2, 0, 4).contains(pos)
        if problem:  # anywhere on the bubble: why it reached nobody
            lines.append(self.tr("Not delivered: {reason}").format(reason=problem))
        elif on_meta and bool(index.data(MessageRoles.Outgoing)):
            lines.append(self.tr(DELIVERY_TEXT.get(message.state, "")))
        return "\n".join(line for line in lines if line)

    def helpEvent(self, event: QHelpEvent, view: QAbstractItemView,
                  option: QStyleOptionViewItem, index: _Index) -> bool:
        if event.type() == QEvent.Type.ToolTip and index.isValid():
            text = self.tooltip_at(option, index, event.pos())
            if text:
                QToolTip.showText(event.globalPos(), plain_tooltip(text), view.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().helpEvent(event, view, option, index)

    # Double-click (or F2) on a bubble puts its text in a read-only field over it, so part of
    # a message can be selected with the mouse or keyboard and copied.
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: _Index) -> QWidget:
        editor = MessageTextSelector(parent)
        editor.setAccessibleName(self.tr("Message text"))
        editor.setFont(option.font)
        return editor

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        """The text arrives in updateEditorGeometry, laid out at the bubble's width."""

    def setModelData(self, editor: QWidget, model: Any, index: _Index) -> None:
        """Read-only: nothing goes back into the model."""

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem,
                             index: _Index) -> None:
        bubble, doc = self._layout(option, index)
        if isinstance(editor, MessageTextSelector):
            editor.show_document(doc)  # the bubble's own document, so nothing moves
        editor.setGeometry(QRect(bubble.left() + self.PADDING,
                                 self._text_top(bubble, index, option),
                                 int(doc.size().width()) + 2, int(doc.size().height()) + 2))

    def anchor_at(self, option: QStyleOptionViewItem, index: _Index, pos: Any) -> str:
        bubble, doc = self._layout(option, index)
        local = QPointF(pos.x() - bubble.left() - self.PADDING,
                        pos.y() - self._text_top(bubble, index, option))
        return str(doc.documentLayout().anchorAt(local))

    def editorEvent(self, event: QEvent, model: Any, option: QStyleOptionViewItem,
                    index: _Index) -> bool:
        released = (event.type() == QEvent.Type.MouseButtonRelease
                    and isinstance(event, QMouseEvent)
                    and event.button() == Qt.MouseButton.LeftButton)
        file, top_left, width, picture = self._file_card(option, index)
        if file is not None and released and isinstance(event, QMouseEvent):
            geometry = file_card.layout(file, top_left, width, option.font, picture)
            action = file_card.action_at(geometry, event.position().toPoint())
            if action:
                self.file_action(file, action)
                return True
        elif released and isinstance(event, QMouseEvent):
            bubble, _doc = self._layout(option, index)
            if self.extras.click(index.data(MessageRoles.Message), self._inner(bubble),
                                 self._chips(option, index, bubble),
                                 event.position().toPoint(), option.font):
                return True
            anchor = self.anchor_at(option, index, event.position())
            if anchor:
                # Links open only on a click: nothing from a message is fetched on its own.
                QDesktopServices.openUrl(QUrl(link_target(anchor)))
                return True
        return super().editorEvent(event, model, option, index)


class MessageTextSelector(QTextEdit):
    """Double-click (or F2) on a bubble: its text, selectable in place, read-only. Copying puts
    only plain text on the clipboard, exactly the characters shown (never HTML)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageTextSelector")
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._source: QTextDocument | None = None

    def show_document(self, doc: QTextDocument) -> None:
        if self._source is doc:
            return  # already shown: keep the selection
        self._source = doc
        copy = doc.clone(self)
        self.setLineWrapMode(QTextEdit.LineWrapMode.FixedPixelWidth)
        self.setLineWrapColumnOrWidth(max(1, int(doc.textWidth())))
        self.setDocument(copy)

    # Copying goes through here rather than an override of createMimeDataFromSelection: Qt
    # takes ownership of the QMimeData that override returns, and so does Python (a crash).
    def selected_plain_text(self) -> str:
        return self.textCursor().selectedText().replace("\u2029", "\n")

    def copy_plain(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None and self.textCursor().hasSelection():
            clipboard.setText(self.selected_plain_text())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_plain()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        copy = menu.addAction(self.tr("Copy"), self.copy_plain)
        copy.setEnabled(self.textCursor().hasSelection())
        menu.addAction(self.tr("Select All"), self.selectAll)
        menu.popup(event.globalPos())

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        paint_quote_bars(painter, self.document())
        painter.end()
