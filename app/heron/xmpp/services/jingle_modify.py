# XEP-0166 §7.2.5: content-modify, a change of who sends a content (its 'senders')
"""The other side changes the direction of a content in a running call: Dino does this when
its user turns the camera off or on (senders from "both" to its peer only, and back).

Applied and acked, never answered with content-accept (§7.2.5 forbids it): where we no longer
may send, our media withholds that medium (silence, no pictures) until we may again; where the
peer no longer sends, the call window hears it as the peer's mute of that medium, in the same
plain words as XEP-0167's informational messages.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from heron.core.events import CallInfoReceived
from heron.xmpp.plugins.xep_0166 import ACK, JingleReply
from heron.xmpp.services.jingle_info import content_medium

if TYPE_CHECKING:
    from heron.xmpp.services.jingle_rtp import _Call
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)

SENDERS = ("both", "initiator", "responder", "none")
CONTENT = "{urn:xmpp:jingle:1}content"


def sends(senders: str, role: str) -> bool:
    return senders in ("both", role)


class ContentModify:
    """Mixed into JingleRtpService: the content-modify handler."""

    session: AccountSession

    def on_content_modify(self, call: _Call, xml: ET.Element) -> JingleReply:
        changes = [(c.get("name", ""), c.get("senders", "")) for c in xml.findall(CONTENT)]
        known = {c.get("name"): c for c in call.remote + call.local}
        # 'senders' is REQUIRED here (XEP-0166 §7.3); a content must be one of the call's
        if not changes or any(s not in SENDERS or n not in known for n, s in changes):
            return JingleReply("bad-request")
        ours = "initiator" if call.outgoing else "responder"
        theirs = "responder" if call.outgoing else "initiator"
        for name, senders in changes:
            content = known[name]
            medium = content_medium(content)
            before = content.get("senders", "both")
            for each in call.remote + call.local:
                if each.get("name") == name:
                    each.set("senders", senders)
            set_sending = getattr(call.media, "set_sending", None)
            if set_sending is not None:
                set_sending(medium, sends(senders, ours))
            if sends(before, theirs) != sends(senders, theirs):
                info = "unmute" if sends(senders, theirs) else "mute"
                self.session.bus.publish(CallInfoReceived(self.session.jid, call.sid,
                                                          call.peer, info, medium))
            log.info("content-modify of %s: %s senders %s", call.sid, name, senders)
        return ACK
