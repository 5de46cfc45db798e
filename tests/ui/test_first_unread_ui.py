"""A new profile's first catch-up stores the archive as history; the roster then shows what
is unread in it: after the read point the user's other client shared (XEP-0490) where there
is one, else after the user's own last message in the chat, else all of it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from heron.core.events import ConversationRead
from heron.models.roster import RosterRoles
from heron.ui.main_window import MainWindow
from tests.helpers import until
from tests.integration.parties import Recorder, account_for, start_heron, stop_peer
from tests.integration.read_parties import flag_read, start_marking_peer
from tests.ui.test_main_window import _row_of

pytestmark = [pytest.mark.asyncio]

#: set to a folder to keep a screenshot of the roster's counts (looked at by hand)
SHOTS = os.environ.get("HERON_FIRST_UNREAD_SHOTS", "")


def _unread(window: MainWindow, jid: str) -> int:
    return int(_row_of(window, jid).data(RosterRoles.Unread) or 0)


async def test_the_first_catch_up_shows_what_is_unread(qtbot: Any, server: Any, make_user: Any,
                                                       tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    contacts = {name: make_user() for name in ("Bob", "Carol", "Dave")}
    bob, carol, dave = (contacts[n][0] for n in ("Bob", "Carol", "Dave"))
    # Alice uses her phone: everything goes to her archive, none of it to a Heron profile.
    phone = await start_marking_peer(server, alice, alice_pw, resource="phone")
    clients = {name: await start_marking_peer(server, jid, pw)
               for name, (jid, pw) in contacts.items()}
    try:
        for name, (jid, _pw) in contacts.items():
            await phone.update_roster(jid, name=name)

        async def say(name: str, *bodies: str) -> None:
            for body in bodies:
                clients[name].send_message(mto=alice, mbody=body, mtype="chat")
            await until(lambda: phone.bodies()[-1:] == [bodies[-1]])

        await say("Bob", "are you coming?")
        phone.send_message(mto=bob, mbody="yes, at 8", mtype="chat")  # read up to here
        await until(lambda: clients["Bob"].bodies() == ["yes, at 8"])
        await say("Bob", "great", "bring the map")
        await say("Carol", "hello", "it's Carol", "from the club")  # never answered
        phone.send_message(mto=dave, mbody="ping me", mtype="chat")
        await until(lambda: clients["Dave"].bodies() == ["ping me"])
        await say("Dave", "one", "two", "three")
        # The phone read Dave's chat up to "two" and says so to Alice's other clients.
        two = next(m for m in phone.received if m["body"] == "two")
        await flag_read(phone, dave, str(two["stanza_id"]["id"]))
    finally:
        for client in clients.values():
            await stop_peer(client)
        await stop_peer(phone)

    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw,
                            connect=False)
    rec = Recorder(app, ConversationRead)
    try:
        window = MainWindow(app)
        qtbot.addWidget(window)
        window.show()
        session = app.start_account(alice)
        await until(lambda: session.set_up and window.roster_proxy.rowCount() == 3, 15)
        await until(lambda: {jid: _unread(window, jid) for jid in (bob, carol, dave)}
                    == {bob: 2, carol: 3, dave: 1})
        assert await app.unread_counts(alice) == {bob: 2, carol: 3, dave: 1}
        if SHOTS:
            window.grab().save(f"{SHOTS}/first-unread.png")
        assert {e.peer: e.unread for e in rec.of(ConversationRead)} == {
            bob: 2, carol: 3, dave: 1}
    finally:
        await app.close()
