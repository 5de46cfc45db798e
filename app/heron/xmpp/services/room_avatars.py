# XEP-0153: vCard-Based Avatars for XEP-0045 room occupants
"""Occupants' pictures in a room's people list.

An occupant's presence may carry the hash of their picture (``vcard-temp:x:update``). Most
occupants are not our contacts and many rooms hide real JIDs, so the picture is asked of the
occupant JID itself (room@service/nick): the room passes a vCard request on to that person's
account (XEP-0045 §17.3 / XEP-0054). The picture is believed only when it hashes to what the
presence announced and looks like an image, then kept in the avatar store under that hash
(avatars.py's store: one file per picture, shared with contacts' pictures), so a second room
or a restart fetches nothing. A busy room asks a few at a time, each picture once.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from typing import TYPE_CHECKING, Any

from slixmpp import JID
from slixmpp.exceptions import IqError, IqTimeout

from heron.core.events import OccupantAvatarChanged
from heron.core.tasks import spawn
from heron.xmpp import policy
from heron.xmpp.services.avatars import (
    FETCH_TIMEOUT,
    SHA1_HEX,
    VCARD_UPDATE,
    decode_payload,
    looks_like_image,
)

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)

MUC_USER = "{http://jabber.org/protocol/muc#user}x"
FETCH_AT_ONCE = 3


class RoomAvatars:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        self.repo = session.repos.avatars
        self._paths: dict[tuple[str, str], str] = {}  # (room, nick) -> picture file
        self._fetching: dict[str, asyncio.Future[Any]] = {}  # hash -> its fetch
        self._slots: asyncio.Semaphore | None = None
        session.client.add_event_handler("presence", self._on_presence)

    def paths(self, room: str) -> dict[str, str]:
        """Nick -> picture file of the occupants of ``room`` that have one."""
        return {nick: path for (r, nick), path in self._paths.items() if r == room}

    def _on_presence(self, presence: Any) -> None:
        sender = presence["from"]
        room, nick = str(sender.bare), str(sender.resource)
        if not nick or room not in self.session.muc.rooms or presence.xml.find(MUC_USER) is None:
            return
        if presence["type"] in ("unavailable", "error"):
            self._paths.pop((room, nick), None)
            return
        update = presence.xml.find(f"{{{VCARD_UPDATE}}}x")
        photo = update.find(f"{{{VCARD_UPDATE}}}photo") if update is not None else None
        if photo is None:
            return  # says nothing about a picture
        sha1 = (photo.text or "").strip().lower()
        if not sha1:
            self._set(room, nick, "")
        elif SHA1_HEX.fullmatch(sha1):
            spawn(self._want(room, nick, sha1), "occupant avatar")

    def _set(self, room: str, nick: str, path: str) -> None:
        if self._paths.get((room, nick), "") == path:
            return
        if path:
            self._paths[(room, nick)] = path
        else:
            self._paths.pop((room, nick), None)
        self.session.bus.publish(OccupantAvatarChanged(self.session.jid, room, nick, path))

    async def _want(self, room: str, nick: str, sha1: str) -> None:
        path = self.repo.path_for(sha1)
        if not path.exists():
            fetch = self._fetching.get(sha1)
            if fetch is None:
                fetch = self._fetching[sha1] = spawn(self._fetch(room, nick, sha1))
                fetch.add_done_callback(lambda _f: self._fetching.pop(sha1, None))
            if not await asyncio.shield(fetch):
                return
        self._set(room, nick, str(path))

    async def _fetch(self, room: str, nick: str, sha1: str) -> bool:
        occupant = f"{room}/{nick}"
        if self._slots is None:
            self._slots = asyncio.Semaphore(FETCH_AT_ONCE)
        async with self._slots:
            try:
                iq = await asyncio.wait_for(self.session.client.plugin["xep_0054"].get_vcard(
                    JID(occupant), local=False), FETCH_TIMEOUT)
            except (IqError, IqTimeout, TimeoutError) as exc:
                log.info("picture of an occupant not fetched: %s", type(exc).__name__)
                return False
        binval = iq.xml.find(".//{vcard-temp}PHOTO/{vcard-temp}BINVAL")
        data = decode_payload(binval.text or "") if binval is not None else None
        if data is None or hashlib.sha1(data, usedforsecurity=False).hexdigest() != sha1 \
                or not looks_like_image(data):
            policy.log_rejected("occupant-avatar", "not the announced picture", sender=occupant)
            return False
        await self.repo.save_file(sha1, data)
        return True
