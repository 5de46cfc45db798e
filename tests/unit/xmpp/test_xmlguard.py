"""Hostile XML from the server side ends that stream only, and nothing gets expanded."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import pytest

from heron.core.settings import AccountConfig
from heron.xmpp.client import HeronXMPP

HEADER = (b"<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
          b"xmlns:stream='http://etherx.jabber.org/streams' from='example.org' id='s1' "
          b"version='1.0'>")


class FakeTransport:
    def __init__(self) -> None:
        self.written: list[bytes] = []
        self.aborted = False

    def write(self, data: bytes) -> None:
        self.written.append(data)

    def abort(self) -> None:
        self.aborted = True

    def close(self) -> None:
        self.aborted = True

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return default

    def is_closing(self) -> bool:
        return self.aborted


async def _client() -> tuple[HeronXMPP, FakeTransport, list[Any]]:
    client = HeronXMPP(AccountConfig(jid="alice@example.org"), "pw")
    received: list[Any] = []
    client.add_event_handler("message", received.append)
    transport = FakeTransport()
    client.connection_made(transport)
    client.data_received(HEADER)
    return client, transport, received


def _sent(transport: FakeTransport) -> bytes:
    return b"".join(transport.written)


pytestmark = pytest.mark.asyncio


async def test_a_normal_message_passes() -> None:
    client, transport, received = await _client()
    client.data_received(b"<message from='bob@example.org/x' to='alice@example.org' "
                         b"type='chat'><body>hello &amp; &lt;b&gt;</body></message>")
    await asyncio.sleep(0.05)
    assert [str(m["body"]) for m in received] == ["hello & <b>"]
    assert not transport.aborted


@pytest.mark.parametrize(("payload", "condition"), [
    # After the stream header a DOCTYPE is not even well-formed; before it, see the bomb test.
    (b"<!DOCTYPE lolz [<!ENTITY lol 'lol'><!ENTITY lol2 '&lol;&lol;&lol;&lol;&lol;&lol;'>]>",
     b"not-well-formed"),
    (b"<!-- a comment -->", b"restricted-xml"),
    (b"<?evil processing='instruction'?>", b"restricted-xml"),
    (b"<message><body>&xxe;</body></message>", b"not-well-formed"),
])
async def test_restricted_xml_closes_the_stream(payload: bytes, condition: bytes,
                                                caplog: pytest.LogCaptureFixture) -> None:
    client, transport, received = await _client()
    with caplog.at_level(logging.WARNING, logger="heron.xmpp.xmlguard"):
        client.data_received(payload)
    assert transport.aborted
    assert condition in _sent(transport)
    assert received == []
    assert any("closing stream" in r.getMessage() for r in caplog.records)


async def test_billion_laughs_is_refused_before_anything_expands() -> None:
    entities = b"<!ENTITY a0 'ha'>" + b"".join(
        b"<!ENTITY a%d '%s'>" % (i, b"".join(b"&a%d;" % (i - 1) for _ in range(10)))
        for i in range(1, 10))
    bomb = b"<!DOCTYPE bomb [" + entities + b"]><message><body>&a9;</body></message>"
    client = HeronXMPP(AccountConfig(jid="alice@example.org"), "pw")
    transport = FakeTransport()
    client.connection_made(transport)
    t0 = time.perf_counter()
    client.data_received(b"<?xml version='1.0'?>" + bomb)
    assert time.perf_counter() - t0 < 1.0  # 10**9 'ha's were never built
    assert transport.aborted and b"restricted-xml" in _sent(transport)


async def test_oversized_stanza_is_a_policy_violation() -> None:
    client, transport, received = await _client()
    client.data_received(b"<message><body>")
    for _ in range(40):  # 40 x 8 KiB arriving in pieces, as on a real socket
        client.data_received(b"x" * 8192)
        if transport.aborted:
            break
    assert transport.aborted and b"policy-violation" in _sent(transport)
    assert received == []


async def test_deep_nesting_is_a_policy_violation() -> None:
    client, transport, _ = await _client()
    client.data_received(b"<message>" + b"<x>" * 1000)
    assert transport.aborted and b"policy-violation" in _sent(transport)
