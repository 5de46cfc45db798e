"""The encryption lock in a chat's header (issue 11 point 5), driven like a person would,
against the real server and an OMEMO peer: it shows the chat is encrypted, a click asks before
turning encryption off, and a message's tooltip says which OMEMO version and device it used.
With HERON_SHOTS=docs/screenshots it also writes omemo-chat(-dark).png there."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from heron.core.events import MessagesAdded
from heron.ui import theme
from heron.ui.main_window import MainWindow
from heron.ui.omemo_lock import LOCKED, UNLOCKED
from tests.helpers import until
from tests.integration.omemo_peers import heron_and_peer, send_encrypted

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

SHOTS = os.environ.get("HERON_SHOTS", "")  # a folder for the screenshots; none in a test run


def _tooltip(window: MainWindow, row: int) -> str:
    view = window.conversation.message_view
    model = view.model()
    delegate = view.itemDelegate()
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.font = view.font()
    option.rect = view.visualRect(model.index(row, 0))
    bubble, _doc = delegate._layout(option, model.index(row, 0))  # type: ignore[attr-defined]
    return str(delegate.tooltip_at(option, model.index(row, 0), bubble.center()))  # type: ignore[attr-defined]


@pytest.mark.parametrize("scheme", ["light", "dark"])
async def test_lock_shows_encryption_and_asks_before_turning_it_off(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path, scheme: str) -> None:
    qt_app = QApplication.instance()
    assert isinstance(qt_app, QApplication)
    theme.apply(qt_app, scheme)
    windows: list[MainWindow] = []
    try:
        async with heron_and_peer(server, make_user, tmp_path / "alice", "legacy") as chat:
            await _drive(qtbot, chat, windows, scheme)
    finally:
        for window in windows:  # after Heron: its views hear the last events
            window.close()


async def _drive(qtbot: Any, chat: Any, windows: list[MainWindow], scheme: str) -> None:
    await chat.session.roster.set_item(chat.bob, "Bob", ())
    window = MainWindow(chat.app)
    windows.append(window)
    window.resize(900, 560)
    window.show()
    await until(lambda: window.roster_model.row_for(chat.bob) is not None, 30)
    await window.open_conversation(chat.alice, chat.bob)
    lock = window.conversation.omemo_lock.button
    # Bob publishes OMEMO keys: the chat is encrypted from the start, and says so.
    await until(lambda: lock.text() == LOCKED, 30)
    assert lock.isVisible() and lock.isChecked()
    assert lock.accessibleName() == "Encryption on"
    assert "only you and this contact can read" in lock.toolTip()
    await send_encrypted(chat.peer, chat.alice, "Encrypted hello from Bob's old client")
    model = window.conversation.message_view.model()

    await until(lambda: model.rowCount() == 1, 30)
    window.composer.setPlainText("And back, encrypted")
    qtbot.keyClick(window.composer, Qt.Key.Key_Return)
    await until(lambda: len(chat.peer.decrypted) == 1, 30)
    await until(lambda: model.rowCount() == 2, 30)
    await until(lambda: "legacy OMEMO" in _tooltip(window, 0)
                and "legacy OMEMO" in _tooltip(window, 1), 30)
    bob_device = await chat.peer.device_id()
    assert f"Encrypted with legacy OMEMO, device {bob_device}" in _tooltip(window, 0)
    own_device = (await chat.session.omemo.own_device()).device_id
    assert f"Encrypted with legacy OMEMO, device {own_device}" in _tooltip(window, 1)
    if SHOTS:
        suffix = "" if scheme == "light" else "-dark"
        window.grab().save(str(Path(SHOTS) / f"omemo-chat{suffix}.png"))
    # Turning it off asks first; Cancel keeps it on.
    qtbot.mouseClick(lock, Qt.MouseButton.LeftButton)
    dialog = window.conversation.omemo_lock.confirm
    assert dialog is not None and dialog.isVisible()
    qtbot.mouseClick(dialog.cancel, Qt.MouseButton.LeftButton)
    assert lock.text() == LOCKED
    assert await chat.session.omemo.repo.chat_choice(chat.bob) is not False
    qtbot.mouseClick(lock, Qt.MouseButton.LeftButton)
    dialog = window.conversation.omemo_lock.confirm
    assert dialog is not None
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    await until(lambda: lock.text() == UNLOCKED, 30)
    assert not lock.isChecked() and lock.accessibleName() == "Encryption off"
    assert await chat.session.omemo.repo.chat_choice(chat.bob) is False
    # A click turns it back on, without a question.
    qtbot.mouseClick(lock, Qt.MouseButton.LeftButton)
    await until(lambda: lock.text() == LOCKED, 30)
    assert await chat.session.omemo.repo.chat_choice(chat.bob) is True
    assert all(e.messages for e in chat.shown.of(MessagesAdded))
