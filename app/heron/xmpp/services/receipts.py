# XEP-0184: Message Delivery Receipts
"""A receipt turns our message's tick into "delivered" when it comes from that message's
recipient as stored (not merely from whoever sent the receipt)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slixmpp.stanza import Message

from heron.core.events import DeliveryState, MessageUpdated
from heron.core.tasks import spawn
from heron.xmpp import policy

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession


class ReceiptService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        session.client.add_event_handler("receipt_received", self._on_receipt)

    def _on_receipt(self, msg: Message) -> None:
        message_id = str(msg["receipt"])
        if not message_id:
            return
        spawn(self.apply(str(msg["from"]), message_id), "receipt")

    async def apply(self, sender: str, message_id: str) -> None:
        repo = self.session.repos.messages
        account = self.session.jid
        original = await repo.find_outgoing(account, message_id)
        if original is None:
            policy.log_rejected("receipt", "no-such-message", sender=sender)
            return
        verdict = policy.receipt_ok(sender, original.peer)
        if not verdict:
            policy.log_rejected("receipt", verdict.reason, sender=sender,
                                recipient=original.peer)
            return
        updated = await repo.set_state_by_message_id(account, original.peer, message_id,
                                                     DeliveryState.DELIVERED)
        if updated is not None:
            self.session.bus.publish(MessageUpdated(account, original.peer, updated))
