"""Join a room that does not exist, then "Create this room" (issue 9, points 1 and 5): the
create dialog takes over with the address and nick filled in and offers the room's own settings
form before the room opens, instead of always making an instant room. Real server and window;
Bob, a real occupant, finds the room with the title Alice gave it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit
from shiboken6 import isValid

from heron.ui.data_form import DataFormWidget
from heron.ui.main_window import MainWindow
from heron.ui.room_config import CreateRoomDialog, RoomConfigDialog
from tests.helpers import until
from tests.integration.parties import stop_peer
from tests.integration.rooms import heron_with_two_occupants, room_address

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def test_create_this_room_offers_the_settings_form_first(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    app, alice, bob_peer, carol_peer = await heron_with_two_occupants(server, make_user,
                                                                      tmp_path / "alice")
    room = room_address(server, "nothere")
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.resize(1100, 700)
    window.show()
    try:
        join = window.sidebar.open_join_room()
        qtbot.keyClicks(join.address, room)
        join.nick.clear()
        qtbot.keyClicks(join.nick, "Alice")
        qtbot.mouseClick(join.ok, Qt.MouseButton.LeftButton)
        await until(join.create_button.isVisible, 15)
        assert room not in app.sessions[alice].muc.joined()
        qtbot.mouseClick(join.create_button, Qt.MouseButton.LeftButton)
        await until(lambda: getattr(window.sidebar, "create_dialog", None) is not None
                    and window.sidebar.create_dialog.isVisible())
        create = window.sidebar.create_dialog
        assert isinstance(create, CreateRoomDialog)
        assert (create.address.text(), create.nick.text()) == (room, "Alice")
        assert create.configured.isVisible() and create.instant.isVisible()
        create.grab().save("/tmp/roomfinish-create-from-join.png")
        qtbot.mouseClick(create.configured, Qt.MouseButton.LeftButton,
                         pos=QPoint(10, create.configured.height() // 2))
        qtbot.mouseClick(create.ok, Qt.MouseButton.LeftButton)
        try:
            await until(lambda: create.config_dialog is not None, 15)
        except TimeoutError:
            raise AssertionError(create.error.text()) from None
        config = create.config_dialog
        assert isinstance(config, RoomConfigDialog)
        form = config.findChild(DataFormWidget)
        assert form is not None
        title = form.rows["muc#roomconfig_roomname"].widget
        assert isinstance(title, QLineEdit)
        qtbot.keyClicks(title, "Made from the join dialog")
        qtbot.mouseClick(config.ok, Qt.MouseButton.LeftButton)
        await until(lambda: not isValid(config) or not config.isVisible(), 15)
        await until(lambda: window.conversation.current == (alice, room), 15)
        # Bob looks the room up: it carries the title chosen in the form.
        info = await bob_peer.plugin["xep_0030"].get_info(jid=room, cached=False)
        names = [i[3] for i in info["disco_info"]["identities"] if i[0] == "conference"]
        assert names == ["Made from the join dialog"]
    finally:
        await stop_peer(bob_peer)
        await stop_peer(carol_peer)
        await app.close()
        window.close()
