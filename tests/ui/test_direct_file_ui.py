"""Files sent directly in the chat window: "Send directly" shows only for a contact whose online
device takes such files; an offer from the contact is a line with Accept / Decline; accepting
puts the file in the download folder and the line says so; the sender's line says it was sent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from heron.core.events import DirectFileOffered
from heron.ui.main_window import MainWindow
from tests.helpers import until
from tests.integration.direct_file_parties import random_file
from tests.integration.heron_process import befriend
from tests.integration.parties import account_for, start_heron, start_peer, stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def test_sending_and_accepting_a_file_directly(qtbot: Any, server: Any, make_user: Any,
                                                     tmp_path: Path) -> None:
    alice, bob, carol = make_user(), make_user(), make_user()
    await befriend(server, alice, bob)
    await befriend(server, alice, carol)
    app = await start_heron(tmp_path / "alice", account_for(server, alice[0]), alice[1])
    downloads = tmp_path / "Downloads"
    app.settings.download_dir = str(downloads)
    bob_app = await start_heron(tmp_path / "bob", account_for(server, bob[0]), bob[1])
    carol_peer = await start_peer(server, *carol)  # a plain client: no direct files
    window = MainWindow(app)
    window.show()
    try:
        direct = window.conversation.direct_files
        await window.open_conversation(alice[0], carol[0])
        await until(lambda: direct.current == (alice[0], carol[0]))
        await window.open_conversation(alice[0], bob[0])
        await until(direct.button.isVisible, 20)
        assert direct.button.toolTip() == "Send a file directly"

        bob_files = bob_app.sessions[bob[0]].jingle_files
        offered: list[Any] = []
        bob_app.bus.subscribe(DirectFileOffered, offered.append)
        direct.send(random_file(tmp_path / "plan.txt", 20_000))
        await until(lambda: offered, 20)
        assert direct.label.text().startswith("Offering “plan.txt”")
        await bob_files.accept(offered[0].sid, tmp_path)
        await until(lambda: direct.label.text() == "The file was sent.", 30)

        alice_jid = str(app.sessions[alice[0]].client.boundjid)
        source = random_file(tmp_path / "photo.bin", 50_000)
        await bob_files.send(alice_jid, source)
        await until(direct.accept_button.isVisible, 20)
        assert direct.label.text() == f"{bob[0]} sends you “photo.bin” (50.0 KB) directly"
        window.grab().save("/tmp/heron-direct-offer.png")
        qtbot.mouseClick(direct.accept_button, Qt.MouseButton.LeftButton)
        await until(lambda: direct.label.text() == "Received “photo.bin”", 30)
        assert (downloads / "photo.bin").read_bytes() == source.read_bytes()
        assert not direct.accept_button.isVisible()
        window.grab().save("/tmp/heron-direct-received.png")
        await window.open_conversation(alice[0], carol[0])
        await until(lambda: direct.current == (alice[0], carol[0]))
        await until(lambda: not direct.button.isVisible())
    finally:
        await stop_peer(carol_peer)
        await bob_app.close()
        await app.close()
        window.close()
