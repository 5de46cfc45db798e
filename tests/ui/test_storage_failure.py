"""Disk full while sending: the text stays in the composer, the window says why, nothing is
sent; once there is room, Enter sends it once (issue 6, point 4)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from heron.ui.main_window import MainWindow
from tests.helpers import until
from tests.integration.parties import account_for, start_heron, start_peer, stop_peer
from tests.storage_faults import DiskFull

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def _visible_texts(window: MainWindow) -> list[str]:
    return [label.text() for label in window.findChildren(QLabel) if label.isVisible()]


async def test_text_is_kept_and_the_failure_shown_when_the_disk_is_full(
        qtbot: Any, prosody: Any, make_user: Any, tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(prosody, alice), alice_pw)
    fault = DiskFull(app.db)
    peer = await start_peer(prosody, bob, bob_pw)
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.resize(900, 600)
    window.show()
    try:
        await window.open_conversation(alice, bob)
        fault.on = True
        qtbot.keyClicks(window.composer, "typed while the disk is full")
        qtbot.keyClick(window.composer, Qt.Key.Key_Return)
        await until(lambda: window.composer.toPlainText() == "typed while the disk is full")
        await until(lambda: any("could not save" in t for t in _visible_texts(window)))
        window.grab().save(str(tmp_path / "disk-full.png"))
        await asyncio.sleep(0.5)
        assert peer.bodies() == []  # not stored, so not sent either
        assert not any("disk is full" in t for t in _visible_texts(window))  # raw text hidden

        fault.on = False  # room again: the same Enter sends it
        qtbot.keyClick(window.composer, Qt.Key.Key_Return)
        await until(lambda: peer.bodies() == ["typed while the disk is full"])
        assert window.composer.toPlainText() == ""
        stored = await app.repos.messages.page_before(alice, bob, None, 10)
        assert [m.body for m in stored] == ["typed while the disk is full"]
    finally:
        fault.on = False
        await stop_peer(peer)
        await app.close()
