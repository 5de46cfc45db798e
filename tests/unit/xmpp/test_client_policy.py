"""TLS/SASL decisions of the client that need no server."""

from __future__ import annotations

import pytest

from heron.core.errors import ErrorKind
from heron.xmpp.client import allowed_mechanisms, sha256_fingerprint
from heron.xmpp.connection import Backoff
from heron.xmpp.mechanisms import refusal, stronger


def test_no_sasl_downgrade_after_scram_sha_256_worked() -> None:
    allowed = allowed_mechanisms("SCRAM-SHA-256")
    assert "SCRAM-SHA-256" in allowed
    assert "SCRAM-SHA-1" not in allowed
    assert "PLAIN" not in allowed


def test_first_login_accepts_scram_and_plain_over_tls() -> None:
    assert allowed_mechanisms("") >= {"SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"}


@pytest.mark.parametrize("used", ["SCRAM-SHA-1", "SCRAM-SHA-1-PLUS"])
def test_after_scram_sha_1_plain_is_refused(used: str) -> None:
    allowed = allowed_mechanisms(used)
    assert "PLAIN" not in allowed and "SCRAM-SHA-1" in allowed


def test_backoff_grows_and_is_capped() -> None:
    backoff = Backoff(cap=60)
    delays = [backoff.next_delay() for _ in range(10)]
    assert delays[0] < 1.5 and delays[3] > 6
    assert max(delays) <= 72  # cap plus jitter
    backoff.reset()
    assert backoff.next_delay() < 1.5


def test_fingerprint_format() -> None:
    fp = sha256_fingerprint(b"x")
    assert fp.count(":") == 31 and fp == fp.upper()


@pytest.mark.parametrize(("current", "used", "floor"), [
    ("", "SCRAM-SHA-256", "SCRAM-SHA-256"),
    ("SCRAM-SHA-256", "SCRAM-SHA-1", "SCRAM-SHA-256"),  # the floor never goes down
    ("SCRAM-SHA-1", "SCRAM-SHA-256", "SCRAM-SHA-256"),
    ("PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-1"),
    ("SCRAM-SHA-256", "X-UNKNOWN", "SCRAM-SHA-256"),
])
def test_the_floor_only_rises(current: str, used: str, floor: str) -> None:
    assert stronger(current, used) == floor


@pytest.mark.parametrize(("offered", "floor", "kind"), [
    (["SCRAM-SHA-256", "PLAIN"], "SCRAM-SHA-256", None),
    (["SCRAM-SHA-1", "PLAIN"], "SCRAM-SHA-256", ErrorKind.MECHANISM_DOWNGRADE),
    (["PLAIN"], "SCRAM-SHA-1", ErrorKind.MECHANISM_DOWNGRADE),
    (["PLAIN"], "", None),  # a first login over TLS may use PLAIN
    ([], "", ErrorKind.NO_TRUSTED_MECHANISM),
    (["ANONYMOUS", "DIGEST-MD5"], "", ErrorKind.NO_TRUSTED_MECHANISM),
])
def test_refusal(offered: list[str], floor: str, kind: ErrorKind | None) -> None:
    error = refusal(offered, floor)
    assert (error.kind if error else None) is kind
    if error:
        assert "password" in error.message and error.terminal
