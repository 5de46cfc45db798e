"""The encryption lock in a room's header (issue 11 point 5), against the real server and
OMEMO peers: a members-only, non-anonymous room is encrypted and says so, messages both ways
are readable; an open room's lock cannot be turned on and says why. Also writes
docs/screenshots/omemo-room(-dark).png when HERON_SHOTS names that folder."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from heron.models.messages import MessageRoles
from heron.ui import theme
from heron.ui.main_window import MainWindow
from heron.ui.omemo_lock import LOCKED, UNLOCKED
from tests.helpers import until
from tests.integration.omemo_peers import heron_and_peer, start_omemo_peer
from tests.integration.omemo_room_peers import (
    RoomListener,
    enter,
    private_room,
    say_encrypted,
)
from tests.integration.parties import stop_peer
from tests.integration.rooms import create_room, room_address

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

SHOTS = os.environ.get("HERON_SHOTS", "")  # a folder for the screenshots; none in a test run


@pytest.mark.parametrize("scheme", ["light", "dark"])
async def test_room_lock_shows_encryption_or_why_not(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path, scheme: str) -> None:
    qt_app = QApplication.instance()
    assert isinstance(qt_app, QApplication)
    theme.apply(qt_app, scheme)
    windows: list[MainWindow] = []
    try:
        async with heron_and_peer(server, make_user, tmp_path / "alice", "legacy") as chat:
            carol_jid, carol_pw = make_user()
            carol = await start_omemo_peer(server, carol_jid, carol_pw, "omemo2")
            try:
                await _drive(qtbot, server, chat, carol, carol_jid, windows, scheme)
            finally:
                await stop_peer(carol.client)
    finally:
        for window in windows:
            window.close()


async def _drive(qtbot: Any, server: Any, chat: Any, carol: Any, carol_jid: str,
                 windows: list[MainWindow], scheme: str) -> None:
    session = chat.session
    room = room_address(server, "team")
    await private_room(chat.peer, room, "Bob", [chat.alice, carol_jid])
    await enter(carol.client, room, "Carol")
    carol_hears = RoomListener(carol, room)
    await session.muc.join(room, "Alice")
    await until(lambda: len(session.muc.occupants(room)) == 3, 15)
    window = MainWindow(chat.app)
    windows.append(window)
    window.resize(1000, 620)
    window.show()
    await window.open_conversation(chat.alice, room)
    lock = window.conversation.omemo_lock.button
    await until(lambda: lock.text() == LOCKED, 30)
    assert lock.isVisible() and lock.isEnabled() and lock.isChecked()
    assert "only the members of this room can read" in lock.toolTip()
    await say_encrypted(chat.peer, room, {chat.alice}, "Draft is in the usual place")
    model = window.conversation.message_view.model()
    await until(lambda: model.rowCount() == 1, 30)
    window.composer.setPlainText("Thanks, reading it now")
    qtbot.keyClick(window.composer, Qt.Key.Key_Return)
    await until(lambda: [t for _ns, _s, t in carol_hears.decrypted]
                == ["Thanks, reading it now"], 30)
    await say_encrypted(carol, room, {chat.alice}, "Same here")
    await until(lambda: model.rowCount() == 3, 30)
    bodies = [str(model.index(r, 0).data(MessageRoles.Body)) for r in range(3)]
    assert bodies == ["Draft is in the usual place", "Thanks, reading it now", "Same here"]
    suffix = "" if scheme == "light" else "-dark"
    await until(lambda: "OMEMO 2" in window.conversation.omemo_lock.tip_for(
        model.index(2, 0).data(MessageRoles.Message)), 15)
    qtbot.mouseClick(window.sidebar.chats.switch.buttons["chats"], Qt.MouseButton.LeftButton)
    await until(lambda: window.sidebar.chats.view.model().rowCount() >= 1, 15)
    if SHOTS:
        window.grab().save(str(Path(SHOTS) / f"omemo-room{suffix}.png"))
    # An open room: the lock cannot be turned on, and says why.
    open_room = room_address(server, "lobby")
    await create_room(chat.peer.client, open_room, "Bob", whois="anyone")
    await session.muc.join(open_room, "Alice")
    await window.open_conversation(chat.alice, open_room)
    await until(lambda: "anyone can join this room" in lock.toolTip(), 15)
    assert lock.text() == UNLOCKED and not lock.isEnabled()
    assert lock.accessibleName() == "Encryption not possible here"
