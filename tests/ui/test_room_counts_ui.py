"""A room's unread and mention counts survive a restart (issue 9, point 4): Bob mentions Alice
while she reads another chat (and names "Malice", which is no mention); Heron quits; started
again (offline, from its database alone), the room's Chats row still says 2 unread with the "@"
for the one mention. Real server and window, Bob and Carol real occupants."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from heron.models.chats import ChatRoles
from heron.ui import mention_bubble
from heron.ui.main_window import MainWindow
from tests.helpers import until
from tests.integration.parties import account_for, start_heron, stop_peer
from tests.integration.rooms import create_room, heron_with_two_occupants, room_address, say
from tests.ui.pixels import count_near
from tests.ui.windows import loop_survives_close

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def _chat_index(window: MainWindow, room: str) -> Any:
    proxy = window.sidebar.chats.view.model()
    return next((proxy.index(r, 0) for r in range(proxy.rowCount())
                 if proxy.index(r, 0).data(ChatRoles.Peer) == room), None)


async def test_unread_and_mention_counts_survive_a_restart(qtbot: Any, server: Any,
                                                           make_user: Any,
                                                           tmp_path: Path) -> None:
    app, alice, bob_peer, carol_peer = await heron_with_two_occupants(server, make_user,
                                                                      tmp_path / "alice")
    room = room_address(server, "counts")
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    try:
        await create_room(bob_peer, room, "Bob")
        await app.sessions[alice].muc.join(room, "Alice")
        await window.open_conversation(alice, str(carol_peer.boundjid.bare))
        say(bob_peer, room, "Malice is not a name")
        say(bob_peer, room, "@Alice the build is green")
        await until(lambda: window.mentions.count(alice, room) == 1, 15)
    finally:
        await stop_peer(bob_peer)
        await stop_peer(carol_peer)
        with loop_survives_close():  # the first window closes: Heron quits, the test goes on
            window.close()
            await app.close()
    # Started again, not connected: what the rows say comes from the database.
    again = await start_heron(tmp_path / "alice", account_for(server, alice), "unused",
                              connect=False)
    window = MainWindow(again)
    qtbot.addWidget(window)
    window.show()
    try:
        await window.load_unread()
        chats = window.sidebar.chats
        qtbot.mouseClick(chats.switch.buttons["chats"], Qt.MouseButton.LeftButton)
        await until(lambda: _chat_index(window, room) is not None, 10)
        assert _chat_index(window, room).data(ChatRoles.Unread) == 2
        await until(lambda: window.mentions.count(alice, room) == 1, 10)
        await asyncio.sleep(0.1)
        index = _chat_index(window, room)
        row = chats.view.viewport().grab(chats.view.visualRect(index)).toImage()
        assert count_near(row, mention_bubble.colours()[1], tolerance=12) > 20  # the "@"
    finally:
        await again.close()
        window.close()
