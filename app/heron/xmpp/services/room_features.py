# XEP-0045 §6.4 / XEP-0030: what a room offers, read from its disco#info
"""A room's features decide how Heron talks to it: an archive (MUC MAM, XEP-0313) fills history
and catch-up, occupant-ids (XEP-0421) bind edits, moderation (XEP-0425) and stanza-ids (XEP-0359)
name messages. They are read when joining; a room Heron creates has none yet at that moment (it
does not exist), so once its configuration is submitted they are read again, fresh."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from slixmpp import JID
from slixmpp.exceptions import IqError, IqTimeout

if TYPE_CHECKING:
    from heron.xmpp.services.muc import RoomState
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)

MAM = "urn:xmpp:mam:2"
STANZA_IDS = "urn:xmpp:sid:0"
TIMEOUT = 10.0


def apply(session: AccountSession, state: RoomState, features: set[str]) -> None:
    """Tell every room service what ``state.room`` offers."""
    state.archive = MAM in features
    session.room_edits.room_features(state.room, features)  # XEP-0421
    session.room_moderation.room_features(state.room, features)  # XEP-0425
    session.omemo.rooms.room_features(state.room, features)  # XEP-0384: private rooms only
    if STANZA_IDS in features:
        session.chat.sid_archives.add(state.room)  # its stanza-ids are the archive's


async def refresh(session: AccountSession, room: str) -> None:
    """Read a room's features again (after Heron configured it) and apply them."""
    state = session.muc.rooms.get(room)
    if state is None:
        return
    disco = session.client.plugin["xep_0030"]
    try:
        info = await disco.get_info(jid=JID(room), timeout=TIMEOUT, cached=False)
    except (IqError, IqTimeout) as exc:
        log.info("room %s: features not read after configuring: %s", room, exc)
        return
    apply(session, state, set(info["disco_info"]["features"]))
