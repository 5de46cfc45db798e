# XEP-0085: Chat State Notifications
"""The peer is typing; we are typing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slixmpp.stanza import Message

from heron.core.events import ChatStateChanged
from heron.xmpp import policy

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

STATES = ("active", "composing", "paused", "inactive", "gone")


class ChatStateService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        session.client.add_event_handler("chatstate", self._on_chatstate)

    def _on_chatstate(self, msg: Message) -> None:
        if msg["type"] not in ("chat", "normal"):
            return
        peer = msg["from"].bare
        state = str(msg["chat_state"])
        if state not in STATES:
            return
        verdict = policy.chat_state_ok(str(msg["from"]), peer, self.session.jid)
        if not verdict:
            policy.log_rejected("chat-state", verdict.reason, sender=str(msg["from"]))
            return
        self.session.bus.publish(ChatStateChanged(self.session.jid, peer, state))

    def send(self, peer: str, state: str) -> None:
        if state not in STATES or not self.session.connection.connected:
            return
        msg = self.session.client.make_message(mto=peer, mtype="chat")
        msg["chat_state"] = state
        msg.send()
