"""Messages from strangers (issue 8, point 6) wait under "Requests", not among the contacts,
until the user adds the person (then they are a contact) or blocks them (then they are gone);
the requests are there again after a restart. Strangers are second real clients."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMenu

from heron.models.roster import RosterRoles
from heron.ui.main_window import MainWindow
from tests.helpers import until
from tests.integration.parties import account_for, start_heron, start_peer, stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def _rows(window: MainWindow) -> list[tuple[str, str, bool]]:
    """(group, jid, is a request) in the order the contact list shows them."""
    proxy = window.roster_proxy
    return [(proxy.index(r, 0).data(RosterRoles.Group), proxy.index(r, 0).data(RosterRoles.Jid),
             bool(proxy.index(r, 0).data(RosterRoles.Request)))
            for r in range(proxy.rowCount())]


def _menu_for(window: MainWindow, jid: str) -> list[str]:
    proxy = window.roster_proxy
    index = next(proxy.index(r, 0) for r in range(proxy.rowCount())
                 if proxy.index(r, 0).data(RosterRoles.Jid) == jid)
    window.sidebar._roster_menu(window.roster_view.visualRect(index).center())
    menu = window.findChildren(QMenu, "rosterContextMenu")[-1]
    texts = [a.text() for a in menu.actions() if a.text()]
    menu.close()
    return texts


async def test_strangers_wait_under_requests_until_added_or_blocked(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    alice, bob, carol, dave = make_user(), make_user(), make_user(), make_user()
    account = account_for(server, alice[0])
    app = await start_heron(tmp_path / "alice", account, alice[1])
    await app.sessions[alice[0]].roster.set_item(bob[0], "Bob", ("Friends",))
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    strangers = [await start_peer(server, *carol), await start_peer(server, *dave)]
    try:
        await until(lambda: window.roster_model.row_for(bob[0]) is not None)
        for peer in strangers:
            peer.send_message(mto=alice[0], mbody="hi, we have not met", mtype="chat")
        await until(lambda: sum(r[2] for r in _rows(window)) == 2)
        assert _rows(window) == [("Requests", carol[0], True), ("Requests", dave[0], True),
                                 ("Friends", bob[0], False)]
        carol_row = window.roster_model.row_for(carol[0])
        assert carol_row is not None and carol_row.unread == 1
        assert _menu_for(window, carol[0]) == ["Open chat", "Add to contacts…", "Block…"]

        dialog = window.sidebar.accept_request(alice[0], carol[0])
        assert dialog is not None and dialog.jid.text() == carol[0]
        dialog.name.setText("Carol")
        dialog.ok.click()
        await until(lambda: (window.roster_model.row_for(carol[0]) or carol_row).name == "Carol")
        assert [r for r in _rows(window) if r[1] == carol[0]] == [("Contacts", carol[0], False)]

        block = window.sidebar.confirm_block(alice[0], dave[0])
        assert block is not None and block.report.isVisible()  # a stranger may be reported
        block.ok.click()
        await until(lambda: window.roster_model.row_for(dave[0]) is None)
    finally:
        for peer in strangers:
            await stop_peer(peer)
        await app.close()


async def test_a_request_is_there_after_a_restart(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    alice, erin = make_user(), make_user()
    account = account_for(server, alice[0])
    app = await start_heron(tmp_path / "alice", account, alice[1])
    peer = await start_peer(server, *erin)
    try:
        window = MainWindow(app)
        qtbot.addWidget(window)
        peer.send_message(mto=alice[0], mbody="remember me", mtype="chat")
        await until(lambda: window.roster_model.row_for(erin[0]) is not None)
        await window.open_conversation(alice[0], erin[0])  # read it: still a request
    finally:
        await stop_peer(peer)
        await app.close()
    again = await start_heron(tmp_path / "alice", account, alice[1], connect=False)
    try:
        window = MainWindow(again)
        qtbot.addWidget(window)
        await window.sidebar.load_cached_rosters()
        assert _rows(window) == [("Requests", erin[0], True)]
    finally:
        await again.close()
