"""The Prosody test rig itself: real slixmpp clients against LocalProsody.

Proves the rig gives what the other integration tests rely on: STARTTLS and Direct TLS both
work with the test CA (validation on), a client without that CA gets no session, the
"self-signed" server is refused by a client trusting the CA, and the ``offer_tls=False``
server really offers no TLS (so a client that insists on TLS never logs in).
"""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import qasync
import slixmpp

from heron.demo.prosody import LocalProsody, make_self_signed_leaf
from tests.helpers import until

pytestmark = [pytest.mark.integration,
              pytest.mark.server("prosody", reason="tests LocalProsody, the rig itself")]

NS_TLS = "urn:ietf:params:xml:ns:xmpp-tls"


class Probe:
    """A plain slixmpp client that records what happened to it."""

    def __init__(self, jid: str, password: str, *, ca_file: Path | None, direct_tls: bool) -> None:
        self.client = slixmpp.ClientXMPP(jid, password)
        if ca_file is not None:
            self.client.ca_certs = ca_file
        self.client.enable_direct_tls = direct_tls
        self.client.enable_starttls = not direct_tls
        self.events: list[str] = []
        self.messages: list[Any] = []
        for name in ("session_start", "ssl_invalid_chain", "connection_failed", "no_auth",
                     "failed_all_auth", "failed_auth", "disconnected"):
            self.client.add_event_handler(name, self._recorder(name))
        self.client.add_event_handler("message", self.messages.append)

    def _recorder(self, name: str) -> Callable[[Any], None]:
        return lambda _data: self.events.append(name)

    @property
    def started(self) -> bool:
        return "session_start" in self.events

    def tls_version(self) -> str | None:
        transport = self.client.transport
        ssl_object = transport.get_extra_info("ssl_object") if transport is not None else None
        return None if ssl_object is None else str(ssl_object.version())

    async def close(self) -> None:
        client = self.client
        client.cancel_connection_attempt()  # no reconnect loop after a failure
        if client.transport is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(client.disconnect(wait=1.0), 3)
        client.abort()


async def _features(port: int) -> str:
    """The first <stream:features/> a server sends on a plain TCP connection."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(b"<?xml version='1.0'?><stream:stream to='localhost' version='1.0' "
                     b"xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>")
        data = b""
        async with asyncio.timeout(3):
            while b"</stream:features>" not in data and b"</stream:stream>" not in data:
                chunk = await reader.read(4096)
                if not chunk:
                    break
                data += chunk
        return data.decode()
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()


def _verify_strict(ca_file: Path, cert_file: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["openssl", "verify", "-x509_strict", "-CAfile", str(ca_file),
                           str(cert_file)], capture_output=True, text=True, check=False)


def test_rig_certificate_passes_strict_verification(prosody: LocalProsody) -> None:
    assert _verify_strict(prosody.ca_file, prosody.cert_file).returncode == 0
    text = subprocess.run(["openssl", "x509", "-in", str(prosody.cert_file), "-noout", "-text"],
                          capture_output=True, text=True, check=True).stdout
    for name in ("DNS:localhost", "DNS:conference.localhost", "DNS:upload.localhost",
                 "IP Address:127.0.0.1", "Subject Key Identifier",
                 "Authority Key Identifier", "prime256v1"):
        assert name in text


def test_self_signed_leaf_is_not_trusted_by_the_ca(prosody: LocalProsody, tmp_path: Path) -> None:
    cert, key = make_self_signed_leaf(tmp_path, "localhost")
    assert key.exists()
    assert _verify_strict(prosody.ca_file, cert).returncode != 0


@pytest.mark.asyncio
async def test_starttls_and_direct_tls_clients_exchange_a_message(
        prosody: LocalProsody, make_user: Callable[[], tuple[str, str]]) -> None:
    assert isinstance(asyncio.get_running_loop(), qasync.QEventLoop)  # conftest's loop hook
    (alice, alice_pw), (bob, bob_pw) = make_user(), make_user()
    a = Probe(alice, alice_pw, ca_file=prosody.ca_file, direct_tls=False)
    b = Probe(bob, bob_pw, ca_file=prosody.ca_file, direct_tls=True)
    try:
        a.client.connect("127.0.0.1", prosody.c2s_port)
        b.client.connect("127.0.0.1", prosody.c2s_tls_port)
        await until(lambda: a.started and b.started, 5)
        assert a.tls_version() is not None
        assert b.tls_version() is not None
        b.client.send_presence()
        a.client.send_message(mto=slixmpp.JID(b.client.boundjid.full), mbody="hello over TLS",
                              mtype="chat")
        await until(lambda: any(m["body"] for m in b.messages), 5)
        message = next(m for m in b.messages if m["body"])
        assert message["body"] == "hello over TLS"
        assert message["from"].bare == alice
        assert "ssl_invalid_chain" not in a.events + b.events
    finally:
        await a.close()
        await b.close()


@pytest.mark.asyncio
@pytest.mark.parametrize("direct_tls", [False, True], ids=["starttls", "direct-tls"])
async def test_client_without_the_ca_gets_no_session(
        prosody: LocalProsody, make_user: Callable[[], tuple[str, str]],
        direct_tls: bool) -> None:
    jid, pw = make_user()
    probe = Probe(jid, pw, ca_file=None, direct_tls=direct_tls)
    try:
        port = prosody.c2s_tls_port if direct_tls else prosody.c2s_port
        probe.client.connect("127.0.0.1", port)
        # STARTTLS: the handshake fails in start_tls() -> ssl_invalid_chain.
        # Direct TLS: create_connection() raises SSLCertVerificationError -> connection_failed.
        expected = "connection_failed" if direct_tls else "ssl_invalid_chain"
        await until(lambda: expected in probe.events, 5)
        await asyncio.sleep(0.3)  # a session would have started by now (it takes ~0.15 s)
        assert not probe.started
    finally:
        await probe.close()


@pytest.mark.asyncio
async def test_self_signed_server_is_refused_by_a_client_trusting_the_ca(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    with LocalProsody(tmp_path_factory.mktemp("rogue"), cert_mode="self-signed") as rogue:
        jid = rogue.register("eve", "secret-pw")
        probe = Probe(jid, "secret-pw", ca_file=rogue.ca_file, direct_tls=False)
        try:
            probe.client.connect("127.0.0.1", rogue.c2s_port)
            await until(lambda: "ssl_invalid_chain" in probe.events, 5)
            await asyncio.sleep(0.3)
            assert not probe.started
        finally:
            await probe.close()


@pytest.mark.asyncio
async def test_server_with_offer_tls_false_offers_no_tls_and_gets_no_login(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    with LocalProsody(tmp_path_factory.mktemp("notls"), offer_tls=False) as plain:
        assert not plain.require_encryption
        features = await _features(plain.c2s_port)
        assert "<stream:features>" in features
        assert NS_TLS not in features  # no <starttls/>
        assert "urn:ietf:params:xml:ns:xmpp-sasl" in features  # but it would let you log in
        with pytest.raises(ConnectionRefusedError):  # and there is no Direct TLS listener
            await asyncio.open_connection("127.0.0.1", plain.c2s_tls_port)

        jid = plain.register("dave", "secret-pw")
        probe = Probe(jid, "secret-pw", ca_file=plain.ca_file, direct_tls=False)
        try:
            probe.client.connect("127.0.0.1", plain.c2s_port)
            # slixmpp refuses SCRAM/PLAIN on an unencrypted stream by default: no mechanism
            # is acceptable, so it gives up without sending any credentials.
            await until(lambda: "no_auth" in probe.events, 5)
            assert "failed_all_auth" in probe.events
            assert not probe.started
            assert probe.tls_version() is None
        finally:
            await probe.close()


def test_start_and_register_are_fast(tmp_path: Path) -> None:
    t0 = time.monotonic()
    with LocalProsody(tmp_path / "fast") as server:
        started = time.monotonic() - t0
        t1 = time.monotonic()
        assert server.register("fast", "pw") == "fast@localhost"
        registered = time.monotonic() - t1
        assert server.is_running()
    assert not server.is_running()
    assert started < 5
    assert registered < 2
