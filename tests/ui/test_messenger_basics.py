"""The small things a person expects from a messenger, driven from the window as they would."""

from __future__ import annotations

import asyncio
import datetime
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QContextMenuEvent, QGuiApplication, QHelpEvent
from PySide6.QtWidgets import (
    QApplication,
    QMenu,
    QStyleOptionViewItem,
    QTextEdit,
    QToolTip,
    QWidget,
)

from heron.core.events import DeliveryState
from heron.models.messages import MessageRoles
from heron.ui.confirm import ConfirmDialog
from heron.ui.delegates import MessageDelegate
from heron.ui.dialogs import ContactDialog
from heron.ui.main_window import MainWindow
from tests.helpers import until
from tests.integration.parties import stop_peer
from tests.ui.test_main_window import _bodies, _click_contact, _row_of, _window_with_contact
from tests.ui.windows import window_without_accounts

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def _painting(window: MainWindow, row: int) -> tuple[MessageDelegate, QStyleOptionViewItem, Any]:
    """The delegate, the option it paints message ``row`` with, and the row's index."""
    view = window.message_view
    model = window.message_model
    assert model is not None
    index = model.index(row)
    delegate = view.itemDelegate()
    assert isinstance(delegate, MessageDelegate)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = view.visualRect(index)
    option.font = view.font()
    return delegate, option, index


def _bubble(window: MainWindow, row: int) -> QRect:
    """Where the delegate painted message ``row``'s bubble (viewport coordinates)."""
    delegate, option, index = _painting(window, row)
    bubble, _doc = delegate._layout(option, index)
    return bubble


def _open_menu(window: MainWindow, pos: QPoint) -> QMenu:
    """Right-click on the message view at ``pos``; returns the menu that opened."""
    viewport = window.message_view.viewport()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, viewport.mapToGlobal(pos))
    QApplication.sendEvent(viewport, event)
    menus = [m for m in window.findChildren(QMenu, "messageContextMenu") if m.isVisible()]
    assert len(menus) == 1
    return menus[0]


def _actions(menu: QMenu) -> dict[str, Any]:
    return {a.objectName(): a for a in menu.actions() if a.objectName()}


def _tooltip(window: MainWindow, pos: QPoint) -> str:
    viewport = window.message_view.viewport()
    QToolTip.hideText()
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, pos,
                                                viewport.mapToGlobal(pos)))
    return QToolTip.text()


async def _chat_open(qtbot: Any, window: MainWindow, alice: str, bob: str) -> None:
    _click_contact(qtbot, window, bob)
    await until(lambda: window.current == (alice, bob))


async def test_up_arrow_corrects_the_last_message_and_the_contact_gets_it(
        qtbot, server, make_user, tmp_path):
    app, window, peer, alice, bob = await _window_with_contact(qtbot, server, make_user,
                                                               tmp_path)
    try:
        await _chat_open(qtbot, window, alice, bob)
        qtbot.keyClicks(window.composer, "see you at 5")
        qtbot.keyClick(window.composer, Qt.Key.Key_Return)
        await until(lambda: peer.bodies() == ["see you at 5"])
        original_id = str(peer.received[0]["id"])

        # Up in the empty composer: the last message comes back, the bar says so; Esc leaves.
        qtbot.keyClick(window.composer, Qt.Key.Key_Up)
        bar = window.conversation.correction_bar
        assert bar.isVisible() and window.composer.toPlainText() == "see you at 5"
        qtbot.keyClick(window.composer, Qt.Key.Key_Escape)
        assert not bar.isVisible() and window.composer.toPlainText() == ""

        qtbot.keyClick(window.composer, Qt.Key.Key_Up)
        window.composer.selectAll()
        qtbot.keyClicks(window.composer, "see you at 6")
        qtbot.keyClick(window.composer, Qt.Key.Key_Return)
        assert not bar.isVisible() and window.composer.toPlainText() == ""
        # Bob's client gets a correction of the first message, not a new one.
        await until(lambda: len(peer.received) == 2)
        correction = peer.received[1]
        assert str(correction["body"]) == "see you at 6"
        assert str(correction["replace"]["id"]) == original_id
        # Alice's bubble shows the new text, marked edited; still one bubble.
        await until(lambda: _bodies(window) == ["see you at 6"])
        model = window.message_model
        assert model is not None and model.index(0).data(MessageRoles.Corrected)
        assert "Edited" in _tooltip(window, _bubble(window, 0).center())
    finally:
        await stop_peer(peer)
        await app.close()


async def test_message_menu_copy_link_quote_and_correct(qtbot, server, make_user, tmp_path):
    app, window, peer, alice, bob = await _window_with_contact(qtbot, server, make_user,
                                                               tmp_path)
    try:
        peer.send_message(mto=alice, mbody="the plan is on www.example.org/plan today",
                          mtype="chat")
        await _chat_open(qtbot, window, alice, bob)
        await until(lambda: len(_bodies(window)) == 1)
        qtbot.keyClicks(window.composer, "thanks")
        qtbot.keyClick(window.composer, Qt.Key.Key_Return)
        await until(lambda: len(_bodies(window)) == 2)
        clipboard = QGuiApplication.clipboard()

        theirs = _open_menu(window, _bubble(window, 0).center())
        entries = _actions(theirs)
        assert set(entries) == {"copyMessageAction", "copyLinkAction", "quoteMessageAction",
                                "replyMessageAction", "pickReactionAction"}
        entries["copyLinkAction"].trigger()
        theirs.close()
        assert clipboard.text() == "https://www.example.org/plan"  # www. opens as https
        theirs.close()
        menu = _open_menu(window, _bubble(window, 0).center())
        _actions(menu)["copyMessageAction"].trigger()
        menu.close()
        assert clipboard.text() == "the plan is on www.example.org/plan today"
        menu.close()
        menu = _open_menu(window, _bubble(window, 0).center())
        _actions(menu)["quoteMessageAction"].trigger()
        menu.close()
        assert window.composer.toPlainText() == "> the plan is on www.example.org/plan today\n"
        window.composer.clear()

        mine = _open_menu(window, _bubble(window, 1).center())
        assert "correctMessageAction" in _actions(mine)  # only the own last message
        _actions(mine)["correctMessageAction"].trigger()
        mine.close()
        assert window.conversation.correction_bar.isVisible()
        assert window.composer.toPlainText() == "thanks"
        qtbot.keyClick(window.composer, Qt.Key.Key_Escape)
    finally:
        await stop_peer(peer)
        await app.close()


async def test_select_copy_and_select_part_of_a_message(qtbot, server, make_user, tmp_path):
    app, window, peer, alice, bob = await _window_with_contact(qtbot, server, make_user,
                                                               tmp_path)
    try:
        peer.send_message(mto=alice, mbody="first", mtype="chat")
        peer.send_message(mto=alice, mbody="second line of text", mtype="chat")
        await _chat_open(qtbot, window, alice, bob)
        await until(lambda: len(_bodies(window)) == 2)
        viewport = window.message_view.viewport()
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=_bubble(window, 0).center())
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.ShiftModifier, _bubble(window, 1).center())
        qtbot.keyClick(window.message_view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        assert QGuiApplication.clipboard().text() == "first\nsecond line of text"

        # Double-click: the text becomes selectable in place, read-only.
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=_bubble(window, 1).center())
        await until(lambda: any(e.isVisible() for e in window.message_view.findChildren(
            QTextEdit, "messageTextSelector")))
        selector = window.message_view.findChild(QTextEdit, "messageTextSelector")
        assert selector.isReadOnly() and selector.toPlainText() == "second line of text"
        cursor = selector.textCursor()
        cursor.setPosition(7)
        cursor.setPosition(11, cursor.MoveMode.KeepAnchor)
        selector.setTextCursor(cursor)
        qtbot.keyClick(selector, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        assert QGuiApplication.clipboard().text() == "line"
    finally:
        await stop_peer(peer)
        await app.close()


async def test_tooltips_tell_the_full_time_and_the_delivery_state(qtbot, server, make_user,
                                                                  tmp_path):
    app, window, peer, alice, bob = await _window_with_contact(qtbot, server, make_user,
                                                               tmp_path)
    try:
        await _chat_open(qtbot, window, alice, bob)
        qtbot.keyClicks(window.composer, "hi")
        qtbot.keyClick(window.composer, Qt.Key.Key_Return)
        model = window.message_model
        assert model is not None
        await until(lambda: model.rowCount() == 1 and model.index(0).data(MessageRoles.State)
                    == DeliveryState.DELIVERED.value)
        bubble = _bubble(window, 0)
        ticks = QPoint(bubble.right() - 14, bubble.bottom() - 10)
        year = str(datetime.date.today().year)
        on_ticks = _tooltip(window, ticks)
        assert year in on_ticks and "Delivered" in on_ticks
        on_text = _tooltip(window, QPoint(bubble.left() + 12, bubble.top() + 12))
        assert year in on_text and "Delivered" not in on_text
    finally:
        await stop_peer(peer)
        await app.close()


async def test_remove_contact_asks_first(qtbot, server, make_user, tmp_path):
    app, window, peer, _alice, bob = await _window_with_contact(qtbot, server, make_user,
                                                                tmp_path)
    try:
        def right_click_remove() -> ConfirmDialog:
            rect = window.roster_view.visualRect(_row_of(window, bob))
            viewport = window.roster_view.viewport()
            QApplication.sendEvent(viewport, QContextMenuEvent(
                QContextMenuEvent.Reason.Mouse, rect.center(), viewport.mapToGlobal(rect.center())))
            menu = next(m for m in window.sidebar.findChildren(QMenu, "rosterContextMenu")
                        if m.isVisible())
            next(a for a in menu.actions() if a.text().startswith("Remove contact")).trigger()
            menu.close()
            return next(d for d in window.findChildren(ConfirmDialog) if d.isVisible())

        dialog = right_click_remove()
        assert "Bob" in dialog.windowTitle()
        _assert_centred(dialog, window)
        qtbot.mouseClick(dialog.cancel, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()
        await asyncio.sleep(0.5)
        assert window.roster_proxy.rowCount() == 1  # nothing happened
        dialog = right_click_remove()
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        await until(lambda: window.roster_proxy.rowCount() == 0)
    finally:
        await stop_peer(peer)
        await app.close()


def _assert_centred(dialog: QWidget, window: QWidget) -> None:
    centre = dialog.frameGeometry().center()
    expected = window.frameGeometry().center()
    assert abs(centre.x() - expected.x()) < 40 and abs(centre.y() - expected.y()) < 40


async def test_ctrl_n_adds_a_contact_and_the_title_counts_unread(qtbot, server, make_user,
                                                                 tmp_path):
    app, window, peer, alice, bob = await _window_with_contact(qtbot, server, make_user,
                                                               tmp_path)
    try:
        window.activateWindow()
        qtbot.keyClick(window.roster_view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        dialogs = [d for d in window.findChildren(ContactDialog) if d.isVisible()]
        assert len(dialogs) == 1
        _assert_centred(dialogs[0], window)
        dialogs[0].reject()

        assert window.windowTitle() == "Heron"
        peer.send_message(mto=alice, mbody="one", mtype="chat")
        peer.send_message(mto=alice, mbody="two", mtype="chat")
        await until(lambda: window.windowTitle() == "(2) Heron")
        window.activateWindow()  # read only when seen in the focused window (the dialog had it)
        await _chat_open(qtbot, window, alice, bob)
        await until(lambda: window.windowTitle() == "Heron")
    finally:
        await stop_peer(peer)
        await app.close()


async def test_narrow_window_shows_one_pane_and_never_scrolls_sideways(
        qtbot, server, make_user, tmp_path):
    app, window, peer, alice, bob = await _window_with_contact(qtbot, server, make_user,
                                                               tmp_path)
    try:
        peer.send_message(mto=alice, mbody="x" * 400 + " https://example.org/" + "y" * 200,
                          mtype="chat")
        window.resize(480, 640)
        assert window.sidebar.isVisible() and not window.conversation.isVisible()
        await until(lambda: window.roster_proxy.rowCount() == 1)
        _click_contact(qtbot, window, bob)
        await until(lambda: window.current == (alice, bob) and len(_bodies(window)) == 1)
        assert window.conversation.isVisible() and not window.sidebar.isVisible()
        back = window.conversation.back_button
        assert back.isVisible()
        await until(lambda: _bubble(window, 0).right() <= window.message_view.viewport().width())
        assert not window.message_view.horizontalScrollBar().isVisible()
        qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
        assert window.sidebar.isVisible() and not window.conversation.isVisible()
        window.resize(1000, 640)  # wide again: both, no back button
        assert window.sidebar.isVisible() and window.conversation.isVisible()
        assert not back.isVisible()
    finally:
        await stop_peer(peer)
        await app.close()


async def test_empty_states_say_what_to_do(qtbot, server, make_user, tmp_path):
    app, window, peer, alice, bob = await _window_with_contact(qtbot, server, make_user,
                                                               tmp_path)
    try:
        qtbot.mouseClick(window.roster_filter, Qt.MouseButton.LeftButton)
        assert window.roster_filter.hasFocus()
        qtbot.keyClicks(window.roster_filter, "nobody-like-this")
        assert window.sidebar.roster_empty.isVisible()
        assert window.sidebar.roster_empty.text() == "No contact matches"
        qtbot.keyClick(window.roster_filter, Qt.Key.Key_Escape)  # Esc clears the filter
        assert window.roster_filter.text() == ""
        assert not window.sidebar.roster_empty.isVisible()
        assert window.conversation.empty_label.text() == "Select a contact to start chatting"
        assert not window.conversation.add_account_button.isVisible()

        await _chat_open(qtbot, window, alice, bob)
        no_messages = window.conversation.no_messages
        await until(no_messages.isVisible)
        assert "No messages yet" in no_messages.text()
        peer.send_message(mto=alice, mbody="hello", mtype="chat")
        await until(lambda: not no_messages.isVisible())
    finally:
        await stop_peer(peer)
        await app.close()


async def test_without_an_account_the_window_offers_to_add_one(qtbot, tmp_path):
    from heron.ui.dialogs import AccountDialog

    async with window_without_accounts(qtbot, tmp_path / "p") as window:
        button = window.conversation.add_account_button
        assert button.isVisible() and "account" in window.conversation.empty_label.text()
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        dialogs = [d for d in window.findChildren(AccountDialog) if d.isVisible()]
        assert len(dialogs) == 1
        _assert_centred(dialogs[0], window)
        dialogs[0].reject()
