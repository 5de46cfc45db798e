"""A Heron window in a fresh room on the rig, with two real occupants (for the room UI
tests)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from heron.ui.main_window import MainWindow
from tests.helpers import until
from tests.integration.parties import Peer, stop_peer
from tests.integration.rooms import create_room, enter, heron_with_two_occupants, room_address


@contextlib.asynccontextmanager
async def in_a_room(qtbot: Any, server: Any, make_user: Any, tmp_path: Path,
                     second: str) -> AsyncIterator[tuple[Any, str, MainWindow, Peer, Peer, str]]:
    """Alice's Heron window in a fresh room with Bob (its owner) and a second occupant
    called ``second``: (app, alice, window, bob, second occupant, room)."""
    app, alice, bob_peer, other_peer = await heron_with_two_occupants(server, make_user,
                                                                      tmp_path / "alice")
    room = room_address(server, "mention")
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    try:
        await create_room(bob_peer, room, "Bob")
        await enter(other_peer, room, second)
        await app.sessions[alice].muc.join(room, "Alice")
        await until(lambda: len(app.sessions[alice].muc.occupants(room)) == 3)
        yield app, alice, window, bob_peer, other_peer, room
    finally:
        await stop_peer(bob_peer)
        await stop_peer(other_peer)
        if window.notifications is not None:
            await window.notifications.close()
        await app.close()
        window.close()
