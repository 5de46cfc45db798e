"""Row heights kept across the message window's shifts (ui/row_heights.py) still follow what
changes a bubble: an edit, the view's width, the font and the theme. A stale height would cut
a bubble's text off or leave a gap under it."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QRect
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from heron.core.events import DeliveryState, Direction, StoredMessage
from heron.models.messages import MessageRoles
from heron.ui import theme
from heron.ui.delegates import MessageDelegate

LONG = ("an edited message that is now long enough to wrap over several lines in a bubble "
        "of this width, with many more words than the short message it replaced") * 2


def _message(text: str) -> StoredMessage:
    return StoredMessage(7, "me@example.org", "bob@example.org", Direction.INCOMING, text,
                         1_700_000_000.0, None, None, None, DeliveryState.RECEIVED)


def _height(delegate: MessageDelegate, model: QStandardItemModel, width: int,
            font: QFont) -> int:
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, width, 100)  # type: ignore[attr-defined]
    option.font = font  # type: ignore[attr-defined]
    return delegate.sizeHint(option, model.index(0, 0)).height()


def _model(message: StoredMessage) -> tuple[QStandardItemModel, QStandardItem]:
    model = QStandardItemModel()
    item = QStandardItem()
    item.setData(message, MessageRoles.Message)
    item.setData(message.timestamp, MessageRoles.Timestamp)
    item.setData(False, MessageRoles.Outgoing)
    model.appendRow(item)
    return model, item


def test_a_row_is_measured_once_then_kept(qapp: QApplication) -> None:
    delegate = MessageDelegate()
    model, _item = _model(_message("hello"))
    calls = []
    measure = delegate._measure
    delegate._measure = lambda o, i: calls.append(1) or measure(o, i)  # type: ignore[method-assign]
    for _ in range(5):  # the view asks again at every insert and trim of its window
        _height(delegate, model, 600, qapp.font())
    assert len(calls) == 1


def test_an_edit_width_font_or_theme_change_measures_again(qapp: QApplication) -> None:
    delegate = MessageDelegate()
    short = _message("hello")
    model, item = _model(short)
    font = qapp.font()
    before = _height(delegate, model, 600, font)
    item.setData(replace(short, body=LONG), MessageRoles.Message)  # corrected (XEP-0308)
    edited = _height(delegate, model, 600, font)
    assert edited > before
    # Each change is measured as a delegate that never saw the row would measure it.
    big = QFont(font)
    big.setPointSizeF(font.pointSizeF() * 2)
    mono = QFont(font)
    mono.setFamily("DejaVu Sans Mono")
    for width, variant in ((300, font), (600, big), (600, mono), (600, font)):
        assert _height(delegate, model, width, variant) == _height(
            MessageDelegate(), model, width, variant), (width, variant.family())
    assert _height(delegate, model, 300, font) > edited  # a narrower window wraps more
    old = theme.SCHEME
    try:
        calls = []
        measure = delegate._measure
        delegate._measure = (  # type: ignore[method-assign]
            lambda o, i: calls.append(1) or measure(o, i))
        theme.SCHEME = theme.DARK if old is not theme.DARK else theme.LIGHT
        _height(delegate, model, 600, font)
        assert calls == [1]
    finally:
        theme.SCHEME = old
