"""Bookmarks on a server without XEP-0402 unification (no ``urn:xmpp:bookmarks:1#compat``):
what older clients stored by XEP-0048 (in private XML storage, XEP-0049, and in the PEP node
storage:bookmarks) is read too, and its autojoin rooms are joined at login."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from slixmpp.xmlstream import ET

from heron.demo.prosody import LocalProsody
from tests.helpers import until
from tests.integration.bookmark_parties import other_client
from tests.integration.parties import account_for, start_heron, start_peer, stop_peer
from tests.room_joiner import SlixJoiner, create_room

pytestmark = [pytest.mark.asyncio, pytest.mark.integration,
              pytest.mark.server("prosody", reason="starts its own Prosody without "
                                 "mod_bookmarks (no XEP-0402 unification); once per command")]
LEGACY = "storage:bookmarks"


@pytest.fixture(scope="module")
def no_unification(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalProsody]:
    server = LocalProsody(tmp_path_factory.mktemp("no-bookmarks"),
                          disabled_modules=("bookmarks",))
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _storage(room: str, nick: str) -> Any:
    storage = ET.Element(f"{{{LEGACY}}}storage")
    conference = ET.SubElement(storage, f"{{{LEGACY}}}conference",
                               {"jid": room, "autojoin": "true", "name": "Old"})
    ET.SubElement(conference, f"{{{LEGACY}}}nick").text = nick
    return storage


async def test_xep_0048_bookmarks_are_read_and_joined(no_unification: LocalProsody,
                                                      tmp_path: Path) -> None:
    server = no_unification
    tag = uuid.uuid4().hex[:6]
    alice = server.register(f"alice{tag}", "pw-a")
    host = server.register(f"host{tag}", "pw-h")
    private_room = f"private{tag}@conference.{server.domain}"
    pep_room = f"pep{tag}@conference.{server.domain}"
    host_client = await start_peer(server, host, "pw-h")
    phone = await other_client(server, alice, "pw-a")
    try:
        for room in (private_room, pep_room):
            await create_room(host_client, room)
        iq = phone.Iq(stype="set")
        query = ET.SubElement(iq.xml, "{jabber:iq:private}query")
        query.append(_storage(private_room, "OldNick"))
        await iq.send()
        await phone.plugin["xep_0060"].publish(
            phone.boundjid.bare, LEGACY, id="current",
            payload=_storage(pep_room, "PepNick"))
        app = await start_heron(tmp_path / "alice", account_for(server, alice), "pw-a",
                                connect=False)
        app.start_account(alice)
        session = app.sessions[alice]
        joiner = SlixJoiner(session.client)
        session.muc = joiner  # type: ignore[attr-defined]
        try:
            await until(lambda: joiner.joined() == {private_room, pep_room}, 20)
            assert sorted(j[:2] for j in joiner.joins) == [(pep_room, "PepNick"),
                                                          (private_room, "OldNick")]
            assert session.bookmarks.bookmarks[private_room].name == "Old"
        finally:
            await app.close()
    finally:
        await stop_peer(phone)
        await stop_peer(host_client)
