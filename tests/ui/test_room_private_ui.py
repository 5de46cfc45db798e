"""Private messages from the room's list of people (XEP-0045 §7.5): right-click an occupant,
"Send private message", write; their answer arrives in the same private chat."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from heron.models.occupants import OccupantRoles
from heron.ui.main_window import MainWindow
from tests.helpers import until
from tests.integration.test_room_private import whisper
from tests.ui.room_window import in_a_room
from tests.ui.test_main_window import _bodies

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def _occupant_point(window: MainWindow, nick: str) -> Any:
    view = window.conversation.room.panel.view
    model = view.model()
    for row in range(model.rowCount()):
        occupant = model.index(row, 0).data(OccupantRoles.Occupant)
        if occupant is not None and occupant.nick == nick:
            return view.visualRect(model.index(row, 0)).center()
    raise AssertionError(f"{nick} is not in the list")


async def test_a_private_chat_from_the_occupant_list(qtbot: Any, server: Any, make_user: Any,
                                                    tmp_path: Path) -> None:
    async with in_a_room(qtbot, server, make_user, tmp_path, "Carol") as (
            _app, alice, window, bob_peer, carol_peer, room):
        await window.open_conversation(alice, room)
        menus = window.conversation.room.occupant_menu
        occupants = window.conversation.room.panel.view.model()
        await until(lambda: occupants.rowCount() >= 4, 30, shown=occupants.rowCount)
        assert menus.menu_at(_occupant_point(window, "Alice")) is None, "not to ourselves"
        menu = menus.menu_at(_occupant_point(window, "Bob"))
        assert menu is not None
        [action] = [a for a in menu.actions() if a.objectName() == "privateMessageAction"]
        assert action.text() == "Send private message"
        action.trigger()
        private = f"{room}/Bob"
        await until(lambda: window.conversation.current == (alice, private), 30,
                    shown=lambda: window.conversation.current)
        assert window.conversation.title_label.text() == f"Bob (in {room})"
        assert not window.conversation.room.active, "a one-to-one chat, not the room"
        composer = window.conversation.composer
        qtbot.keyClicks(composer, "only for you")
        qtbot.keyClick(composer, Qt.Key.Key_Return)
        await until(lambda: "only for you" in [str(m["body"]) for m in bob_peer.received], 30,
                    shown=lambda: [str(m["body"]) for m in bob_peer.received])
        assert "only for you" not in [str(m["body"]) for m in carol_peer.received]
        # Bob answers privately: in this chat, not in the room and not as a stranger's request.
        whisper(bob_peer, room, "Alice", "got it")
        await until(lambda: _bodies(window) == ["only for you", "got it"], 30,
                    shown=lambda: _bodies(window))
        assert window.roster_model.row_for(private) is None
        await window.open_conversation(alice, room)
        assert _bodies(window) == []
