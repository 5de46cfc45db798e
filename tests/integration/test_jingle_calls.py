"""Calls between two Heron sessions through the real server: one expects, the other starts;
audio and video frames arrive both ways over loopback; hanging up ends it on both sides."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from heron.calls.api import CallRequest, MediaConfig
from heron.core.events import CallEnded, CallStateChanged
from tests.call_media import SyntheticMedia, loopback_only
from tests.helpers import until
from tests.integration.parties import Recorder, account_for, start_heron

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def _factory(made: list[SyntheticMedia]) -> Callable[[MediaConfig], SyntheticMedia]:
    def make(config: MediaConfig) -> SyntheticMedia:
        made.append(SyntheticMedia(config))
        return made[-1]
    return make


async def test_a_video_call_connects_both_ways_and_hangs_up_on_both_sides(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    app_a = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    app_b = await start_heron(tmp_path / "bob", account_for(server, bob), bob_pw)
    rec_a, rec_b = Recorder(app_a, CallStateChanged, CallEnded), Recorder(
        app_b, CallStateChanged, CallEnded)
    a_media: list[SyntheticMedia] = []
    b_media: list[SyntheticMedia] = []
    a, b = app_a.sessions[alice], app_b.sessions[bob]
    try:
        a.jingle.enable(_factory(a_media))
        b.jingle.enable(_factory(b_media))
        sid = "heron-call-1"
        b.jingle.expect(CallRequest(peer=str(a.client.boundjid), sid=sid, video=True))
        await a.jingle.start(CallRequest(peer=str(b.client.boundjid), sid=sid, video=True))
        await until(lambda: a_media and b_media and a_media[0].video_in > 3
                    and b_media[0].video_in > 3 and a_media[0].audio_in > 3
                    and b_media[0].audio_in > 3, 20)
        assert "connected" in [e.state for e in rec_a.of(CallStateChanged)]
        assert "connected" in [e.state for e in rec_b.of(CallStateChanged)]
        assert a.jingle.media(sid) is a_media[0] and b.jingle.media(sid) is b_media[0]

        await a.jingle.hang_up(sid)
        await until(lambda: rec_a.of(CallEnded) and rec_b.of(CallEnded))
        ended_a, ended_b = rec_a.of(CallEnded)[0], rec_b.of(CallEnded)[0]
        assert (ended_a.reason, ended_b.reason) == ("success", "success")
        assert ended_b.text == "The call ended."
        assert a.jingle.media(sid) is None and b.jingle.media(sid) is None
        assert a_media[0].pc.connectionState == b_media[0].pc.connectionState == "closed"
    finally:
        for media in a_media + b_media:
            await media.close()
        await app_a.close()
        await app_b.close()
