"""A failed STARTTLS and a server without a login method Heron trusts: each its own error in
plain words, no password sent, no retry loop."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from heron.core.errors import ErrorKind
from heron.core.events import ConnectionChanged, ConnectionState
from tests.integration.parties import Recorder, account_for, start_heron, state_of, wait_state
from tests.integration.wire import record_sasl

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

ALL_MECHANISMS = ("PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-1-PLUS", "SCRAM-SHA-256",
                  "SCRAM-SHA-256-PLUS")


def _last_error(rec: Recorder) -> ErrorKind | None:
    errors = [e.error for e in rec.of(ConnectionChanged) if e.error is not None]
    return errors[-1].kind if errors else None


async def test_server_without_a_trusted_login_method_is_refused(server_class, tmp_path: Path):
    with server_class(tmp_path / "srv", disabled_sasl_mechanisms=ALL_MECHANISMS) as server:
        server.register("carol", "secret-pw")
        app = await start_heron(tmp_path / "profile", account_for(server, "carol@localhost"),
                                "secret-pw", connect=False)
        rec = Recorder(app, ConnectionChanged)
        sent = record_sasl(app.start_account("carol@localhost").client)
        await wait_state(app, "carol@localhost", ConnectionState.ERROR)
        assert _last_error(rec) is ErrorKind.NO_TRUSTED_MECHANISM
        assert "no sign-in method that Heron trusts" in rec.of(ConnectionChanged)[-1].detail
        await asyncio.sleep(1.5)
        assert sent == []
        assert state_of(app, "carol@localhost") is ConnectionState.ERROR
        await app.close()


class StartTlsRefuser:
    """A loopback server that offers STARTTLS (required) and answers it with <failure/>,
    as RFC 6120 §5.4.2.2 lets a server do; it counts the connections it gets."""

    def __init__(self) -> None:
        self.connections = 0
        self.server: asyncio.Server | None = None

    @property
    def port(self) -> int:
        assert self.server is not None
        return int(self.server.sockets[0].getsockname()[1])

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)

    async def _read_until(self, reader: asyncio.StreamReader, marker: bytes) -> None:
        buf = b""
        while marker not in buf:
            chunk = await reader.read(4096)
            if not chunk:
                raise ConnectionError("client went away")
            buf += chunk

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            await self._read_until(reader, b"<stream:stream")
            writer.write(
                b"<?xml version='1.0'?><stream:stream from='localhost' id='s1' version='1.0' "
                b"xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"
                b"<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'>"
                b"<required/></starttls></stream:features>")
            await self._read_until(reader, b"starttls")
            writer.write(b"<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:stream>")
            await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()

    async def close(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()


async def test_failed_starttls_is_its_own_error_and_not_retried(server, tmp_path: Path):
    refuser = StartTlsRefuser()
    await refuser.start()
    account = account_for(server, "carol@localhost", port=refuser.port)
    app = await start_heron(tmp_path / "profile", account, "secret-pw", connect=False)
    rec = Recorder(app, ConnectionChanged)
    app.start_account("carol@localhost")
    await wait_state(app, "carol@localhost", ConnectionState.NO_TLS)
    assert _last_error(rec) is ErrorKind.STARTTLS_FAILED
    assert "encrypted connection" in rec.of(ConnectionChanged)[-1].detail
    await asyncio.sleep(2.5)  # a reconnect loop would come back here
    assert refuser.connections == 1
    assert state_of(app, "carol@localhost") is ConnectionState.NO_TLS
    await app.close()
    await refuser.close()
