"""xmpp: links open the right place in the window (issue 8, point 7): a chat with a draft that
is never sent by itself, the add-contact dialog filled in, a clear banner for what cannot open.
Against the real server, with the contact as a second real client."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from heron.ui.dialogs import ContactDialog
from heron.ui.main_window import MainWindow
from heron.ui.uri_actions import open_link
from tests.helpers import until
from tests.integration.parties import account_for, start_heron, start_peer, stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def _window(qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> tuple[
        MainWindow, str, str, str]:
    alice, pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), pw)
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    return window, alice, bob, bob_pw


async def test_a_message_link_opens_the_chat_with_a_draft_that_is_not_sent(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    window, alice, bob, bob_pw = await _window(qtbot, server, make_user, tmp_path)
    peer = await start_peer(server, bob, bob_pw)
    received: list[str] = []
    peer.add_event_handler("message", lambda msg: received.append(str(msg["body"])))
    try:
        open_link(window, f"xmpp:{bob.upper()}?message;body=Meet%20at%208%3F%0A%3Cb%3Ex%3C%2Fb%3E")
        await until(lambda: window.current == (alice, bob) and window.composer.toPlainText())
        assert window.composer.toPlainText() == "Meet at 8?\n<b>x</b>"
        assert window.composer.hasFocus() or not window.isActiveWindow()
        await asyncio.sleep(1.0)  # a sent message would have reached the peer by now
        assert received == []
        assert window.message_model is not None and window.message_model.rowCount() == 0
        # A second link to the same chat keeps what the user had typed.
        window.composer.setPlainText("my words")
        open_link(window, f"xmpp:{bob}?message;body=from%20the%20link")
        await until(lambda: "from the link" in window.composer.toPlainText())
        assert window.composer.toPlainText() == "my words\nfrom the link"
    finally:
        await stop_peer(peer)
        await window.app.close()


async def test_a_roster_link_opens_add_contact_filled_in(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    window, alice, bob, _ = await _window(qtbot, server, make_user, tmp_path)
    try:
        open_link(window, f"xmpp:{bob}?roster;name=Bob%20B;group=Work;group=Chess")
        dialog = _open_dialog(window)
        assert (dialog.jid.text(), dialog.name.text(), dialog.groups.text()) == (
            bob, "Bob B", "Work, Chess")
        assert window.current is None  # nothing is added or opened before the user's click
        dialog.ok.click()
        await until(lambda: window.roster_model.row_for(bob) is not None)
        row = window.roster_model.row_for(bob)
        assert row is not None and row.name == "Bob B"
        # Now that Bob is a contact, the same link opens his chat instead.
        open_link(window, f"xmpp:{bob}?subscribe")
        await until(lambda: window.current == (alice, bob))
    finally:
        await window.app.close()


def _open_dialog(window: MainWindow) -> ContactDialog:
    dialogs = [d for d in window.findChildren(ContactDialog) if d.isVisible()]
    assert len(dialogs) == 1, "one add-contact dialog should be open"
    return dialogs[0]


@pytest.mark.parametrize(("link", "words"), [
    ("xmpp:nobody", "does not contain a valid address"),
    ("xmpp:bob%E2%80%AE@example.org", "invisible characters"),
])
async def test_a_link_that_cannot_open_says_why(qtbot: Any, server: Any, make_user: Any,
                                                tmp_path: Path, link: str, words: str) -> None:
    window, _, _, _ = await _window(qtbot, server, make_user, tmp_path)
    try:
        open_link(window, link)
        texts = [b.text for b in window.banners.banners()]
        assert any(words in text for text in texts), texts
        assert window.current is None
    finally:
        await window.app.close()
