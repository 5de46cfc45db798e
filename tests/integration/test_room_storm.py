"""A presence storm in a room reaches the occupant list in batches, not one repaint each."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from slixmpp.stanza import Presence
from slixmpp.xmlstream import ET

from heron.application import Heron
from heron.models.occupants import OccupantModel
from tests.helpers import until
from tests.integration.parties import stop_peer
from tests.integration.rooms import (
    create_room,
    enter,
    heron_with_two_occupants,
    room_address,
    start_occupant,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

MUC_USER = "http://jabber.org/protocol/muc#user"


class ChangeCounter:
    """How often the model told its view to change: each is (at least) one relayout."""

    def __init__(self, model: OccupantModel) -> None:
        self.inserts = self.removals = self.resets = 0
        model.rowsInserted.connect(lambda *_a: self._count("inserts"))
        model.rowsRemoved.connect(lambda *_a: self._count("removals"))
        model.modelReset.connect(lambda *_a: self._count("resets"))

    def _count(self, name: str) -> None:
        setattr(self, name, getattr(self, name) + 1)

    @property
    def total(self) -> int:
        return self.inserts + self.removals + self.resets


def occupant_presence(client: Any, room: str, nick: str, role: str = "participant") -> Presence:
    """A join presence as the room sends it, built from XML."""
    xml = ET.fromstring(
        f"<presence xmlns='jabber:client' from='{room}/{nick}' to='{client.boundjid.full}'>"
        f"<x xmlns='{MUC_USER}'><item affiliation='none' role='{role}'/></x></presence>")
    return Presence(client, xml)


async def storm(app: Heron, account: str, room: str, count: int, per_read: int = 50) -> None:
    """``count`` join presences through the client's presence event (the handlers the
    server's stanzas reach), ``per_read`` at a time as one socket read would bring them."""
    client = app.sessions[account].client
    for start in range(0, count, per_read):
        for i in range(start, min(start + per_read, count)):
            client.event("presence", occupant_presence(client, room, f"guest{i:04d}"))
        await asyncio.sleep(0)


async def test_a_thousand_joins_arrive_in_a_few_batches(server, make_user: Callable,
                                                        tmp_path: Path) -> None:
    app, alice, bob_peer, carol_peer = await heron_with_two_occupants(server, make_user,
                                                                      tmp_path / "alice")
    room = room_address(server, "storm")
    muc = app.sessions[alice].muc
    try:
        await create_room(bob_peer, room, "Bob")
        await muc.join(room, "Alice")
        model = OccupantModel(app.bus, alice, room, muc.occupants(room))
        await until(lambda: len(model.people()) == 2)
        changes = ChangeCounter(model)
        await storm(app, alice, room, 1000)
        await until(lambda: len(model.people()) == 1002)
        assert changes.total <= 10, vars(changes)
        assert changes.resets >= 1
        # Real people joining one by one: each is one insert, in its place by nick.
        carol_changes = ChangeCounter(model)
        await enter(carol_peer, room, "Carol")
        await until(lambda: any(o.nick == "Carol" for o in model.people()))
        nicks = [o.nick for o in model.people()]
        assert nicks.index("Carol") == nicks.index("Alice") + 1
        assert carol_changes.inserts == 1 and carol_changes.resets == 0
    finally:
        await stop_peer(bob_peer)
        await stop_peer(carol_peer)
        await app.close()


async def test_three_real_clients_join(server, make_user: Callable, tmp_path: Path) -> None:
    app, alice, bob_peer, carol_peer = await heron_with_two_occupants(server, make_user,
                                                                      tmp_path / "alice")
    dave, dave_pw = make_user()
    dave_peer = await start_occupant(server, dave, dave_pw)
    room = room_address(server, "three")
    muc = app.sessions[alice].muc
    try:
        # Heron creates the room this time; three real people join and one leaves again.
        await muc.join(room, "Alice", create=True)
        model = OccupantModel(app.bus, alice, room, muc.occupants(room))
        changes = ChangeCounter(model)
        await asyncio.gather(enter(bob_peer, room, "Bob"), enter(carol_peer, room, "Carol"),
                             enter(dave_peer, room, "Dave"))
        await until(lambda: len(model.people()) == 4)
        assert 1 <= changes.total <= 3
        assert next(o for o in model.people() if o.nick == "Alice").role == "moderator"
        dave_peer.plugin["xep_0045"].leave_muc(room, "Dave")
        await until(lambda: len(model.people()) == 3)
    finally:
        for peer in (bob_peer, carol_peer, dave_peer):
            await stop_peer(peer)
        await app.close()
