# RFC 6120 §8.3: stanza errors for our outgoing messages ("bounces")
"""A ``<message type='error'/>`` carrying the id of a message we sent means it reached nobody
(an unknown user, a domain that does not exist or cannot be reached, a server's refusal). The
message is marked BOUNCED with the reason, so the bubble says it was not delivered and why.

Only the recipient, its server or our own server may say so (``policy.bounce_ok``), and only
for our own outgoing message to that recipient; an error never becomes a chat message.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from slixmpp.stanza import Message

from heron.core.events import MessageUpdated
from heron.core.tasks import spawn
from heron.xmpp import policy

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)

MAX_REASON_CHARS = 200  # the server's own words, as one short line


def one_line(text: str, limit: int = MAX_REASON_CHARS) -> str:
    """Network text for a tooltip: printable characters only, one line, at most ``limit``."""
    printable = "".join(ch if ch.isprintable() else " " for ch in text)
    line = " ".join(printable.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


class BounceService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        session.client.add_event_handler("message_error", self._on_error)

    def _on_error(self, msg: Message) -> None:
        # slixmpp raises this for any message with an <error/> child, and its parser makes
        # every such message type='error' (and so no chat message): the id and sender decide.
        message_id = str(msg["id"])
        if not message_id:
            return
        error = msg["error"]
        condition = str(error["condition"] or "undefined-condition")
        spawn(self.apply(str(msg["from"]), message_id, condition, one_line(str(error["text"]))),
              "message bounce")

    async def apply(self, sender: str, message_id: str, condition: str, text: str) -> None:
        account = self.session.jid
        repo = self.session.repos.messages
        original = await repo.find_outgoing(account, message_id)
        if original is None:
            policy.log_rejected("bounce", "no-such-message", sender=sender)
            return
        verdict = policy.bounce_ok(sender, original.peer, account)
        if not verdict:
            policy.log_rejected("bounce", verdict.reason, sender=sender, recipient=original.peer)
            return
        updated = await repo.set_bounced(account, original.peer, message_id, condition, text)
        if updated is None:  # delivered already (the peer's receipt proves it)
            return
        log.info("message %s to %s bounced: %s", message_id, original.peer, condition)
        if original.origin_id:  # the server has it: the outbox must not send it again
            await self.session.repos.outbox.acknowledge(account, original.origin_id)
        self.session.bus.publish(MessageUpdated(account, original.peer, updated))
