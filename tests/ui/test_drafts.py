"""Drafts (issue 8, point 7): unsent text stays with the chat it was typed for — across chat
switches, a restart and a killed process — and never travels into the next chat."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from heron.application import Heron
from heron.ui.main_window import MainWindow
from tests.helpers import until
from tests.integration.parties import account_for, start_heron
from tests.ui.windows import loop_survives_close

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def _window(qtbot: Any, app: Heron) -> MainWindow:
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    return window


async def test_a_draft_stays_with_its_chat_across_switches_and_a_restart(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    alice, pw = make_user()
    bob, carol = make_user()[0], make_user()[0]
    account = account_for(server, alice)
    app = await start_heron(tmp_path / "alice", account, pw)
    window = await _window(qtbot, app)
    await window.open_conversation(alice, bob)
    qtbot.keyClicks(window.composer, "half a thought for Bob")
    await window.open_conversation(alice, carol)
    assert window.composer.toPlainText() == ""  # Enter here must not send Bob's words to Carol
    qtbot.keyClicks(window.composer, "for Carol")
    await window.open_conversation(alice, bob)
    assert window.composer.toPlainText() == "half a thought for Bob"
    await window.open_conversation(alice, carol)
    assert window.composer.toPlainText() == "for Carol"
    qtbot.keyClicks(window.composer, ", and more")
    # Carol's draft is saved on close, without waiting for the typing pause.
    with loop_survives_close():
        window.close()
        await app.close()

    again = await start_heron(tmp_path / "alice", account, pw)
    try:
        window = await _window(qtbot, again)
        await window.open_conversation(alice, carol)
        assert window.composer.toPlainText() == "for Carol, and more"
        await window.open_conversation(alice, bob)
        assert window.composer.toPlainText() == "half a thought for Bob"
        # Sent: the draft is gone, here and after the next start.
        qtbot.keyClick(window.composer, Qt.Key.Key_Return)
        await until(lambda: window.message_model is not None
                    and window.message_model.rowCount() == 1)
        await _stored(again, alice, bob, "")
    finally:
        await again.close()


async def _stored(app: Heron, account: str, peer: str, text: str) -> None:
    """Wait (5 s at most) until the draft on disk is ``text``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 5
    while (on_disk := await app.drafts.load(account, peer)) != text:
        assert loop.time() < deadline, on_disk
        await asyncio.sleep(0.1)


async def test_a_draft_is_on_disk_a_moment_after_typing_stops(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    """What a killed Heron (no close at all) keeps: the text as it was when typing paused."""
    alice, pw = make_user()
    bob = make_user()[0]
    app = await start_heron(tmp_path / "alice", account_for(server, alice), pw)
    try:
        window = await _window(qtbot, app)
        await window.open_conversation(alice, bob)
        qtbot.keyClicks(window.composer, "typed, then the power went")
        await _stored(app, alice, bob, "typed, then the power went")
    finally:
        await app.close()
