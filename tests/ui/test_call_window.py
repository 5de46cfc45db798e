"""The call window driven like a person would, on a real call between two aiortc sessions in
this process: the peer's moving picture fills it, our own shows in the corner, mute and camera
change what the peer gets, hanging up (or closing, after a question) ends the call."""

from __future__ import annotations

import asyncio
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from heron.ui.confirm import ConfirmDialog
from tests.calls_pair import ALICE_BAR, BOB_BAR, bar_in, loopback_only
from tests.helpers import until
from tests.ui.call_window_rig import call_window, has_colour

pytestmark = pytest.mark.asyncio


@pytest.fixture(autouse=True)
def _loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)


def _confirm_dialog() -> ConfirmDialog | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, ConfirmDialog) and widget.isVisible():
            return widget
    return None


async def test_the_peers_moving_picture_fills_the_window_and_ours_sits_in_the_corner(
        qtbot: QtBot) -> None:
    async with call_window() as (window, _, _):
        await until(lambda: window.remote.frames_shown > 10 and window.preview.frames_shown > 5)
        remote = window.remote.grab().toImage()
        first = bar_in_image(remote)
        assert has_colour(remote.copy(window.remote.picture_rect()), BOB_BAR)
        preview = window.preview.grab().toImage()
        assert has_colour(preview, ALICE_BAR, at_least=8)
        assert not has_colour(preview, BOB_BAR, at_least=8)
        await asyncio.sleep(0.5)
        assert bar_in_image(window.remote.grab().toImage()) != first  # live, not a still
        assert window.duration.text().count(":") == 1  # the counter runs: "00:01"


def bar_in_image(image: object) -> int:
    from PySide6.QtGui import QImage

    assert isinstance(image, QImage)
    y = image.height() // 2
    for x in range(image.width()):
        pixel = image.pixelColor(x, y)
        if pixel.blue() > 200 and pixel.red() < 80:  # Bob's cyan bar
            return x
    return -1


async def test_mute_button_and_m_key_silence_what_the_peer_hears(qtbot: QtBot) -> None:
    async with call_window(video=False) as (window, c, _):
        await until(lambda: len(c.at_bob.audio) > 25)
        qtbot.mouseClick(window.mute_button, Qt.MouseButton.LeftButton)
        assert window.mute_button.isChecked()
        assert window.mute_button.accessibleName() == "Unmute microphone (M)"
        await asyncio.sleep(0.3)
        t = time.monotonic()
        await asyncio.sleep(0.5)
        assert c.at_bob.loudness_since(t) < 0.005
        qtbot.keyClick(window, Qt.Key.Key_M)
        assert not window.mute_button.isChecked()
        await asyncio.sleep(0.3)
        t = time.monotonic()
        await asyncio.sleep(0.5)
        assert c.at_bob.loudness_since(t) > 0.1


async def test_camera_button_stops_our_picture_at_the_peer(qtbot: QtBot) -> None:
    async with call_window() as (window, c, _):
        await until(lambda: c.at_bob.camera == [True])
        qtbot.keyClick(window, Qt.Key.Key_V)
        assert window.camera_button.isChecked()
        assert window.camera_button.accessibleName() == "Turn camera on (V)"
        await until(lambda: c.at_bob.camera == [True, False], timeout=5)
        assert window.preview.image is None  # our corner shows we are not sending


async def test_when_the_peer_turns_the_camera_off_their_avatar_shows(qtbot: QtBot) -> None:
    async with call_window() as (window, c, _):
        await until(lambda: window.remote.frames_shown > 3)
        c.bob.set_camera(False)
        await until(lambda: window.remote.image is None, timeout=5)
        assert window.remote.caption == "Camera off"
        assert not has_colour(window.remote.grab().toImage(), BOB_BAR)


async def test_an_audio_call_shows_the_peer_large_and_no_camera_controls(qtbot: QtBot) -> None:
    async with call_window(video=False) as (window, c, _):
        await until(lambda: c.alice.state == "connected")
        await asyncio.sleep(0.1)
        assert not window.preview.isVisible()
        assert not window.camera_button.isVisible()
        assert window.remote.caption == "In call"
        assert window.remote.image is None
        assert c.at_alice.video_frames == 0


async def test_hang_up_button_ends_the_call_at_once(qtbot: QtBot) -> None:
    async with call_window() as (window, c, hangups):
        await until(lambda: c.alice.state == "connected")
        qtbot.mouseClick(window.hang_up_button, Qt.MouseButton.LeftButton)
        await until(lambda: hangups.calls == ["hang up"])
        assert not window.isVisible()
        assert _confirm_dialog() is None


@pytest.mark.parametrize("how", ["close", "escape"])
async def test_closing_asks_before_hanging_up(qtbot: QtBot, how: str) -> None:
    async with call_window() as (window, c, hangups):
        await until(lambda: c.alice.state == "connected")
        if how == "close":
            window.close()
        else:
            qtbot.keyClick(window, Qt.Key.Key_Escape)
        dialog = _confirm_dialog()
        assert dialog is not None
        assert window.isVisible()  # nothing ended yet
        qtbot.mouseClick(dialog.cancel, Qt.MouseButton.LeftButton)
        assert window.isVisible()
        assert hangups.calls == []
        window.close()
        dialog = _confirm_dialog()
        assert dialog is not None
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        await until(lambda: hangups.calls == ["hang up"])
        assert not window.isVisible()


async def test_quality_indicator_shows_the_measured_connection(qtbot: QtBot) -> None:
    async with call_window(video=False) as (window, _, _):
        await until(lambda: "Round trip:" in window.quality_bars.toolTip(), timeout=15)
        assert window.quality_bars.level == "good"
        tip = window.quality_bars.toolTip()
        assert tip.startswith("Good connection")
        assert "Round trip:" in tip
        assert window.quality_bars.accessibleName() == "Good connection"




async def test_sharing_a_window_shows_it_to_the_peer_instead_of_the_camera(
        qtbot: QtBot) -> None:
    shared = QWidget()
    shared.resize(320, 240)
    palette = shared.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(255, 0, 255))
    shared.setPalette(palette)
    shared.setAutoFillBackground(True)
    shared.show()
    async with call_window() as (window, c, _):
        await until(lambda: c.at_bob.video_frames > 5)
        window.screen_window_id = int(shared.winId())
        qtbot.mouseClick(window.screen_button, Qt.MouseButton.LeftButton)
        assert window.screen_button.accessibleName() == "Stop sharing your screen"
        await until(lambda: bar_in(c.at_bob.video[-1][1], (255, 0, 255)) is not None,
                    timeout=5)
        assert bar_in(c.at_bob.video[-1][1], ALICE_BAR) is None
        qtbot.mouseClick(window.screen_button, Qt.MouseButton.LeftButton)
        await until(lambda: bar_in(c.at_bob.video[-1][1], ALICE_BAR) is not None, timeout=5)
    shared.close()


async def test_the_signalling_still_hears_the_media_state_once_the_window_is_open(
        qtbot: QtBot) -> None:
    from heron.ui.call_window import CallWindow
    from tests.calls_pair import call
    from tests.ui.windows import loop_survives_close

    heard: list[str] = []
    with loop_survives_close():
        async with call(video=False) as c:
            c.alice.on_state = heard.append  # as JingleCalls would listen
            window = CallWindow(c.alice, "bob@localhost", "Bob", video=False,
                                on_hang_up=lambda: None)
            window.show()
            await until(lambda: "connected" in heard)
            await until(lambda: window.duration.text().startswith("00:"))
            window.call_ended()
            window.close()
