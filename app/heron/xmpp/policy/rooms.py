"""Group rooms (XEP-0045): messages, subjects, private messages, invitations, edits of an
occupant's own messages (XEP-0421) and moderation (XEP-0425) only from whom the room speaks for."""

from __future__ import annotations

from collections.abc import Collection

from heron.xmpp.policy.jids import DirectionLike, JIDLike, _bare, _direction, _parse
from heron.xmpp.policy.verdict import ACCEPT, Verdict, _reject


def groupchat_ok(from_: JIDLike, joined_rooms: Collection[str]) -> Verdict:
    """A ``type='groupchat'`` message is believed only from a room we joined."""
    room = _bare(from_)
    if room is None:
        return _reject("invalid-from")
    if not room:
        return _reject("no-from")
    if room in joined_rooms or any(_bare(joined) == room for joined in joined_rooms):
        return ACCEPT
    return _reject("room-not-joined")


def room_message_ok(from_: JIDLike, joined_rooms: Collection[str]) -> Verdict:
    """XEP-0045 §7.4: a ``type='groupchat'`` message with a body counts only from a room we
    are in and from an occupant (a nick); the room's bare JID speaks only in subjects and
    status notices, never as a person."""
    verdict = groupchat_ok(from_, joined_rooms)
    if not verdict:
        return verdict
    parsed = _parse(from_)
    if parsed is None or not parsed[1]:
        return _reject("no-nick")
    return ACCEPT


def room_private_ok(from_: JIDLike, joined_rooms: Collection[str]) -> Verdict:
    """XEP-0045 §7.5: a private message is an occupant's only as a room we are in relays it,
    from ``room@service/nick``; from anyone else (whatever its ``<x muc#user/>`` claims) it
    is an ordinary message from that sender."""
    return room_message_ok(from_, joined_rooms)


def mediated_invitation_ok(from_: JIDLike) -> Verdict:
    """XEP-0045 §7.8.2: a mediated invitation comes from the room itself, its bare JID; a
    full JID (an occupant, anyone's client) cannot speak for a room."""
    parsed = _parse(from_)
    if parsed is None:
        return _reject("invalid-from")
    bare, resource = parsed
    if not bare or "@" not in bare:
        return _reject("not-a-room")
    if resource:
        return _reject("not-bare")
    return ACCEPT


def room_subject_ok(from_: JIDLike, joined_rooms: Collection[str]) -> Verdict:
    """XEP-0045 §8.1: a subject is believed only as the room relays it (it refuses changes by
    occupants without the right); anyone outside a room we are in is refused."""
    return groupchat_ok(from_, joined_rooms)


def room_edit_ok(original: tuple[str, str] | None, original_direction: DirectionLike | None,
                 editor: tuple[str, str], edit_direction: DirectionLike) -> Verdict:
    """XEP-0308 §5, XEP-0424 §6, XEP-0444 in a room (XEP-0421 §5): a correction, retraction or
    reaction applies only when it comes from the occupant who sent the message. Occupants are
    ``(occupant id, real bare JID)``: the id is the room's XEP-0421 id where the room offers
    it, else Heron's token for one stay of a nick (a nick that left and was taken again gets a
    new one); the JID where the room shows it. The nick alone never counts. Ours are ours."""
    if original is None or original_direction is None:
        return _reject("no-such-message")
    if _direction(original_direction) != _direction(edit_direction):
        return _reject("names-another-senders-message")
    if _direction(edit_direction) == "out":
        return ACCEPT
    (first_id, first_jid), (second_id, second_jid) = original, editor
    if first_jid and second_jid:
        return ACCEPT if _bare(first_jid) == _bare(second_jid) else _reject("not-same-occupant")
    if first_id and first_id == second_id:
        return ACCEPT
    return _reject("not-same-occupant")


def moderation_ok(from_: JIDLike, joined_rooms: Collection[str]) -> Verdict:
    """XEP-0425 §5: only the room itself announces that a moderator removed a message: the
    room's bare JID, for a room we are in; never an occupant (``room/nick``, also in a private
    message through the room) or anyone else."""
    verdict = groupchat_ok(from_, joined_rooms)
    if not verdict:
        return verdict
    parsed = _parse(from_)
    if parsed is None or parsed[1]:
        return _reject("not-from-room")
    return ACCEPT
