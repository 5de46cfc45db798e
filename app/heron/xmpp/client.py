"""The slixmpp client: TLS and SASL policy, plugins (its lifecycle: ``xmpp/connection.py``).

RFC 6120 with STARTTLS or Direct TLS (XEP-0368), certificates validated against the account's
domain (or a CA file, or a fingerprint the user pinned after seeing it), SCRAM before PLAIN and
never PLAIN without TLS, stream management (XEP-0198), keepalive pings (XEP-0199), client state
indication (XEP-0352), entity capabilities (XEP-0115) and disco (XEP-0030).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import slixmpp
from slixmpp.stanza import StreamFeatures
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

from heron.core.errors import ErrorKind, UserError, describe
from heron.core.settings import AccountConfig
from heron.xmpp import certcheck, dispatch, keepalive, xmlguard
from heron.xmpp.mechanisms import (
    MECHANISM_STRENGTH,
    allowed_mechanisms,
    refusal,
)
from heron.xmpp.plugins import load_jingle

log = logging.getLogger(__name__)

__all__ = ["MECHANISM_STRENGTH", "CertificateProblem", "HeronXMPP", "allowed_mechanisms",
           "sha256_fingerprint"]


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
    "xep_0424",  # retractions (its stanzas; with xep_0428 fallback and xep_0334 hints)
    "xep_0444",  # reactions (the event for bodiless ones, the disco feature)
    "xep_0461",  # replies (the disco feature; with xep_0428 fallback)
    "xep_0352",  # client state indication
    "xep_0203",  # delayed delivery
    "xep_0077",  # in-band registration
    "xep_0084",  # user avatars over PEP (with xep_0060/xep_0163; +notify in our caps)
    "xep_0054",  # vcard-temp (older clients' avatars, XEP-0153)
    "xep_0191",  # blocking
    "xep_0377",  # spam reporting (with a block)
    "xep_0172",  # user nickname (PEP)
]


# Keepalive on a live session. Module constants so tests can shorten the cycles.
KEEPALIVE_INTERVAL = 60  # seconds between XEP-0199 pings on a live session
KEEPALIVE_TIMEOUT = 20


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


class HeronXMPP(keepalive.QuietServerMixin, xmlguard.RestrictedXMLMixin,
                dispatch.PrefilteredHandlersMixin, slixmpp.ClientXMPP):
    """slixmpp's client with Heron's TLS rules applied at the transport."""

    def __init__(self, account: AccountConfig, password: str) -> None:
        # Given our context, slixmpp does not build two of its own (each reads the system's
        # CA store: about 17 ms apiece on the event loop at every account start).
        super().__init__(f"{account.jid}/{account.resource}", password,
                         ssl_context=self._make_ssl_context(account))
        self.account = account
        self.use_origin_id = True  # XEP-0359: every outgoing message carries origin-id
        self.enable_plaintext = False
        self.enable_direct_tls = account.direct_tls
        self.enable_starttls = not account.direct_tls
        self.whitespace_keepalive = False  # XEP-0199 pings instead
        self.on_certificate_problem: Callable[[CertificateProblem], None] | None = None
        self.on_no_tls: Callable[[], None] | None = None
        # XEP-0198 is not in disco: the server offers it (or not) in the features after SASL.
        self.offers_stream_management = False
        # SASL refused before anything of the password went out, or STARTTLS failed.
        self.on_login_refused: Callable[[UserError], None] | None = None
        # Read at every login attempt: the strongest mechanism that has worked so far.
        self.mechanism_floor: Callable[[], str] = lambda: account.strongest_mechanism
        self.register_handler(Callback(
            "Heron STARTTLS failure", MatchXPath("{urn:ietf:params:xml:ns:xmpp-tls}failure"),
            self._on_starttls_failure, instream=True))
        self.add_event_handler("failed_auth", self._no_weaker_retry)
        for name in PLUGINS:
            self.register_plugin(name)
        load_jingle(self)  # Jingle calls (our own plugins); disco features only once enabled
        # Keepalive pings only while a session lives: configured this way, slixmpp starts them
        # at session start and stops them on disconnect. (Enabled at construction, they ran
        # forever, and each ping timeout reconnected an account that had failed or was off.)
        ping = self.plugin["xep_0199"]
        ping.interval, ping.timeout = KEEPALIVE_INTERVAL, KEEPALIVE_TIMEOUT
        self.add_event_handler("session_start", lambda _e: ping.enable_keepalive())
        self.add_event_handler("session_resumed", lambda _e: ping.enable_keepalive())
        self.add_event_handler("disconnected", ping.disable_keepalive)
        # Ask for an ack after every stanza: the outbox learns at once what the server holds.
        self.plugin["xep_0198"].window = 1
        self.plugin["xep_0198"].window_counter = 1
        self.plugin["xep_0115"].caps_node = "https://heron.invalid/caps"
        self.plugin["feature_mechanisms"].unencrypted_plain = False

    # --- TLS ---------------------------------------------------------------------------------

    @staticmethod
    def _make_ssl_context(account: AccountConfig) -> ssl.SSLContext:
        ctx = ssl.create_default_context(cafile=account.ca_file or None)
        # OpenSSL checks the chain; the name (against the account's domain, never the host
        # typed), dates and key use are Heron's own rules, checked in connection_made.
        ctx.check_hostname = False
        if account.pinned_certs:
            # The chain is then checked by fingerprint in connection_made (the user saw and
            # accepted exactly this certificate); Python's ssl has no verify callback.
            ctx.verify_mode = ssl.CERT_NONE
        return ctx

    def __del__(self) -> None:
        # A client in a reference cycle is collected on whatever thread runs the garbage
        # collector (often the storage writer's). slixmpp's __del__ cancels its filter task
        # from there, which qasync cannot schedule: the task was left pending. Cancel it on
        # the loop's own thread instead.
        task = self._run_out_filters
        if task is not None and not task.done():
            with contextlib.suppress(RuntimeError):  # the loop is already closed
                task.get_loop().call_soon_threadsafe(task.cancel)

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
            self.on_login_refused(describe(
                ErrorKind.STARTTLS_FAILED, "<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>",
                server=self.account.host or self.account.jid.split("@")[-1]))
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
            server = self.account.host or self.account.jid.split("@")[-1]
            refused = refusal(offered, floor, server)
            if refused is not None:
                log.warning("refusing to sign in to %s: %s", self.account.jid, refused.detail)
                if self.on_login_refused:
                    self.on_login_refused(refused)
                self.abort()
                return True
            self.plugin["feature_mechanisms"].use_mechs = allowed_mechanisms(floor)
        if "bind" in features["features"]:  # signed in: what this server lets a session do
            self.offers_stream_management = "sm" in features["features"]
        result: bool | None = await super()._handle_stream_features(features)
        return result

    def _handle_stream_error(self, error: Any) -> None:
        # see-other-host is not followed: a redirect must not move certificate validation
        # away from the account's domain (DESIGN.md security rules).
        self.event("stream_error", error)
