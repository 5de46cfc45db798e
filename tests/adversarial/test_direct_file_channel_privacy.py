"""A file offered over a WebRTC data channel (XEP-0343) leaks none of the receiver's addresses
before the user accepts: the offering device (a real slixmpp client recording what it gets)
hears nothing from Bob's Heron but the acknowledgement until Bob accepts; then the
session-accept carries Bob's candidates, and the file arrives over the channel."""

from __future__ import annotations

import asyncio
import hashlib
import io
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from slixmpp.xmlstream import ET

from heron.calls.datachannel import DataChannelPipe
from heron.calls.sdp_jingle import ICE
from heron.xmpp.plugins import xep_0343
from heron.xmpp.plugins.xep_0166 import NS as JINGLE
from heron.xmpp.plugins.xep_0234 import FileOffer, description
from tests.adversarial.test_hostile_direct_files import Sender, _bob_and_senders
from tests.calls_pair import loopback_only
from tests.helpers import until

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


class RecordingSender(Sender):
    """Keeps every Jingle request Bob's Heron sends, whole."""

    def __init__(self, peer: Any) -> None:
        super().__init__(peer)
        self.requests: list[ET.Element] = []

    def _on_jingle(self, iq: Any) -> Any:
        self.requests.append(iq["jingle"].xml)
        return super()._on_jingle(iq)


def _candidates(jingle: ET.Element) -> list[ET.Element]:
    return list(jingle.iter(f"{{{ICE}}}candidate"))


async def test_no_candidate_leaves_before_bob_accepts_and_the_file_then_arrives(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)
    async with _bob_and_senders(server, make_user, tmp_path) as (bob, (plain,)):
        alice = RecordingSender(plain.peer)
        alice.peer.plugin["xep_0166"].on_jingle = alice._on_jingle
        data = os.urandom(50_000)
        pipe = DataChannelPipe(())
        try:
            sid = uuid.uuid4().hex
            iq = alice.peer.make_iq_set(ito=bob.jid)
            jingle = ET.SubElement(iq.xml, f"{{{JINGLE}}}jingle", {
                "action": "session-initiate", "sid": sid,
                "initiator": str(alice.peer.boundjid)})
            content = ET.SubElement(jingle, f"{{{JINGLE}}}content",
                                    {"creator": "initiator", "name": "file"})
            content.append(description(FileOffer("letter.bin", len(data), sha256=hashlib.sha256(
                data).digest())))
            content.append(xep_0343.transport_of(await pipe.offer()))
            await iq.send(timeout=10)
            await until(lambda: any(o.sid == sid for o in bob.offers()), 20)
            await asyncio.sleep(8)  # longer than Heron waits for STUN/TURN before a channel
            assert alice.requests == [], "nothing from Bob before he accepts"

            await bob.session.jingle_files.accept(sid, bob.folder)
            await until(lambda: alice.got("session-accept"), 20)
            accept = alice.requests[0]
            assert accept.get("action") == "session-accept"
            assert _candidates(accept), "his candidates come with the accept"
            answer = xep_0343.parse(accept.find(f"{{{JINGLE}}}content"))  # type: ignore[arg-type]
            assert answer is not None
            await pipe.accepted(xep_0343.sdp_of(answer))
            await pipe.send(io.BytesIO(data), lambda _n: None, lambda: False)
            await until(bob.ended, 30)
            assert [e.reason for e in bob.ended()] == ["success"]
            assert (bob.folder / "letter.bin").read_bytes() == data
        finally:
            await pipe.close()
