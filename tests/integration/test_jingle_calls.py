"""Calls between two Heron sessions through the real server: one expects, the other starts;
audio and video frames arrive both ways over loopback; hanging up ends it on both sides."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from heron.calls.api import CallRequest, MediaConfig
from heron.core.events import CallEnded, CallIncoming, CallStateChanged
from tests.call_media import SyntheticMedia, loopback_only
from tests.helpers import until
from tests.integration.heron_process import befriend
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


async def test_a_direct_call_to_a_contact_rings_and_a_decline_is_told_in_plain_words(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    await befriend(server, (alice, alice_pw), (bob, bob_pw))
    app_a = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    app_b = await start_heron(tmp_path / "bob", account_for(server, bob), bob_pw)
    rec_a = Recorder(app_a, CallStateChanged, CallEnded)
    rec_b = Recorder(app_b, CallIncoming, CallEnded)
    made: list[SyntheticMedia] = []
    a, b = app_a.sessions[alice], app_b.sessions[bob]
    try:
        a.jingle.enable(_factory(made))
        b.jingle.enable(_factory(made))
        # No proposal first (XEP-0353): a plain Jingle call, as older clients place them.
        await a.jingle.start(CallRequest(peer=str(b.client.boundjid), sid="direct-1"))
        await until(lambda: rec_b.of(CallIncoming))
        assert rec_b.of(CallIncoming)[0].peer == str(a.client.boundjid)
        await until(lambda: "ringing" in [e.state for e in rec_a.of(CallStateChanged)])
        assert b.jingle.media("direct-1") is None, "no media before the user answers"

        await b.jingle.hang_up("direct-1", "decline")
        await until(lambda: rec_a.of(CallEnded))
        ended = rec_a.of(CallEnded)[0]
        assert (ended.reason, ended.text) == ("decline", "The call was declined.")
        assert a.jingle.media("direct-1") is None
        assert [e.reason for e in rec_b.of(CallEnded)] == ["decline"]
    finally:
        for media in made:
            await media.close()
        await app_a.close()
        await app_b.close()


async def test_video_is_added_to_an_audio_call(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    app_a = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    app_b = await start_heron(tmp_path / "bob", account_for(server, bob), bob_pw)
    a_media: list[SyntheticMedia] = []
    b_media: list[SyntheticMedia] = []
    a, b = app_a.sessions[alice], app_b.sessions[bob]
    try:
        a.jingle.enable(_factory(a_media))
        b.jingle.enable(_factory(b_media))
        b.jingle.expect(CallRequest(peer=str(a.client.boundjid), sid="av-1"))
        await a.jingle.start(CallRequest(peer=str(b.client.boundjid), sid="av-1"))
        await until(lambda: a_media and b_media and a_media[0].audio_in > 3
                    and b_media[0].audio_in > 3, 20)
        assert b_media[0].video_in == 0, "an audio call"

        await a.jingle.add_video("av-1")  # Alice turns her camera on: content-add
        await until(lambda: b_media[0].video_in > 3, 20)
        audio_before = b_media[0].audio_in
        await until(lambda: b_media[0].audio_in > audio_before + 3)  # and the audio goes on
    finally:
        for media in a_media + b_media:
            await media.close()
        await app_a.close()
        await app_b.close()
