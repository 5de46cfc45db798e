"""Connection failures mapped once to Heron's error vocabulary (core/errors.py).

The connection handlers in ``connection.py`` call these with what slixmpp hands them: an exception
or a string from ``connection_failed``, a stream error's condition (RFC 6120 §4.9.3), a SASL
failure's condition (RFC 6120 §6.5). The raw text stays in ``UserError.detail``.
"""

from __future__ import annotations

import errno
import socket
import ssl

from heron.core.errors import ErrorKind, UserError, describe

# RFC 6120 §4.9.3 stream error conditions that name a kind of their own; any other condition
# is OTHER (with the condition in the detail).
_STREAM_KINDS = {
    "conflict": ErrorKind.CONFLICT,
    "policy-violation": ErrorKind.POLICY_VIOLATION,
    "see-other-host": ErrorKind.SEE_OTHER_HOST,
    "not-authorized": ErrorKind.AUTH_FAILED,
    "host-unknown": ErrorKind.DNS_FAILURE,
    "connection-timeout": ErrorKind.TIMEOUT,
    "remote-connection-failed": ErrorKind.UNREACHABLE,
    "system-shutdown": ErrorKind.UNREACHABLE,
}
# RFC 6120 §6.5 SASL failure conditions.
_SASL_KINDS = {
    "account-disabled": ErrorKind.ACCOUNT_DISABLED,
    "credentials-expired": ErrorKind.AUTH_FAILED,
    "not-authorized": ErrorKind.AUTH_FAILED,
    "invalid-authzid": ErrorKind.AUTH_FAILED,
    "encryption-required": ErrorKind.TLS_NOT_OFFERED,
    "mechanism-too-weak": ErrorKind.NO_TRUSTED_MECHANISM,
    "invalid-mechanism": ErrorKind.NO_TRUSTED_MECHANISM,
    "temporary-auth-failure": ErrorKind.TIMEOUT,
}
_DNS_ERRNOS = {getattr(socket, n) for n in ("EAI_NONAME", "EAI_AGAIN", "EAI_NODATA", "EAI_FAIL")
               if hasattr(socket, n)}


def _names(jid: str, server: str) -> dict[str, str]:
    return {"server": server or jid.rsplit("@", maxsplit=1)[-1], "account": jid}


def from_connection_failure(error: object, jid: str, server: str = "") -> UserError:
    """What ``connection_failed`` carries: an OSError, or slixmpp's DNS sentence."""
    names = _names(jid, server)
    detail = str(error) or type(error).__name__
    if isinstance(error, str):  # slixmpp: "No DNS record available for <domain>"
        kind = ErrorKind.DNS_FAILURE if "DNS" in error else ErrorKind.OTHER
    elif isinstance(error, ssl.SSLCertVerificationError):
        kind = ErrorKind.CERT_UNTRUSTED
        detail = error.verify_message or detail
    elif isinstance(error, ssl.SSLError):
        kind = ErrorKind.STARTTLS_FAILED
    elif isinstance(error, socket.gaierror) or getattr(error, "errno", None) in _DNS_ERRNOS:
        kind = ErrorKind.DNS_FAILURE
    elif isinstance(error, TimeoutError) or getattr(error, "errno", None) == errno.ETIMEDOUT:
        kind = ErrorKind.TIMEOUT
    elif isinstance(error, OSError):
        kind = ErrorKind.UNREACHABLE
    else:
        kind = ErrorKind.OTHER
    return describe(kind, detail, **names)


def from_stream_error(condition: str, text: str, jid: str, server: str = "") -> UserError:
    kind = _STREAM_KINDS.get(condition, ErrorKind.OTHER)
    detail = f"stream error: {condition}" + (f" ({text})" if text else "")
    return describe(kind, detail, **_names(jid, server))


def from_sasl_failure(condition: str, text: str, jid: str, server: str = "") -> UserError:
    kind = _SASL_KINDS.get(condition, ErrorKind.AUTH_FAILED)
    detail = f"SASL failure: {condition or 'unknown'}" + (f" ({text})" if text else "")
    return describe(kind, detail, **_names(jid, server))


def of_kind(kind: ErrorKind, detail: str, jid: str, server: str = "") -> UserError:
    """A failure Heron itself decided (no TLS offered, a changed certificate, a timeout)."""
    return describe(kind, detail, **_names(jid, server))
