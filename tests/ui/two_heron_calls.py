"""Two real Heron sessions, each with its main window, that are contacts of each other
("Alice" and "Bob", synthetic camera and tone), and a video call placed between them the way
a person does it: Alice presses the video button in Bob's chat, Bob clicks "Accept with
video" in the ring window. For the UI call tests (tests/ui/test_call_*.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from heron.application import Heron
from heron.ui.main_window import MainWindow
from tests.calls_pair import loopback_only
from tests.helpers import until
from tests.integration.heron_process import befriend
from tests.integration.parties import account_for, start_heron


@dataclass
class Pair:
    apps: list[Heron]  # Alice's, Bob's
    windows: list[MainWindow]
    users: list[tuple[str, str]]

    def open_calls(self, index: int) -> dict[str, Any]:
        """The call windows open in Alice's (0) or Bob's (1) Heron, by session id."""
        return self.windows[index].call_windows.open


@asynccontextmanager
async def two_herons(server: Any, make_user: Any, tmp_path: Path,
                     monkeypatch: Any) -> AsyncIterator[Pair]:
    loopback_only(monkeypatch)
    alice, bob = make_user(), make_user()
    await befriend(server, alice, bob)
    apps = [await start_heron(tmp_path / "alice", account_for(server, alice[0]), alice[1]),
            await start_heron(tmp_path / "bob", account_for(server, bob[0]), bob[1])]
    windows: list[MainWindow] = []
    try:
        for app, own, other, name in ((apps[0], alice, bob, "Bob"),
                                      (apps[1], bob, alice, "Alice")):
            app.synthetic_media = True
            await app.sessions[own[0]].roster.set_item(other[0], name, ())
            window = MainWindow(app)
            window.show()
            windows.append(window)
        yield Pair(apps, windows, [alice, bob])
    finally:
        for app in apps:
            await app.close()
        for window in windows:
            window.close()


async def video_call(qtbot: Any, pair: Pair, video: bool = True) -> tuple[Any, Any]:
    """Alice calls Bob (with video unless ``video`` is False) and he accepts the same way;
    returns both call windows."""
    alice, bob = pair.users
    await pair.windows[0].open_conversation(alice[0], bob[0])
    calls = pair.windows[0].conversation.calls
    button = calls.video_button if video else calls.audio_button
    await until(button.isEnabled, 15)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    ringing = pair.windows[1].call_ringing.open
    await until(lambda: len(ringing) == 1, 15)
    ring = next(iter(ringing.values()))
    assert ring.windowTitle() == ("Video call from Alice" if video else "Voice call from Alice")
    qtbot.mouseClick(ring.video_button if video else ring.audio_button,
                     Qt.MouseButton.LeftButton)

    open_calls = [pair.open_calls(0), pair.open_calls(1)]
    await until(lambda: all(len(o) == 1 for o in open_calls), 15)
    assert not ringing, "the ring window goes once the call is answered"
    alice_call, bob_call = (next(iter(o.values())) for o in open_calls)
    return alice_call, bob_call
