# ruff: noqa: F811  (the bus fixtures imported from tests.desktop_bus are used as arguments)
"""Mentions in a room (issue 9, points 3 and 4), with Bob and Bobby as real occupants:
Tab completes their nicks, a message naming Alice stands out in its bubble and notifies
through the real notification server even while the room is muted, and the room's rows show
an "@" while the mention is unread."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QMenu

from heron.models.chats import ChatRoles
from heron.models.messages import MessageRoles
from heron.ui import mention_bubble
from heron.ui.main_window import MainWindow
from heron.ui.notifications import MessageNotifications
from heron.ui.sounds import MessageSounds
from tests.desktop_bus import NotificationServer, notification_server, session_bus  # noqa: F401
from tests.helpers import until
from tests.integration.rooms import say
from tests.ui.pixels import count_near
from tests.ui.room_window import in_a_room
from tests.ui.test_main_window import _bodies, _row_of

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def _count_near(image: QImage, colour: QColor) -> int:
    return count_near(image, colour, tolerance=12)  # the mention colours, not their likes


def _room_menu(window: MainWindow, room: str) -> QMenu:
    index = _row_of(window, room)
    window.sidebar._roster_menu(window.roster_view.visualRect(index).center())
    return window.findChildren(QMenu, "rosterContextMenu")[-1]


def _action(menu: QMenu, name: str) -> Any:
    return next(a for a in menu.actions() if a.objectName() == name)


async def test_tab_completes_nicks_and_cycles(qtbot: Any, server: Any, make_user: Any,
                                              tmp_path: Path) -> None:
    async with in_a_room(qtbot, server, make_user, tmp_path, "bobby") as (
            _app, alice, window, bob_peer, bobby_peer, room):
        await window.open_conversation(alice, room)
        composer = window.conversation.composer
        # At the start of the message: the nick and ": "; Tab again: the next one, and round.
        qtbot.keyClicks(composer, "bo")
        qtbot.keyClick(composer, Qt.Key.Key_Tab)
        assert composer.toPlainText() == "Bob: "
        qtbot.keyClick(composer, Qt.Key.Key_Tab)
        assert composer.toPlainText() == "bobby: "
        qtbot.keyClick(composer, Qt.Key.Key_Tab)
        assert composer.toPlainText() == "Bob: "
        # Inside the message, after an "@", case-insensitive: the nick and a space.
        qtbot.keyClicks(composer, "ask @BOBB")
        qtbot.keyClick(composer, Qt.Key.Key_Tab)
        assert composer.toPlainText() == "Bob: ask @bobby "
        # Our own nick is not offered; no match leaves the word as it is.
        composer.clear()
        qtbot.keyClicks(composer, "hi Ali")
        qtbot.keyClick(composer, Qt.Key.Key_Tab)
        assert "Alice" not in composer.toPlainText()
        # The completed message goes to the room as typed.
        composer.clear()
        qtbot.keyClicks(composer, "BOBB")
        qtbot.keyClick(composer, Qt.Key.Key_Tab)
        qtbot.keyClicks(composer, "welcome")
        qtbot.keyClick(composer, Qt.Key.Key_Return)
        await until(lambda: "bobby: welcome" in [str(m["body"]) for m in bobby_peer.received])
        # In a one-to-one chat Tab completes nothing.
        await window.open_conversation(alice, str(bob_peer.boundjid.bare))
        qtbot.keyClicks(composer, "bo")
        qtbot.keyClick(composer, Qt.Key.Key_Tab)
        assert not composer.toPlainText().startswith("Bob")


async def test_a_mention_stands_out_notifies_when_muted_and_marks_the_room(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path,
        notification_server: NotificationServer) -> None:
    async with in_a_room(qtbot, server, make_user, tmp_path, "Carol") as (
            app, alice, window, bob_peer, carol_peer, room):
        window.notifications = MessageNotifications(window)
        window.sounds = MessageSounds(window)  # as the runner sets them up
        shown = notification_server.shown
        await window.open_conversation(alice, room)
        say(bob_peer, room, "Malice is not a name")
        say(bob_peer, room, "alice: can you look at the release notes?")
        await until(lambda: len(_bodies(window)) == 2, 15)
        model = window.message_model
        assert model is not None
        assert [model.index(r).data(MessageRoles.Mention) for r in range(2)] == [False, True]
        # The mention's bubble has its own background and accent; the other one does not.
        await asyncio.sleep(0.2)
        view = window.message_view
        background, accent = mention_bubble.colours()
        plain = view.viewport().grab(view.visualRect(model.index(0))).toImage()
        called = view.viewport().grab(view.visualRect(model.index(1))).toImage()
        assert _count_near(called, background) > 200
        assert _count_near(called, accent) > 10
        assert _count_near(plain, background) == 0
        assert _count_near(plain, accent) == 0

        # Away from the room, which is muted: a plain message stays quiet, a mention notifies.
        menu = _room_menu(window, room)
        _action(menu, "muteAction").setChecked(True)
        menu.close()
        await window.open_conversation(alice, str(carol_peer.boundjid.bare))
        sounds = window.sounds
        chimes = sounds.played
        say(bob_peer, room, "lunch anyone?")
        say(bob_peer, room, "@Alice the build is green")
        await until(lambda: len(shown) == 1, 15)
        await asyncio.sleep(0.3)
        assert len(shown) == 1, [s.body for s in shown]
        assert sounds.played == chimes + 1  # the chime follows the same rule: the mention
        assert shown[0].title == room
        assert shown[0].body == "Bob: @Alice the build is green"
        # The room's rows: unread, and an "@" for the unread mention.
        assert window.mentions.count(alice, room) == 1
        row = window.roster_view.visualRect(_row_of(window, room))
        await asyncio.sleep(0.1)
        assert _count_near(window.roster_view.viewport().grab(row).toImage(), accent) > 20
        chats = window.sidebar.chats
        qtbot.mouseClick(chats.switch.buttons["chats"], Qt.MouseButton.LeftButton)
        proxy = chats.view.model()
        index = next(proxy.index(r, 0) for r in range(proxy.rowCount())
                     if proxy.index(r, 0).data(ChatRoles.Peer) == room)
        assert index.data(ChatRoles.Unread) == 2
        await asyncio.sleep(0.1)
        chat_row = chats.view.viewport().grab(chats.view.visualRect(index)).toImage()
        assert _count_near(chat_row, accent) > 20
        qtbot.mouseClick(chats.switch.buttons["contacts"], Qt.MouseButton.LeftButton)

        # Not muted, every message asked for: a plain message notifies too.
        menu = _room_menu(window, room)
        _action(menu, "muteAction").setChecked(False)
        every = _action(menu, "notifyEveryMessageAction")
        assert not every.isChecked(), "by default only mentions notify"
        every.setChecked(True)
        menu.close()
        assert [alice, room] in app.settings_store.load().room_every_message
        say(bob_peer, room, "cake in the kitchen")
        await until(lambda: any(s.body == "Bob: cake in the kitchen" for s in shown), 15)
        # Not asked for: plain messages are quiet again.
        menu = _room_menu(window, room)
        _action(menu, "notifyEveryMessageAction").setChecked(False)
        menu.close()
        before = len(shown)
        say(bob_peer, room, "cake is gone")
        await until(lambda: window.mentions.count(alice, room) == 1
                    and _chat_unread(window, alice, room) >= 4, 15)
        await asyncio.sleep(0.3)
        assert len(shown) == before

        # Reading the room takes the "@" away.
        window.activateWindow()
        await window.open_conversation(alice, room)
        await until(lambda: window.mentions.count(alice, room) == 0, 15)


def _chat_unread(window: MainWindow, account: str, room: str) -> int:
    return window.sidebar.chats.model.unread(account, room)
