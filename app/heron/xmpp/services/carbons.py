# XEP-0280: Message Carbons
"""Copies of messages sent and received by our other clients, believed only from our bare JID."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.stanza import Message

from heron.core.events import Direction
from heron.xmpp import policy

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)


class CarbonsService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        session.client.add_event_handler("carbon_received", self._on_received)
        session.client.add_event_handler("carbon_sent", self._on_sent)

    async def enable(self) -> None:
        try:
            await self.session.client.plugin["xep_0280"].enable(timeout=10)
        except (IqError, IqTimeout) as exc:
            log.warning("carbons not enabled: %s", exc)

    def _check(self, outer: Message) -> bool:
        verdict = policy.carbon_ok(str(outer["from"]), str(self.session.client.boundjid),
                                   outer["type"])
        if not verdict:
            policy.log_rejected("carbon", verdict.reason, sender=str(outer["from"]))
        return bool(verdict)

    def _on_received(self, outer: Message) -> None:
        if self._check(outer):
            inner = outer["carbon_received"]
            self.session.chat.handle_message(inner, Direction.INCOMING, carbon=True)

    def _on_sent(self, outer: Message) -> None:
        if self._check(outer):
            inner = outer["carbon_sent"]
            self.session.chat.handle_message(inner, Direction.OUTGOING, carbon=True)
