# XEP-0319: Last User Interaction in Presence, and XEP-0012: Last Activity
"""When a contact was last there: "idle for 20 minutes" from the idle time their client puts
in its presence, "last seen 3 hours ago" from their server once they are offline.

Only a contact's own presence says they are idle, and only their own server (the answer comes
from their bare JID) says when they left; a time in the future or beyond any sense is dropped.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from slixmpp import JID
from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.stanza import Presence

from heron.core.events import LastActivityKnown
from heron.core.timestamps import FLOOR, parse_stamp
from heron.xmpp import policy
from heron.xmpp.slixcalls import send_iq

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)
IDLE = "urn:xmpp:idle:1"
LAST = "jabber:iq:last"
MAX_SECONDS = 50 * 365 * 24 * 3600


class LastActivityService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        # When each contact's presence last told us something (monotonic): an answer to a
        # question asked before that is stale (the contact came back meanwhile) and dropped.
        self._heard: dict[str, float] = {}
        session.client.add_event_handler("presence", self._on_presence)

    def _on_presence(self, presence: Presence) -> None:
        sender = presence["from"]
        kind = presence["type"]
        if sender.bare == self.session.jid or kind not in ("available", "unavailable", "away",
                                                           "chat", "dnd", "xa", ""):
            return
        if not self.session.roster.is_contact(sender.bare):
            return  # presence from someone we do not follow says nothing we show
        self._heard[sender.bare] = time.monotonic()
        now = time.time()
        if kind == "unavailable":  # we saw them leave: last seen now
            self._publish(sender.bare, None, now)
            return
        idle = presence.xml.find(f"{{{IDLE}}}idle")
        since = parse_stamp(idle.get("since")) if idle is not None else None
        if since is not None and not FLOOR <= since <= now + 60:
            policy.log_rejected("idle-time", "out-of-range", sender=str(sender))
            since = None
        self._publish(sender.bare, min(since, now) if since is not None else None, None)

    async def ask(self, jid: str) -> None:
        """XEP-0012 to an offline contact's bare JID: their server says how long ago they left."""
        iq = self.session.client.make_iq_get(queryxmlns=LAST, ito=JID(jid))
        asked = time.monotonic()
        try:
            answer = await send_iq(iq, timeout=15)
        except (IqError, IqTimeout) as exc:
            log.info("last activity not known: %s", type(exc).__name__)
            return
        if str(answer["from"]).lower() != jid.lower():
            policy.log_rejected("last-activity", "not-from-the-contact", sender=str(answer["from"]))
            return
        query = answer.xml.find(f"{{{LAST}}}query")
        seconds = query.get("seconds", "") if query is not None else ""
        if not seconds.isdigit() or int(seconds) > MAX_SECONDS:
            return
        if self._heard.get(jid.lower(), float("-inf")) >= asked:
            log.debug("last activity of %s: presence came first, answer dropped", jid)
            return
        self._publish(jid, None, time.time() - int(seconds))

    def _publish(self, jid: str, idle_since: float | None, last_seen: float | None) -> None:
        self.session.bus.publish(LastActivityKnown(self.session.jid, jid, idle_since, last_seen))
