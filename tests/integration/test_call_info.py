"""Informational messages in a running call (XEP-0167 §7), against a plain client that speaks
raw Jingle: Heron says when the user mutes the microphone, turns the camera off or puts the
call on hold (session-info naming the content, as the XEP's examples and Dino do), and takes
the same from the other side: each becomes news for the call window, and a hold makes Heron
stop sending until the call is taken back."""

from __future__ import annotations

import asyncio
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from heron.core.events import CallEnded, CallInfoReceived
from heron.xmpp.plugins.xep_0167 import NS_INFO
from tests.calls_pair import loopback_only
from tests.helpers import until
from tests.integration.parties import Recorder
from tests.integration.raw_call import raw_call

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def _infos(jingles: list[ET.Element]) -> list[tuple[str, str, str]]:
    """(payload, creator, name) of each session-info Heron sent, in order (not ringing)."""
    return [(child.tag.split("}")[1], child.get("creator", ""), child.get("name", ""))
            for jingle in jingles for child in jingle
            if child.tag.startswith(f"{{{NS_INFO}}}")]


async def test_heron_says_mute_camera_and_hold_naming_the_content(
        server: Any, make_user: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)
    async with raw_call(server, make_user, tmp_path) as call:
        jingle, sid = call.session.jingle, call.sid
        audio, video = call.name_of("audio"), call.name_of("video")
        await jingle.mute(sid, True, "audio")  # the user mutes the microphone
        await jingle.mute(sid, True, "video")  # and turns the camera off
        await jingle.mute(sid, False, "audio")
        await jingle.hold(sid, True)
        await jingle.hold(sid, False)
        await until(lambda: len(_infos(call.from_heron("session-info"))) == 5)
        # The contents were created by the raw client, the session's initiator.
        assert _infos(call.from_heron("session-info")) == [
            ("mute", "initiator", audio), ("mute", "initiator", video),
            ("unmute", "initiator", audio), ("hold", "", ""), ("unhold", "", "")]
        assert {j.get("sid") for j in call.from_heron("session-info")} == {sid}


async def test_the_peers_mute_and_hold_are_told_and_a_hold_stops_what_heron_sends(
        server: Any, make_user: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)
    async with raw_call(server, make_user, tmp_path) as call:
        told = Recorder(call.app, CallInfoReceived, CallEnded)

        def info(tag: str, name: str = "") -> ET.Element:
            attrs = {"creator": "initiator", "name": name} if name else {}
            return ET.Element(f"{{{NS_INFO}}}{tag}", attrs)

        await call.send("session-info", info("mute", call.name_of("audio")))
        await call.send("session-info", info("mute", call.name_of("video")))
        await call.send("session-info", info("mute", "no-such-content"))  # acked, not news
        await call.send("session-info", info("unmute", call.name_of("audio")))
        await until(lambda: len(told.of(CallInfoReceived)) == 3)
        assert [(e.info, e.media, e.sid) for e in told.of(CallInfoReceived)] == [
            ("mute", "audio", call.sid), ("mute", "video", call.sid),
            ("unmute", "audio", call.sid)]

        # On hold, Heron (the holdee) stops sending: its tone no longer reaches the holder.
        assert call.at_peer.loudness_since(time.monotonic() - 0.5) > 0.1
        await call.send("session-info", info("hold"))
        await until(lambda: told.of(CallInfoReceived)[-1].info == "hold")
        await asyncio.sleep(0.3)
        held_at = time.monotonic()
        await asyncio.sleep(0.6)
        assert call.at_peer.loudness_since(held_at) < 0.005
        assert len(call.at_peer.audio_since(held_at)) > 10, "the stream goes on, silent"

        await call.send("session-info", info("active"))  # back: Heron sends again
        await until(lambda: told.of(CallInfoReceived)[-1].info == "active")
        await asyncio.sleep(0.3)
        back_at = time.monotonic()
        await asyncio.sleep(0.6)
        assert call.at_peer.loudness_since(back_at) > 0.1
        assert told.of(CallEnded) == [], "the call goes on through all of it"
