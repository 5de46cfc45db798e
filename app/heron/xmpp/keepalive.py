# XEP-0199: XMPP Ping, as a keepalive
"""A keepalive ping without an answer in time ends the stream only when the server has gone
quiet, and what comes next is Heron's connection's decision (xmpp/connection.py).

slixmpp's keepalive calls ``reconnect()`` when a ping has no answer within its timeout, and
that logs in again at once, by itself. Two things went wrong with it:

- The answer, or anything else the server sent, may have been read but not yet handled: the
  event loop was busy (OMEMO's start-up), or the read waits in slices (xmlguard.py). When the
  server had just said ``<conflict/>`` (another login with the same device name replaced this
  one), that went with the aborted stream, and the new login replaced the other device in
  turn: the two fought over the name.
- Its login went around Heron's connection: no backoff, and an error that told Heron to stop
  (a conflict, a wrong password) did not stop it.

So the loop first reads what has arrived (``READ_GRACE``); a stream the server sent anything
on since the ping went out stays; otherwise its transport is aborted, and Heron's connection
sees a lost stream: it reconnects with its backoff, unless an error told it to stop.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING, Any

from heron.core.tasks import spawn

if TYPE_CHECKING:
    from slixmpp import ClientXMPP

    _ClientBase = ClientXMPP
else:
    _ClientBase = object

log = logging.getLogger(__name__)

READ_GRACE = 0.5  # seconds the loop gets to read and handle what the socket already holds


class QuietServerMixin(_ClientBase):
    """Mix into a slixmpp client, before the classes whose ``data_received`` it wraps."""

    last_read = 0.0  # time.monotonic() of the last bytes read from the server

    def data_received(self, data: bytes | str) -> None:
        self.last_read = time.monotonic()
        super().data_received(data)

    def reconnect(self, wait: float = 2.0, reason: str = "Reconnecting") -> None:
        """slixmpp's keepalive: a ping had no answer within its timeout."""
        asked = time.monotonic() - float(self.plugin["xep_0199"].timeout)
        spawn(self._end_if_quiet(asked, reason), "keepalive")

    async def _end_if_quiet(self, asked: float, reason: str) -> None:
        await asyncio.sleep(READ_GRACE)
        transport: Any = self.transport
        if transport is None or transport.is_closing():
            return  # ended meanwhile (a stream error the server sent, a logout)
        if self.last_read >= asked:
            log.info("keepalive: %s, but the server is sending: the stream stays", reason)
            return
        log.warning("keepalive: %s: the connection is lost", reason)
        self.abort()
