"""Group rooms from the window: join by the dialog (Ctrl+J), read and write, see who is there."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMenu
from shiboken6 import isValid

from heron.core.colors import hue_angle
from heron.models.chats import ChatRoles
from heron.models.messages import MessageRoles
from heron.models.occupants import OccupantRoles
from heron.models.roster import RosterRoles
from heron.ui.main_window import MainWindow
from heron.ui.room_bubble import nick_color
from heron.ui.room_join import JoinRoomDialog
from tests.helpers import until
from tests.integration.parties import stop_peer
from tests.integration.rooms import (
    create_room,
    enter,
    heron_with_two_occupants,
    room_address,
    say,
)
from tests.ui.pixels import count_near
from tests.ui.test_main_window import _bodies, _click_contact, _row_of

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def _occupant_rows(window: MainWindow) -> list[str]:
    """What the occupant list shows, top to bottom: headers and nicks (with affiliation)."""
    model = window.conversation.room.panel.view.model()
    rows = []
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        header = index.data(OccupantRoles.Header)
        if header:
            rows.append(f"[{header} {index.data(OccupantRoles.Count)}]")
        else:
            occupant = index.data(OccupantRoles.Occupant)
            rows.append(f"{occupant.nick} ({occupant.affiliation})")
    return rows


async def test_join_by_the_dialog_read_write_and_see_who_is_there(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    app, alice, bob_peer, carol_peer = await heron_with_two_occupants(server, make_user,
                                                                      tmp_path / "alice")
    room = room_address(server, "ui")
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.resize(1100, 700)
    window.show()
    try:
        await create_room(bob_peer, room, "Bob")
        bob_peer.plugin["xep_0045"].set_subject(room, "Release <b>Friday</b>")
        await enter(carol_peer, room, "Carol")
        # Ctrl+J opens the dialog; the nick is proposed from the account.
        qtbot.keyClick(window, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
        dialog = window.findChild(JoinRoomDialog, "joinRoomDialog")
        assert dialog is not None and dialog.isVisible()
        assert not dialog.password.isVisible(), "no password field until one is needed"
        await until(lambda: dialog.nick.text() == alice.split("@")[0])
        # A nick that is taken: said inside the dialog, which stays open.
        dialog.nick.setText("Carol")
        dialog.nick.setModified(True)
        qtbot.keyClicks(dialog.address, room)
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        await until(dialog.error.isVisible)
        assert "already uses this nickname" in dialog.error.text()
        assert dialog.isVisible()
        dialog.nick.setText("Alice")
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        await until(lambda: window.conversation.current == (alice, room), 15)
        assert not isValid(dialog) or not dialog.isVisible(), "the dialog closed"
        # The room is in the contact list's "Rooms" group, at the top, and open.
        top = window.roster_proxy.index(0, 0)
        assert top.data(Qt.ItemDataRole.DisplayRole) == room
        assert window.conversation.title_label.text() == room
        await until(lambda: window.conversation.subtitle_label.text() == "Release <b>Friday</b>")
        assert window.conversation.subtitle_label.textFormat() == Qt.TextFormat.PlainText
        # The list's row says the subject too (second line).
        await until(lambda: window.roster_proxy.index(0, 0).data(RosterRoles.Status)
                    == "Release <b>Friday</b>")
        # Who is there, grouped by role, with affiliations.
        panel = window.conversation.room.panel
        assert panel.isVisible()
        await until(lambda: _occupant_rows(window) == [
            "[Moderators 1]", "Bob (owner)", "[Participants 2]", "Alice (none)",
            "Carol (none)"])
        assert panel.title.text() == "People — 3"
        # The list folds away and comes back.
        toggle = window.conversation.room.toggle_button
        qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
        assert not panel.isVisible()
        qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
        assert panel.isVisible()
        # Messages of others show their nick in its own colour; ours do not.
        say(bob_peer, room, "Hi Alice")
        try:
            await until(lambda: _bodies(window) == ["Hi Alice"])
        except TimeoutError:
            raise AssertionError(_bodies(window)) from None
        model = window.message_model
        assert model is not None
        assert model.index(0).data(MessageRoles.SenderNick) == "Bob"
        composer = window.conversation.composer
        sent: list[Any] = []  # what Heron puts on the wire
        app.sessions[alice].client.add_filter("out", lambda stanza: sent.append(stanza) or stanza)
        qtbot.keyClicks(composer, "Hello everyone")
        qtbot.keyClick(composer, Qt.Key.Key_Return)
        await until(lambda: "Hello everyone" in [str(m["body"]) for m in carol_peer.received])
        await until(lambda: _bodies(window) == ["Hi Alice", "Hello everyone"])
        assert model.index(1).data(MessageRoles.SenderNick) == ""
        # (Correcting, deleting, reacting and replying in rooms: tests/ui/test_room_edits_ui.py)
        # Typing in a room sent no chat state per keystroke (none at all).
        states = [x for x in sent if x.xml.find(
            "{http://jabber.org/protocol/chatstates}composing") is not None]
        assert states == []
        # The nick is painted in its XEP-0392 colour at the top of Bob's bubble.
        image = window.message_view.viewport().grab().toImage()
        wanted = nick_color("Bob")
        assert _has_colour(image, wanted), f"no pixel near {wanted.name()} (hue {hue_angle('Bob')})"
        # Joined from the dialog, the room is bookmarked to join at the next start.
        bookmarks = app.sessions[alice].bookmarks.bookmarks
        await until(lambda: room in bookmarks and bookmarks[room].autojoin)
        # "Leave room" in the row's menu: out of the room and the list, not joined next time.
        index = window.roster_proxy.index(0, 0)
        window.sidebar._roster_menu(window.roster_view.visualRect(index).center())
        menu = window.findChildren(QMenu, "rosterContextMenu")[-1]
        assert [a.text() for a in menu.actions() if a.text()] == [
            "Open room", "Mute notifications", "Notify for every message",
            "Leave room"]  # no contact actions for a room
        gone: list[str] = []  # who Carol sees leave the room
        carol_peer.add_event_handler("groupchat_presence", lambda p: gone.append(
            str(p["from"])) if p["type"] == "unavailable" else None)
        next(a for a in menu.actions() if a.objectName() == "leaveRoomAction").trigger()
        await until(lambda: _rooms_in_list(window, room) == 0)
        assert room not in app.sessions[alice].muc.joined()
        await until(lambda: not bookmarks[room].autojoin)
        # The others see Alice go.
        await until(lambda: f"{room}/Alice" in gone, 10)
    finally:
        await stop_peer(bob_peer)
        await stop_peer(carol_peer)
        await app.close()


def _rooms_in_list(window: MainWindow, room: str) -> int:
    try:
        _row_of(window, room)
    except AssertionError:
        return 0
    return 1


def _has_colour(image: QImage, colour: Any, tolerance: int = 40) -> bool:
    return count_near(image, colour, tolerance) > 0


__all__ = ["_click_contact"]


async def test_a_room_in_the_chats_list_says_who_wrote_and_opens_the_room(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    """Rooms and one-to-one chats share the Chats list: a room's row shows its last
    message with the writer's nick, moves up when someone writes, and opens the room."""
    app, alice, bob_peer, carol_peer = await heron_with_two_occupants(server, make_user,
                                                                      tmp_path / "alice")
    room = room_address(server, "chats")
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    chats = window.sidebar.chats
    view = chats.view

    def rows() -> list[tuple[str, str, str]]:
        proxy = view.model()
        return [(str(proxy.index(r, 0).data()),
                 view.itemDelegate().preview_text(proxy.index(r, 0)),  # type: ignore[attr-defined]
                 str(proxy.index(r, 0).data(ChatRoles.Kind)))
                for r in range(proxy.rowCount())]

    try:
        await create_room(bob_peer, room, "Bob")
        await app.sessions[alice].muc.join(room, "Alice")
        qtbot.mouseClick(chats.switch.buttons["chats"], Qt.MouseButton.LeftButton)
        say(bob_peer, room, "Anyone here?")
        await until(lambda: rows() == [(room, "Bob: Anyone here?", "room")], 15)
        # The archive keeps whole seconds: what comes next is a second later.
        await asyncio.sleep(1.1)
        await app.sessions[alice].chat.send(str(carol_peer.boundjid.bare), "hello Carol")
        await until(lambda: [kind for _n, _t, kind in rows()] == ["chat", "room"])
        await asyncio.sleep(1.1)
        say(bob_peer, room, "Lunch at <i>noon</i>?")  # plain text, not markup
        await until(lambda: rows()[0] == (room, "Bob: Lunch at <i>noon</i>?", "room"), 15)
        assert [kind for _n, _t, kind in rows()] == ["room", "chat"]
        rect = view.visualRect(view.model().index(0, 0))
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        await until(lambda: window.conversation.current == (alice, room))
        assert window.conversation.room.active
    finally:
        await stop_peer(bob_peer)
        await stop_peer(carol_peer)
        await app.close()
        window.close()
