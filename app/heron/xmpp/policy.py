"""Whom to believe: pure checks applied once, at the edge, before a stanza becomes an event.

Rules (DESIGN.md, security): carbons only from our own bare JID; roster pushes only from our
server (no 'from', or our bare JID) with exactly one item; MAM results only from the archive we
queried and with our query id; stanza-ids only when 'by' is the archive; groupchat messages only
from rooms we joined; corrections only from the original sender; receipts and chat states only
from the conversation's peer. Every rejection is logged once by ``log_rejected``.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass

log = logging.getLogger("heron.policy")


@dataclass(frozen=True, slots=True)
class Verdict:
    ok: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.ok


ACCEPT = Verdict(True)


def _split(jid: str) -> tuple[str, str]:
    """(bare, resource), bare lower-cased; a cheap parse of an already-parsed slixmpp JID."""
    bare, _, resource = jid.partition("/")
    return bare.lower(), resource


def carbon_ok(outer_from: str, own_jid: str, outer_type: str) -> Verdict:
    """XEP-0280 §11: a carbon must come from our own bare JID (not another resource)."""
    sender, resource = _split(outer_from)
    own, _ = _split(own_jid)
    if outer_type == "groupchat":
        return Verdict(False, "groupchat-outer")
    if sender != own:
        return Verdict(False, "not-own-account")
    if resource:
        return Verdict(False, "from-a-resource")
    return ACCEPT


def roster_push_ok(outer_from: str, own_jid: str, item_count: int) -> Verdict:
    """RFC 6121 §2.1.6: pushes come from our server, i.e. no 'from' or our bare JID."""
    if outer_from:
        sender, resource = _split(outer_from)
        own, _ = _split(own_jid)
        if sender != own or resource:
            return Verdict(False, "not-from-our-server")
    if item_count != 1:
        return Verdict(False, "not-exactly-one-item")
    return ACCEPT


def mam_result_ok(outer_from: str, queried_archive: str, own_jid: str, result_queryid: str,
                  our_queryid: str) -> Verdict:
    """XEP-0313: results come from the archive we asked, carrying the id we gave the query."""
    if not our_queryid or result_queryid != our_queryid:
        return Verdict(False, "unknown-query-id")
    archive, _ = _split(queried_archive)
    own, _ = _split(own_jid)
    if outer_from:
        sender, resource = _split(outer_from)
        if sender != archive or resource:
            return Verdict(False, "not-from-queried-archive")
    elif archive != own:
        return Verdict(False, "no-from-for-remote-archive")
    return ACCEPT


def stanza_id_trusted(by: str, archive: str) -> bool:
    """XEP-0359 §7: a stanza-id means something only when our archive put it there."""
    return bool(by) and _split(by)[0] == _split(archive)[0] and not _split(by)[1]


def groupchat_ok(outer_from: str, joined_rooms: Collection[str]) -> Verdict:
    room, _ = _split(outer_from)
    return ACCEPT if room in joined_rooms else Verdict(False, "room-not-joined")


def correction_ok(original_sender: str, correction_sender: str) -> Verdict:
    """XEP-0308 §5: only the original sender may correct a message."""
    if _split(original_sender)[0] != _split(correction_sender)[0]:
        return Verdict(False, "not-original-sender")
    return ACCEPT


def receipt_ok(outer_from: str, peer: str) -> Verdict:
    """XEP-0184: a receipt for a message in a conversation comes from that conversation."""
    return ACCEPT if _split(outer_from)[0] == _split(peer)[0] else Verdict(False, "not-peer")


def log_rejected(kind: str, reason: str, **fields: str) -> None:
    log.warning("rejected %s (%s) %s", kind, reason,
                " ".join(f"{k}={v}" for k, v in sorted(fields.items())),
                extra={"kind": kind, "reason": reason, **{f"f_{k}": v for k, v in fields.items()}})
