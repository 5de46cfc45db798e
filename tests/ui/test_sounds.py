"""The message chime (issue 8, point 7): heard for a chat in the background, not for the one
being read, not while "Do not disturb", not with Sounds off in the tray menu; on a machine
with no audio device (this one) a real QSoundEffect is made and nothing escapes. Bob is a
real client on the test server."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QSoundEffect

from heron.application import Heron
from heron.models.chats import ChatRoles
from heron.ui.main_window import MainWindow
from heron.ui.sounds import MessageSounds
from heron.ui.tray import TrayIcon
from tests.helpers import until
from tests.integration.parties import Peer
from tests.ui.chat_window import window_with_peers

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


@pytest_asyncio.fixture
async def heard(server: Any, make_user: Any,
                tmp_path: Path) -> AsyncIterator[tuple[Heron, MainWindow, str, Peer, str]]:
    async with window_with_peers(server, make_user, tmp_path / "alice", ("Bob",)) as (
            app, window, alice, (bob, carol)):
        window.sounds = MessageSounds(window)
        yield app, window, alice, bob, str(carol.boundjid.bare)


async def test_the_chime_plays_only_for_a_chat_in_the_background(
        heard: tuple[Heron, MainWindow, str, Peer, str],
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="heron.ui.sounds")
    app, window, alice, bob, carol = heard
    sounds = window.sounds
    assert sounds is not None
    bob_jid = str(bob.boundjid.bare)
    chats = window.sidebar.chats.model
    count = 0

    async def from_bob(text: str) -> None:
        nonlocal count
        count += 1
        bob.send_message(mto=alice, mbody=text, mtype="chat")
        # arrived and shown (its chat's row says it): the chime was decided by then
        await until(lambda: bool(chats.conversations()) and chats.index(0).data(
            Qt.ItemDataRole.DisplayRole) == "Bob" and _preview(window) == text)
        # An open chat fetches its archive too: should that copy come first, the live one
        # follows in the pipeline (and counts as new): it is through before the next step.
        await app.pipeline.drain()

    # Reading Bob's chat in the focused window: no chime.
    window.activateWindow()
    await until(window.isActiveWindow)
    await window.open_conversation(alice, bob_jid)
    await from_bob("seen as it comes")
    assert sounds.played == 0
    # Another chat in front: Bob's message chimes, through a real QSoundEffect.
    await window.open_conversation(alice, carol)
    await from_bob("ding")
    assert sounds.played == 1
    assert isinstance(sounds.effect, QSoundEffect)
    assert sounds.effect.source().toLocalFile().endswith("resources/message.wav")
    assert Path(sounds.effect.source().toLocalFile()).stat().st_size < 30_000
    # No audio device here: said once in the log, and Heron went on.
    await from_bob("ding again")
    assert sounds.played == 2
    said = [r for r in caplog.records if "no audio output device" in r.getMessage()]
    assert len(said) == 1
    # "Do not disturb": silence.
    app.set_own_presence("dnd", "")
    await from_bob("busy?")
    assert sounds.played == 2
    app.set_own_presence("available", "")
    # Sounds off in the tray menu: silence; on again: a chime.
    tray = TrayIcon(window)
    assert tray.sounds_action.text() == "Sounds" and tray.sounds_action.isChecked()
    tray.sounds_action.trigger()
    assert app.settings_store.load().sounds is False  # kept for the next start
    await from_bob("quiet please")
    assert sounds.played == 2
    tray.sounds_action.trigger()
    await from_bob("back")
    assert sounds.played == 3


def _preview(window: MainWindow) -> str:
    model = window.sidebar.chats.model
    return str(model.index(0).data(ChatRoles.Preview)) if model.rowCount() else ""
