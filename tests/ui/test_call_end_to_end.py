"""A whole call the way two people make one (issue 10, points 1 and 2): Alice presses the video
call button in Bob's chat, Bob's Heron rings, he accepts with video, both call windows open and
show the other's moving picture, and Alice's hang-up ends the call in Bob's window. Two real
Heron sessions through the real server, with real media (aiortc, synthetic sources)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from heron.core.events import CallEnded
from heron.ui.main_window import MainWindow
from tests.calls_pair import loopback_only
from tests.helpers import until
from tests.integration.heron_process import befriend
from tests.integration.parties import Recorder, account_for, start_heron
from tests.ui.call_window_rig import has_colour

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

ORANGE = (255, 140, 0)  # the synthetic camera's moving bar (calls/sources.py)


async def test_alice_calls_bob_he_accepts_with_video_and_her_hang_up_ends_it(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)
    alice, bob = make_user(), make_user()
    await befriend(server, alice, bob)
    apps = [await start_heron(tmp_path / "alice", account_for(server, alice[0]), alice[1]),
            await start_heron(tmp_path / "bob", account_for(server, bob[0]), bob[1])]
    windows = []
    try:
        for app, (_own, _pw), (other, _opw), name in ((apps[0], alice, bob, "Bob"),
                                                      (apps[1], bob, alice, "Alice")):
            app.synthetic_media = True
            await app.sessions[_own].roster.set_item(other, name, ())
            window = MainWindow(app)
            window.show()
            windows.append(window)
        ended = Recorder(apps[1], CallEnded)
        await windows[0].open_conversation(alice[0], bob[0])
        calls = windows[0].conversation.calls
        await until(calls.video_button.isEnabled, 15)
        qtbot.mouseClick(calls.video_button, Qt.MouseButton.LeftButton)

        ringing = windows[1].call_ringing.open
        await until(lambda: len(ringing) == 1, 15)
        ring = next(iter(ringing.values()))
        assert ring.windowTitle() == "Video call from Alice"
        qtbot.mouseClick(ring.video_button, Qt.MouseButton.LeftButton)

        open_calls = [w.call_windows.open for w in windows]
        await until(lambda: all(len(o) == 1 for o in open_calls), 15)
        alice_call, bob_call = (next(iter(o.values())) for o in open_calls)
        assert not ringing, "the ring window goes once the call is answered"
        await until(lambda: alice_call.remote.frames_shown > 10
                    and bob_call.remote.frames_shown > 10, 20)
        for call in (alice_call, bob_call):
            picture = call.remote.grab().toImage()
            assert has_colour(picture.copy(call.remote.picture_rect()), ORANGE)
        bob_call.grab().save(str(tmp_path / "bob-call.png"))

        qtbot.mouseClick(alice_call.hang_up_button, Qt.MouseButton.LeftButton)
        await until(lambda: any(e.reason == "success" for e in ended.of(CallEnded)), 10)
        await until(lambda: not open_calls[1], 10)  # Bob's window said so and closed
    finally:
        for app in apps:
            await app.close()
        for window in windows:
            window.close()
