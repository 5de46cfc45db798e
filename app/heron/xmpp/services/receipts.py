# XEP-0184: Message Delivery Receipts
"""A receipt turns our message's tick into "delivered", if it comes from the conversation's peer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from heron.core.events import DeliveryState, MessageUpdated
from heron.core.tasks import spawn
from heron.xmpp import policy

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession


class ReceiptService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        session.client.add_event_handler("receipt_received", self._on_receipt)

    def _on_receipt(self, msg: Any) -> None:
        peer = msg["from"].bare
        message_id = str(msg["receipt"])
        if not message_id or peer == self.session.jid:
            return
        if not policy.receipt_ok(str(msg["from"]), peer):
            policy.log_rejected("receipt", "not-from-peer", sender=str(msg["from"]))
            return

        async def mark() -> None:
            updated = await self.session.repos.messages.set_state_by_message_id(
                self.session.jid, peer, message_id, DeliveryState.DELIVERED
            )
            if updated is not None:
                self.session.bus.publish(MessageUpdated(self.session.jid, peer, updated))

        spawn(mark())
