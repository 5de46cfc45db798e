# XEP-0077: In-Band Registration
"""Create an account on a server that allows it, over the same TLS policy as a login."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from slixmpp.exceptions import IqError, IqTimeout

from heron.core.errors import HeronError
from heron.core.settings import AccountConfig
from heron.core.tasks import spawn
from heron.xmpp.client import HeronXMPP
from heron.xmpp.slixcalls import send_iq

log = logging.getLogger(__name__)


class _Registrar(HeronXMPP):
    def __init__(self, account: AccountConfig, password: str) -> None:
        super().__init__(account, password)
        self.plugin["xep_0077"].force_registration = True
        self.plugin["xep_0077"].create_account = True
        self.outcome: asyncio.Future[str] = asyncio.get_event_loop().create_future()
        self.add_event_handler("register", self._on_register)
        self.add_event_handler("session_start", self._on_session)
        self.add_event_handler("ssl_invalid_chain", lambda e: self._done(
            f"The server's certificate is not trusted: {getattr(e, 'verify_message', e)}"))
        self.add_event_handler("connection_failed", lambda e: self._done(
            f"Could not reach the server: {e}"))
        self.add_event_handler("failed_auth", lambda _e: self._done(
            "The account was created but logging in failed."))
        self.on_no_tls = lambda: self._done("The server does not offer TLS; refused.")
        self.on_login_refused = lambda error: self._done(error.message)
        self.on_certificate_problem = lambda problem: self._done(
            f"The server's certificate is not trusted: {problem.detail}")

    def _done(self, error: str) -> None:
        if not self.outcome.done():
            self.outcome.set_result(error)

    async def _on_register(self, form: Any) -> None:
        iq = self.Iq(stype="set")
        iq["register"]["username"] = self.boundjid.user
        iq["register"]["password"] = self.password
        try:
            await send_iq(iq, timeout=20)
        except IqError as exc:
            condition = exc.iq["error"]["condition"]
            text = exc.iq["error"]["text"] or ""
            reason = {
                "conflict": "This address is already taken.",
                "not-acceptable": "The server did not accept the details.",
                "not-allowed": "This server does not allow creating accounts here.",
                "resource-constraint": "The server is busy; try again later.",
            }.get(condition, f"Registration refused ({condition}).")
            self._done(f"{reason} {text}".strip())
        except IqTimeout:
            self._done("The server did not answer the registration.")

    def _on_session(self, _event: Any) -> None:
        self._done("")
        spawn(self.disconnect(wait=0.5))


async def register_account(account: AccountConfig, password: str, timeout: float = 30) -> None:
    """Raises HeronError with a message for the user when the account was not created."""
    registrar = _Registrar(account, password)
    host = account.host or account.jid.split("@")[-1]
    port = account.port or (5223 if account.direct_tls else 5222)
    registrar.connect(host, port)
    try:
        error = await asyncio.wait_for(registrar.outcome, timeout)
    except TimeoutError as exc:
        raise HeronError("The server did not answer in time.") from exc
    finally:
        registrar.cancel_connection_attempt()
        if registrar.is_connected():
            await registrar.disconnect(wait=0.5)
    if error:
        raise HeronError(error)
