"""Hostile XML from the server ends that stream only, and nothing is expanded or built.

A real slixmpp ``ClientXMPP`` (with Heron's mixin) gets a fake transport through
``connection_made`` and the server's bytes through ``data_received``, as asyncio would do it.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time
import tracemalloc
import weakref
from typing import Any

import pytest
import pytest_asyncio
import slixmpp

from heron.core.settings import AccountConfig
from heron.xmpp import xmlguard
from heron.xmpp.client import HeronXMPP
from tests.helpers import until

HEADER = (b"<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
          b"xmlns:stream='http://etherx.jabber.org/streams' from='example.org' id='s1' "
          b"version='1.0'>")
MESSAGE = (b"<message from='bob@example.org/x' to='alice@example.org/heron' type='chat' "
           b"id='m1'><body>hello &amp; &lt;b&gt; \xc3\xa9</body></message>")

pytestmark = pytest.mark.asyncio


class FakeTransport:
    """Records what the client does to the connection."""

    def __init__(self) -> None:
        self.written: list[bytes] = []
        self.closed = False
        self.aborted = False
        self.paused = False
        self.pauses = 0

    def write(self, data: bytes) -> None:
        self.written.append(data)

    def close(self) -> None:
        self.closed = True

    def abort(self) -> None:
        self.aborted = True

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return default

    def is_closing(self) -> bool:
        return self.closed or self.aborted

    def pause_reading(self) -> None:
        self.paused = True
        self.pauses += 1

    def resume_reading(self) -> None:
        self.paused = False

    @property
    def sent(self) -> bytes:
        return b"".join(self.written)

    @property
    def ended(self) -> bool:
        return self.closed or self.aborted


class GuardedClient(xmlguard.RestrictedXMLStreamMixin, slixmpp.ClientXMPP):
    pass


class Rig:
    def __init__(self, client: slixmpp.ClientXMPP) -> None:
        self.client = client
        self.messages: list[str] = []
        self.disconnects: list[Any] = []
        client.add_event_handler("message", lambda m: self.messages.append(str(m["body"])))
        client.add_event_handler("disconnected", self.disconnects.append)
        self.transport = FakeTransport()

    def connect(self, *, header: bool = True) -> FakeTransport:
        self.transport = FakeTransport()
        self.client.connection_made(self.transport)  # type: ignore[arg-type]
        if header:
            self.client.data_received(HEADER)
        return self.transport

    def feed(self, data: bytes) -> None:
        self.client.data_received(data)

    def stream_error(self) -> bytes:
        sent = self.transport.sent
        start = sent.find(b"<stream:error>")
        assert start >= 0, sent
        return sent[start:]


@pytest_asyncio.fixture
async def rig() -> Rig:
    """A client made inside the running loop (slixmpp binds to the loop it first sees)."""
    r = Rig(GuardedClient("alice@example.org/heron", "pw"))
    r.connect()
    return r


def _assert_closed_with(rig: Rig, condition: bytes) -> None:
    assert rig.transport.ended
    error = rig.stream_error()
    assert error.startswith(b"<stream:error><" + condition +
                            b" xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>")
    assert error.endswith(b"</stream:stream>")


async def _settle() -> None:
    await asyncio.sleep(0.01)


# --- what must keep working ---------------------------------------------------------------------


async def test_a_normal_message_is_delivered(rig: Rig) -> None:
    rig.feed(MESSAGE)
    await _settle()
    assert rig.messages == ["hello & <b> é"]
    assert not rig.transport.ended


async def test_a_message_split_into_single_bytes_is_delivered(rig: Rig) -> None:
    for i in range(len(MESSAGE)):
        rig.feed(MESSAGE[i : i + 1])
    rig.feed(b" ")  # a whitespace keepalive
    rig.feed(MESSAGE.replace(b"hello", b"again"))
    await _settle()
    assert rig.messages == ["hello & <b> é", "again & <b> é"]
    assert not rig.transport.ended


async def test_the_last_stanza_in_small_pieces_is_delivered_without_waiting_for_more(
        rig: Rig) -> None:
    """Expat 2.6 (and Debian's patched 2.5) defers parsing a token that grows in small pieces
    until much more data comes: the last message of a quiet stream would wait for the next
    ping. Heron's parser turns that off (its stanza limits bound the re-parsing)."""
    # A long element near the end: expat would try again only once twice its bytes came.
    long = MESSAGE.replace(b"</message>",
                           b"<x xmlns='urn:example' note='" + b"n" * 300 + b"'/></message>")
    for i in range(0, len(long), 7):  # the way small TCP reads split it
        rig.feed(long[i : i + 7])
    await _settle()
    assert rig.messages == ["hello & <b> é"]


async def test_stanzas_just_under_the_limits_pass(rig: Rig) -> None:
    big = b"<message from='bob@example.org/x'><body>" + b"y" * 200_000 + b"</body></message>"
    deep = b"<message from='bob@example.org/x'><body>ok</body>" + b"<x>" * 60 + \
        b"</x>" * 60 + b"</message>"
    rig.feed(big)
    rig.feed(deep)
    await until(lambda: len(rig.messages) == 2)
    assert [len(m) for m in rig.messages] == [200_000, 2]
    assert not rig.transport.ended


async def test_stream_restart_gets_a_fresh_restricted_parser(rig: Rig) -> None:
    first = rig.client.parser
    rig.client.init_parser()  # what slixmpp does after STARTTLS and SASL success
    assert isinstance(rig.client.parser, xmlguard.RestrictedPullParser)
    assert rig.client.parser is not first
    rig.feed(HEADER + MESSAGE)
    await _settle()
    assert rig.messages == ["hello & <b> é"]


async def test_heron_client_uses_the_guard() -> None:
    r = Rig(HeronXMPP(AccountConfig(jid="alice@example.org"), "pw"))
    r.connect()
    assert isinstance(r.client.parser, xmlguard.RestrictedPullParser)
    r.feed(b"<!-- hi -->")
    _assert_closed_with(r, b"restricted-xml")


# --- restricted XML (RFC 6120 §11.1) ------------------------------------------------------------


@pytest.mark.parametrize("payload", [
    pytest.param(b"<!-- a comment -->", id="comment"),
    pytest.param(b"<message><body>hi<!-- a comment --></body></message>", id="comment-in-stanza"),
    pytest.param(b"<?evil processing='instruction'?>", id="processing-instruction"),
    pytest.param(b"<message><?php echo 1; ?></message>", id="pi-in-stanza"),
    pytest.param(b"<message><body>&xxe;</body></message>", id="entity-reference"),
    pytest.param(b"<message a='&ext;'/>", id="entity-reference-in-attribute"),
])
async def test_restricted_xml_after_the_header_closes_the_stream(
        rig: Rig, payload: bytes, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="heron.xmpp.xmlguard"):
        rig.feed(payload)
    await _settle()
    _assert_closed_with(rig, b"restricted-xml")
    assert rig.messages == []
    [record] = [r for r in caplog.records if r.name == "heron.xmpp.xmlguard"]
    assert record.levelno == logging.WARNING and "closing stream" in record.getMessage()
    assert getattr(record, "xml_condition", None) == "restricted-xml"


BOMB = (b"<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>"
        + b"".join(b"<!ENTITY lol%d '%s'>" % (i, b"".join(b"&lol%s;" % (b"" if i == 1 else
                                                                        b"%d" % (i - 1))
                                                        for _ in range(10)))
                   for i in range(1, 10))
        + b"]>" + HEADER.removeprefix(b"<?xml version='1.0'?>")
        + b"<message><body>&lol9;</body></message>")


@pytest.mark.parametrize("payload", [
    pytest.param(BOMB, id="billion-laughs"),
    pytest.param(b"<?xml version='1.0'?><!DOCTYPE stream SYSTEM 'file:///etc/passwd'>" + HEADER,
                 id="external-dtd"),
    pytest.param(b"<!DOCTYPE s [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>"
                 b"<s>&xxe;</s>", id="external-entity"),
    pytest.param(b"<!DOCTYPE s [<!ATTLIST s a CDATA 'x'>]><s/>", id="attlist"),
])
async def test_a_dtd_before_the_stream_is_refused_without_expanding(
        payload: bytes, caplog: pytest.LogCaptureFixture) -> None:
    r = Rig(GuardedClient("alice@example.org/heron", "pw"))
    r.connect(header=False)
    tracemalloc.start()
    t0 = time.perf_counter()
    with caplog.at_level(logging.WARNING, logger="heron.xmpp.xmlguard"):
        r.feed(payload)
    elapsed = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    await _settle()
    _assert_closed_with(r, b"restricted-xml")
    assert r.messages == []
    assert peak < 2_000_000  # a billion 'lol's would be gigabytes; nothing was expanded
    assert elapsed < 1.0
    assert any("DOCTYPE" in rec.getMessage() for rec in caplog.records)


async def test_a_doctype_inside_the_stream_closes_it(rig: Rig) -> None:
    rig.feed(b"<!DOCTYPE lolz [<!ENTITY lol 'lol'>]>")
    assert rig.transport.ended
    assert b"<stream:error>" in rig.transport.sent  # not-well-formed: no DTD after the root


async def test_a_non_utf8_stream_is_refused() -> None:
    r = Rig(GuardedClient("alice@example.org/heron", "pw"))
    r.connect(header=False)
    r.feed(HEADER.replace(b"version='1.0'?>", b"version='1.0' encoding='ISO-8859-1'?>", 1))
    _assert_closed_with(r, b"unsupported-encoding")


async def test_broken_xml_is_not_well_formed(rig: Rig) -> None:
    rig.feed(b"<message><body>x</message>")
    _assert_closed_with(rig, b"not-well-formed")


# --- size and depth -----------------------------------------------------------------------------


async def test_a_one_megabyte_stanza_is_a_policy_violation(
        rig: Rig, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="heron.xmpp.xmlguard"):
        rig.feed(b"<message><body>" + b"x" * 1_000_000 + b"</body></message>")
        await until(lambda: rig.transport.ended)  # the read is handled in slices
    _assert_closed_with(rig, b"policy-violation")
    assert rig.messages == []
    assert any("stanza larger than" in r.getMessage() for r in caplog.records)


async def test_an_oversized_stanza_in_socket_sized_pieces_stops_early(rig: Rig) -> None:
    rig.feed(b"<message><body>")
    pieces = 0
    while not rig.transport.ended and pieces < 200:  # 200 x 8 KiB would be 1.6 MB
        rig.feed(b"x" * 8192)
        pieces += 1
    _assert_closed_with(rig, b"policy-violation")
    assert pieces <= 33  # refused as soon as it passed 256 KiB
    assert rig.messages == []


async def test_an_endless_start_tag_is_a_policy_violation(rig: Rig) -> None:
    rig.feed(b"<message a='")
    for _ in range(40):
        if rig.transport.ended:
            break
        rig.feed(b"a" * 8192)
        # Reads larger than a slice are parsed over several loop turns (8 ms each): on a
        # slow machine some still wait after the feed, so the loop must get to run them.
        await asyncio.sleep(0)
    await until(lambda: rig.transport.ended, 10)
    _assert_closed_with(rig, b"policy-violation")


async def test_deep_nesting_is_a_policy_violation(rig: Rig) -> None:
    rig.feed(b"<message>" + b"<x>" * 1000 + b"</x>" * 1000 + b"</message>")
    _assert_closed_with(rig, b"policy-violation")
    assert rig.messages == []


async def test_limits_can_be_set_per_client() -> None:
    client = GuardedClient("alice@example.org/heron", "pw")
    client.max_stanza_bytes = 1024
    client.max_xml_depth = 4
    r = Rig(client)
    r.connect()
    r.feed(b"<message><body>" + b"x" * 2000 + b"</body></message>")
    _assert_closed_with(r, b"policy-violation")
    r.connect()
    r.feed(b"<message><a><b><c/></b></a></message>")
    _assert_closed_with(r, b"policy-violation")


# --- only the stream ends -----------------------------------------------------------------------


async def test_stanzas_before_the_violation_are_delivered_nothing_after(rig: Rig) -> None:
    rig.feed(MESSAGE + b"<!-- x -->" + MESSAGE)
    rig.feed(MESSAGE)  # still arriving before the transport is gone: ignored
    await _settle()
    assert rig.messages == ["hello & <b> é"]
    _assert_closed_with(rig, b"restricted-xml")
    assert rig.transport.sent.count(b"<stream:error>") == 1


async def test_the_client_disconnects_and_can_reconnect(
        rig: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xmlguard, "ABORT_AFTER", 0.01)
    hostile = rig.transport
    rig.feed(b"<?x?>")
    assert hostile.closed
    await asyncio.sleep(0.05)
    assert hostile.aborted  # the peer did not let go in time: cut off
    rig.client.connection_lost(None)  # what asyncio reports once the socket is gone
    await _settle()
    assert rig.disconnects and "processing instruction" in str(rig.disconnects[-1])
    # The next connection of the same client works as before.
    fresh = rig.connect()
    rig.feed(MESSAGE)
    await _settle()
    assert rig.messages == ["hello & <b> é"]
    assert not fresh.ended


# --- a large read is handled in slices, with the loop running between them --------------------


def _numbered(count: int) -> bytes:
    return b"".join(MESSAGE.replace(b"hello", b"n%d" % i) for i in range(count))


@pytest.fixture
def one_slice_per_turn(monkeypatch: pytest.MonkeyPatch) -> None:
    """However fast this machine is, one slice per turn of the loop."""
    monkeypatch.setattr(xmlguard, "TURN_SECONDS", 0.0)


@pytest.mark.usefixtures("one_slice_per_turn")
async def test_the_loop_runs_between_the_slices_of_one_large_read(rig: Rig) -> None:
    burst = _numbered(1000)  # about 150 KB in one read, as an offline backlog arrives
    assert len(burst) > 5 * xmlguard.SLICE_BYTES
    seen_by_loop: list[int] = []
    asyncio.get_running_loop().call_soon(lambda: seen_by_loop.append(len(rig.messages)))
    rig.feed(burst)
    assert 0 < len(rig.messages) < 1000  # only the first slice was handled in the callback
    await until(lambda: len(rig.messages) == 1000)
    assert 0 < seen_by_loop[0] < 1000  # the loop ran before the read was done
    assert rig.messages == [f"n{i} & <b> é" for i in range(1000)]  # in order, none lost
    assert rig.transport.pauses == 0 and not rig.transport.ended  # reading went on


@pytest.mark.usefixtures("one_slice_per_turn")
async def test_reading_pauses_while_too_much_waits_and_resumes_after(
        rig: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xmlguard, "PAUSE_ABOVE", 40_000)
    transport = rig.transport
    handled_at_resume: list[int] = []
    resume = transport.resume_reading

    def record_resume() -> None:
        handled_at_resume.append(len(rig.messages))
        resume()

    monkeypatch.setattr(transport, "resume_reading", record_resume)
    rig.feed(_numbered(1000))  # about 150 KB waiting: more than the client keeps unread
    assert transport.paused
    await until(lambda: len(rig.messages) == 1000)
    # Resumed once little enough waited, before all of it was handled; paused only once.
    assert len(handled_at_resume) == 1 and 0 < handled_at_resume[0] < 1000
    assert transport.pauses == 1 and not transport.paused


async def test_a_large_read_is_handled_in_time_sized_portions(rig: Rig) -> None:
    rig.feed(_numbered(1000))
    first = len(rig.messages)
    assert first > xmlguard.SLICE_BYTES // len(MESSAGE)  # more than one slice per turn
    await until(lambda: len(rig.messages) == 1000)


@pytest.mark.usefixtures("one_slice_per_turn")
async def test_data_arriving_while_slices_wait_comes_after_them(rig: Rig) -> None:
    rig.feed(_numbered(300))
    rig.feed(MESSAGE.replace(b"hello", b"late"))  # delivered by the transport before the pause
    await until(lambda: len(rig.messages) == 301)
    assert rig.messages[-1] == "late & <b> é"
    assert rig.messages[:300] == [f"n{i} & <b> é" for i in range(300)]


@pytest.mark.usefixtures("one_slice_per_turn")
async def test_a_violation_in_a_later_slice_ends_the_stream_there(
        rig: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xmlguard, "PAUSE_ABOVE", 20_000)
    rig.feed(_numbered(300) + b"<!-- x -->" + _numbered(300))
    await until(lambda: rig.transport.ended)
    await _settle()
    assert rig.messages == [f"n{i} & <b> é" for i in range(300)]
    _assert_closed_with(rig, b"restricted-xml")
    assert rig.transport.paused  # not resumed for a stream being closed


@pytest.mark.usefixtures("one_slice_per_turn")
async def test_a_connection_closed_between_slices_drops_the_rest_of_its_read(rig: Rig) -> None:
    rig.feed(_numbered(1000))
    first = len(rig.messages)
    assert first < 1000
    rig.transport.close()  # the account is being disconnected
    await _settle()
    assert len(rig.messages) == first
    rig.client.connection_lost(None)
    await _settle()
    assert len(rig.messages) == first  # nothing of the dead connection is handled after it
    fresh = rig.connect()
    rig.feed(MESSAGE)
    await until(lambda: len(rig.messages) == first + 1)
    assert rig.messages[-1] == "hello & <b> é" and not fresh.ended


@pytest.mark.usefixtures("one_slice_per_turn")
async def test_a_stream_restart_between_slices_drops_the_rest_of_the_read(
        rig: Rig, caplog: pytest.LogCaptureFixture) -> None:
    rig.feed(_numbered(1000))
    first = len(rig.messages)
    with caplog.at_level(logging.WARNING, logger="heron.xmpp.xmlguard"):
        rig.client.init_parser()  # as after <proceed/> or <success/>
        await _settle()
    assert len(rig.messages) == first
    assert any("stream restart" in r.getMessage() for r in caplog.records)
    assert not rig.transport.paused  # the new stream is read
    rig.feed(HEADER + MESSAGE)
    await until(lambda: len(rig.messages) == first + 1)


async def test_nothing_is_handled_after_the_connection_closes_within_one_turn(
        rig: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xmlguard, "TURN_SECONDS", 10.0)  # every slice in the same turn
    transport = rig.transport

    def close_at_n50(msg: Any) -> None:
        if str(msg["body"]).startswith("n50 "):
            transport.close()  # as a disconnect started by a handler would

    rig.client.add_event_handler("message", close_at_n50)
    rig.feed(_numbered(1000))
    await _settle()
    # The rest of the slice that held n50 is still parsed; no later slice is.
    assert 50 < len(rig.messages) < 50 + xmlguard.SLICE_BYTES // len(MESSAGE) + 2


async def test_a_handled_large_read_keeps_no_ended_connection_alive(rig: Rig) -> None:
    old = weakref.ref(rig.transport)
    rig.feed(_numbered(300))
    await until(lambda: len(rig.messages) == 300)
    rig.client.connection_lost(None)
    rig.connect()
    await _settle()
    gc.collect()
    assert old() is None
