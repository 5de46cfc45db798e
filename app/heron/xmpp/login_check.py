"""Check a login before anything is saved: the account dialog signs in with a throw-away
connection, reports the first failure in Heron's words (or success), then closes it.

The connection publishes on a private bus, so the window shows no banner or certificate
dialog for an account that does not exist yet; the dialog shows the outcome itself.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, replace

from heron.core.bus import EventBus
from heron.core.errors import ErrorKind, UserError
from heron.core.events import CertificateRejected, ConnectionChanged, ConnectionState
from heron.core.settings import AccountConfig
from heron.xmpp import connection as lifecycle
from heron.xmpp import failures

CERTIFICATE_WAIT = 5.0  # the certificate is fetched after the failure; wait this long for it
CHECK_TIMEOUT = 10.0  # a server that accepts the connection and then says nothing


@dataclass(frozen=True)
class LoginCheck:
    error: UserError | None = None
    certificate: CertificateRejected | None = None  # for a certificate the user may pin

    @property
    def ok(self) -> bool:
        return self.error is None


async def check_login(account: AccountConfig, password: str) -> LoginCheck:
    """Sign in once, without retrying; cancelling this ends the attempt too."""
    bus = EventBus()
    outcome: asyncio.Future[ConnectionChanged] = asyncio.get_running_loop().create_future()
    certificates: list[CertificateRejected] = []
    certificate_seen = asyncio.Event()

    def on_state(event: ConnectionChanged) -> None:
        failed = event.error is not None
        if not outcome.done() and (failed or event.state is ConnectionState.CONNECTED):
            outcome.set_result(event)

    def on_certificate(event: CertificateRejected) -> None:
        certificates.append(event)
        certificate_seen.set()

    bus.subscribe(ConnectionChanged, on_state)
    bus.subscribe(CertificateRejected, on_certificate)
    # Its own resource: a check must not replace the account's running session (conflict).
    probe = replace(account, resource=f"{account.resource}-check")
    connection = lifecycle.AccountConnection(probe, password, bus)
    try:
        connection.connect()
        try:
            event = await asyncio.wait_for(outcome, min(CHECK_TIMEOUT, lifecycle.CONNECT_TIMEOUT))
        except TimeoutError:
            return LoginCheck(failures.of_kind(ErrorKind.TIMEOUT, "no answer to the login check",
                                               account.jid, connection.server))
        if event.error is None:
            return LoginCheck()
        if event.error.kind.value.startswith("cert-") and not certificates:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(certificate_seen.wait(), CERTIFICATE_WAIT)
        return LoginCheck(event.error, certificates[0] if certificates else None)
    finally:
        await connection.disconnect()
