"""The user's other client for bookmark tests: a second real slixmpp client logged into the
SAME account, publishing and retracting XEP-0402 bookmarks as another client would."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from slixmpp.plugins.xep_0402.stanza import Conference

from heron.application import Heron
from heron.core.events import BookmarksChanged
from heron.core.rooms import Bookmark
from heron.demo.rig import RigServer
from heron.xmpp.services.bookmarks import NS
from heron.xmpp.services.mds import publish_private
from tests.integration.parties import (
    Peer,
    Recorder,
    account_for,
    start_heron,
    start_peer,
    stop_peer,
)
from tests.room_joiner import SlixJoiner


def _plugins(peer: Peer) -> None:
    for name in ("xep_0004", "xep_0060", "xep_0163", "xep_0402", "xep_0045", "xep_0049"):
        peer.register_plugin(name)


async def other_client(server: RigServer, jid: str, password: str) -> Peer:
    return await start_peer(server, jid, password, resource="phone", setup=_plugins)


async def publish_bookmark(client: Any, room: str, *, autojoin: bool, nick: str = "",
                           name: str = "") -> None:
    conference = Conference()
    conference["autojoin"] = autojoin
    if nick:
        conference["nick"] = nick
    if name:
        conference["name"] = name
    await publish_private(client, conference, room, node=NS)


async def retract_bookmark(client: Any, room: str) -> None:
    await client.plugin["xep_0060"].retract(client.boundjid.bare, NS, room, notify=True)


async def stored_bookmarks(client: Any) -> dict[str, tuple[bool, str]]:
    """room -> (autojoin, nick) as the server keeps them (read by the other client)."""
    result = await client.plugin["xep_0060"].get_items(client.boundjid.bare, NS)
    found: dict[str, tuple[bool, str]] = {}
    for item in result["pubsub"]["items"]:
        conference = item.xml.find(f"{{{NS}}}conference")
        autojoin = conference is not None and conference.get("autojoin") in ("1", "true")
        nick = conference.findtext(f"{{{NS}}}nick", "") if conference is not None else ""
        found[str(item["id"])] = (autojoin, nick or "")
    return found


@dataclass
class BookmarkWorld:
    """Alice in Heron (with the test joiner), Alice's other client ``phone``, and ``host``: a
    second person's client that creates the rooms."""

    alice: str
    app: Heron
    session: Any
    joiner: SlixJoiner
    changes: Recorder
    host: Peer
    phone: Peer

    def latest(self) -> tuple[Bookmark, ...]:
        events = self.changes.of(BookmarksChanged)
        return events[-1].bookmarks if events else ()

    async def close(self) -> None:
        await stop_peer(self.phone)
        await stop_peer(self.host)
        await self.app.close()


async def bookmark_world(server: RigServer, make_user: Callable[[], tuple[str, str]],
                         profile: Path) -> BookmarkWorld:
    alice, pw = make_user()
    host, host_pw = make_user()
    app = await start_heron(profile, account_for(server, alice), pw)
    session = app.sessions[alice]
    joiner = SlixJoiner(session.client)
    session.muc = joiner
    changes = Recorder(app, BookmarksChanged)
    return BookmarkWorld(alice, app, session, joiner, changes,
                         await start_peer(server, host, host_pw),
                         await other_client(server, alice, pw))
