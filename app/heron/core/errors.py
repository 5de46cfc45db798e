"""Heron's error vocabulary: a few kinds of failure, each with a sentence and a next step.

Exceptions, stream errors and SASL failures are mapped to a ``UserError`` once, where they are
caught (``xmpp/client.py`` for connections, services for their own requests). The UI shows
``message`` and ``next_step``; ``detail`` (the raw text: errno, OpenSSL's reason, the server's
condition) goes to the log and behind a "Details" button, never into the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class ErrorKind(Enum):
    UNREACHABLE = "unreachable"
    DNS_FAILURE = "dns-failure"
    TIMEOUT = "timeout"
    TLS_NOT_OFFERED = "tls-not-offered"
    STARTTLS_FAILED = "starttls-failed"
    CERT_UNTRUSTED = "cert-untrusted"  # unknown issuer: the only fault that may be pinned
    CERT_CHANGED = "cert-changed"  # differs from the one the user pinned
    CERT_EXPIRED = "cert-expired"  # expired or not yet valid
    CERT_WRONG_NAME = "cert-wrong-name"  # valid chain, but for another domain
    CERT_REVOKED = "cert-revoked"  # revoked or unusable key
    AUTH_FAILED = "auth-failed"
    NO_TRUSTED_MECHANISM = "no-trusted-mechanism"  # no SASL mechanism Heron accepts here
    MECHANISM_DOWNGRADE = "mechanism-downgrade"  # weaker than what worked before
    ACCOUNT_DISABLED = "account-disabled"  # disabled/forbidden by the server
    POLICY_VIOLATION = "policy-violation"
    CONFLICT = "conflict"  # replaced by another login with the same resource
    SEE_OTHER_HOST = "see-other-host"
    STORAGE_FAILED = "storage-failed"  # disk full, read-only, database error
    KEYRING_FAILED = "keyring-failed"
    OTHER = "other"


# Kinds that retrying cannot fix: the account stops and waits for the user.
TERMINAL_KINDS = frozenset({
    ErrorKind.TLS_NOT_OFFERED, ErrorKind.STARTTLS_FAILED, ErrorKind.CERT_UNTRUSTED,
    ErrorKind.CERT_CHANGED, ErrorKind.CERT_EXPIRED, ErrorKind.CERT_WRONG_NAME,
    ErrorKind.CERT_REVOKED, ErrorKind.AUTH_FAILED, ErrorKind.NO_TRUSTED_MECHANISM,
    ErrorKind.MECHANISM_DOWNGRADE, ErrorKind.ACCOUNT_DISABLED, ErrorKind.CONFLICT,
    ErrorKind.SEE_OTHER_HOST,
})


@dataclass(frozen=True, slots=True)
class UserError:
    """A failure as a person reads it. ``detail`` is for the log and "Details" only."""

    kind: ErrorKind
    message: str  # one sentence: what happened, in plain words
    next_step: str = ""  # what the person can do about it
    detail: str = ""  # raw technical text (never shown in the sentence)

    @property
    def terminal(self) -> bool:
        return self.kind in TERMINAL_KINDS


class HeronError(Exception):
    """Base class: ``str(err)`` is fit to show in the UI."""

    def __init__(self, message: str = "", error: UserError | None = None) -> None:
        super().__init__(message or (error.message if error else ""))
        self.error = error


class NoSecureKeyringError(HeronError):
    pass


class ConfigError(HeronError):
    pass
