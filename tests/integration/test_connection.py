"""Connecting: TLS, certificates, passwords, unreachable servers — each ends in a clear state."""

from __future__ import annotations

import asyncio
import logging
import socket
import ssl
from pathlib import Path

import pytest

from heron.core.errors import ErrorKind
from heron.core.events import CertificateRejected, ConnectionChanged, ConnectionState
from heron.demo.rig import RigServer
from heron.xmpp.client import sha256_fingerprint
from tests.helpers import until
from tests.integration.parties import (
    Recorder,
    account_for,
    add_account,
    start_heron,
    start_peer,
    state_of,
    stop_peer,
    wait_state,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def _server_fingerprint(server: RigServer) -> str:
    der = ssl.PEM_cert_to_DER_cert(server.cert_file.read_text())
    return sha256_fingerprint(der)


async def test_starttls_and_direct_tls_both_connect(server, make_user, tmp_path: Path):
    jid, pw = make_user()
    app = await start_heron(tmp_path / "a", account_for(server, jid), pw)
    assert app.sessions[jid].client.socket is not None
    await app.close()
    direct = account_for(server, jid, port=server.c2s_tls_port, direct_tls=True)
    app = await start_heron(tmp_path / "b", direct, pw)
    assert state_of(app, jid) is ConnectionState.CONNECTED
    await app.close()


async def test_wrong_password_says_so_and_does_not_retry(server, make_user, tmp_path: Path,
                                                        caplog):
    caplog.set_level(logging.INFO, logger="heron.connection")
    jid, _pw = make_user()
    app = await start_heron(tmp_path / "a", account_for(server, jid), "wrong", connect=False)
    rec = Recorder(app, ConnectionChanged)
    app.start_account(jid)
    await wait_state(app, jid, ConnectionState.AUTH_FAILED)
    await asyncio.sleep(2.5)  # a retry storm would show up as more attempts here
    attempts = [e for e in rec.of(ConnectionChanged) if e.state is ConnectionState.CONNECTING]
    assert len(attempts) == 1
    assert state_of(app, jid) is ConnectionState.AUTH_FAILED
    error = rec.of(ConnectionChanged)[-1].error
    assert error is not None and error.kind is ErrorKind.AUTH_FAILED
    assert "password" in error.message and "not-authorized" in error.detail
    # The raw detail goes to the log (and behind "Details"), with the state change.
    line = next(r.getMessage() for r in caplog.records
                if r.name == "heron.connection" and f"{jid}: auth-failed" in r.getMessage())
    assert "[auth-failed]" in line and "detail: SASL failure: not-authorized" in line
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR and
                r.name.startswith("heron")]
    await app.close()


async def test_unreachable_server_retries_and_stays_responsive(make_user, server, tmp_path):
    jid, pw = make_user()
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        dead_port = s.getsockname()[1]
    app = await start_heron(tmp_path / "a", account_for(server, jid, port=dead_port), pw,
                            connect=False)
    rec = Recorder(app, ConnectionChanged)
    app.start_account(jid)
    await until(lambda: any(e.state is ConnectionState.RECONNECTING for e in rec.events), 10)
    # The loop stays responsive while it retries.
    lags = []
    for _ in range(20):
        t0 = asyncio.get_running_loop().time()
        await asyncio.sleep(0.01)
        lags.append(asyncio.get_running_loop().time() - t0)
    assert max(lags) < 0.5
    last = rec.of(ConnectionChanged)[-1]
    assert last.error is not None and last.error.kind is ErrorKind.UNREACHABLE
    assert "could not reach" in last.error.message and "111" in last.error.detail
    assert last.retry_in > 0 and app.sessions[jid].connection.reconnect_pending
    await app.close()


async def test_untrusted_certificate_needs_the_users_yes(server_class, tmp_path_factory):
    # A second server whose certificate no CA we trust has signed.
    run = tmp_path_factory.mktemp("selfsigned")
    with server_class(run, cert_mode="self-signed") as rogue:
        jid = rogue.register("carol", "secret-pw")
        account = account_for(rogue, jid)
        app = await start_heron(run / "profile", account, "secret-pw", connect=False)
        rec = Recorder(app, ConnectionChanged, CertificateRejected)
        app.start_account(jid)
        await wait_state(app, jid, ConnectionState.CERT_UNTRUSTED)
        await until(lambda: bool(rec.of(CertificateRejected)), 10)
        shown = rec.of(CertificateRejected)[0]
        assert shown.sha256_fingerprint == _server_fingerprint(rogue)
        assert not shown.changed
        # Nothing connected on its own.
        await asyncio.sleep(1)
        assert state_of(app, jid) is ConnectionState.CERT_UNTRUSTED
        # The user accepts exactly that fingerprint: now it connects.
        await app.trust_certificate(jid, shown.sha256_fingerprint)
        await wait_state(app, jid, ConnectionState.CONNECTED)
        await app.close()

        # A different certificate later is refused again, and says it changed.
        app = await start_heron(run / "profile", account, "secret-pw", connect=False)
        app.settings.update_account(jid, pinned_certs=("00:" * 31 + "00",))
        rec = Recorder(app, CertificateRejected)
        app.start_account(jid)
        await wait_state(app, jid, ConnectionState.CERT_UNTRUSTED)
        await until(lambda: bool(rec.of(CertificateRejected)), 10)
        assert rec.of(CertificateRejected)[0].changed
        await app.close()


async def test_server_without_tls_is_refused(server_class, tmp_path_factory):
    run = tmp_path_factory.mktemp("notls")
    with server_class(run, offer_tls=False, require_encryption=False) as plain:
        jid = plain.register("dave", "secret-pw")
        app = await start_heron(run / "profile", account_for(plain, jid), "secret-pw",
                                connect=False)
        rec = Recorder(app, ConnectionChanged)
        app.start_account(jid)
        await wait_state(app, jid, ConnectionState.NO_TLS)
        error = rec.of(ConnectionChanged)[-1].error
        assert error is not None and error.kind is ErrorKind.TLS_NOT_OFFERED
        await app.close()


async def test_two_accounts_side_by_side_and_disabling_one(server, make_user, tmp_path: Path):
    first, first_pw = make_user()
    second, second_pw = make_user()
    app = await start_heron(tmp_path / "p", account_for(server, first), first_pw)
    await add_account(app, server, second, second_pw)
    await app.set_enabled(first, False)
    assert state_of(app, first) is None  # its session is gone
    assert not app.settings.account(first).enabled
    assert state_of(app, second) is ConnectionState.CONNECTED
    await app.set_enabled(first, True)
    await wait_state(app, first, ConnectionState.CONNECTED)
    await app.close()


def _short_cycles(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reconnects and keepalive pings every second or so, so a test can wait past a cycle."""
    from heron.xmpp import client, connection

    monkeypatch.setattr(connection, "RECONNECT_CAP", 0.3)
    monkeypatch.setattr(client, "KEEPALIVE_INTERVAL", 1)
    monkeypatch.setattr(client, "KEEPALIVE_TIMEOUT", 1)


async def test_a_certificate_failure_stops_retries_until_the_user_acts(
        server_class, tmp_path_factory, monkeypatch):
    _short_cycles(monkeypatch)
    run = tmp_path_factory.mktemp("selfsigned-quiet")
    with server_class(run, cert_mode="self-signed") as rogue:
        jid = rogue.register("erin", "secret-pw")
        app = await start_heron(run / "profile", account_for(rogue, jid), "secret-pw",
                                connect=False)
        rec = Recorder(app, ConnectionChanged, CertificateRejected)
        app.start_account(jid)
        await until(lambda: bool(rec.of(CertificateRejected)), 10)
        await asyncio.sleep(4)  # several reconnect and keepalive cycles
        assert len(rec.of(CertificateRejected)) == 1  # one question, not one per cycle
        failures = [e for e in rec.of(ConnectionChanged) if e.error is not None]
        assert len(failures) == 1 and failures[0].error.kind is ErrorKind.CERT_UNTRUSTED
        assert state_of(app, jid) is ConnectionState.CERT_UNTRUSTED
        assert not app.sessions[jid].connection.reconnect_pending
        await app.close()


async def test_a_wrong_password_is_not_retried_past_a_reconnect_cycle(
        make_user, server, tmp_path, monkeypatch):
    _short_cycles(monkeypatch)
    jid, _pw = make_user()
    app = await start_heron(tmp_path / "a", account_for(server, jid), "wrong", connect=False)
    rec = Recorder(app, ConnectionChanged)
    app.start_account(jid)
    await wait_state(app, jid, ConnectionState.AUTH_FAILED)
    await asyncio.sleep(4)
    assert [e.state for e in rec.of(ConnectionChanged)].count(ConnectionState.AUTH_FAILED) == 1
    assert state_of(app, jid) is ConnectionState.AUTH_FAILED
    # The user acts ("Try again" after fixing the password): one new attempt.
    app.passwords.remember_for_session(jid, _pw)
    app.sessions[jid].connection.password = _pw
    app.start_account(jid)
    await wait_state(app, jid, ConnectionState.CONNECTED)
    await app.close()


def _account_tasks() -> list[str]:
    """Reconnect and connection-attempt tasks still pending anywhere on the loop."""
    names = ("AccountConnection._reconnect_after", "XMLStream._connect_loop")
    return [t.get_coro().__qualname__ for t in asyncio.all_tasks()
            if not t.done() and t.get_coro().__qualname__ in names]


async def test_disabling_stops_every_task_and_timer_of_the_account(
        server, make_user, tmp_path: Path, monkeypatch):
    _short_cycles(monkeypatch)
    live, live_pw = make_user()
    dead, dead_pw = make_user()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead_port = s.getsockname()[1]
    app = await start_heron(tmp_path / "p", account_for(server, live), live_pw)
    app.save_account(account_for(server, dead, port=dead_port), None)
    app.passwords.remember_for_session(dead, dead_pw)
    app.start_account(dead)
    await until(lambda: app.sessions[dead].connection.reconnect_pending, 10)
    clients = {jid: app.sessions[jid].client for jid in (live, dead)}
    assert clients[live].scheduled_events  # the keepalive ping of a live session
    assert _account_tasks()

    rec = Recorder(app, ConnectionChanged)
    await app.set_enabled(dead, False)
    await app.set_enabled(live, False)
    await asyncio.sleep(0)
    assert app.sessions == {}
    assert _account_tasks() == []
    await asyncio.sleep(1.5)  # past a reconnect cycle and a keepalive ping: nothing comes back
    assert _account_tasks() == []
    assert [e.state for e in rec.events][-2:] == [ConnectionState.OFFLINE,
                                                  ConnectionState.DISABLED]
    for client in clients.values():
        assert client.scheduled_events == {}
        assert not client.is_connected() and not client.is_connecting()
    await app.close()


async def test_a_name_that_does_not_resolve_is_a_dns_failure(server, make_user, tmp_path):
    jid, pw = make_user()
    app = await start_heron(tmp_path / "a", account_for(server, jid, host="heron-test.invalid"),
                            pw, connect=False)
    rec = Recorder(app, ConnectionChanged)
    app.start_account(jid)
    await until(lambda: any(e.error for e in rec.events), 10)
    error = next(e.error for e in rec.events if e.error)
    assert error.kind is ErrorKind.DNS_FAILURE
    assert error.message == "The server heron-test.invalid could not be found."
    assert state_of(app, jid) is ConnectionState.RECONNECTING  # a network may come back
    await app.close()


async def test_replaced_by_another_login_stops_instead_of_fighting_back(
        server, make_user, tmp_path, monkeypatch):
    _short_cycles(monkeypatch)
    jid, pw = make_user()
    app = await start_heron(tmp_path / "a", account_for(server, jid), pw)
    # Replaced once OMEMO's start-up has published: a write of Heron's that crosses the
    # server's close is answered with a reset, and the kernel then drops the unread <conflict/>
    # (Prosody closes at once after it); nothing a client can read is left to act on.
    await until(app.sessions[jid].omemo.ready.is_set, 60)
    rec = Recorder(app, ConnectionChanged)
    other = await start_peer(server, jid, pw, resource="heron")  # same resource: replaces us
    try:
        await until(lambda: any(e.error for e in rec.events), 10, shown=lambda: rec.events)
        error = next(e.error for e in rec.events if e.error)
        assert error.kind is ErrorKind.CONFLICT and "same device name" in error.message
        await asyncio.sleep(2)  # past a reconnect cycle: Heron does not kick the other back
        assert state_of(app, jid) is ConnectionState.ERROR
        assert other.is_connected()
        assert [e.state for e in rec.events].count(ConnectionState.CONNECTING) == 0
    finally:
        await stop_peer(other)
        await app.close()
