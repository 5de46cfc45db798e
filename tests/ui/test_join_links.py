"""xmpp:room@service?join links (issue 9, point 1): a confirm dialog names the room and asks
for a nickname; only the click joins, through the RoomJoiner, on the real server (the room made
by a second real client); the registered ``password`` key is used, never shown."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit
from slixmpp import JID

from heron.ui.main_window import MainWindow
from heron.ui.room_link import JoinLinkDialog
from heron.ui.uri_actions import open_link
from tests.helpers import until
from tests.integration.parties import account_for, start_heron, start_peer, stop_peer
from tests.room_joiner import SlixJoiner, create_room

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def _dialog(window: MainWindow) -> JoinLinkDialog:
    found = [d for d in window.findChildren(JoinLinkDialog) if d.isVisible()]
    assert len(found) == 1, "one join dialog should be open"
    return found[0]


def _texts(dialog: JoinLinkDialog) -> str:
    return " ".join([w.text() for w in dialog.findChildren(QLabel)]
                    + [w.text() for w in dialog.findChildren(QLineEdit)])


async def test_a_join_link_asks_then_joins(qtbot: Any, server: Any, make_user: Any,
                                           tmp_path: Path) -> None:
    alice, pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), pw)
    session = app.sessions[alice]
    joiner = SlixJoiner(session.client)
    session.muc = joiner  # type: ignore[attr-defined]
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    peer = await start_peer(server, bob, bob_pw)
    tag = uuid.uuid4().hex[:6]
    room = f"plaza{tag}@conference.{server.domain}"
    vault = f"vault{tag}@conference.{server.domain}"
    try:
        await create_room(peer, room, roomname="Plaza")
        await create_room(peer, vault, passwordprotectedroom="1", roomsecret="s3cret")
        # Cancel joins nothing.
        open_link(window, f"xmpp:{room.upper()}?join")
        dialog = _dialog(window)
        assert dialog.address.text() == room
        assert dialog.nick.text() == alice.split("@")[0]
        dialog.reject()
        await asyncio.sleep(0.5)
        assert joiner.joins == []
        # Join: only after the click, with the nickname typed.
        open_link(window, f"xmpp:{room}?join")
        dialog = _dialog(window)
        await asyncio.sleep(0.3)
        assert joiner.joins == []
        dialog.nick.setText("Alice")
        qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
        await until(lambda: room in joiner.joined())
        await until(lambda: "Alice" in peer.plugin["xep_0045"].get_roster(JID(room)))
        await until(lambda: room in session.bookmarks.bookmarks
                    and session.bookmarks.bookmarks[room].autojoin)
        # The join's own dialog closes once its join returned (after the bookmark is seen).
        await until(lambda: not [d for d in window.findChildren(JoinLinkDialog)
                                 if d.isVisible()])
        # The registered password key is used and never shown; unknown keys are ignored.
        open_link(window, f"xmpp:{vault}?join;password=s3cret;nick=Mallory")
        dialog = _dialog(window)
        assert "s3cret" not in _texts(dialog) and "Mallory" not in _texts(dialog)
        qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
        await until(lambda: vault in joiner.joined())
        assert joiner.joins[-1] == (vault, alice.split("@")[0], "s3cret")
    finally:
        await stop_peer(peer)
        await app.close()


async def test_a_refused_join_says_why_in_the_dialog(qtbot: Any, server: Any, make_user: Any,
                                                     tmp_path: Path) -> None:
    alice, pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), pw)
    session = app.sessions[alice]
    session.muc = SlixJoiner(session.client)  # type: ignore[attr-defined]
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    peer = await start_peer(server, bob, bob_pw)
    vault = f"vault{uuid.uuid4().hex[:6]}@conference.{server.domain}"
    try:
        await create_room(peer, vault, passwordprotectedroom="1", roomsecret="s3cret")
        open_link(window, f"xmpp:{vault}?join;password=wrong")
        dialog = _dialog(window)
        qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
        await until(dialog.error.isVisible, 15)
        assert dialog.error.text() == "This room needs a password."
        assert dialog.isVisible()
    finally:
        await stop_peer(peer)
        await app.close()
