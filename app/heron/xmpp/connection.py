"""One account's connection over time: attempts, Heron's backoff, failures and stopping.

``AccountConnection`` owns a ``HeronXMPP`` client (``xmpp/client.py``, the TLS and SASL rules)
and turns what happens to it into ``ConnectionChanged`` events with a ``UserError`` from the
error vocabulary. A failure retrying cannot fix stops the account until the user acts.
"""

from __future__ import annotations

import asyncio
import logging
import random
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from heron.core.bus import EventBus
from heron.core.errors import ErrorKind, UserError
from heron.core.events import CertificateRejected, ConnectionChanged, ConnectionState
from heron.core.settings import AccountConfig
from heron.core.tasks import spawn
from heron.xmpp import certcheck, failures
from heron.xmpp.certprobe import fetch_server_certificate
from heron.xmpp.client import CertificateProblem, HeronXMPP, sha256_fingerprint
from heron.xmpp.mechanisms import no_trusted_mechanism, refusal, stronger

log = logging.getLogger(__name__)

# Module constants so tests can shorten the cycles.
RECONNECT_CAP = 60.0  # seconds: the longest wait between two attempts
CONNECT_TIMEOUT = 15.0  # seconds from an attempt's start to a signed-in session


@dataclass
class Backoff:
    """Reconnect delays: 1, 2, 4 ... 60 s with jitter, reset after a good session."""

    attempt: int = 0
    cap: float = 60.0

    def next_delay(self) -> float:
        delay = min(self.cap, 2.0**self.attempt)
        self.attempt += 1
        return delay * random.uniform(0.8, 1.2)  # noqa: S311  reconnect jitter, not a secret

    def reset(self) -> None:
        self.attempt = 0



# The state a failure leaves the account in (retrying, or stopped until the user acts).
_STOP_STATES = {
    ErrorKind.AUTH_FAILED: ConnectionState.AUTH_FAILED,
    ErrorKind.TLS_NOT_OFFERED: ConnectionState.NO_TLS,
    ErrorKind.STARTTLS_FAILED: ConnectionState.NO_TLS,
}


def _stop_state(error: UserError) -> ConnectionState:
    if error.kind.value.startswith("cert-"):
        return ConnectionState.CERT_UNTRUSTED
    return _STOP_STATES.get(error.kind, ConnectionState.ERROR)


class AccountConnection:
    """Owns one account's client across reconnects and publishes its connection state.

    Every failure is mapped once (``xmpp/failures.py``) and published on
    ``ConnectionChanged.error``. A failure that retrying cannot fix (``UserError.terminal``:
    password, certificate, TLS, ...) stops the account until the user acts; any other is
    retried with Heron's backoff (slixmpp's own rescheduling is cancelled). ``disconnect()``
    ends every task and timer the account has.
    """

    def __init__(self, account: AccountConfig, password: str, bus: EventBus) -> None:
        self.account = account
        self.bus = bus
        self.password = password
        self.state = ConnectionState.OFFLINE
        self.error: UserError | None = None
        self.backoff = Backoff(cap=RECONNECT_CAP)
        # The strongest SASL mechanism that has worked: raised after each login, read by the
        # client at every attempt (a reconnect in this run included).
        self.mechanism_floor = account.strongest_mechanism
        self.client = HeronXMPP(account, password)
        self.client.mechanism_floor = lambda: self.mechanism_floor
        self.used_mechanism = ""
        self._want_online = False
        self._terminal_error = False
        self._reconnect_task: asyncio.Future[None] | None = None
        self._timeout: asyncio.TimerHandle | None = None
        self._tasks: set[asyncio.Future[Any]] = set()  # helper tasks, ended by disconnect()
        self._connect_when_closed = False
        self._session_handlers: list[Callable[[bool], Any]] = []
        self._wire(self.client)

    # --- public API ----------------------------------------------------------------------------

    def on_session(self, handler: Callable[[bool], Any]) -> None:
        """``handler(resumed)`` runs after each session start (False) or resumption (True)."""
        self._session_handlers.append(handler)

    def connect(self) -> None:
        self._want_online = True
        self._terminal_error = False
        self.error = None
        self._attempt()

    def retry_now(self) -> None:
        """The user asked: try at once (also after a failure that stopped the account)."""
        self._cancel_reconnect()
        self.backoff.reset()
        if self.client.transport is not None:
            # One protocol object serves every stream in slixmpp: the old stream's end would
            # tear down a new one, so connect once it has ended.
            self._connect_when_closed = True
            self._want_online = True
            self._close_transport()
            return
        self.connect()

    async def disconnect(self) -> None:
        """Go offline and end everything this account runs: the pending reconnect, the
        connection attempt, its timeout, slixmpp's scheduled timers and helper tasks."""
        self._want_online = False
        self._connect_when_closed = False
        self._cancel_reconnect()
        self._cancel_timeout()
        for task in list(self._tasks):  # session handlers first: nothing new is sent
            task.cancel()
        self.client.cancel_connection_attempt()
        self._cancel_timers()
        if self.client.is_connected():
            await self.client.disconnect(wait=1.0)
        self._cancel_timers()  # and those a service scheduled while the stream closed (IQs)
        for task in list(self._tasks):
            task.cancel()
        filters = getattr(self.client, "_run_out_filters", None)
        if filters is not None and not filters.done():
            filters.cancel()  # slixmpp's outgoing-stanza task outlives the stream otherwise
        self._set_state(ConnectionState.OFFLINE)

    @property
    def wanted(self) -> bool:
        """The user wants this account online (it is not being closed or disabled)."""
        return self._want_online

    @property
    def connected(self) -> bool:
        return self.state is ConnectionState.CONNECTED

    @property
    def server(self) -> str:
        return self.account.host or self.account.jid.split("@")[-1]

    @property
    def reconnect_pending(self) -> bool:
        return self._reconnect_task is not None and not self._reconnect_task.done()

    # --- internals -----------------------------------------------------------------------------

    def _attempt(self) -> None:
        self._set_state(ConnectionState.CONNECTING, detail=f"Connecting to {self.server}…")
        self._cancel_timeout()
        self._timeout = asyncio.get_running_loop().call_later(CONNECT_TIMEOUT,
                                                              self._on_connect_timeout)
        port = self.account.port or (5223 if self.account.direct_tls else 5222)
        self.client.connect(self.server, port)

    def _set_state(self, state: ConnectionState, error: UserError | None = None,
                   detail: str = "", retry_in: float = 0.0) -> None:
        self.state = state
        # heron.log gets every change at INFO from core/connection_log.py, on the bus.
        self.bus.publish(ConnectionChanged(self.account.jid, state,
                                           detail or (error.message if error else ""),
                                           error, retry_in))

    def _failed(self, error: UserError) -> None:
        """Every failure ends here: stop and wait for the user, or retry later."""
        self.error = error
        self._cancel_timeout()
        if error.terminal:
            self._terminal_error = True
            self._want_online = False
            self._cancel_reconnect()
            self.client.cancel_connection_attempt()
            self._set_state(_stop_state(error), error)
        else:
            self._retry_later(error)

    def _retry_later(self, error: UserError | None, detail: str = "") -> None:
        if not self._want_online or self._terminal_error or self.reconnect_pending:
            return
        self.client.cancel_connection_attempt()  # Heron's backoff, not slixmpp's own
        delay = self.backoff.next_delay()
        self._set_state(ConnectionState.RECONNECTING, error, detail, retry_in=delay)
        self._reconnect_task = spawn(self._reconnect_after(delay), "reconnect")

    async def _reconnect_after(self, delay: float) -> None:
        await asyncio.sleep(delay)
        if self._want_online and not self.client.is_connected() \
                and not self.client.is_connecting():
            self._attempt()

    def _close_transport(self) -> None:
        """Abort the stream unless it is already closing (aborting a closing TLS transport
        raises inside asyncio)."""
        transport = self.client.transport
        if transport is not None and not transport.is_closing():
            self.client.abort()

    def _cancel_timers(self) -> None:
        for name in list(self.client.scheduled_events):
            self.client.cancel_schedule(name)

    def _cancel_reconnect(self) -> None:
        if self._reconnect_task is not None and not self._reconnect_task.done():
            self._reconnect_task.cancel()
        self._reconnect_task = None

    def _cancel_timeout(self) -> None:
        if self._timeout is not None:
            self._timeout.cancel()
            self._timeout = None

    def _track(self, task: asyncio.Future[Any]) -> None:
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _wire(self, c: HeronXMPP) -> None:
        c.add_event_handler("session_start", self._on_session_start)
        c.add_event_handler("session_resumed", self._on_session_resumed)
        c.add_event_handler("failed_auth", self._on_failed_auth)
        c.add_event_handler("no_auth", self._on_no_auth)
        c.add_event_handler("ssl_invalid_chain", self._on_invalid_chain)
        c.add_event_handler("connection_failed", self._on_connection_failed)
        c.add_event_handler("disconnected", self._on_disconnected)
        c.add_event_handler("stream_error", self._on_stream_error)
        c.on_certificate_problem = self._on_certificate_problem
        c.on_no_tls = self._on_no_tls
        c.on_login_refused = self._on_login_refused

    async def _on_session_start(self, _event: Any) -> None:
        self._cancel_timeout()
        self.backoff.reset()
        self.error = None
        mech = getattr(self.client.plugin["feature_mechanisms"], "mech", None)
        self.used_mechanism = getattr(mech, "name", "") or ""
        self.mechanism_floor = stronger(self.mechanism_floor, self.used_mechanism)
        # No presence here: the session announces the user's own (show, status) once, after
        # the roster (RFC 6121 §2.2), so "available" is never sent first and then corrected.
        self._set_state(ConnectionState.CONNECTED)
        self._track(spawn(self._run_session_handlers(False), "session start"))

    async def _on_session_resumed(self, _event: Any) -> None:
        self._cancel_timeout()
        self.backoff.reset()
        self.error = None
        self._set_state(ConnectionState.CONNECTED)
        self._track(spawn(self._run_session_handlers(True), "session resumed"))

    async def _run_session_handlers(self, resumed: bool) -> None:
        # A tracked task: disconnect() cancels it first, so a roster fetch or a MAM page
        # cannot send into a stream that is closing.
        for handler in self._session_handlers:
            result = handler(resumed)
            if asyncio.iscoroutine(result):
                await result

    def _on_connect_timeout(self) -> None:
        self._timeout = None
        if self.state is ConnectionState.CONNECTED or not self._want_online:
            return
        self.client.cancel_connection_attempt()
        self._close_transport()
        detail = f"no session after {CONNECT_TIMEOUT:.0f} s"
        self._failed(failures.of_kind(ErrorKind.TIMEOUT, detail, self.account.jid, self.server))

    def _on_failed_auth(self, failure: Any) -> None:
        condition = str(failure["condition"]) if failure is not None else ""
        text = str(failure["text"]) if failure is not None else ""
        self._failed(failures.from_sasl_failure(condition, text, self.account.jid, self.server))
        # slixmpp closes the stream itself: no mechanism is left to try (_no_weaker_retry).

    def _on_no_auth(self, _event: Any) -> None:
        if self._terminal_error:
            return  # slixmpp's "no_auth" after a failure we already reported
        offered: set[str] = getattr(self.client.plugin["feature_mechanisms"], "mech_list", set())
        # Normally refused earlier, in _handle_stream_features; this is slixmpp's own refusal.
        self._failed(refusal(offered, self.mechanism_floor, self.server)
                     or no_trusted_mechanism(offered, self.server))

    def _on_login_refused(self, error: UserError) -> None:
        self._failed(error)

    def _on_no_tls(self) -> None:
        self._failed(failures.of_kind(ErrorKind.TLS_NOT_OFFERED,
                                      "stream features offer no <starttls/>",
                                      self.account.jid, self.server))

    @property
    def _domain(self) -> str:
        return self.account.jid.split("@")[-1]

    def _on_certificate_problem(self, problem: CertificateProblem) -> None:
        error = certcheck.certificate_error(problem.kind, self._domain, problem.detail)
        self._failed(error)
        self._publish_certificate(problem.der, error, problem.pinnable, problem.changed)

    def _publish_certificate(self, der: bytes, error: UserError, pinnable: bool,
                             changed: bool) -> None:
        self.bus.publish(CertificateRejected(
            self.account.jid, self._domain, sha256_fingerprint(der), error.message, changed,
            kind=error.kind, pinnable=pinnable))

    def _on_invalid_chain(self, error: Exception) -> None:
        """OpenSSL refused the chain; only an unknown issuer may be overruled by the user."""
        kind, unknown_issuer = certcheck.kind_of_verify_error(error)
        detail = getattr(error, "verify_message", "") or str(error)
        user_error = certcheck.certificate_error(kind, self._domain, detail)
        self._failed(user_error)
        self.client.abort()
        self._track(spawn(self._report_certificate(user_error, unknown_issuer)))

    async def _report_certificate(self, error: UserError, unknown_issuer: bool) -> None:
        """Read the certificate to show its fingerprint, and judge it by Heron's own rules:
        OpenSSL stops at the first fault, and an unknown issuer may hide an expired date or a
        wrong name, which no pin may overrule."""
        host = self.account.host or self._domain
        port = self.account.port or (5223 if self.account.direct_tls else 5222)
        try:
            der = await fetch_server_certificate(host, port, self._domain,
                                                 self.account.direct_tls)
        except (OSError, TimeoutError, ValueError) as exc:
            log.warning("could not read the server certificate: %s", exc)
            return
        if self.state is not ConnectionState.CERT_UNTRUSTED:
            return  # the user acted meanwhile (disabled, removed, retried): nothing to ask
        faults = certcheck.certificate_faults(der, self._domain)
        if faults and error.kind is ErrorKind.CERT_UNTRUSTED:
            error = certcheck.certificate_error(faults[0][0], self._domain, faults[0][1])
            self.error = error
            self._set_state(ConnectionState.CERT_UNTRUSTED, error)
        self._publish_certificate(der, error, unknown_issuer and not faults,
                                  bool(self.account.pinned_certs))

    def _on_connection_failed(self, error: Any) -> None:
        if self._terminal_error or not self._want_online:
            return
        if isinstance(error, ssl.SSLCertVerificationError):  # Direct TLS: fails in connect
            self._on_invalid_chain(error)
            return
        self._failed(failures.from_connection_failure(error, self.account.jid, self.server))

    def _on_stream_error(self, error: Any) -> None:
        condition = str(error["condition"]) if error is not None else ""
        text = str(error["text"]) if error is not None else ""
        log.warning("stream error from server: %s", condition)
        self._failed(failures.from_stream_error(condition, text, self.account.jid, self.server))

    def _on_disconnected(self, _reason: Any) -> None:
        if self._connect_when_closed:
            self._connect_when_closed = False
            if self._want_online:
                self.connect()
            return
        if self.client.is_connecting():
            return  # a late notice of the previous stream; a new attempt is under way
        if not self._want_online or self._terminal_error:
            if not self._terminal_error:
                self._set_state(ConnectionState.OFFLINE)
            return
        self._retry_later(None, "Connection lost.")
