"""The slixmpp client: TLS and SASL policy, plugins, reconnect with backoff.

RFC 6120 with STARTTLS or Direct TLS (XEP-0368), certificates validated against the account's
domain (or a CA file, or a fingerprint the user pinned after seeing it), SCRAM before PLAIN and
never PLAIN without TLS, stream management (XEP-0198), keepalive pings (XEP-0199), client state
indication (XEP-0352), entity capabilities (XEP-0115) and disco (XEP-0030).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import random
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import slixmpp
from slixmpp.stanza import StreamFeatures
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

from heron.core.bus import EventBus
from heron.core.errors import ErrorKind, UserError
from heron.core.events import CertificateRejected, ConnectionChanged, ConnectionState
from heron.core.settings import AccountConfig
from heron.core.tasks import spawn
from heron.xmpp import certcheck, xmlguard
from heron.xmpp.mechanisms import (
    MECHANISM_STRENGTH,
    allowed_mechanisms,
    no_trusted_mechanism,
    refusal,
    stronger,
)

log = logging.getLogger(__name__)

__all__ = ["MECHANISM_STRENGTH", "AccountConnection", "Backoff", "HeronXMPP",
           "allowed_mechanisms", "sha256_fingerprint"]

STARTTLS_FAILED = UserError(
    ErrorKind.STARTTLS_FAILED,
    "The server could not start an encrypted connection (STARTTLS failed), so Heron did not "
    "sign in.",
    "Try again later, or tell the server's administrator; Direct TLS may work if the server "
    "offers it.",
    "<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>",
)

PLUGINS = [
    "xep_0030",  # service discovery
    "xep_0004",  # data forms (registration, MAM)
    "xep_0115",  # entity capabilities
    "xep_0199",  # ping keepalive
    "xep_0198",  # stream management
    "xep_0280",  # carbons
    "xep_0297",  # forwarded
    "xep_0313",  # MAM
    "xep_0359",  # stanza ids
    "xep_0184",  # receipts
    "xep_0085",  # chat states
    "xep_0308",  # corrections
    "xep_0352",  # client state indication
    "xep_0203",  # delayed delivery
    "xep_0077",  # in-band registration
]


def sha256_fingerprint(der: bytes) -> str:
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


@dataclass(frozen=True)
class CertificateProblem:
    """A certificate Heron refused after the handshake (see certcheck)."""

    der: bytes
    kind: ErrorKind
    detail: str
    pinnable: bool
    changed: bool


@dataclass
class Backoff:
    """Reconnect delays: 1, 2, 4 ... 60 s with jitter, reset after a good session."""

    attempt: int = 0
    cap: float = 60.0

    def next_delay(self) -> float:
        delay = min(self.cap, 2.0**self.attempt)
        self.attempt += 1
        return delay * random.uniform(0.8, 1.2)

    def reset(self) -> None:
        self.attempt = 0


class HeronXMPP(xmlguard.RestrictedXMLMixin, slixmpp.ClientXMPP):
    """slixmpp's client with Heron's TLS rules applied at the transport."""

    def __init__(self, account: AccountConfig, password: str) -> None:
        super().__init__(f"{account.jid}/{account.resource}", password)
        self.account = account
        self.use_origin_id = True  # XEP-0359: every outgoing message carries origin-id
        self.enable_plaintext = False
        self.enable_direct_tls = account.direct_tls
        self.enable_starttls = not account.direct_tls
        self.whitespace_keepalive = False  # XEP-0199 pings instead
        self.on_certificate_problem: Callable[[CertificateProblem], None] | None = None
        self.on_no_tls: Callable[[], None] | None = None
        # SASL refused before anything of the password went out, or STARTTLS failed.
        self.on_login_refused: Callable[[UserError], None] | None = None
        # Read at every login attempt: the strongest mechanism that has worked so far.
        self.mechanism_floor: Callable[[], str] = lambda: account.strongest_mechanism
        self.register_handler(Callback(
            "Heron STARTTLS failure", MatchXPath("{urn:ietf:params:xml:ns:xmpp-tls}failure"),
            self._on_starttls_failure, instream=True))
        self.add_event_handler("failed_auth", self._no_weaker_retry)
        self.ssl_context = self._make_ssl_context()
        for name in PLUGINS:
            self.register_plugin(name)
        # Ask for an ack after every stanza: the outbox learns at once what the server holds.
        self.plugin["xep_0198"].window = 1
        self.plugin["xep_0198"].window_counter = 1
        self.plugin["xep_0199"].enable_keepalive(interval=60, timeout=20)
        self.plugin["xep_0115"].caps_node = "https://heron.invalid/caps"
        self.plugin["feature_mechanisms"].unencrypted_plain = False

    # --- TLS ---------------------------------------------------------------------------------

    def _make_ssl_context(self) -> ssl.SSLContext:
        ctx = ssl.create_default_context(cafile=self.account.ca_file or None)
        # OpenSSL checks the chain; the name (against the account's domain, never the host
        # typed), dates and key use are Heron's own rules, checked in connection_made.
        ctx.check_hostname = False
        if self.account.pinned_certs:
            # The chain is then checked by fingerprint in connection_made (the user saw and
            # accepted exactly this certificate); Python's ssl has no verify callback.
            ctx.verify_mode = ssl.CERT_NONE
        return ctx

    def get_ssl_context(self) -> ssl.SSLContext:
        # slixmpp's version would load ca_certs into a shared context; ours is fully prepared.
        return self.ssl_context

    def connection_made(self, transport: Any, send_event: bool = True) -> None:
        ssl_object = transport.get_extra_info("ssl_object", default=None)
        problem = self._check_certificate(ssl_object.getpeercert(True) or b"") \
            if ssl_object is not None else None
        if problem is not None:
            log.warning("refused the certificate of %s (%s): %s", self.account.jid,
                        problem.kind.value, problem.detail)
            # Take the TLS transport before closing it: a STARTTLS stream restart must not
            # write to the plaintext socket underneath.
            self.transport = transport
            transport.abort()
            if self.on_certificate_problem:
                self.on_certificate_problem(problem)
            return
        super().connection_made(transport, send_event)

    def _check_certificate(self, der: bytes) -> CertificateProblem | None:
        """Heron's rules for the certificate of a completed handshake (None: accept)."""
        faults = certcheck.certificate_faults(der, self.account.jid.split("@")[-1])
        pins = self.account.pinned_certs
        if pins and sha256_fingerprint(der) not in pins:
            kind, detail = faults[0] if faults else (
                ErrorKind.CERT_CHANGED, "the certificate differs from the one you trusted")
            return CertificateProblem(der, kind, detail, pinnable=not faults, changed=True)
        if faults:
            kind, detail = faults[0]
            return CertificateProblem(der, kind, detail, pinnable=False, changed=bool(pins))
        return None

    def _no_weaker_retry(self, failure: Any) -> None:
        """slixmpp answers a SASL <failure/> by trying the next weaker mechanism at once (a
        wrong password went out again with SCRAM-SHA-1, then PLAIN). Only a server that
        refused the mechanism itself gets another one; runs before slixmpp picks it."""
        condition = failure["condition"] if failure is not None else ""
        if condition in ("invalid-mechanism", "mechanism-too-weak"):
            return
        sasl = self.plugin["feature_mechanisms"]
        sasl.attempted_mechs |= set(sasl.mech_list)

    def _on_starttls_failure(self, _stanza: Any) -> None:
        log.warning("STARTTLS failed for %s", self.account.jid)
        if self.on_login_refused:
            self.on_login_refused(STARTTLS_FAILED)
        self.abort()

    async def _handle_stream_features(self, features: StreamFeatures) -> bool | None:
        """A stream that is plaintext and offers no STARTTLS never gets to SASL."""
        encrypted = isinstance(self.socket, ssl.SSLObject | ssl.SSLSocket)
        if not encrypted and "starttls" not in features["features"]:
            log.warning("server offers no TLS: refusing to log in to %s", self.account.jid)
            if self.on_no_tls:
                self.on_no_tls()
            self.abort()
            return True
        if encrypted and "mechanisms" not in self.features:  # not signed in yet
            floor = self.mechanism_floor()
            offered = features["mechanisms"] if "mechanisms" in features["features"] else []
            refused = refusal(offered, floor)
            if refused is not None:
                log.warning("refusing to sign in to %s: %s", self.account.jid, refused.detail)
                if self.on_login_refused:
                    self.on_login_refused(refused)
                self.abort()
                return True
            self.plugin["feature_mechanisms"].use_mechs = allowed_mechanisms(floor)
        result: bool | None = await super()._handle_stream_features(features)
        return result

    def _handle_stream_error(self, error: Any) -> None:
        # see-other-host is not followed: a redirect must not move certificate validation
        # away from the account's domain (DESIGN.md security rules).
        self.event("stream_error", error)


class AccountConnection:
    """Owns one account's client across reconnects and publishes its connection state."""

    def __init__(self, account: AccountConfig, password: str, bus: EventBus) -> None:
        self.account = account
        self.bus = bus
        self.password = password
        self.state = ConnectionState.OFFLINE
        self.backoff = Backoff()
        # The strongest SASL mechanism that has worked: raised after each login, read by the
        # client at every attempt (a reconnect in this run included).
        self.mechanism_floor = account.strongest_mechanism
        self.client = HeronXMPP(account, password)
        self.client.mechanism_floor = lambda: self.mechanism_floor
        self._want_online = False
        self._reconnect_task: asyncio.Future[None] | None = None
        self._terminal_error = False
        self._session_handlers: list[Callable[[bool], Any]] = []
        self._wire(self.client)

    # --- public API ----------------------------------------------------------------------------

    def on_session(self, handler: Callable[[bool], Any]) -> None:
        """``handler(resumed)`` runs after each session start (False) or resumption (True)."""
        self._session_handlers.append(handler)

    def connect(self) -> None:
        self._want_online = True
        self._terminal_error = False
        self._set_state(ConnectionState.CONNECTING)
        self._connect_now()

    async def disconnect(self) -> None:
        self._want_online = False
        if self._reconnect_task:
            self._reconnect_task.cancel()
        self.client.cancel_connection_attempt()
        if self.client.is_connected():
            await self.client.disconnect(wait=1.0)
        self._set_state(ConnectionState.OFFLINE)

    @property
    def wanted(self) -> bool:
        """The user wants this account online (it is not being closed or disabled)."""
        return self._want_online

    @property
    def connected(self) -> bool:
        return self.state is ConnectionState.CONNECTED

    # --- internals -----------------------------------------------------------------------------

    def _connect_now(self) -> None:
        host = self.account.host or self.account.jid.split("@")[-1]
        port = self.account.port or (5223 if self.account.direct_tls else 5222)
        self.client.connect(host, port)

    def _set_state(self, state: ConnectionState, detail: str = "",
                   error: UserError | None = None) -> None:
        self.state = state
        self.bus.publish(ConnectionChanged(self.account.jid, state, detail, error))

    def _fail(self, state: ConnectionState, detail: str, error: UserError | None = None) -> None:
        """An error that retrying cannot fix: stop, show it, wait for the user."""
        self._terminal_error = True
        self._want_online = False
        self.client.cancel_connection_attempt()
        self._set_state(state, detail, error)

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
        self.backoff.reset()
        mech = getattr(self.client.plugin["feature_mechanisms"], "mech", None)
        self.used_mechanism = getattr(mech, "name", "") or ""
        self.mechanism_floor = stronger(self.mechanism_floor, self.used_mechanism)
        self.client.send_presence()
        self._set_state(ConnectionState.CONNECTED)
        for handler in self._session_handlers:
            result = handler(False)
            if asyncio.iscoroutine(result):
                await result

    async def _on_session_resumed(self, _event: Any) -> None:
        self.backoff.reset()
        self._set_state(ConnectionState.CONNECTED)
        for handler in self._session_handlers:
            result = handler(True)
            if asyncio.iscoroutine(result):
                await result

    def _on_failed_auth(self, _event: Any) -> None:
        self._fail(ConnectionState.AUTH_FAILED, "Authentication failed: check the password.")
        spawn(self.client.disconnect(wait=0))

    def _on_no_auth(self, _event: Any) -> None:
        offered: set[str] = getattr(self.client.plugin["feature_mechanisms"], "mech_list", set())
        # Normally refused earlier, in _handle_stream_features; this is slixmpp's own refusal.
        self._on_login_refused(refusal(offered, self.mechanism_floor)
                               or no_trusted_mechanism(offered))

    def _on_login_refused(self, error: UserError) -> None:
        self._fail(ConnectionState.ERROR, error.message, error)

    def _on_no_tls(self) -> None:
        self._fail(
            ConnectionState.NO_TLS,
            "The server does not offer an encrypted connection (TLS); Heron will not log in.",
        )

    @property
    def _domain(self) -> str:
        return self.account.jid.split("@")[-1]

    def _on_certificate_problem(self, problem: CertificateProblem) -> None:
        error = certcheck.certificate_error(problem.kind, self._domain, problem.detail)
        self._fail(ConnectionState.CERT_UNTRUSTED, error.message, error)
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
        self._fail(ConnectionState.CERT_UNTRUSTED, user_error.message, user_error)
        self.client.abort()
        spawn(self._report_certificate(user_error, unknown_issuer))

    async def _report_certificate(self, error: UserError, unknown_issuer: bool) -> None:
        """Read the certificate to show its fingerprint, and judge it by Heron's own rules:
        OpenSSL stops at the first fault, and an unknown issuer may hide an expired date or a
        wrong name, which no pin may overrule."""
        from heron.xmpp.certprobe import fetch_server_certificate

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
            self._set_state(ConnectionState.CERT_UNTRUSTED, error.message, error)
        self._publish_certificate(der, error, unknown_issuer and not faults,
                                  bool(self.account.pinned_certs))

    def _on_connection_failed(self, error: Any) -> None:
        if self._terminal_error:
            return
        if isinstance(error, ssl.SSLCertVerificationError):  # Direct TLS: fails in connect
            self._on_invalid_chain(error)
            return
        # slixmpp reschedules the attempt itself with its own growing delay.
        self._set_state(ConnectionState.RECONNECTING, f"Server unreachable: {error}")

    def _on_stream_error(self, error: Any) -> None:
        condition = error["condition"] if error is not None else ""
        log.warning("stream error from server: %s", condition)
        if condition == "see-other-host":
            self._fail(ConnectionState.ERROR, "The server asked to move to another host; refused.")
        elif condition == "conflict":
            self._fail(ConnectionState.ERROR, "Logged in elsewhere with the same resource.")

    def _on_disconnected(self, _reason: Any) -> None:
        if not self._want_online or self._terminal_error:
            if not self._terminal_error:
                self._set_state(ConnectionState.OFFLINE)
            return
        delay = self.backoff.next_delay()
        self._set_state(ConnectionState.RECONNECTING, f"Connection lost; retrying in {delay:.0f} s")
        if self._reconnect_task is None or self._reconnect_task.done():
            self._reconnect_task = spawn(self._reconnect_after(delay))

    async def _reconnect_after(self, delay: float) -> None:
        await asyncio.sleep(delay)
        if self._want_online and not self.client.is_connected():
            self._connect_now()
