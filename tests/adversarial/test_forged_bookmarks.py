"""Forged bookmarks (XEP-0402): someone else's account sends a PEP-notification lookalike
"bookmark this room with autojoin" (which would make Heron join a room of the attacker's
choosing) or "this bookmark was retracted" (which would make Heron leave). Refused by
``policy.bookmark_update_ok``, logged, and nothing joins, leaves or changes."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from slixmpp import JID
from slixmpp.xmlstream import ET

from heron.xmpp.services.bookmarks import NS
from tests.adversarial.test_forged_stanzas import _rejections
from tests.helpers import until
from tests.integration.bookmark_parties import bookmark_world, publish_bookmark
from tests.room_joiner import create_room

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]
EVENT = "http://jabber.org/protocol/pubsub#event"


def _forged(sender: Any, to: str, room: str, *, retract: bool = False) -> None:
    msg = sender.make_message(mto=to, mtype="headline")
    event = ET.SubElement(msg.xml, f"{{{EVENT}}}event")
    items = ET.SubElement(event, f"{{{EVENT}}}items", {"node": NS})
    if retract:
        ET.SubElement(items, f"{{{EVENT}}}retract", {"id": room})
    else:
        item = ET.SubElement(items, f"{{{EVENT}}}item", {"id": room})
        conference = ET.SubElement(item, f"{{{NS}}}conference", {"autojoin": "true"})
        ET.SubElement(conference, f"{{{NS}}}nick").text = "lured"
    msg.send()


async def test_a_bookmark_event_from_anyone_else_is_dropped(
        server: Any, make_user: Callable, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="heron.policy")
    world = await bookmark_world(server, make_user, tmp_path / "alice")
    attacker, joiner, alice = world.host, world.joiner, world.alice
    service = f"conference.{server.domain}"
    trap, mine = f"trap{uuid.uuid4().hex[:6]}@{service}", f"mine{uuid.uuid4().hex[:6]}@{service}"
    try:
        await create_room(attacker, trap)
        await create_room(attacker, mine)
        await publish_bookmark(world.phone, mine, autojoin=True, nick="alice")
        await until(lambda: mine in joiner.joined(), 15)
        before = len(world.changes.events)
        _forged(attacker, alice, trap)
        _forged(attacker, alice, mine, retract=True)
        await until(lambda: _rejections(caplog, "bookmark-update") == ["not-own-account"] * 2)
        await asyncio.sleep(1.0)  # a join of the trap would have happened by now
        assert "lured" not in (attacker.plugin["xep_0045"].get_roster(JID(trap)) or [])
        assert joiner.joined() == {mine}
        assert [j[0] for j in joiner.joins] == [mine]
        assert len(world.changes.events) == before
        assert set(world.session.bookmarks.bookmarks) == {mine}
    finally:
        await world.close()
