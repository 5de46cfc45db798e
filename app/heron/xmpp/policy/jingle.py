"""Calls and files sent directly: Jingle (XEP-0166 §7.2.1/§7.3, used by
xmpp/services/jingle_rtp.py and jingle_files.py), call proposals (XEP-0353) and file offers
(XEP-0234)."""

from __future__ import annotations

from heron.xmpp.policy.jids import JIDLike, _bare, _parse
from heron.xmpp.policy.verdict import ACCEPT, Verdict, _reject


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
