# XEP-0191: Blocking Command, with XEP-0377: Spam Reporting
"""Blocking: the server drops everything from a blocked address (messages, presence, calls)
and hides the user's presence from it; the list lives on the server, so every client of the
account shares it and hears of changes (pushes). Blocking a stranger can also report them as
spam to the server's operators (XEP-0377).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slixmpp import JID
from slixmpp.exceptions import IqError, IqTimeout

from heron.core.errors import HeronError
from heron.core.events import BlockListChanged
from heron.core.tasks import spawn
from heron.xmpp import policy

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)
NS = "urn:xmpp:blocking"


class BlockingService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        self.blocked: set[str] = set()
        client = session.client
        client.add_event_handler("session_start", lambda _e: spawn(self.fetch()))
        client.add_event_handler("blocked", self._on_push)
        client.add_event_handler("unblocked", self._on_push)

    async def fetch(self) -> None:
        """The whole list, at every new session (another client may have changed it)."""
        try:
            jids = await self.session.client.plugin["xep_0191"].get_blocked_jids(timeout=20)
        except (IqError, IqTimeout) as exc:
            log.info("block list not read: %s", type(exc).__name__)  # no XEP-0191 server
            return
        self.blocked = {str(j).lower() for j in jids}
        self._publish()

    async def block(self, jid: str, report_spam: bool = False) -> None:
        """Block ``jid``; with ``report_spam``, the same request tells the server it was spam."""
        plugins = self.session.client.plugin
        request = plugins["xep_0377"].report(JID(jid), reason="spam", timeout=20) \
            if report_spam else plugins["xep_0191"].block(JID(jid), timeout=20)
        await self._ask(request, "Your server did not block {jid}: {why}", jid)
        self.blocked.add(jid.lower())  # the push confirms it; the list is right at once
        self._publish()

    async def unblock(self, jid: str) -> None:
        request = self.session.client.plugin["xep_0191"].unblock(JID(jid), timeout=20)
        await self._ask(request, "Your server did not unblock {jid}: {why}", jid)
        self.blocked.discard(jid.lower())
        self._publish()

    @staticmethod
    async def _ask(request: Any, sentence: str, jid: str) -> None:
        """Await the server's answer; a refusal or silence becomes a sentence for the user."""
        try:
            await request
        except IqError as exc:
            why = str(exc.iq["error"]["text"] or exc.iq["error"]["condition"])
            raise HeronError(sentence.format(jid=jid, why=why)) from exc
        except IqTimeout as exc:
            raise HeronError(sentence.format(jid=jid, why="no answer")) from exc

    def _on_push(self, iq: Any) -> None:
        verdict = policy.blocklist_push_ok(str(iq["from"]), self.session.jid)
        if not verdict:
            policy.log_rejected("block-push", verdict.reason, sender=str(iq["from"]))
            error = iq.reply()
            error["type"] = "error"
            error["error"]["type"] = "cancel"
            error["error"]["condition"] = "not-allowed"
            error.send()
            return
        blocking = iq.xml.find(f"{{{NS}}}block") is not None
        items = [str(i.get("jid", "")).lower() for i in iq.xml.iter(f"{{{NS}}}item")]
        if blocking:
            self.blocked.update(j for j in items if j)
        elif items:
            self.blocked.difference_update(items)
        else:  # an empty unblock: everything was unblocked
            self.blocked.clear()
        iq.reply().send()
        self._publish()

    def _publish(self) -> None:
        self.session.bus.publish(BlockListChanged(self.session.jid, tuple(sorted(self.blocked))))
