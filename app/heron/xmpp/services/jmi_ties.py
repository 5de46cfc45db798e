# XEP-0353 §6 (0.8.0): tie breaking between two proposals, and a call migrated to a new one
"""When a proposal arrives from someone we are already calling or talking to.

- No session yet (both called each other at once): the lower session id wins (i;octet, then
  the lower full JID), as Conversations' JingleConnectionManager also decides. Who holds the
  lower id rejects the other's proposal with ``<tie-break/>`` and waits for its own to be
  answered. Who holds the higher id retracts its own (``<tie-break/>``) and answers theirs at
  once: its user was calling that person anyway. Exactly one call results.
- A session already running with that person: the new proposal continues it (a device switch,
  a reconnect after a power loss). The old call is finished with ``<migrated to=new/>`` and
  its Jingle session ended; the new one is answered.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from slixmpp import JID

from heron.core.tasks import spawn

if TYPE_CHECKING:
    from heron.xmpp.services.jmi import Call, JmiService

log = logging.getLogger(__name__)


def lower(ours: tuple[str, str], theirs: tuple[str, str]) -> bool:
    """Does our (session id, full JID) come first in i;octet order (RFC 4790 §9.3)?"""
    return (ours[0].encode(), ours[1].encode()) < (theirs[0].encode(), theirs[1].encode())


def settle(jmi: JmiService, sid: str, sender: str, video: bool) -> bool:
    """Handles a believed new proposal that meets a call with the same person; False when
    there is none (the proposal rings as usual)."""
    bare = JID(sender).bare
    with_them = [c for c in jmi.calls.values() if JID(c.peer).bare == bare]
    calling = next((c for c in with_them if c.outgoing and not c.answered), None)
    if calling is not None:
        own = str(jmi.session.client.boundjid)
        if lower((calling.sid, own), (sid, sender)):
            log.info("both called at once; our call %s goes on", calling.sid)
            jmi.send_tie(sender, "reject", sid)
            return True
        log.info("both called at once; their call %s goes on", sid)
        jmi.send_tie(JID(calling.peer).bare, "retract", calling.sid)
        jmi.forget(calling, "alternative-session")
        jmi.take(sid, sender, video and calling.video)
        return True
    # A call answered here whose Jingle session really runs (an answered proposal whose
    # session never came is no call to continue: the new one rings as usual).
    jingle = getattr(jmi.session, "jingle", None)
    running = next((c for c in with_them if c.answered and jingle is not None
                    and jingle.media(c.sid) is not None), None)
    if running is not None:
        _migrate(jmi, running, sid, sender, video)
        return True
    return False


def _migrate(jmi: JmiService, running: Call, sid: str, sender: str, video: bool) -> None:
    log.info("call %s continues as %s", running.sid, sid)
    jmi.send_tie(running.peer, "finish", running.sid, migrated_to=sid)
    jmi.forget(running, "expired", quiet=True)  # finished here: no second <finish/>
    jingle = getattr(jmi.session, "jingle", None)
    if jingle is not None:
        spawn(jingle.hang_up(running.sid, "expired"), "end a migrated call")
    jmi.take(sid, sender, video and running.video)
