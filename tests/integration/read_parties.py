"""Parties for read-state tests: a contact whose client speaks chat markers (XEP-0333) and a
second client of the user's own account that syncs what was read (XEP-0490)."""

from __future__ import annotations

from typing import Any

from heron.demo.rig import RigServer
from heron.xmpp.services.mds import publish_private
from tests.integration.parties import Peer, start_peer

MARKERS = "urn:xmpp:chat-markers:0"


def _with_markers(peer: Peer) -> None:
    peer.register_plugin("xep_0333")
    peer.register_plugin("xep_0490")
    peer.displayed: list[Any] = []  # type: ignore[misc]
    peer.add_event_handler("marker_displayed", peer.displayed.append)  # type: ignore[attr-defined]


async def start_marking_peer(server: RigServer, jid: str, password: str,
                             resource: str = "peer") -> Peer:
    """A contact (or the user's other device) that sees chat markers and speaks XEP-0490."""
    return await start_peer(server, jid, password, resource=resource, setup=_with_markers)


def displayed_ids(peer: Peer) -> list[str]:
    """The ids of the <displayed/> markers this client has received, in order."""
    return [str(m["displayed"]["id"]) for m in peer.displayed]  # type: ignore[attr-defined]


def send_markable(peer: Peer, to: str, body: str) -> str:
    """A message that asks for markers; returns its id."""
    msg = peer.make_message(mto=to, mbody=body, mtype="chat")
    msg.enable("markable")
    msg.send()
    return str(msg["id"])


def send_marker(peer: Peer, to: str, message_id: str, kind: str = "displayed",
                store: bool = False) -> None:
    """``store``: with the hint Heron and Conversations send, so the archive keeps it."""
    msg = peer.make_message(mto=to, mtype="chat")
    msg[kind]["id"] = message_id
    if store:
        msg.xml.append(msg.xml.makeelement("{urn:xmpp:hints}store", {}))
    msg.send()


def is_markable(msg: Any) -> bool:
    return msg.xml.find(f"{{{MARKERS}}}markable") is not None


async def flag_read(device: Peer, contact: str, stanza_id: str) -> None:
    """The user's other device read the chat with ``contact`` up to ``stanza_id`` (XEP-0490),
    published the way that device's server accepts."""
    displayed = device.plugin["xep_0490"].stanza.Displayed()
    displayed["stanza_id"]["id"] = stanza_id
    displayed["stanza_id"]["by"] = device.boundjid.bare
    await publish_private(device, displayed, contact)
