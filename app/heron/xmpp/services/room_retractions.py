# XEP-0424 (Message Retraction) in XEP-0045 rooms, through the retraction outbox
"""Deleting our own room message while offline, or while out of the room, is not lost.

A room retraction names the room's stanza-id and must come from us as an occupant: the room
refuses a groupchat message from someone not in it. So one made while we are not in the room
(offline, reconnecting, rejoining) is queued in the retraction outbox (retraction_outbox.py,
which keeps it across restarts and shows "waiting to be sent" on the tombstone) and goes out
when we are back in that room; the outbox's acknowledgement then clears it. In the room and
connected, it goes out at once, as before (room_edits.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from heron.core.events import Direction, RoomJoined, StoredMessage
from heron.core.tasks import spawn
from heron.storage.repos.retraction_outbox import QueuedRetraction

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession


async def is_room(session: AccountSession, peer: str) -> bool:
    """A room now, or one we have been in (offline, the room service has forgotten us)."""
    return (session.muc.is_room(peer)
            or await session.repos.rooms.get(session.jid, peer) is not None)


async def retract(session: AccountSession, message: StoredMessage) -> StoredMessage | None:
    room = message.peer
    if session.connection.connected and room in session.muc.joined():
        return await session.room_edits.retract(message)
    # Queued under our own id (how the queue finds the message); sent with the room's.
    own = message.origin_id or message.message_id or ""
    if message.direction is not Direction.OUTGOING or message.retracted or not own \
            or not message.stanza_id:
        return None
    return await session.retraction.queued.retract(message, own, send=False)


def watch(session: AccountSession) -> None:
    """Send a room's queued retractions each time we are in the room again."""
    def on_joined(event: RoomJoined) -> None:
        if event.account == session.jid:
            spawn(_flush(session, event.room), "room retractions")

    def on_acked(stanza: Any) -> None:  # the outbox service follows chat messages only
        if stanza.name == "message" and stanza["type"] == "groupchat" \
                and str(stanza["id"]) in session.retraction.queued._queued:
            spawn(session.retraction.queued.acknowledged(str(stanza["id"])), "room retraction")

    session.bus.subscribe(RoomJoined, on_joined)
    session.client.add_event_handler("stanza_acked", on_acked)


async def _flush(session: AccountSession, room: str) -> None:
    outbox = session.retraction.queued

    async def send(queued: QueuedRetraction) -> bool:
        if queued.peer != room or not session.connection.connected:
            return False
        ref = await session.repos.rooms.stanza_id_of(session.jid, room, queued.target_id)
        if ref is None:
            return False
        session.room_edits.send_retraction(room, ref, queued.origin_id)
        session.outbox.await_ack(room, queued.origin_id)
        return True

    # Joined twice at once (a rejoin beside the autojoin): each retraction goes out once;
    # one slixmpp re-sent on a resumed stream is not sent again either.
    await outbox.send_unwritten(send, resumed=True)
