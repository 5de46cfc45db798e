"""A running call between Heron and a plain slixmpp client that speaks raw Jingle stanzas (as
Conversations or Dino would), both sides on real aiortc media with synthetic sources, each
side recording what it hears and sees (tests/calls_pair.py). For the tests of what travels
inside a running session: session-info, content-modify."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from heron.application import Heron
from heron.calls.api import CallRequest, MediaConfig
from heron.calls.media import AiortcMedia
from heron.calls.sdp_jingle import JINGLE, sdp_to_jingle
from heron.xmpp.services.jingle_contents import contents_of, session_sdp
from tests.adversarial.test_hostile_jingle import Caller
from tests.calls_pair import ALICE_BAR, ALICE_TONE, BOB_BAR, BOB_TONE, Received
from tests.helpers import until
from tests.integration.heron_process import befriend
from tests.integration.parties import account_for, start_heron, start_peer

SYNTHETIC = MediaConfig(synthetic=True)


@dataclass
class RawCall:
    app: Heron
    session: Any
    peer: Caller  # the raw client: peer.media is its AiortcMedia
    sid: str
    heron_media: AiortcMedia
    at_heron: Received  # what Heron receives from the raw client
    at_peer: Received  # what the raw client receives from Heron
    contents: list[ET.Element]  # the session's contents, as Heron accepted them

    @property
    def heron(self) -> str:
        return str(self.session.client.boundjid)

    def name_of(self, media: str) -> str:
        return next(c.get("name", "") for c in self.contents
                    if any(d.get("media") == media for d in c.iter()))

    async def send(self, action: str, *payload: ET.Element) -> Any:
        """A Jingle IQ of the raw client to Heron in this session (Conversations' shape: no
        initiator attribute)."""
        iq = self.peer.peer.make_iq_set(ito=self.heron)
        ET.SubElement(iq.xml, f"{{{JINGLE}}}jingle",
                      {"action": action, "sid": self.sid}).extend(payload)
        return await iq.send(timeout=10)

    def from_heron(self, action: str) -> list[ET.Element]:
        """The <jingle/> elements of every ``action`` Heron sent the raw client."""
        found = []
        for stanza in self.peer.from_heron(f'action="{action}"'):
            jingle = ET.fromstring(stanza).find(f"{{{JINGLE}}}jingle")
            if jingle is not None:
                found.append(jingle)
        return found


@asynccontextmanager
async def raw_call(server: Any, make_user: Any, tmp_path: Path, *,
                   video: bool = True, accept_video: bool | None = None,
                   sid: str = "raw-1") -> AsyncIterator[RawCall]:
    """The raw client calls Heron (who has accepted the proposal, with video unless
    ``accept_video`` is False) with audio and video, and Heron answers with its synthetic
    tone and bar; returns once sound flows both ways."""
    alice, bob = make_user(), make_user()
    await befriend(server, alice, bob)
    app = await start_heron(tmp_path / "alice", account_for(server, alice[0]), alice[1])
    session = app.sessions[alice[0]]
    made: list[AiortcMedia] = []

    def factory(config: MediaConfig) -> AiortcMedia:
        made.append(AiortcMedia(SYNTHETIC, tone_hz=ALICE_TONE, bar_colour=ALICE_BAR))
        return made[-1]

    session.jingle.enable(factory)
    peer = Caller(await start_peer(server, *bob, resource="phone"))
    await peer.media.close()  # the stand-in media of Caller: ours records what it hears
    peer.media = AiortcMedia(SYNTHETIC, tone_hz=BOB_TONE, bar_colour=BOB_BAR)  # type: ignore[assignment]
    at_heron, at_peer = Received(), Received()
    at_peer.attach(peer.media)  # type: ignore[arg-type]
    call = RawCall(app, session, peer, sid, None, at_heron, at_peer, [])  # type: ignore[arg-type]
    try:
        session.jingle.expect(CallRequest(peer=peer.jid, sid=sid, video=video if accept_video
                                          is None else accept_video))
        offer = await peer.media.make_offer(audio=True, video=video)
        await call.send("session-initiate", *sdp_to_jingle(offer, "initiator"))
        await until(lambda: call.from_heron("session-accept"), 15)
        call.contents = contents_of(call.from_heron("session-accept")[0])
        call.heron_media = made[0]
        at_heron.attach(made[0])
        await peer.media.apply_answer(session_sdp(call.contents, "responder", sid))
        await until(lambda: len(at_heron.audio) > 10 and len(at_peer.audio) > 10, 20)
        yield call
    finally:
        await session.jingle.hang_up(sid)
        await peer.close()
        await app.close()
