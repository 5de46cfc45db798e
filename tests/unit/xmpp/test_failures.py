"""Connection failures become one UserError each: the kind, a sentence, a next step, and the
raw detail kept apart from the sentence."""

from __future__ import annotations

import errno
import socket
import ssl

import pytest

from heron.core.errors import SENTENCES, ErrorKind, UserError, describe
from heron.xmpp.failures import from_connection_failure, from_sasl_failure, from_stream_error

JID = "alice@example.org"


def _cert_error() -> ssl.SSLCertVerificationError:
    error = ssl.SSLCertVerificationError(1, "certificate verify failed")
    error.verify_message = "unable to get local issuer certificate"
    return error


@pytest.mark.parametrize(("error", "kind"), [
    (ConnectionRefusedError(errno.ECONNREFUSED, "Connect call failed ('127.0.0.1', 1)"),
     ErrorKind.UNREACHABLE),
    (OSError(errno.ENETUNREACH, "Network is unreachable"), ErrorKind.UNREACHABLE),
    (socket.gaierror(socket.EAI_NONAME, "Name or service not known"), ErrorKind.DNS_FAILURE),
    ("No DNS record available for example.org", ErrorKind.DNS_FAILURE),
    (TimeoutError("timed out"), ErrorKind.TIMEOUT),
    (OSError(errno.ETIMEDOUT, "Connection timed out"), ErrorKind.TIMEOUT),
    (_cert_error(), ErrorKind.CERT_UNTRUSTED),
    (ssl.SSLError(1, "wrong version number"), ErrorKind.STARTTLS_FAILED),
    (ValueError("odd"), ErrorKind.OTHER),
])
def test_connection_failures(error: object, kind: ErrorKind) -> None:
    user = from_connection_failure(error, JID, "xmpp.example.org")
    assert user.kind is kind
    assert user.message and user.next_step and user.detail
    assert user.detail not in user.message  # the raw text never in the sentence


def test_raw_detail_stays_out_of_the_sentence() -> None:
    user = from_connection_failure(
        ConnectionRefusedError(errno.ECONNREFUSED, "Connect call failed ('127.0.0.1', 1)"),
        JID, "127.0.0.1")
    assert user.message == "Heron could not reach 127.0.0.1."
    assert "Connect call failed" in user.detail and "Connect" not in user.message
    assert not user.terminal  # worth retrying
    cert = from_connection_failure(_cert_error(), JID)
    assert cert.detail == "unable to get local issuer certificate"
    assert "issuer" not in cert.message and "example.org" in cert.message
    assert cert.terminal


@pytest.mark.parametrize(("condition", "kind", "terminal"), [
    ("conflict", ErrorKind.CONFLICT, True),
    ("policy-violation", ErrorKind.POLICY_VIOLATION, False),
    ("see-other-host", ErrorKind.SEE_OTHER_HOST, True),
    ("system-shutdown", ErrorKind.UNREACHABLE, False),
    ("connection-timeout", ErrorKind.TIMEOUT, False),
    ("undefined-condition", ErrorKind.OTHER, False),
])
def test_stream_errors(condition: str, kind: ErrorKind, terminal: bool) -> None:
    user = from_stream_error(condition, "server text", JID)
    assert (user.kind, user.terminal) == (kind, terminal)
    assert condition in user.detail and "server text" in user.detail
    assert condition not in user.message


@pytest.mark.parametrize(("condition", "kind"), [
    ("not-authorized", ErrorKind.AUTH_FAILED),
    ("account-disabled", ErrorKind.ACCOUNT_DISABLED),
    ("credentials-expired", ErrorKind.AUTH_FAILED),
    ("encryption-required", ErrorKind.TLS_NOT_OFFERED),
    ("", ErrorKind.AUTH_FAILED),
])
def test_sasl_failures_stop_the_account(condition: str, kind: ErrorKind) -> None:
    user = from_sasl_failure(condition, "", JID)
    assert user.kind is kind and user.terminal
    assert JID in user.message or "example.org" in user.message


def test_every_kind_has_words_and_a_new_kind_still_reads() -> None:
    assert set(SENTENCES) == set(ErrorKind)
    for kind in ErrorKind:
        user = describe(kind, server="example.org", account=JID)
        assert user.message[0].isupper() and user.message.endswith(".")
        assert not SENTENCES[kind][0].startswith("{")  # a name never opens a sentence
        assert user.next_step and "{" not in user.message + user.next_step
    # A kind the table does not know (added by another part later) falls back to OTHER's words.
    other = SENTENCES.pop(ErrorKind.CERT_REVOKED)
    try:
        user = describe(ErrorKind.CERT_REVOKED, "revoked", server="example.org")
        assert isinstance(user, UserError) and user.kind is ErrorKind.CERT_REVOKED
        assert user.message == "Something went wrong with the connection to example.org."
    finally:
        SENTENCES[ErrorKind.CERT_REVOKED] = other
