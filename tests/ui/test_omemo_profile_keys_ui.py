"""A contact's encryption keys are reachable from their profile (the contact's details), not
only from the chat's lock: "Encryption keys…" there opens the keys view with the contact's
devices and fingerprints."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from heron.crypto.omemo.fingerprint import blocks
from heron.ui.main_window import MainWindow
from tests.helpers import until
from tests.integration.omemo_peers import heron_and_peer
from tests.ui.omemo_window import close_all, shown_window

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def test_profile_opens_the_contacts_encryption_keys(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    opened: list[QWidget] = []
    try:
        async with heron_and_peer(server, make_user, tmp_path / "alice", "both") as chat:
            await chat.session.roster.set_item(chat.bob, "Bob", ())
            window = await shown_window(chat, opened)
            # No chat is open: the profile alone leads to the keys.
            profile = window.sidebar.open_profile(chat.alice, chat.bob)
            opened.append(profile)
            button = profile.findChild(QPushButton, "omemoKeysButton")
            assert isinstance(button, QPushButton) and button.isVisible()
            assert button.text() == "Encryption keys…"
            profile.grab().save(str(tmp_path / "profile-keys.png"))
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            keys = profile.keys.dialog if profile.keys is not None else None
            assert keys is not None and keys.isVisible()
            opened.append(keys)
            assert keys.peer == chat.bob
            await until(lambda: keys.loaded, 30)
            phone = await chat.peer.device_id()
            bob_key = next(d for d in await chat.session.omemo.trust.devices(chat.bob)
                           if d.device_id == phone)
            printed = [label.text() for label in keys.findChildren(QLabel, "fingerprint")]
            assert blocks(bob_key.identity_key.hex()) in printed
    finally:
        close_all(opened)


async def test_profile_without_a_connected_account_has_no_keys_button(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    """Without a connected account there are no keys to show: no button either."""
    async with heron_and_peer(server, make_user, tmp_path / "alice", "both") as chat:
        window = MainWindow(chat.app)
        try:
            profile = window.sidebar.open_profile("nobody@localhost", chat.bob)
            assert profile.findChild(QPushButton, "omemoKeysButton") is None
            profile.close()
        finally:
            window.close()
