# XEP-0352: Client State Indication
"""Tell the server when nobody is looking, so it can hold back unimportant traffic.

<inactive/> goes out only after the window has been out of focus for INACTIVE_AFTER seconds
(a look elsewhere that comes back sooner sends nothing): Prosody was seen holding a chat
message that arrived about 1 ms after an <inactive/> until Heron next sent something, so a
message arriving as the user switches away must not meet a fresh <inactive/>. <active/> goes
out at once."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from heron.xmpp.slixcalls import send_client_state

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

INACTIVE_AFTER = 5.0  # seconds out of focus before the server is told nobody is looking


class ClientStateService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        self.active = True  # what the server is told (or will be, once CSI is on)
        self.supported = False
        self._going_inactive: asyncio.TimerHandle | None = None
        session.client.add_event_handler("csi_enabled", self._on_enabled)

    def _on_enabled(self, _features: Any) -> None:
        self.supported = True
        self._send()

    def set_active(self, active: bool) -> None:
        if active and self._going_inactive is not None:  # back before the server heard
            self._going_inactive.cancel()
            self._going_inactive = None
        if active == self.active:
            return
        if active:
            self.active = True
            self._send()
        elif self._going_inactive is None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:  # no loop runs (Heron is closing): nothing left to hold
                self._inactive()
                return
            self._going_inactive = loop.call_later(INACTIVE_AFTER, self._inactive)

    def _inactive(self) -> None:
        self._going_inactive = None
        self.active = False
        self._send()

    def _send(self) -> None:
        # Not into a stream being closed: the server's late answer to our <enable/> (stream
        # management) let CSI switch on after our </stream> had gone out.
        connection = self.session.connection
        if not self.supported or not connection.connected or not connection.wanted:
            return
        send_client_state(self.session.client.plugin["xep_0352"], active=self.active)
