"""A test-only RoomJoiner (heron.xmpp.services.rooms_api) on slixmpp's xep_0045, and a helper
for a second real client to create configured rooms.

The real joiner is MucService (muc.py, built on another branch); the room browser, xmpp: links
and bookmarks are tested through this one so that their joins are real joins on the server.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from slixmpp import JID
from slixmpp.exceptions import IqError, PresenceError

from heron.core.errors import ErrorKind, HeronError, UserError

ROOMCONFIG = "http://jabber.org/protocol/muc#roomconfig"

#: the join refusals these tests meet, in plain words
REFUSALS = {
    "not-authorized": "This room needs a password.",
    "registration-required": "Only members may enter this room.",
    "forbidden": "You are banned from this room.",
    "conflict": "Someone in the room already uses this nickname.",
    "item-not-found": "This room does not exist.",
}


class SlixJoiner:
    """join/leave/joined on Heron's own client, as MucService will do them."""

    def __init__(self, client: Any) -> None:
        client.register_plugin("xep_0045")
        self.client = client
        self.muc = client.plugin["xep_0045"]
        self._joined: set[str] = set()
        self.joins: list[tuple[str, str, str | None]] = []  # every join asked, in order
        # What the room edits and moderation services read of MucService: no room state here.
        self.rooms: dict[str, Any] = {}

    async def join(self, room: str, nick: str, password: str | None = None) -> None:
        self.joins.append((room, nick, password))
        # slixmpp's own wait sees only errors that echo <x xmlns='…muc'/> (Prosody's do not).
        refused: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

        def on_error(presence: Any) -> None:
            if presence["from"].bare == room and not refused.done():
                refused.set_result(presence)

        self.client.add_event_handler("presence_error", on_error)
        wait = asyncio.ensure_future(self.muc.join_muc_wait(
            JID(room), nick, password=password, maxstanzas=0, timeout=10))
        try:
            await asyncio.wait([wait, refused], return_when=asyncio.FIRST_COMPLETED)
            if refused.done():
                wait.cancel()
                raise PresenceError(refused.result())
            own, *_ = wait.result()
        except PresenceError as exc:
            condition = str(exc.presence["error"]["condition"])
            text = REFUSALS.get(condition, "The room refused to let you in.")
            raise HeronError(text, UserError(ErrorKind.OTHER, text, "", condition)) from exc
        except TimeoutError as exc:
            raise HeronError("The room did not answer.") from exc
        finally:
            self.client.del_event_handler("presence_error", on_error)
        if "201" in {str(c) for c in own["muc"]["status_codes"]}:  # a new room: instant
            form = self.client.plugin["xep_0004"].make_form(ftype="submit")
            await self.muc.set_room_config(JID(room), form)
        self._joined.add(room)

    async def leave(self, room: str) -> None:
        if room in self._joined:
            self.muc.leave_muc(JID(room), self.muc.our_nicks[None].get(JID(room), ""))
            self._joined.discard(room)

    def joined(self) -> set[str]:
        return set(self._joined)

    def is_room(self, jid: str) -> bool:
        return False  # its rooms are not Heron's MucService rooms: plain conversations


async def create_room(peer: Any, room: str, nick: str = "owner", **config: str) -> None:
    """``peer`` (a slixmpp client with xep_0045) creates ``room`` and configures it: keyword
    ``roomname="Chess"`` sets ``muc#roomconfig_roomname``. The room stays (persistent)."""
    if "xep_0045" not in peer.plugin:
        peer.register_plugin("xep_0045")
    muc = peer.plugin["xep_0045"]
    await muc.join_muc_wait(JID(room), nick, maxstanzas=0, timeout=10)
    form = peer.plugin["xep_0004"].make_form(ftype="submit")
    form.add_field(var="FORM_TYPE", ftype="hidden", value=ROOMCONFIG)
    values = {"persistentroom": "1", "publicroom": "1", **config}
    for key, value in values.items():
        form.add_field(var=f"muc#roomconfig_{key}", value=value)
    with contextlib.suppress(IqError):  # an existing room we do not own stays as it is
        await muc.set_room_config(JID(room), form)
