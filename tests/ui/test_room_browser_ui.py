"""The room browser (issue 9, point 1): opened from the main menu, it lists the real server's
rooms (made by a second real client), filters as you type, shows a room's details, and joins
through the RoomJoiner, with the room's refusal in plain words inside the dialog."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from slixmpp import JID

from heron.ui.main_window import MainWindow
from heron.ui.room_browser import RoomBrowser
from tests.helpers import until
from tests.integration.parties import account_for, start_heron, start_peer, stop_peer
from tests.room_joiner import SlixJoiner, create_room

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def _browser(window: MainWindow) -> RoomBrowser:
    found = [d for d in window.findChildren(RoomBrowser) if d.isVisible()]
    assert len(found) == 1, "one room browser should be open"
    return found[0]


def _titles(browser: RoomBrowser) -> list[str]:
    proxy = browser.proxy
    return [str(proxy.index(r, 0).data()) for r in range(proxy.rowCount())]


async def test_browse_filter_and_join_rooms(qtbot: Any, server: Any, make_user: Any,
                                            tmp_path: Path) -> None:
    alice, pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), pw)
    session = app.sessions[alice]
    session.muc = SlixJoiner(session.client)  # type: ignore[attr-defined]
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    peer = await start_peer(server, bob, bob_pw)
    service = f"conference.{server.domain}"
    tag = uuid.uuid4().hex[:6]
    chess, vault = f"chess{tag}@{service}", f"vault{tag}@{service}"
    try:
        await create_room(peer, chess, roomname=f"Chess club {tag}",
                          roomdesc="Openings and endgames")
        await create_room(peer, vault, roomname=f"Vault {tag}", passwordprotectedroom="1",
                          roomsecret="s3cret")
        for n in range(12):
            await create_room(peer, f"filler{n}x{tag}@{service}", roomname=f"Filler {n}")
        window.browse_rooms_action.trigger()
        browser = _browser(window)
        await until(lambda: browser.service.text() == service)
        await until(lambda: "rooms on" in browser.status.text(), 15)
        assert {chess, vault} <= {r.jid for r in browser.model.rooms}
        qtbot.keyClicks(browser.search, f"chess club {tag}")
        await until(lambda: _titles(browser) == [f"Chess club {tag}"], 15)
        # The description is searched too, once the room's details came.
        browser.search.clear()
        qtbot.keyClicks(browser.search, f"{tag} endgames")
        await until(lambda: _titles(browser) == [f"Chess club {tag}"], 15)
        browser.view.setCurrentIndex(browser.proxy.index(0, 0))
        await until(lambda: browser.address.text() == chess)
        await until(lambda: "2 people" in browser.facts.text() or "1 person" in
                    browser.facts.text())
        assert browser.description.text() == "Openings and endgames"
        assert browser.nick.text() == alice.split("@")[0]
        assert browser.password.isHidden()
        browser.nick.setText("Alice")
        qtbot.mouseClick(browser.join_button, qtbot_left())
        await until(lambda: chess in session.muc.joined())  # type: ignore[attr-defined]
        await until(lambda: "Alice" in peer.plugin["xep_0045"].get_roster(JID(chess)))
        await until(lambda: not [d for d in window.findChildren(RoomBrowser) if d.isVisible()])
        # Joined from the browser: bookmarked with autojoin, for the user's other clients too.
        await until(lambda: chess in session.bookmarks.bookmarks
                    and session.bookmarks.bookmarks[chess].autojoin)
        assert session.bookmarks.bookmarks[chess].nick == "Alice"
        # A password room: the lock shows, the refusal is said inside the dialog.
        window.browse_rooms_action.trigger()
        browser = _browser(window)
        await until(lambda: "rooms on" in browser.status.text(), 15)
        qtbot.keyClicks(browser.search, f"vault {tag}")
        await until(lambda: _titles(browser) == [f"Vault {tag}"], 15)
        browser.view.setCurrentIndex(browser.proxy.index(0, 0))
        await until(lambda: "Password" in browser.facts.text())
        assert browser.password.isVisible()
        qtbot.mouseClick(browser.join_button, qtbot_left())
        await until(browser.join_error.isVisible, 20)
        assert browser.join_error.text() == "This room needs a password."
        assert browser.isVisible() and vault not in session.muc.joined()  # type: ignore[attr-defined]
        browser.password.setText("s3cret")
        qtbot.mouseClick(browser.join_button, qtbot_left())
        await until(lambda: vault in session.muc.joined())  # type: ignore[attr-defined]
    finally:
        await stop_peer(peer)
        await app.close()


async def test_a_service_that_is_not_one_says_so_in_the_dialog(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    alice, pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), pw)
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    try:
        window.browse_rooms_action.trigger()
        browser = _browser(window)
        await until(lambda: browser.service.text() != "")
        browser.service.setText(f"nowhere.{server.domain}")
        qtbot.mouseClick(browser.list_button, qtbot_left())
        await until(lambda: "group chat service" in browser.status.text()
                    or "could not reach" in browser.status.text(), 15)
        assert browser.model.rowCount() == 0 and browser.progress.isHidden()
    finally:
        await app.close()


def qtbot_left() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
