"""Real room parties: slixmpp clients with XEP-0045 who create, configure and talk in rooms."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from slixmpp import JID
from slixmpp.xmlstream import ET

from heron.application import Heron
from heron.demo.rig import RigServer
from tests.integration.parties import Peer, account_for, start_heron, start_peer

MUC_OWNER = "http://jabber.org/protocol/muc#owner"
_rooms = itertools.count(1)


def room_address(server: RigServer, name: str = "room") -> str:
    """A fresh room on the rig's conference service (a new name per call)."""
    return f"{name}{next(_rooms)}-{id(server) % 10000}@conference.{server.domain}"


def _with_muc(peer: Peer) -> None:
    peer.register_plugin("xep_0045")
    peer.register_plugin("xep_0004")


async def start_occupant(server: RigServer, jid: str, password: str) -> Peer:
    return await start_peer(server, jid, password, setup=_with_muc)


async def enter(peer: Peer, room: str, nick: str, password: str | None = None) -> None:
    await peer.plugin["xep_0045"].join_muc_wait(JID(room), nick, password=password,
                                                maxstanzas=0, timeout=15)


async def create_room(peer: Peer, room: str, nick: str, **options: Any) -> None:
    """Create ``room`` as its owner and open it: the instant defaults, or ``options`` as
    muc#roomconfig fields (``passwordprotectedroom=True, roomsecret="..."``)."""
    await enter(peer, room, nick)
    muc = peer.plugin["xep_0045"]
    if not options:
        iq = peer.make_iq_set(ito=room)
        query = ET.SubElement(iq.xml, f"{{{MUC_OWNER}}}query")
        ET.SubElement(query, "{jabber:x:data}x", {"type": "submit"})
        await iq.send(timeout=10)
        return
    form = await muc.get_room_config(room)
    submit = peer.plugin["xep_0004"].make_form(ftype="submit")
    submit.add_field(var="FORM_TYPE", ftype="hidden",
                     value="http://jabber.org/protocol/muc#roomconfig")
    for key, value in options.items():
        var = f"muc#roomconfig_{key}"
        if var in form.get_fields():
            submit.add_field(var=var, value=value)
    await muc.set_room_config(room, submit)


def say(peer: Peer, room: str, text: str) -> None:
    peer.send_message(mto=JID(room), mbody=text, mtype="groupchat")


async def heron_with_two_occupants(server: RigServer, make_user: Any,
                                   profile: Path) -> tuple[Heron, str, Peer, Peer]:
    """A connected Heron (alice) and two real occupants-to-be, Bob and Carol."""
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    carol, carol_pw = make_user()
    app = await start_heron(profile, account_for(server, alice), alice_pw)
    bob_peer = await start_occupant(server, bob, bob_pw)
    carol_peer = await start_occupant(server, carol, carol_pw)
    return app, alice, bob_peer, carol_peer
