"""The set-ups the hostile tests share: Heron signed in beside real slixmpp clients that speak
Jingle themselves (test_hostile_jingle.py, test_hostile_direct_files.py), and a callee with a
stranger ready to ring (test_forged_calls.py, test_strangers_presence.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from heron.application import Heron
from heron.demo.rig import RigServer
from heron.xmpp.plugins import load_jingle
from heron.xmpp.plugins.xep_0166 import ACK
from heron.xmpp.plugins.xep_0166 import NS as JINGLE
from tests.integration.call_parties import device, recording_jmi
from tests.integration.heron_process import befriend
from tests.integration.parties import Peer, account_for, start_heron, start_peer, stop_peer

User = tuple[str, str]


class JingleDevice:
    """A hostile device: sends the Jingle IQs of its choosing and records each Jingle action
    Heron sends it, as ``(action, reason)``, answering every one with an ack."""

    def __init__(self, peer: Peer) -> None:
        self.peer = peer
        self.actions: list[tuple[str, str]] = []
        load_jingle(peer)
        peer.plugin["xep_0166"].on_jingle = self._on_jingle

    def _on_jingle(self, iq: Any) -> Any:
        self.actions.append((iq["jingle"]["action"], iq["jingle"]["reason"]["condition"]))
        return ACK

    @property
    def jid(self) -> str:
        return str(self.peer.boundjid)

    async def send(self, to: str, action: str, sid: str, contents: list[ET.Element] | None = None
                   ) -> Any:
        iq = self.peer.make_iq_set(ito=to)
        jingle = ET.SubElement(iq.xml, f"{{{JINGLE}}}jingle",
                               {"action": action, "sid": sid, "initiator": self.jid})
        jingle.extend(contents or [])
        return await iq.send(timeout=10)


async def heron_and_devices(server: RigServer, make_user: Callable[[], User], profile: Path,
                            *, friends: bool, users: int = 1,
                            resources: tuple[str, ...] = ("hostile",)
                            ) -> tuple[Heron, str, list[Peer]]:
    """Heron signed in as a new user (its profile in ``profile``), and a real client for each
    of ``resources`` of each of ``users`` other new users, who are the Heron user's contacts
    when ``friends``. The caller closes them all."""
    own, password = make_user()
    others = [make_user() for _ in range(users)]
    for other in others if friends else []:
        await befriend(server, other, (own, password))
    app = await start_heron(profile, account_for(server, own), password)
    peers = [await start_peer(server, *other, resource=resource)
             for other in others for resource in resources]
    return app, own, peers


@asynccontextmanager
async def callee_and_stranger(server: RigServer, make_user: Callable[[], User], tmp_path: Path
                              ) -> AsyncIterator[tuple[User, Any, Peer]]:
    """Bob's Heron, and Mallory, who is not in his roster, with a client that records every
    call message (XEP-0353) it gets."""
    bob, mallory_user = make_user(), make_user()
    callee = await device(server, bob, tmp_path / "bob")
    mallory = await start_peer(server, *mallory_user, setup=recording_jmi)
    try:
        yield bob, callee, mallory
    finally:
        await stop_peer(mallory)
        await callee.app.close()
