# XEP-0352: Client State Indication
"""Tell the server when nobody is looking, so it can hold back unimportant traffic."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from heron.xmpp.slixcalls import send_client_state

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession


class ClientStateService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        self.active = True
        self.supported = False
        session.client.add_event_handler("csi_enabled", self._on_enabled)

    def _on_enabled(self, _features: Any) -> None:
        self.supported = True
        self._send()

    def set_active(self, active: bool) -> None:
        if active != self.active:
            self.active = active
            self._send()

    def _send(self) -> None:
        if not self.supported or not self.session.connection.connected:
            return
        send_client_state(self.session.client.plugin["xep_0352"], active=self.active)
