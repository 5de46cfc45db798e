"""The incoming-call window (issue 10, point 1) driven as a person would, with a real second
client calling over the test server: it shows who calls and how, rings, and its buttons and
keys answer that client (proceed, reject); when the caller gives up it goes away."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from shiboken6 import isValid

from heron.core.events import CallEnded
from heron.models.messages import MessageRoles
from heron.ui import call_log_row
from heron.ui.call_ring import IncomingCallWindow
from tests.helpers import until
from tests.integration.call_parties import jmi_received, recording_jmi, send_jmi
from tests.integration.parties import Recorder
from tests.ui.chat_window import window_with_peers

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def _ring_window(window: Any, sid: str) -> IncomingCallWindow | None:
    return window.call_ringing.open.get(sid)


async def test_the_ring_window_answers_the_caller(qtbot: Any, server: Any, make_user: Any,
                                                  tmp_path: Path) -> None:
    async with window_with_peers(server, make_user, tmp_path / "alice", ("Bob",),
                                 strangers=0) as (app, window, alice, peers):
        bob = peers[0]
        recording_jmi(bob)
        ended = Recorder(app, CallEnded)
        # A video call: picture, name and kind; Accept with video sends <proceed/> to Bob.
        send_jmi(bob, alice, "propose", "call-1", video=True)
        await until(lambda: _ring_window(window, "call-1") is not None)
        ring = _ring_window(window, "call-1")
        assert ring is not None and ring.isVisible()
        assert ring.name_label.text() == "Bob"
        assert ring.name_label.textFormat() == Qt.TextFormat.PlainText
        assert ring.kind_label.text() == "Incoming video call"
        assert ring.video_button.isVisible() and ring.audio_button.text() == "Accept &audio only"
        assert ring.accessibleName() == "Video call from Bob"
        assert window.call_ringing.playing, "the ringtone plays"
        await until(lambda: jmi_received(bob) == ["ringing"])
        ring.grab().save("/tmp/heron-call-incoming.png")
        qtbot.mouseClick(ring.video_button, Qt.MouseButton.LeftButton)
        await until(lambda: jmi_received(bob) == ["ringing", "proceed"])
        assert str(bob.jmi[-1]["to"]) == str(bob.boundjid)
        assert str(bob.jmi[-1]["from"]) == str(app.sessions[alice].client.boundjid)
        await until(lambda: "call-1" not in window.call_ringing.open)
        assert not window.call_ringing.playing, "the ringtone stops once answered"

        # A voice call, declined from the keyboard: Escape sends <reject/>.
        send_jmi(bob, alice, "propose", "call-2")
        await until(lambda: _ring_window(window, "call-2") is not None)
        ring = _ring_window(window, "call-2")
        assert ring is not None
        assert ring.kind_label.text() == "Incoming voice call"
        assert not ring.video_button.isVisible()
        qtbot.keyClick(ring, Qt.Key.Key_Escape)
        await until(lambda: jmi_received(bob)[-1:] == ["reject"])
        await until(lambda: "call-2" not in window.call_ringing.open)

        # Bob gives up before Alice answers: the window goes away, a missed call is left.
        send_jmi(bob, alice, "propose", "call-3")
        await until(lambda: _ring_window(window, "call-3") is not None)
        ring = _ring_window(window, "call-3")
        send_jmi(bob, alice, "retract", "call-3")
        await until(lambda: "call-3" not in window.call_ringing.open)
        assert not isValid(ring) or not ring.isVisible()
        assert [e.missed for e in ended.of(CallEnded) if e.sid == "call-3"] == [True]
        assert not window.call_ringing.playing

        # The chat with Bob shows the declined and the missed call as rows of its own.
        await window.open_conversation(alice, bob.boundjid.bare)
        model = window.conversation.message_model
        assert model is not None

        def call_rows() -> list[str]:
            records = [model.index(r).data(MessageRoles.Call) for r in range(model.rowCount())]
            return [call_log_row.text(r, "Bob") for r in records if r is not None]

        await until(lambda: call_rows() == ["Declined call from Bob", "Missed call from Bob"])
        window.message_view.viewport().grab().save("/tmp/heron-call-rows.png")
