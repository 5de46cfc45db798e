"""A whole call the way two people make one (issue 10, points 1 and 2): Alice presses the video
call button in Bob's chat, Bob's Heron rings, he accepts with video, both call windows open and
show the other's moving picture, and Alice's hang-up ends the call in Bob's window. Two real
Heron sessions through the real server, with real media (aiortc, synthetic sources)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from heron.core.events import CallEnded
from tests.helpers import until
from tests.integration.parties import Recorder
from tests.ui.call_window_rig import has_colour
from tests.ui.two_heron_calls import two_herons, video_call

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

ORANGE = (255, 140, 0)  # the synthetic camera's moving bar (calls/sources.py)


async def test_alice_calls_bob_he_accepts_with_video_and_her_hang_up_ends_it(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    async with two_herons(server, make_user, tmp_path, monkeypatch) as pair:
        ended = Recorder(pair.apps[1], CallEnded)
        alice_call, bob_call = await video_call(qtbot, pair)
        await until(lambda: alice_call.remote.frames_shown > 10
                    and bob_call.remote.frames_shown > 10, 20)
        for call in (alice_call, bob_call):
            picture = call.remote.grab().toImage()
            assert has_colour(picture.copy(call.remote.picture_rect()), ORANGE)
        bob_call.grab().save(str(tmp_path / "bob-call.png"))

        qtbot.mouseClick(alice_call.hang_up_button, Qt.MouseButton.LeftButton)
        await until(lambda: any(e.reason == "success" for e in ended.of(CallEnded)), 10)
        await until(lambda: not pair.open_calls(1), 10)  # Bob's window said so and closed


async def test_quitting_heron_during_a_call_hangs_up_and_the_other_side_is_told(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """☰ → Quit (the tray's "Quit Heron" takes the same path) in the middle of a call: the
    other side gets a session-terminate, not a call that dies when the account goes offline,
    and Bob's window says Alice hung up."""
    async with two_herons(server, make_user, tmp_path, monkeypatch) as pair:
        ended = Recorder(pair.apps[1], CallEnded)
        _alice_call, bob_call = await video_call(qtbot, pair)
        await until(lambda: bob_call.remote.frames_shown > 5, 20)
        closing: list[asyncio.Future[None]] = []
        # What Heron's runner does when the main window closes (ui/runner.py: _shut_down)
        pair.windows[0].closed.connect(
            lambda: closing.append(asyncio.ensure_future(pair.apps[0].close())))
        pair.windows[0].sidebar.quit_action.trigger()
        assert not pair.windows[0].isVisible()
        await until(lambda: ended.of(CallEnded), 15)
        (event,) = ended.of(CallEnded)
        assert (event.reason, event.by_peer) == ("success", True), "a terminate, not 'gone'"
        assert bob_call.duration.text() == "Alice hung up."
        await until(lambda: not pair.open_calls(1), 10)  # and Bob's window goes
        await asyncio.gather(*closing)
