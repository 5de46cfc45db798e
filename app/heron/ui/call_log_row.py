"""A call in the chat's timeline (issue 10, point 1): one centred line between the messages,
"Missed call from Bob · 14:02" (in the danger colour), "Outgoing video call · 3 min",
"Declined call from Bob", painted here for the message delegate (which only asks this
module for the height and the painting of rows whose MessageRoles.Call is set)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem

from heron.core.call_log import CallRecord
from heron.core.tasks import spawn
from heron.core.timestamps import local_datetime
from heron.models.call_index import CallIndex
from heron.ui import theme

if TYPE_CHECKING:
    from heron.application import Heron
    from heron.models.messages import MessageModel

HEIGHT = 44
PILL_HEIGHT = 30


translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")


def attach(app: Heron, model: MessageModel, account: str, peer: str,
           parent: Any) -> CallIndex:
    """Make ``model``'s rows know which of them are calls."""
    index = CallIndex(app.bus, account, peer, parent)
    model.call_of = index.of
    index.changed.connect(model.refresh)
    spawn(index.load(lambda: app.conversation_calls(account, peer)), "call log of the chat")
    return index


def duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    if seconds < 60:  # noqa: PLR2004  a minute
        return translate("CallLog", "{n} s").format(n=max(1, round(seconds)))
    if minutes < 60:  # noqa: PLR2004  an hour
        return translate("CallLog", "{n} min").format(n=minutes)
    return translate("CallLog", "{h} h {m} min").format(h=minutes // 60, m=minutes % 60)


def text(record: CallRecord, name: str) -> str:  # noqa: PLR0911  a line per outcome
    """The row's words (``name``: the contact as the chat shows them; plain text)."""
    video = record.video
    if record.outcome == "missed":
        return (translate("CallLog", "Missed video call from {name}") if video
                else translate("CallLog", "Missed call from {name}")).format(name=name)
    if record.outcome == "answered":
        if record.outgoing:
            kind = (translate("CallLog", "Outgoing video call") if video
                    else translate("CallLog", "Outgoing call"))
        else:
            kind = (translate("CallLog", "Incoming video call") if video
                    else translate("CallLog", "Incoming call"))
        return f"{kind} · {duration(record.duration)}" if record.duration else kind
    if record.outcome == "declined":
        return translate("CallLog", "Declined call from {name}").format(name=name)
    if record.outcome == "rejected":
        return translate("CallLog", "{name} declined the call").format(name=name)
    if record.outcome == "elsewhere":
        return translate("CallLog", "Call from {name} taken on another device").format(name=name)
    if record.outcome == "cancelled":
        return translate("CallLog", "Outgoing call · cancelled")
    return translate("CallLog", "Call not answered")


def call_row_height(option: QStyleOptionViewItem) -> int:
    return HEIGHT


def painted_call_row(painter: QPainter, option: QStyleOptionViewItem, record: Any,
                     name_for: Callable[[bool], str]) -> bool:
    """Paint the row when it is a call (``record`` is its CallRecord); False for a message."""
    if not isinstance(record, CallRecord):
        return False
    paint(painter, option, record, name_for(False))
    return True


def paint(painter: QPainter, option: QStyleOptionViewItem, record: CallRecord,
          name: str) -> None:
    scheme = theme.SCHEME
    line = f"{text(record, name)} · {local_datetime(record.started).strftime('%H:%M')}"
    font = QFont(option.font)
    font.setPointSizeF(font.pointSizeF() * 0.92)
    font.setBold(record.outcome == "missed")
    metrics = QFontMetrics(font)
    icon = "✆ " if not record.video else "▶ "
    width = min(metrics.horizontalAdvance(icon + line) + 32, option.rect.width() - 24)
    rect = option.rect
    pill = QRect(rect.center().x() - width // 2, rect.top() + (HEIGHT - PILL_HEIGHT) // 2,
                 width, PILL_HEIGHT)
    missed = record.outcome == "missed"
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(scheme.error_bg if missed else scheme.raised))
    painter.drawRoundedRect(pill, PILL_HEIGHT / 2, PILL_HEIGHT / 2)
    painter.setFont(font)
    painter.setPen(QColor(scheme.error_text if missed else scheme.status_text))
    painter.drawText(pill, Qt.AlignmentFlag.AlignCenter,
                     metrics.elidedText(icon + line, Qt.TextElideMode.ElideRight, width - 24))
    painter.restore()
