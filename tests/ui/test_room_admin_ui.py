"""Owning a room from the window, with real occupants: Create room… with its settings first,
the real form saved, the subject changed by a double-click, kick and ban from the occupant menu,
the people's lists, and the room destroyed with a reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QListWidget
from shiboken6 import isValid

from heron.core.events import Occupant
from heron.ui.data_form import DataFormWidget
from heron.ui.main_window import MainWindow
from heron.ui.room_admin import AffiliationsDialog, DestroyDialog, SubjectDialog
from heron.ui.room_config import RoomConfigDialog
from tests.helpers import until
from tests.integration.parties import stop_peer
from tests.integration.rooms import enter, heron_with_two_occupants, room_address
from tests.ui.test_room_private_ui import _occupant_point

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]
MUC_USER = "{http://jabber.org/protocol/muc#user}"


def _occupant(window: MainWindow, nick: str) -> Occupant | None:
    model = window.conversation.room.panel.model
    return next((o for o in model.people() if o.nick == nick), None) if model else None


def _statuses(peer: Any, room: str) -> list[str]:
    """Status codes and destroy notes of the room's goodbyes to ``peer``, from now on."""
    seen: list[str] = []

    def on(presence: Any) -> None:
        if presence["type"] == "unavailable":
            x = presence.xml.find(f"{MUC_USER}x")
            if x is not None:
                seen.extend(s.get("code", "") for s in x.findall(f"{MUC_USER}status"))
                if x.find(f"{MUC_USER}destroy") is not None:
                    seen.append("destroyed:" + (x.findtext(
                        f"{MUC_USER}destroy/{MUC_USER}reason") or ""))

    peer.add_event_handler(f"muc::{room}::presence", on)
    return seen


async def test_create_configure_moderate_and_destroy_a_room(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    app, alice, bob_peer, carol_peer = await heron_with_two_occupants(server, make_user,
                                                                      tmp_path / "alice")
    room = room_address(server, "own")
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.resize(1100, 700)
    window.show()
    admin = app.sessions[alice].muc_admin
    try:
        # Create room…, with its settings first.
        create = window.sidebar.open_create_room()
        qtbot.keyClicks(create.address, room)
        create.nick.setText("Alice")
        qtbot.mouseClick(create.configured, Qt.MouseButton.LeftButton,
                         pos=QPoint(10, create.configured.height() // 2))
        assert create.configured.isChecked()
        qtbot.mouseClick(create.ok, Qt.MouseButton.LeftButton)
        try:
            await until(lambda: create.config_dialog is not None, 15)
        except TimeoutError:
            raise AssertionError(create.error.text()) from None
        config = create.config_dialog
        assert isinstance(config, RoomConfigDialog)
        form = config.findChild(DataFormWidget)
        assert form is not None and config.ok.isEnabled()
        title = form.rows["muc#roomconfig_roomname"].widget
        assert isinstance(title, QLineEdit)
        qtbot.keyClicks(title, "Tea room")
        qtbot.mouseClick(config.ok, Qt.MouseButton.LeftButton)
        await until(lambda: not isValid(config) or not config.isVisible(), 15)
        saved = (await admin.get_config(room)).get("muc#roomconfig_roomname")
        assert saved is not None and saved.values == ("Tea room",)
        await until(lambda: window.conversation.current == (alice, room), 15)
        await enter(bob_peer, room, "Bob")
        await enter(carol_peer, room, "Carol")
        await until(lambda: _occupant(window, "Carol") is not None)
        # The subject: a double-click on the line under the name.
        subtitle = window.conversation.subtitle_label
        press = QMouseEvent(QEvent.Type.MouseButtonDblClick, QPointF(5, 5), QPointF(5, 5),
                            Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(subtitle, press)
        subject = window.conversation.room.admin.dialog
        assert isinstance(subject, SubjectDialog)
        subject.edit.setText("Tea at <b>four</b>")
        qtbot.mouseClick(subject.ok, Qt.MouseButton.LeftButton)
        await until(lambda: subtitle.text() == "Tea at <b>four</b>")
        # Kick Carol from her row's menu, with a reason: she is out, and told why.
        carol = _occupant(window, "Carol")
        assert carol is not None
        actions = window.conversation.room.admin
        menus = window.conversation.room.occupant_menu  # the list's right-click menu
        menu = menus.menu_at(_occupant_point(window, "Carol"))
        assert menu is not None
        names = [a.objectName() for a in menu.actions() if a.objectName()]
        assert names[0] == "privateMessageAction"  # one menu: private message, then the rest
        assert {"kick", "ban", "revokeVoice", "grantModerator"} <= set(names)
        carol_told = _statuses(carol_peer, room)
        next(a for a in menu.actions() if a.objectName() == "kick").trigger()
        kick = actions.dialog
        assert kick is not None and kick.objectName() == "kickDialog"
        reason = kick.findChild(QLineEdit, "removeReason")
        assert reason is not None
        reason.setText("be nice")
        qtbot.mouseClick(kick.ok, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        await until(lambda: _occupant(window, "Carol") is None)
        await until(lambda: "307" in carol_told)
        # Bob banned from his row's menu: out (301), and on the Banned list.
        bob_told = _statuses(bob_peer, room)
        bob_there = _occupant(window, "Bob")
        assert bob_there is not None and bob_there.jid
        menu = menus.menu_at(_occupant_point(window, "Bob"))
        assert menu is not None
        next(a for a in menu.actions() if a.objectName() == "ban").trigger()
        ban = actions.dialog
        assert ban is not None and ban.objectName() == "banDialog"
        qtbot.mouseClick(ban.ok, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        await until(lambda: "301" in bob_told)
        await until(lambda: _occupant(window, "Bob") is None)
        # The lists: Bob is banned; Carol becomes a member from the dialog.
        conversation_menu = window.conversation.room.admin.menu
        assert conversation_menu is not None
        conversation_menu.aboutToShow.emit()
        visible = {a.objectName() for a in conversation_menu.actions() if a.isVisible()}
        assert {"roomSubjectAction", "roomConfigAction", "roomAffiliationsAction",
                "roomDestroyAction"} <= visible
        next(a for a in conversation_menu.actions()
             if a.objectName() == "roomAffiliationsAction").trigger()
        lists = actions.dialog
        assert isinstance(lists, AffiliationsDialog)
        await until(lambda: lists.loaded)
        banned = lists.findChild(QListWidget, "affiliation:outcast")
        assert banned is not None
        assert [banned.item(i).text() for i in range(banned.count())] == [bob_there.jid]
        lists.tabs.setCurrentIndex(2)  # Members
        qtbot.keyClicks(lists.address, carol.jid)
        qtbot.mouseClick(lists.add_button, Qt.MouseButton.LeftButton)
        members = lists.lists["member"]
        await until(lambda: [members.item(i).text() for i in range(members.count())]
                    == [carol.jid])
        lists.accept()
        # Destroyed with a reason: the room says we are not in it (the integration test
        # checks that those inside are told the reason).
        next(a for a in conversation_menu.actions()
             if a.objectName() == "roomDestroyAction").trigger()
        destroy = actions.dialog
        assert isinstance(destroy, DestroyDialog)
        destroy.reason.setText("moving to the garden")
        qtbot.mouseClick(destroy.ok, Qt.MouseButton.LeftButton)
        await until(lambda: subtitle.text() == "You are not in this room.")
    finally:
        await stop_peer(bob_peer)
        await stop_peer(carol_peer)
        await app.close()
