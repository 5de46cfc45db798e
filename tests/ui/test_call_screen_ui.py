"""Sharing the screen in a voice call (issue 10, point 6): the call has no video yet, so
"Share your screen" adds a video content (Jingle content-add) that carries the screen, and the
other side sees it. Two real Heron sessions through the real server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

from tests.helpers import until
from tests.ui.call_window_rig import has_colour
from tests.ui.two_heron_calls import two_herons, video_call

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

MAGENTA = (255, 0, 255)


async def test_sharing_the_screen_in_a_voice_call_shows_it_to_the_other_side(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    shared = QWidget()  # what Alice shares: one window, all magenta
    shared.resize(320, 240)
    palette = shared.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(*MAGENTA))
    shared.setPalette(palette)
    shared.setAutoFillBackground(True)
    shared.show()
    try:
        async with two_herons(server, make_user, tmp_path, monkeypatch) as pair:
            alice_call, bob_call = await video_call(qtbot, pair, video=False)
            await until(lambda: alice_call.remote.caption == "In call", 20)
            assert alice_call.screen_button.isVisible()
            assert bob_call.remote.frames_shown == 0, "a voice call: no picture yet"

            alice_call.screen_window_id = int(shared.winId())
            qtbot.mouseClick(alice_call.screen_button, Qt.MouseButton.LeftButton)
            await until(lambda: bob_call.remote.frames_shown > 3, 20)
            await until(lambda: has_colour(bob_call.remote.grab().toImage(), MAGENTA), 10)
            bob_call.grab().save(str(Path("/tmp") / "callrest-screen-in-voice-call.png"))
            assert not has_colour(bob_call.remote.grab().toImage(), (255, 140, 0)), \
                "the screen, not Alice's camera"
    finally:
        shared.close()
