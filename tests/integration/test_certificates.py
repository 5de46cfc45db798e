"""Certificates: Heron's own checks of name, dates, key use and pins, against a real server.

The rig's everyday certificate names ``IP:127.0.0.1`` as well as ``localhost``, so these servers
present other certificates: one for another domain (which still names 127.0.0.1, the host the
account connects to), expired ones, one whose key is for clients, and a second self-signed
certificate after the first was pinned.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from heron.core.errors import ErrorKind
from heron.core.events import CertificateRejected, ConnectionChanged, ConnectionState
from heron.demo.certs import make_leaf
from heron.demo.rig import RigServer
from tests.helpers import until
from tests.integration.certservers import PASSWORD, fingerprint_of, server_presenting
from tests.integration.parties import Recorder, account_for, start_heron, state_of, wait_state

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

NOW = dt.datetime.now(dt.UTC)


def _account(server: RigServer, direct_tls: bool) -> Any:
    if direct_tls:
        return account_for(server, "carol@localhost", port=server.c2s_tls_port, direct_tls=True)
    return account_for(server, "carol@localhost")


async def _refused(profile: Path, server: RigServer, direct_tls: bool = False
                   ) -> tuple[Any, Recorder]:
    app = await start_heron(profile, _account(server, direct_tls), PASSWORD, connect=False)
    rec = Recorder(app, ConnectionChanged, CertificateRejected)
    app.start_account("carol@localhost")
    await wait_state(app, "carol@localhost", ConnectionState.CERT_UNTRUSTED)
    await until(lambda: bool(rec.of(CertificateRejected)), 10)
    return app, rec


def _errors(rec: Recorder) -> list[ErrorKind]:
    return [e.error.kind for e in rec.of(ConnectionChanged) if e.error is not None]


def _never_connected(rec: Recorder) -> bool:
    return all(e.state is not ConnectionState.CONNECTED for e in rec.of(ConnectionChanged))


@pytest.mark.parametrize("direct_tls", [False, True], ids=["starttls", "direct-tls"])
async def test_trusted_certificate_for_another_domain_is_refused(server_class, direct_tls,
                                                                 tmp_path_factory):
    run = tmp_path_factory.mktemp("othername")
    # Signed by the CA Heron trusts and valid for the address typed (127.0.0.1), but not for
    # the account's domain (localhost).
    with server_presenting(server_class, run, True, dns=("other.example",),
                           ips=("127.0.0.1",)) as server:
        app, rec = await _refused(run / "profile", server, direct_tls)
        shown = rec.of(CertificateRejected)[0]
        assert shown.kind is ErrorKind.CERT_WRONG_NAME and not shown.pinnable
        assert shown.sha256_fingerprint == fingerprint_of(server.cert_file)
        assert _errors(rec)[-1] is ErrorKind.CERT_WRONG_NAME
        assert "another domain than localhost" in rec.of(ConnectionChanged)[-1].error.message
        await asyncio.sleep(1)  # no retry, no silent connection
        assert _never_connected(rec)
        assert state_of(app, "carol@localhost") is ConnectionState.CERT_UNTRUSTED
        await app.close()


async def test_pinned_certificate_replaced_by_another_is_refused(server_class, tmp_path_factory):
    run = tmp_path_factory.mktemp("changed")
    with server_presenting(server_class, run, False) as server:  # self-signed, names localhost
        app, rec = await _refused(run / "profile", server)
        first = rec.of(CertificateRejected)[0]
        assert first.pinnable and first.kind is ErrorKind.CERT_UNTRUSTED
        await app.trust_certificate("carol@localhost", first.sha256_fingerprint)
        await wait_state(app, "carol@localhost", ConnectionState.CONNECTED)

        # The server comes back on the same port with a different certificate; Heron
        # reconnects by itself and must refuse it.
        renewed, renewed_key = make_leaf(run / "renewed", "renewed")
        server.use_certificate(renewed, renewed_key)
        rec = Recorder(app, ConnectionChanged, CertificateRejected)
        server.restart()
        await wait_state(app, "carol@localhost", ConnectionState.CERT_UNTRUSTED, 20)
        shown = rec.of(CertificateRejected)[0]
        assert shown.changed and shown.kind is ErrorKind.CERT_CHANGED
        assert shown.sha256_fingerprint == fingerprint_of(renewed) != first.sha256_fingerprint
        assert _errors(rec)[-1] is ErrorKind.CERT_CHANGED
        await asyncio.sleep(1)
        assert _never_connected(rec)
        await app.close()


async def test_pinned_certificate_must_still_name_the_accounts_domain(server_class,
                                                                     tmp_path_factory):
    run = tmp_path_factory.mktemp("pinnedname")
    with server_presenting(server_class, run, False, dns=("other.example",),
                           ips=("127.0.0.1",)) as server:
        app, rec = await _refused(run / "profile", server)
        shown = rec.of(CertificateRejected)[0]
        assert shown.kind is ErrorKind.CERT_WRONG_NAME and not shown.pinnable
        # Pinned anyway (an older Heron offered it): the pin does not lift the name check.
        rec = Recorder(app, ConnectionChanged, CertificateRejected)
        await app.trust_certificate("carol@localhost", shown.sha256_fingerprint)
        await wait_state(app, "carol@localhost", ConnectionState.CERT_UNTRUSTED)
        await until(lambda: bool(rec.of(CertificateRejected)), 10)
        assert rec.of(CertificateRejected)[0].kind is ErrorKind.CERT_WRONG_NAME
        assert _errors(rec)[-1] is ErrorKind.CERT_WRONG_NAME
        await asyncio.sleep(1)
        assert _never_connected(rec)
        await app.close()


EXPIRED = {"not_before": NOW - dt.timedelta(days=60), "not_after": NOW - dt.timedelta(days=1)}
# name: (signed by the trusted CA, certificate, refusal shown, may the user pin it)
CASES = {
    "self-signed": (False, {}, ErrorKind.CERT_UNTRUSTED, True),  # the one pinnable fault
    "self-signed-expired": (False, EXPIRED, ErrorKind.CERT_EXPIRED, False),
    "self-signed-not-yet-valid": (False, {"not_before": NOW + dt.timedelta(days=2),
                                          "not_after": NOW + dt.timedelta(days=60)},
                                  ErrorKind.CERT_EXPIRED, False),
    "self-signed-client-key": (False, {"server_auth": False}, ErrorKind.CERT_REVOKED, False),
    "ca-signed-expired": (True, EXPIRED, ErrorKind.CERT_EXPIRED, False),
    "ca-signed-client-key": (True, {"server_auth": False}, ErrorKind.CERT_REVOKED, False),
}


@pytest.mark.parametrize("direct_tls", [False, True], ids=["starttls", "direct-tls"])
@pytest.mark.parametrize("case", list(CASES))
async def test_only_an_unknown_issuer_may_be_pinned(server_class, case, direct_tls,
                                                    tmp_path_factory):
    signed_by_ca, leaf, kind, pinnable = CASES[case]
    run = tmp_path_factory.mktemp(case)
    with server_presenting(server_class, run, signed_by_ca, **leaf) as server:
        app, rec = await _refused(run / "profile", server, direct_tls)
        shown = rec.of(CertificateRejected)[0]
        assert (shown.kind, shown.pinnable) == (kind, pinnable)
        assert shown.sha256_fingerprint == fingerprint_of(server.cert_file)
        await until(lambda: _errors(rec)[-1] is kind, 5)
        if signed_by_ca:  # OpenSSL's own reason is mapped at once, not shown as "untrusted"
            assert set(_errors(rec)) == {kind}
        assert _never_connected(rec)
        await app.close()
