"""Recorded server stanzas (tests/data/stanzas, made by ``python -m tests.recordings.record``)
played into a real Heron account session, the way its client reads a server's bytes.

The session is Heron's own (``AccountSession``: its client with the restricted XML parser, its
services, a real database); only the socket is replaced by :class:`FakeTransport`, so what the
file holds goes through ``data_received`` as a server's bytes would, and what Heron answers is
read back from the transport. Requests Heron sends (a roster fetch, a MAM query, a ping) are
answered with the recording, its iq id and MAM query id replaced by the ones Heron chose.
"""

from __future__ import annotations

import asyncio
import re
import ssl
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from slixmpp import JID

from heron.application import Heron
from heron.core.events import ServerFeaturesKnown
from heron.core.paths import ProfilePaths
from heron.core.settings import AccountConfig
from heron.xmpp.session import AccountSession
from heron.xmpp.xmlguard import RestrictedPullParser
from tests.helpers import until
from tests.unit.xmpp.test_xmlguard import FakeTransport

DATA = Path(__file__).resolve().parents[2] / "data" / "stanzas"
SERVERS = ("prosody", "ejabberd")
ACCOUNT = "alice@localhost"
SEAT = f"{ACCOUNT}/heron"  # the recorded client sat where Heron sits
BOB = "bob@localhost"


def recording(server: str, situation: str) -> bytes:
    """The recorded bytes; a missing file fails the test (it is never skipped)."""
    path = DATA / server / f"{situation}.xml"
    if not path.is_file():
        pytest.fail(f"no recording {path}: run `python -m tests.recordings.record {server}`")
    return path.read_bytes()


def without_header(data: bytes) -> bytes:
    """The stanzas of a recording without its stream header (to follow another file's)."""
    return data.split(b"\n", 1)[1]


def stanzas(data: bytes) -> list[ET.Element]:
    """The top-level elements of a stream, parsed by Heron's restricted parser."""
    parser = RestrictedPullParser()
    parser.feed(data)
    assert parser.violation is None, parser.violation
    found: list[ET.Element] = []
    depth = 0
    for event, element in parser.read_events():
        depth += 1 if event == "start" else -1
        if event == "end" and depth == 1:
            found.append(element)
    return found


def local(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


class Replay:
    """An account session of ``alice@localhost/heron`` on a fake socket."""

    def __init__(self, app: Heron, session: AccountSession, *, signed_in: bool) -> None:
        self.app = app
        self.session = session
        self.client = session.client
        self.transport = FakeTransport()
        # What connect() would start: the task that writes queued stanzas to the socket.
        self.client._run_out_filters = asyncio.ensure_future(self.client.run_filters())
        self.client.connection_made(self.transport)  # type: ignore[arg-type]
        if signed_in:
            self.client.boundjid = JID(SEAT)
            self.client._session_started = True  # slixmpp holds stanzas back until then
        else:
            # As after STARTTLS: an ssl object (never used for I/O) makes the stream
            # encrypted to Heron's eyes, so it goes on to choose a sign-in mechanism.
            context = ssl.create_default_context()
            self.client.socket = context.wrap_bio(ssl.MemoryBIO(), ssl.MemoryBIO(),
                                                  server_hostname="localhost")
        self._answered: dict[str, int] = {}  # requests answered, per child element
        self._header_seen = False

    @classmethod
    async def open(cls, folder: Path, *, signed_in: bool = True) -> Replay:
        app = Heron(ProfilePaths(folder))
        await app.open()
        account = AccountConfig(jid=ACCOUNT, host="127.0.0.1", port=5222, resource="heron")
        return cls(app, AccountSession(account, "pw", app.bus, app.repos, app.pipeline),
                   signed_in=signed_in)

    async def close(self) -> None:
        filters = self.client._run_out_filters
        if filters is not None:
            filters.cancel()
        await self.app.pipeline.drain()
        await self.app.close()

    def feed(self, data: bytes) -> None:
        """A recording as the server's bytes; after the first, without its stream header
        (one stream has one)."""
        if self._header_seen:
            data = without_header(data)
        self._header_seen = True
        self.client.data_received(data)

    def stanza(self, element: ET.Element) -> Any:
        """The slixmpp stanza Heron's client builds for ``element``."""
        return self.client._build_stanza(element)

    def sent(self) -> list[ET.Element]:
        """What Heron wrote to the server, as elements (the stream header not included)."""
        return stanzas(self.transport.sent)

    async def request(self, child: str) -> ET.Element:
        """The next iq Heron sends with a ``child`` element (``{ns}name``) that has not been
        answered yet."""
        found: list[ET.Element] = []

        def asked() -> bool:
            found[:] = [e for e in self.sent() if local(e) == "iq" and e.find(child) is not None]
            return len(found) > self._answered.get(child, 0)

        await until(asked, 5)
        self._answered[child] = self._answered.get(child, 0) + 1
        return found[self._answered[child] - 1]

    async def answer(self, child: str, data: bytes) -> None:
        """Wait for Heron's request, then feed ``data`` as the reply to it."""
        asked = await self.request(child)
        self.feed(as_reply(data, asked))


    async def discover(self, server: str) -> ServerFeaturesKnown:
        """Heron's discovery at a new session, answered with the server's recorded replies:
        the domain's and the account's disco#info, the domain's items, each service's info."""
        known = asyncio.ensure_future(self.session.server_features.known())
        await self.answer(DISCO_INFO, recording(server, "disco_info_server"))
        await self.answer(DISCO_INFO, recording(server, "disco_info_account"))
        await self.answer(DISCO_ITEMS, recording(server, "disco_items_server"))
        header, *lines = recording(server, "disco_info_services").split(b"\n")
        by_sender = {stanzas(header + b"\n" + line)[0].get("from"): line
                     for line in lines if line}
        for _ in by_sender:  # the server may list its services in any order: match by address
            asked = await self.request(DISCO_INFO)
            self.feed(as_reply(header + b"\n" + by_sender[asked.get("to")] + b"\n", asked))
        return await known


DISCO_INFO = "{http://jabber.org/protocol/disco#info}query"
DISCO_ITEMS = "{http://jabber.org/protocol/disco#items}query"


def as_reply(data: bytes, asked: ET.Element) -> bytes:
    """The recording with its iq ids (and MAM query ids) replaced by those of ``asked``."""
    text = data.decode()
    for element in stanzas(data):
        if local(element) == "iq" and element.get("type") in ("result", "error"):
            text = _swap(text, "id", element.get("id", ""), asked.get("id", ""))
    queryid = next((e.get("queryid", "") for e in asked.iter() if e.get("queryid")), "")
    for old in set(re.findall(r"""queryid=['"]([^'"]*)['"]""", text)):
        text = _swap(text, "queryid", old, queryid)
    return text.encode()


def _swap(text: str, attribute: str, old: str, new: str) -> str:
    return re.sub(rf"""(\s{attribute}=)(['"]){re.escape(old)}\2""", rf"\g<1>\g<2>{new}\g<2>",
                  text)


def sent_from(data: bytes, tag: str, sender: str) -> bytes:
    """The recording with each top-level ``tag`` (one per line) from ``sender`` instead (the
    inner, forwarded stanzas keep theirs): the same stanza as someone else would forge it."""
    def swap(match: re.Match[str]) -> str:
        start = re.sub(r"""\sfrom=(['"]).*?\1""", "", match.group(0))
        return f"<{tag} from='{sender}'" + start[len(tag) + 1:]

    return re.sub(rf"^<{tag}\b[^>]*>", swap, data.decode(), flags=re.MULTILINE).encode()
