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
from heron.xmpp.services.pep_retry import publish_retrying

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)

NS = "urn:xmpp:mds:displayed:0"
SID = "urn:xmpp:sid:0"
TIMEOUT = 10


def displayed_stanza_id(payload: Any, own: str) -> str:
    """The stanza-id a <displayed/> item names, "" when it is missing or says it was given by
    another archive than ours (a 1:1 conversation's ids are our server's, XEP-0490 §3.2).
    Without ``by`` (slixmpp's own flag_chat leaves it out) the id is still only matched
    against the archive ids we stored for that conversation."""
    if payload is None:
        return ""
    sid = payload.find(f"{{{SID}}}stanza-id") if payload.tag == f"{{{NS}}}displayed" else None
    if sid is None or not sid.get("id"):
        return ""
    by = sid.get("by", "")
    return str(sid.get("id")) if not by or policy.stanza_id_trusted(by, own, (own,)) else ""


#: XEP-0490 §3.2's publish-options: a private, persistent node that keeps an item per chat
#: and never sends "the last item" to a new subscriber
OPTIONS = {"pubsub#persist_items": "true", "pubsub#access_model": "whitelist",
           "pubsub#send_last_published_item": "never", "pubsub#max_items": "max"}


#: items the node keeps where "max" is not understood (one per conversation)
FALLBACK_MAX_ITEMS = 1000


def _options(client: Any, fields: dict[str, str]) -> Any:
    form = client.plugin["xep_0004"].make_form(ftype="submit")
    form.add_field(var="FORM_TYPE", ftype="hidden",
                   value="http://jabber.org/protocol/pubsub#publish-options")
    for var, value in fields.items():
        form.add_field(var=var, value=value)
    return form


async def publish_private(client: Any, displayed: Any, peer: str, node: str = NS) -> None:
    """Publish the item with XEP-0490's options. ejabberd 23.01 refuses the whole publication
    for ``pubsub#max_items`` and ``pubsub#send_last_published_item`` ("Unknown field"): then
    once more with only XEP-0223's private-storage pair (persistent, whitelist), which it
    knows; the node then keeps the server's default number of items."""
    pep = client.plugin["xep_0163"]
    try:
        await publish_retrying(lambda: pep.publish(
            displayed, node=node, id=peer, options=_options(client, OPTIONS), timeout=TIMEOUT))
    except IqError as exc:
        if exc.condition not in ("resource-constraint", "not-acceptable", "bad-request"):
            raise
        log.info("publish-options refused (%s); publishing with XEP-0223's only",
                 exc.text or exc.condition)
        fields = {k: OPTIONS[k] for k in ("pubsub#persist_items", "pubsub#access_model")}
        await publish_retrying(lambda: pep.publish(  # ejabberd creates the node: pep_retry.py
            displayed, node=node, id=peer, options=_options(client, fields), timeout=TIMEOUT))
        # Its PEP nodes keep one item unless configured: one per conversation is needed.
        config = client.plugin["xep_0004"].make_form(ftype="submit")
        config.add_field(var="FORM_TYPE", ftype="hidden",
                         value="http://jabber.org/protocol/pubsub#node_config")
        config.add_field(var="pubsub#max_items", value=str(FALLBACK_MAX_ITEMS))
        try:
            await client.plugin["xep_0060"].set_node_config(None, node, config, timeout=TIMEOUT)
        except IqError as refused:
            log.warning("displayed sync node keeps the server's item count: %s",
                        refused.text or refused.condition)


class DisplayedSyncService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        client = session.client
        # Also announces urn:xmpp:mds:displayed:0+notify in our caps: the server then sends
        # our other clients' publications here.
        client.register_plugin("xep_0490")
        self._applied: dict[str, str] = {}  # peer -> the stanza-id last applied
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
        # .iterables, not iteration: slixmpp's stanza iterator keeps its place on the stanza
        # itself, and xep_0060 is iterating this very element while it calls us.
        for item in list(msg["pubsub_event"]["items"].iterables):
            spawn(self.apply(str(item["id"]), item.xml.find(f"{{{NS}}}displayed")),
                  "displayed sync")

    async def apply(self, peer: str, payload: Any) -> None:
        """Another of our clients read ``peer``'s conversation up to the message it names."""
        stanza_id = displayed_stanza_id(payload, self.session.jid)
        if not peer or "/" in peer or not stanza_id:
            return
        if self._applied.get(peer) == stanza_id:
            return  # the same publication again (ejabberd may deliver it twice)
        self._applied[peer] = stanza_id
        account = self.session.jid
        unread = await self.session.repos.read_state.synced(account, peer, stanza_id)
        if unread is None:
            log.info("displayed sync for %s names an unknown message; ignored", peer)
            self._applied.pop(peer, None)  # a later copy, once the message is stored, counts
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
        for item in list(result["pubsub"]["items"].iterables):
            await self.apply(str(item["id"]), item.xml.find(f"{{{NS}}}displayed"))

    # --- outbound ------------------------------------------------------------------------------

    async def publish(self, peer: str, stanza_id: str) -> None:
        """The user read ``peer``'s conversation up to the message with archive id
        ``stanza_id``: tell our other clients (a private, whitelist node)."""
        if not self.available:
            return
        plugin = self.session.client.plugin["xep_0490"]
        displayed = plugin.stanza.Displayed()
        displayed["stanza_id"]["id"] = stanza_id
        displayed["stanza_id"]["by"] = self.session.jid
        try:
            await publish_private(self.session.client, displayed, peer)
        except (IqError, IqTimeout) as exc:
            log.warning("displayed sync not published for %s: %s", peer, exc)
            return
        await self.session.repos.read_state.stanza_id_synced(self.session.jid, peer, stanza_id)
