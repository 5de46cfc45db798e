"""The demo world on the wire: what a user logging in as ``me`` sees, with a plain slixmpp client.

No Heron code is involved except :mod:`heron.demo`; tests/integration/test_demo.py drives the
same world through a real Heron session.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import ssl
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
import slixmpp

from heron.demo.bot import GREETING_REPLY
from heron.demo.picture import heron_png
from heron.demo.picture_message import CAPTION
from heron.demo.picture_message import NAME as PICTURE_NAME
from heron.demo.world import BOT, CONTACTS, HISTORY, DemoAccount, DemoWorld
from heron.xmpp.services import oob
from heron.xmpp.services.replies import reply_parts
from tests.helpers import until
from tests.integration.parties import DEMO_ONLY_ON_PROSODY

pytestmark = [pytest.mark.integration, DEMO_ONLY_ON_PROSODY]

START_BUDGET = 6.0  # s: a regression guard; the target is < 3 s (measured 1.1-2.5 s, 2 busy cores)


class User(slixmpp.ClientXMPP):
    """The demo user as an ordinary client would log in: CA file, STARTTLS, SCRAM."""

    def __init__(self, account: DemoAccount) -> None:
        super().__init__(f"{account.jid}/test", account.password)
        for plugin in ("xep_0030", "xep_0085", "xep_0184", "xep_0308", "xep_0313", "xep_0359"):
            self.register_plugin(plugin)
        self.ca_certs = account.ca_file  # type: ignore[assignment]
        self.enable_direct_tls = False
        self.messages: list[Any] = []  # with a body
        self.states: list[tuple[int, str]] = []  # (len(self.messages) when it came, state)
        self.receipts: list[str] = []  # ids of our messages that were received
        self.presences: dict[str, Any] = {}
        self.add_event_handler("message", self.messages.append)
        self.add_event_handler("chatstate", self._on_chat_state)
        self.add_event_handler("receipt_received", self._on_receipt)
        self.add_event_handler("presence", self._on_presence)

    def _on_chat_state(self, msg: Any) -> None:
        if msg["from"].bare == f"{BOT.user}@localhost":
            self.states.append((len(self.from_bot()), msg["chat_state"]))

    def _on_receipt(self, msg: Any) -> None:
        if msg["from"].bare == f"{BOT.user}@localhost":
            self.receipts.append(msg["receipt"])

    def _on_presence(self, presence: Any) -> None:
        if presence["from"].bare == self.boundjid.bare:
            return  # our own resources
        if presence["type"] in ("available", "away", "dnd", "xa", "chat"):
            self.presences[presence["from"].bare] = presence
        elif presence["type"] == "unavailable":
            self.presences.pop(presence["from"].bare, None)

    def from_bot(self) -> list[Any]:
        return [m for m in self.messages if m["from"].bare == f"{BOT.user}@localhost"]

    async def say(self, text: str) -> str:
        msg = self.make_message(mto=f"{BOT.user}@localhost", mbody=text, mtype="chat")
        msg["id"] = msg["origin_id"]["id"] = str(uuid.uuid4())
        msg["request_receipt"] = True
        msg.send()
        return str(msg["id"])


@pytest_asyncio.fixture
async def world(tmp_path: Path) -> AsyncIterator[tuple[DemoWorld, DemoAccount, float]]:
    demo = DemoWorld(tmp_path / "server")
    started = time.perf_counter()
    account = await demo.start()
    elapsed = time.perf_counter() - started
    try:
        yield demo, account, elapsed
    finally:
        await demo.stop()


@pytest_asyncio.fixture
async def user(world: tuple[DemoWorld, DemoAccount, float]) -> AsyncIterator[User]:
    _demo, account, _elapsed = world
    client = User(account)
    session: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

    def started(_event: Any) -> None:
        if not session.done():
            session.set_result(True)

    client.add_event_handler("session_start", started)
    client.connect(account.host, account.port)
    try:
        await asyncio.wait_for(session, 10)
        await client.get_roster()
        client.send_presence()
        yield client
    finally:
        await asyncio.wait_for(client.disconnect(wait=0.5), 3)


@pytest.mark.asyncio
async def test_the_demo_user_sees_contacts_presences_and_history(
        world: tuple[DemoWorld, DemoAccount, float], user: User) -> None:
    _demo, account, elapsed = world
    assert account.jid == "me@localhost" and account.host == "127.0.0.1"
    assert elapsed < START_BUDGET, f"the demo world took {elapsed:.2f} s to start"

    roster: Any = user.client_roster
    expected = {f"{c.user}@localhost": c for c in (*CONTACTS, BOT)}
    assert set(roster.keys()) == set(expected)
    for jid, contact in expected.items():
        assert roster[jid]["name"] == contact.name
        assert roster[jid]["groups"] == [contact.group]
        assert roster[jid]["subscription"] == "both"
    assert {c.group for c in CONTACTS} == {"Friends", "Work"}

    online = {"ada@localhost", "grace@localhost", "echo@localhost"}
    await until(lambda: online <= set(user.presences), 5)
    await asyncio.sleep(0.2)  # anyone else online would have been announced in the same burst
    assert set(user.presences) == online
    assert user.presences["ada@localhost"]["show"] == ""
    assert user.presences["ada@localhost"]["status"] == "Designing the analytical engine"
    assert user.presences["grace@localhost"]["show"] == "away"
    assert user.presences["grace@localhost"]["status"] == "Debugging"
    assert user.presences["echo@localhost"]["status"] == "I answer everything"

    archived = [m async for m in user.plugin["xep_0313"].iterate(
        with_jid=slixmpp.JID("ada@localhost"), total=10)]
    forwarded = [m["mam_result"]["forwarded"]["stanza"] for m in archived]
    assert [(s["from"].user, s["body"]) for s in forwarded] == list(HISTORY)


@pytest.mark.asyncio
async def test_echo_types_answers_confirms_and_corrects_itself(user: User) -> None:
    first = await user.say("hello")
    await until(user.from_bot, 5)
    assert (0, "composing") in user.states, "Echo shows it is typing before it answers"
    reply = user.from_bot()[0]
    assert reply["body"] == GREETING_REPLY
    assert reply["id"] and reply["origin_id"]["id"] == reply["id"]
    assert reply["request_receipt"]
    await until(lambda: first in user.receipts, 3)

    # Every third answer goes out with a typo and is corrected a second later.
    await user.say("three words here")
    await until(lambda: len(user.from_bot()) == 2, 5)
    question = await user.say("how are you?")
    await until(lambda: any(m["replace"]["id"] for m in user.from_bot()), 6)
    answers = [m for m in user.from_bot() if not m["replace"]["id"]]
    correction = next(m for m in user.from_bot() if m["replace"]["id"])
    assert [a["body"] for a in answers][1] == (
        "You said “three words here” — backwards that's “here words three”.")
    wrong = next(a for a in answers if a["id"] == correction["replace"]["id"])
    assert wrong is answers[2]
    assert wrong["body"] != correction["body"]
    # A question is answered as a reply (XEP-0461): a quote in front for other clients.
    assert correction["body"] == "> how are you?\n" + (
        "Good question. Backwards it reads “you? are how” — I'd say yes either way.")
    assert reply_parts(correction.xml, str(correction["body"])) == (
        "Good question. Backwards it reads “you? are how” — I'd say yes either way.",
        question)


@pytest.mark.asyncio
async def test_echo_has_sent_a_picture_with_out_of_band_data(
        world: tuple[DemoWorld, DemoAccount, float], user: User) -> None:
    _demo, account, _elapsed = world
    archived = [m async for m in user.plugin["xep_0313"].iterate(
        with_jid=slixmpp.JID(f"{BOT.user}@localhost"), total=10)]
    forwarded = [m["mam_result"]["forwarded"]["stanza"] for m in archived]
    assert [str(s["body"]) for s in forwarded[:2]] == [CAPTION, str(forwarded[1]["body"])]
    picture = forwarded[1]
    url = str(picture["body"])
    assert url.startswith("https://localhost:") and url.endswith("/" + PICTURE_NAME)
    assert oob.url_of(picture.xml) == url
    context = ssl.create_default_context(cafile=account.ca_file)
    async with aiohttp.ClientSession() as http, http.get(url, ssl=context) as response:
        data = await response.read()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and data == heron_png()


@pytest.mark.asyncio
async def test_every_demo_contact_has_a_picture(user: User) -> None:
    """The demo's contact list shows pictures (XEP-0084), not only initials."""
    for plugin in ("xep_0060", "xep_0163", "xep_0084"):
        user.register_plugin(plugin)
    for contact in (*CONTACTS, BOT):
        jid = slixmpp.JID(f"{contact.user}@localhost")
        metadata = await user.plugin["xep_0060"].get_items(jid, "urn:xmpp:avatar:metadata")
        info = metadata.xml.find(".//{urn:xmpp:avatar:metadata}info")
        assert info is not None, contact.user
        data = await user.plugin["xep_0084"].retrieve_avatar(jid, info.get("id"))
        payload = data.xml.find(".//{urn:xmpp:avatar:data}data")
        assert payload is not None and payload.text
        raw = base64.b64decode(payload.text)
        assert raw.startswith(b"\x89PNG") and hashlib.sha1(
            raw, usedforsecurity=False).hexdigest() == info.get("id")
