"""What one side does in a call is said in plain words in the other's call window (XEP-0167
§7 informational messages): Alice mutes, turns her camera off, puts the call on hold and takes
it back, and Bob's window tells him each time. Two real Heron sessions through the real
server, driven by their call windows' buttons and keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.helpers import until
from tests.ui.two_heron_calls import two_herons, video_call

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def test_alices_mute_camera_and_hold_are_said_in_bobs_window(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    async with two_herons(server, make_user, tmp_path, monkeypatch) as pair:
        alice_call, bob_call = await video_call(qtbot, pair)
        await until(lambda: bob_call.remote.frames_shown > 5, 20)
        assert bob_call.notice.text == ""

        def says(words: str) -> bool:
            return bool(bob_call.notice.text == words)

        qtbot.mouseClick(alice_call.mute_button, Qt.MouseButton.LeftButton)
        await until(lambda: says("Alice muted their microphone"), 10)
        qtbot.mouseClick(alice_call.camera_button, Qt.MouseButton.LeftButton)
        await until(lambda: says("Alice turned their camera off"), 10)
        qtbot.mouseClick(alice_call.hold_button, Qt.MouseButton.LeftButton)
        await until(lambda: says("Alice put the call on hold"), 10)
        assert alice_call.duration.text().startswith("On hold · ")
        assert alice_call.hold_button.accessibleName() == "Resume the call"
        bob_call.grab().save(str(Path("/tmp") / "callrest-notice-hold.png"))

        qtbot.mouseClick(alice_call.hold_button, Qt.MouseButton.LeftButton)
        await until(lambda: says("Alice resumed the call"), 10)
        # once that has passed, what still lasts shows again: her camera is still off
        await until(lambda: says("Alice turned their camera off"), 10)
        qtbot.mouseClick(alice_call.mute_button, Qt.MouseButton.LeftButton)
        await until(lambda: says("Alice unmuted their microphone"), 10)
