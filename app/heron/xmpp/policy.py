"""Whom to believe: pure checks applied once, at the edge, before a stanza becomes an event.

DESIGN.md, "Security rules": *a stanza is believed only from whom it may come*. slixmpp alone
is too trusting (STACK-NOTES.md §10), so every service asks this module first and drops (and
logs, with :func:`log_rejected`) whatever it refuses. The functions do no I/O and touch no event
loop; JIDs may be passed as ``str`` or ``slixmpp.JID`` and are parsed (and normalised:
nodeprep/nameprep, case) with ``slixmpp.JID`` here. A JID that does not parse is never believed.

Which rule each function enforces:

- :func:`carbon_ok` — "carbons only from our own bare JID (not another of our resources)";
  also no ``type='groupchat'`` outer message (XEP-0280 §11, CVE-2017-5591).
- :func:`roster_push_ok` — "roster pushes only from our server": no ``from`` or exactly our bare
  JID, never another of our resources or anyone else; and exactly one ``<item/>``
  (RFC 6121 §2.1.6).
- :func:`mam_result_ok` — "MAM results only from the archive we queried and with our query id"
  (XEP-0313 §4/§5; for our own archive the result has no ``from`` or our bare JID).
- :func:`stanza_id_trusted` — "stanza-ids only when ``by`` is the archive" (XEP-0359 §7: our
  own bare JID for 1:1 chats, the room's bare JID for MUC), and only an archive that announced
  ``urn:xmpp:sid:0`` (XEP-0359 §4).
- :func:`jid_ok` — a ``from`` that is not a JID is dropped at the edge, before any handler.
- :func:`groupchat_ok` — "groupchat messages only from rooms we joined".
- :func:`room_message_ok` — a room message (XEP-0045 §7.4) only from a room we are in and
  only with a nick (``room@service/nick``); :func:`room_subject_ok` — a subject only as the
  room relays it (from the room, bare or with the setter's nick): the room is the authority.
- :func:`room_edit_ok` — a correction, retraction or reaction in a room only from the same
  occupant (XEP-0421 occupant-id, else the real JID, else one stay of the nick; never the nick).
- :func:`moderation_ok` — "a moderation only from the room's own bare JID" (XEP-0425).
- :func:`correction_ok` — "corrections only from the original sender" (XEP-0308 §5).
- :func:`retraction_ok` — "retractions only from the original sender" (XEP-0424 §6, Business
  Rules: the same bare JID in a one-to-one conversation), and only for a message we hold.
- :func:`reaction_ok` — reactions (XEP-0444 §5) only from the conversation's peer or from us
  (another of our clients), and only to a message of that conversation that we hold.
- :func:`receipt_ok` / :func:`chat_state_ok` — receipts (XEP-0184 §5) and chat states
  (XEP-0085) only from the conversation's peer (same bare JID); the receipt's peer is the
  recipient of the message as stored, chat states never from our own account.
- :func:`disco_answer_ok` — what our server offers (XEP-0030) is believed only from our server:
  its domain, a service under it, or our own bare JID, and only from the address asked.
- :func:`marker_ok` — a chat marker (XEP-0333 ``<received/>``/``<displayed/>``) for one of our
  messages only from the bare JID that message went to, never from our own account.
- :func:`displayed_sync_ok` — a XEP-0490 displayed state (a PEP item of
  ``urn:xmpp:mds:displayed:0``) only from our own bare JID: no one else says what we read.
- :func:`bookmark_update_ok` — "a bookmark update only from the user's own account" (XEP-0402
  §4: the PEP service of our own bare JID, never a resource or anyone else).
- :func:`bounce_ok` — a message error (RFC 6120 §8.3) for one of our messages only from the
  address it went to (any resource), that address's server, or our own server.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from slixmpp import JID
from slixmpp.jid import InvalidJID

log = logging.getLogger("heron.policy")

JIDLike = str | JID
DirectionLike = str | Enum  # "in" / "out", or heron.core.events.Direction


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether to believe a stanza, and why not (a short, stable, log-friendly reason)."""

    ok: bool
    reason: str = "ok"

    def __bool__(self) -> bool:
        return self.ok


ACCEPT = Verdict(True, "ok")


def _reject(reason: str) -> Verdict:
    return Verdict(False, reason)


@lru_cache(maxsize=4096)
def _parse_str(jid: str) -> tuple[str, str] | None:
    try:
        parsed = JID(jid)
    except InvalidJID:
        return None
    return parsed.bare, parsed.resource


def _parse(jid: JIDLike) -> tuple[str, str] | None:
    """``(bare, resource)`` normalised, ``("", "")`` for an empty JID, None if it is invalid."""
    if isinstance(jid, JID):
        return jid.bare, jid.resource
    if not jid:
        return "", ""
    return _parse_str(jid)


def _bare(jid: JIDLike) -> str | None:
    parsed = _parse(jid)
    return None if parsed is None else parsed[0]


def carbon_ok(outer_from: JIDLike, own_full_jid: JIDLike, outer_type: str) -> Verdict:  # noqa: PLR0911  a return per rejection
    """XEP-0280: believe a carbon only if the outer message is from our own bare JID.

    Another of our resources, any other account, no ``from`` and a ``groupchat`` outer are all
    refused.
    """
    if outer_type == "groupchat":
        return _reject("groupchat-outer")
    own = _bare(own_full_jid)
    sender = _parse(outer_from)
    if not own:
        return _reject("own-jid-unknown")
    if sender is None:
        return _reject("invalid-from")
    if not sender[0]:
        return _reject("no-from")
    if sender[0] != own:
        return _reject("not-own-account")
    if sender[1]:
        return _reject("from-own-resource")
    return ACCEPT


def roster_push_ok(outer_from: JIDLike, own_jid: JIDLike, item_count: int) -> Verdict:
    """RFC 6121 §2.1.6: a push comes from our server (no ``from``, or exactly our bare JID)."""
    sender = _parse(outer_from)
    if sender is None:
        return _reject("invalid-from")
    if sender[0]:
        own = _bare(own_jid)
        if not own or sender[0] != own:
            return _reject("not-from-our-server")
        if sender[1]:
            return _reject("from-own-resource")
    if item_count != 1:
        return _reject("not-exactly-one-item")
    return ACCEPT


def mam_result_ok(outer_from: JIDLike, queried_archive: JIDLike, own_bare: JIDLike,
                  result_queryid: str, our_queryid: str) -> Verdict:
    """XEP-0313: a result is from the archive we asked and carries the queryid we chose.

    ``queried_archive`` is the JID the query was sent to (our own bare JID for our archive, a
    room's bare JID for MUC MAM). For our own archive the result has no ``from`` or our bare JID;
    for any other archive ``from`` must be that archive's bare JID.
    """
    if not our_queryid or result_queryid != our_queryid:
        return _reject("wrong-query-id")
    own = _bare(own_bare)
    archive = _bare(queried_archive) if queried_archive else own
    sender = _parse(outer_from)
    if not own or not archive:
        return _reject("archive-unknown")
    if sender is None:
        return _reject("invalid-from")
    if not sender[0]:
        return ACCEPT if archive == own else _reject("no-from-for-remote-archive")
    if sender[0] != archive or sender[1]:
        return _reject("not-from-queried-archive")
    return ACCEPT


def stanza_id_trusted(by: JIDLike, archive: JIDLike,
                      announced: Collection[str] = ()) -> Verdict:
    """XEP-0359 §4/§7: a stanza-id is only ours to dedup by when ``by`` is the archive itself
    AND that archive announced ``urn:xmpp:sid:0`` in disco (``announced``: the bare JIDs whose
    disco#info listed it). Only such an archive strips ids others planted; from a server
    without it, or before its disco answer is known, no stanza-id is believed.

    ``archive`` is our own bare JID for 1:1 messages, the room's bare JID for groupchat.
    """
    stamped = _parse(by)
    expected = _bare(archive)
    if not stamped or not stamped[0] or stamped[1] or not expected or stamped[0] != expected:
        return _reject("not-by-the-archive")
    if not any(_bare(jid) == expected for jid in announced):
        return _reject("archive-did-not-announce-sid")
    return ACCEPT


def jid_ok(value: str) -> Verdict:
    """RFC 7622: a stanza's ``from``/``to`` must parse (slixmpp raises later, in a handler,
    and answers the bogus address with an error). An absent attribute is fine."""
    if not value:
        return ACCEPT
    return ACCEPT if _parse(value) is not None else _reject("invalid-jid")


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


def _direction(value: DirectionLike) -> str:
    return str(value.value) if isinstance(value, Enum) else value


def correction_ok(original_sender_bare: JIDLike, original_direction: DirectionLike,
                  correction_sender_bare: JIDLike, correction_direction: DirectionLike,
                  *, groupchat: bool = False) -> Verdict:
    """XEP-0308 §5 / XEP-0424: only the original sender may correct or retract a message.

    Directions are ``"in"``/``"out"`` (or ``Direction``): one of our own messages is changed
    only by us, a peer's only by that peer. Senders are compared by bare JID; in a room
    (``groupchat=True``) pass the occupant JID ``room@service/nick`` and it is compared whole.
    """
    if _direction(original_direction) != _direction(correction_direction):
        return _reject("direction-mismatch")
    first = _parse(original_sender_bare)
    second = _parse(correction_sender_bare)
    if first is None or second is None:
        return _reject("invalid-sender")
    if not first[0] or first[0] != second[0]:
        return _reject("not-original-sender")
    if groupchat and first[1] != second[1]:
        return _reject("not-original-occupant")
    return ACCEPT


def retraction_ok(original_sender: JIDLike, original_direction: DirectionLike | None,
                  retraction_sender: JIDLike, retraction_direction: DirectionLike) -> Verdict:
    """XEP-0424 §6: a retraction applies only to a message that exists (``original_sender``
    is "" when none with that id is stored in the conversation) and only when it comes from
    the bare JID that sent that message: the peer retracts the peer's messages, we (this or
    another of our clients, via carbons or the archive) retract ours. A peer naming one of our
    messages, or we one of theirs, is refused like a third party."""
    if not original_sender or original_direction is None:
        return _reject("no-such-message")
    if _direction(original_direction) != _direction(retraction_direction):
        return _reject("names-another-senders-message")
    first = _bare(original_sender)
    second = _bare(retraction_sender)
    if first is None or second is None:
        return _reject("invalid-sender")
    if not first or first != second:
        return _reject("not-original-sender")
    return ACCEPT


def reaction_ok(sender: JIDLike, direction: DirectionLike, peer: JIDLike, own: JIDLike,
                target_found: bool) -> Verdict:
    """XEP-0444: a reaction set counts only from the conversation's peer (incoming) or our own
    bare JID (ours, from this or another of our clients), and only for a message of that
    conversation that we hold (``target_found``). Anyone else is refused."""
    who = _bare(sender)
    expected = _bare(own) if _direction(direction) == "out" else _bare(peer)
    if who is None:
        return _reject("invalid-sender")
    if not who or who != expected:
        return _reject("not-peer-or-own")
    if not target_found:
        return _reject("no-such-message")
    return ACCEPT


def _from_peer(outer_from: JIDLike, peer: JIDLike) -> Verdict:
    sender = _bare(outer_from)
    expected = _bare(peer)
    if sender is None:
        return _reject("invalid-from")
    if not sender or not expected or sender != expected:
        return _reject("not-from-peer")
    return ACCEPT


def receipt_ok(outer_from: JIDLike, peer: JIDLike) -> Verdict:
    """XEP-0184: a receipt for a message in a conversation comes from that conversation's peer."""
    return _from_peer(outer_from, peer)


def chat_state_ok(outer_from: JIDLike, peer: JIDLike, own: JIDLike = "") -> Verdict:
    """XEP-0085: "is typing" is shown only for the conversation whose peer sent it, and never
    for our own account (another of our clients is not a conversation)."""
    verdict = _from_peer(outer_from, peer)
    if verdict and own and _bare(outer_from) == _bare(own):
        return _reject("from-own-account")
    return verdict


def marker_ok(outer_from: JIDLike, recipient: JIDLike, own: JIDLike) -> Verdict:
    """XEP-0333: a marker says the contact received or displayed one of our messages, so it is
    believed only from the bare JID that message was sent to (``recipient``, as stored; ""
    when no message of ours has that id). Our own account's markers are our other clients
    answering the contact, not the contact reading ours."""
    if not recipient:
        return _reject("no-such-message")
    sender = _bare(outer_from)
    if sender is not None and sender and sender == _bare(own):
        return _reject("from-own-account")
    return _from_peer(outer_from, recipient)


def read_elsewhere_ok(marker_from: JIDLike, marker_to: JIDLike, own: JIDLike) -> Verdict:
    """XEP-0333 <displayed/> sent by another of our own clients (seen as a carbon or in our
    archive): it says the user read the contact's messages, so it is believed only when it
    was sent from our own account to someone else."""
    sender = _bare(marker_from)
    if sender is None:
        return _reject("invalid-from")
    if not sender or sender != _bare(own):
        return _reject("not-own-account")
    to = _bare(marker_to)
    if not to or to == sender:
        return _reject("not-to-a-contact")
    return ACCEPT


def displayed_sync_ok(outer_from: JIDLike, own: JIDLike) -> Verdict:
    """XEP-0490: where the user stopped reading is published by the user's own clients on the
    user's own PEP node, so a notification is believed only from our own bare JID (the PEP
    service), never from a resource or anyone else."""
    sender = _parse(outer_from)
    mine = _bare(own)
    if sender is None:
        return _reject("invalid-from")
    if not mine or sender[0] != mine:
        return _reject("not-own-account")
    if sender[1]:
        return _reject("from-own-resource")
    return ACCEPT


def disco_answer_ok(reply_from: JIDLike, asked: JIDLike, own_jid: JIDLike) -> Verdict:  # noqa: PLR0911  a return per rejection
    """XEP-0030: an answer that decides which features Heron uses comes from our own server.

    ``asked`` must be our domain, a service under it (``upload.<domain>``) or our own bare JID
    (the server answers for the account); never another account or another server. The answer
    must come from exactly that address; one without ``from`` counts only for our bare JID
    (RFC 6120 §8.1.2.1: the server answering on the account's behalf).
    """
    own = _bare(own_jid)
    target = _parse(asked)
    if not own:
        return _reject("own-jid-unknown")
    if target is None or not target[0] or target[1]:
        return _reject("not-a-service")
    domain = own.split("@")[-1]
    name = target[0]
    if name != own and not (name == domain or ("@" not in name and name.endswith("." + domain))):
        return _reject("not-our-server")
    sender = _parse(reply_from)
    if sender is None:
        return _reject("invalid-from")
    if not sender[0]:
        return ACCEPT if name == own else _reject("no-from")
    if sender[0] != name or sender[1]:
        return _reject("not-from-asked")
    return ACCEPT


def bounce_ok(error_from: JIDLike, recipient: JIDLike, own_jid: JIDLike) -> Verdict:
    """RFC 6120 §8.3: a ``<message type='error'/>`` marks our message as not delivered only
    when it comes from where the message went: the recipient's bare JID or one of its
    resources, the recipient's domain (its server answering for it), or our own server's
    domain (it could not pass the message on). Anyone else could otherwise "unsend" a message
    by guessing its id. An error without ``from`` is refused: servers name themselves.
    """
    sender = _parse(error_from)
    to = _parse(recipient)
    own = _bare(own_jid)
    if sender is None:
        return _reject("invalid-from")
    if not sender[0]:
        return _reject("no-from")
    if to is None or not to[0] or not own:
        return _reject("recipient-unknown")
    if sender[0] == to[0]:
        return ACCEPT
    domains = {to[0].rsplit("@", maxsplit=1)[-1], own.rsplit("@", maxsplit=1)[-1]}
    if "@" not in sender[0] and not sender[1] and sender[0] in domains:
        return ACCEPT
    return _reject("not-from-recipient-or-server")


def blocklist_push_ok(outer_from: JIDLike, own_jid: JIDLike) -> Verdict:
    """XEP-0191 §3.4: a block or unblock push comes from our server, as a roster push does
    (no ``from``, or exactly our bare JID); from anyone else it would edit our block list."""
    return roster_push_ok(outer_from, own_jid, 1)


def avatar_ok(sender: JIDLike, about: JIDLike, own_jid: JIDLike, in_roster: bool) -> Verdict:
    """XEP-0084/0153: a picture is believed only from the person it belongs to (their own
    bare or full JID, never a server or another contact) and only for a contact in the roster
    or the user's own account: a stranger cannot put a picture into the contact list."""
    owner = _bare(sender)
    if owner is None or owner != _bare(about) or "@" not in owner:
        return _reject("not-from-its-owner")
    if not in_roster and _bare(about) != _bare(own_jid):
        return _reject("not-in-roster")
    return Verdict(True)


def bookmark_update_ok(outer_from: JIDLike, own: JIDLike) -> Verdict:
    """XEP-0402: bookmarks live on the user's own PEP node, so an event that adds, changes or
    retracts one is believed only from our own bare JID; from anyone else it would make Heron
    join (or leave) rooms of a stranger's choosing. The same rule as displayed_sync_ok."""
    return displayed_sync_ok(outer_from, own)


def log_rejected(kind: str, reason: str, **fields: str) -> None:
    """One structured WARNING per dropped stanza: ``rejected <kind> (<reason>) k=v ...``.

    ``extra`` carries ``policy_kind``, ``policy_reason`` and ``policy_fields`` (a dict), so a
    structured handler can pick them up without parsing the message.
    """
    log.warning(
        "rejected %s (%s)%s", kind, reason,
        "".join(f" {key}={value!r}" for key, value in sorted(fields.items())),
        extra={"policy_kind": kind, "policy_reason": reason, "policy_fields": dict(fields)},
    )


# Jingle (XEP-0166 §7.2.1/§7.3, XEP-0353 §3): xmpp/services/jingle_rtp.py
def jingle_initiate_ok(sender: JIDLike, expected_peer: str | None, other_sid_expected: bool,
                       proposed: bool, in_roster: bool) -> Verdict:
    """A session-initiate is believed from exactly the full JID whose proposal the user
    accepted (``expected_peer``, for this sid). Without one, only a direct call (no proposal
    under this sid, none accepted under another) from a contact in the roster may ring."""
    parsed = _parse(sender)
    if parsed is None or not parsed[1]:
        return _reject("not-a-full-jid")
    if expected_peer is not None:
        return ACCEPT if _parse(expected_peer) == parsed else _reject("not-the-proposer")
    if other_sid_expected:
        return _reject("mismatched-sid")
    if proposed:
        return _reject("proposal-not-accepted")
    return ACCEPT if in_roster else _reject("not-in-roster")


def jingle_action_ok(sender: JIDLike, peer: JIDLike) -> Verdict:
    """Any other Jingle action on a session only from that session's peer (same full JID)."""
    parsed = _parse(sender)
    if parsed is None or parsed != _parse(peer):
        return _reject("not-the-session-peer")
    return ACCEPT
JMI_FROM_PEER = {True: frozenset({"ringing", "proceed", "reject", "finish"}),  # we called
                 False: frozenset({"retract", "finish"})}  # we were called
JMI_FROM_OWN = frozenset({"accept", "reject", "proceed", "finish"})


def jmi_propose_ok(sender: JIDLike, own: JIDLike, in_roster: bool, strangers_allowed: bool,
                   proposed_by: str | None) -> Verdict:
    """XEP-0353: a call proposal rings only when it comes from a device (a full JID) of
    someone else in the roster (or strangers may call), and only once per session id: a second
    proposal of a session id someone else proposed first cannot take that session over."""
    parsed, mine = _parse(sender), _bare(own)
    if parsed is None or not parsed[0]:
        return _reject("invalid-from")
    if not parsed[1]:
        return _reject("not-a-device")
    if parsed[0] == mine:
        return _reject("own-account")
    if proposed_by is not None and _parse(proposed_by) != parsed:
        return _reject("sid-taken")
    if not in_roster and not strangers_allowed:
        return _reject("stranger")
    return ACCEPT


def jmi_action_ok(action: str, sender: JIDLike, own_full: JIDLike, peer: JIDLike,
                  outgoing: bool) -> Verdict:
    """XEP-0353: what may move a call on. ``peer`` is the other bare JID when we called, the
    caller's device when we were called. The peer's side may ring, proceed, reject, retract or
    finish (each as its role allows); our own other devices may accept, proceed, reject or
    finish (they answered); nobody else moves the call, and our own echo is not news."""
    parsed, me = _parse(sender), _parse(own_full)
    if parsed is None or not parsed[0] or me is None:
        return _reject("invalid-from")
    if parsed[0] == me[0]:
        if parsed[1] == me[1]:
            return _reject("own-echo")
        return ACCEPT if action in JMI_FROM_OWN and not outgoing else _reject("own-device")
    expected = _parse(peer)
    if expected is None or parsed[0] != expected[0] or (not outgoing and parsed != expected):
        return _reject("not-from-peer")
    return ACCEPT if action in JMI_FROM_PEER[outgoing] else _reject("action-not-allowed")


def direct_file_offer_ok(sender: JIDLike, in_roster: bool) -> Verdict:
    """A file sent directly (XEP-0234) is offered to the user only from a device (a full
    JID) of a contact in the roster; anyone else's offer is declined without asking."""
    parsed = _parse(sender)
    if parsed is None or not parsed[1]:
        return _reject("not-a-full-jid")
    return ACCEPT if in_roster else _reject("not-in-roster")


def omemo_device_list_ok(event_from: JIDLike, publisher: JIDLike) -> Verdict:
    """XEP-0384 §5.3.1: a device list is an item of its owner's PEP node, so a notification is
    believed only from a bare JID (the account's PEP service) and, where the server names the
    item's publisher, only when that is the same account: nobody else lists devices for it."""
    sender = _parse(event_from)
    if sender is None or not sender[0] or sender[1]:
        return _reject("not-a-bare-jid")
    if publisher and _bare(publisher) != sender[0]:
        return _reject("publisher-not-owner")
    return ACCEPT
