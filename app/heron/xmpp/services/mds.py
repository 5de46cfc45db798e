# XEP-0490: Message Displayed Synchronization
"""Where the user stopped reading, shared with their other clients: one item per
conversation (item id = the contact's bare JID) in the private PEP node
urn:xmpp:mds:displayed:0, naming the archive id (XEP-0359 stanza-id) of the newest message
displayed. Published when the user read here; fetched after each login's catch-up; and a
notification from our own account moves the conversation's read point (never backwards)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.stanza import Message

from heron.core.events import ConversationRead
from heron.core.tasks import spawn
from heron.xmpp import policy

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)

NS = "urn:xmpp:mds:displayed:0"
SID = "urn:xmpp:sid:0"
TIMEOUT = 10


def displayed_stanza_id(payload: Any, own: str) -> str:
    """The stanza-id a <displayed/> item names, "" when it is missing or was not given by our
    own archive (a 1:1 conversation's ids are our server's, XEP-0490 §3.2)."""
    if payload is None:
        return ""
    sid = payload.find(f"{{{SID}}}stanza-id") if payload.tag == f"{{{NS}}}displayed" else None
    if sid is None or not sid.get("id"):
        return ""
    return str(sid.get("id")) if policy.stanza_id_trusted(
        sid.get("by", ""), own, (own,)) else ""


class DisplayedSyncService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        client = session.client
        # Also announces urn:xmpp:mds:displayed:0+notify in our caps: the server then sends
        # our other clients' publications here.
        client.register_plugin("xep_0490")
        client.add_event_handler("message_displayed_synchronization_publish", self._on_publish)

    @property
    def available(self) -> bool:
        known = self.session.server_features.current
        return (self.session.connection.connected and known is not None and known.pep)

    # --- inbound -------------------------------------------------------------------------------

    def _on_publish(self, msg: Message) -> None:
        verdict = policy.displayed_sync_ok(str(msg["from"]), self.session.jid)
        if not verdict:
            policy.log_rejected("displayed-sync", verdict.reason, sender=str(msg["from"]))
            return
        for item in msg["pubsub_event"]["items"]:
            spawn(self.apply(str(item["id"]), item.xml.find(f"{{{NS}}}displayed")),
                  "displayed sync")

    async def apply(self, peer: str, payload: Any) -> None:
        """Another of our clients read ``peer``'s conversation up to the message it names."""
        stanza_id = displayed_stanza_id(payload, self.session.jid)
        if not peer or "/" in peer or not stanza_id:
            return
        account = self.session.jid
        unread = await self.session.repos.read_state.synced(account, peer, stanza_id)
        if unread is None:
            log.info("displayed sync for %s names an unknown message; ignored", peer)
            return
        self.session.bus.publish(ConversationRead(account, peer, unread))

    async def catch_up(self) -> None:
        """After login: what our other clients read while we were away."""
        if not self.available:
            return
        try:
            result = await self.session.client.plugin["xep_0490"].catch_up(timeout=TIMEOUT)
        except IqError as exc:  # no node yet: nothing was ever read elsewhere
            log.debug("no displayed sync items: %s", exc.condition)
            return
        except IqTimeout:
            log.warning("displayed sync items did not come")
            return
        for item in result["pubsub"]["items"]:
            await self.apply(str(item["id"]), item.xml.find(f"{{{NS}}}displayed"))

    # --- outbound ------------------------------------------------------------------------------

    async def publish(self, peer: str, stanza_id: str) -> None:
        """The user read ``peer``'s conversation up to the message with archive id
        ``stanza_id``: tell our other clients (a private, whitelist node)."""
        if not self.available:
            return
        try:
            await self.session.client.plugin["xep_0490"].flag_chat(peer, stanza_id,
                                                                   timeout=TIMEOUT)
        except (IqError, IqTimeout) as exc:
            log.warning("displayed sync not published for %s: %s", peer, exc)
            return
        await self.session.repos.read_state.stanza_id_synced(self.session.jid, peer, stanza_id)
