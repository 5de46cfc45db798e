"""Messages that arrive while this computer is logged out, and that Heron fetches from the
archive when it logs in again (the user's phone was online and got them live), count as
unread in the chats list and the contacts list, as messages that arrive live do."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from heron.models.chats import ChatRoles
from heron.ui.main_window import MainWindow
from tests.helpers import until
from tests.integration.parties import (
    account_for,
    eventually,
    start_heron,
    start_peer,
    stop_peer,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def _chats_badge(window: MainWindow, name: str) -> int:
    proxy = window.sidebar.chats.view.model()
    for r in range(proxy.rowCount()):
        if proxy.index(r, 0).data() == name:
            return int(proxy.index(r, 0).data(ChatRoles.Unread))
    return -1  # no row


def _contacts_badge(window: MainWindow, jid: str) -> int:
    row = window.roster_model.row_for(jid)
    return row.unread if row is not None else -1


async def test_messages_caught_up_at_login_count_as_unread(qtbot: Any, server: Any,
                                                           make_user: Any,
                                                           tmp_path: Path) -> None:
    alice, pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), pw)
    await app.sessions[alice].roster.set_item(bob, "Bob", ())
    window = MainWindow(app)
    window.show()
    bob_client = await start_peer(server, bob, bob_pw)
    phone = await start_peer(server, alice, pw, resource="phone")
    try:
        await eventually(lambda: app.repos.mam.get(alice, alice, ""),
                         lambda known: known is not None)  # the first catch-up is over
        await until(lambda: window.roster_model.row_for(bob) is not None)
        bob_client.send_message(mto=alice, mbody="hello", mtype="chat")  # a chat with history
        await until(lambda: _chats_badge(window, "Bob") == 1)
        await app.set_enabled(alice, False)  # "Log out" on this computer
        for text in ("are you there?", "call me when you are back"):
            bob_client.send_message(mto=alice, mbody=text, mtype="chat")
        await until(lambda: len(phone.bodies()) == 3)  # the phone got them; Heron was away
        await app.set_enabled(alice, True)
        await until(lambda: (_chats_badge(window, "Bob"), _contacts_badge(window, bob)) == (3, 3),
                    20, shown=lambda: (_chats_badge(window, "Bob"), _contacts_badge(window, bob)))
    finally:
        await stop_peer(phone)
        await stop_peer(bob_client)
        await app.close()
        window.close()
