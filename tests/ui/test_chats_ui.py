"""The sidebar's "Chats" list (issue 8, point 7), driven as a person would, with Bob (a
contact) and Carol (a stranger) as real clients on the test server: a message puts its chat
on top with a preview and an unread count, sending moves a chat up, reading clears the badge,
"Close chat" hides a chat until its next message, the filter field filters the list, and the
"Chats | Contacts" switch answers clicks and Ctrl+1 / Ctrl+2."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QMenu

from heron.application import Heron
from heron.models.chats import ChatRoles
from heron.ui.main_window import MainWindow
from tests.helpers import until
from tests.integration.parties import Peer
from tests.ui.chat_window import window_with_peers

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


@dataclass
class Chats:
    app: Heron
    window: MainWindow
    alice: str
    bob: Peer
    carol: Peer

    @property
    def bob_jid(self) -> str:
        return str(self.bob.boundjid.bare)

    @property
    def carol_jid(self) -> str:
        return str(self.carol.boundjid.bare)

    def rows(self) -> list[tuple[str, str, int]]:
        """The chats list as shown, top to bottom: (name, preview as painted, unread)."""
        view = self.window.sidebar.chats.view
        proxy, delegate = view.model(), view.itemDelegate()
        shown = []
        for r in range(proxy.rowCount()):
            index = proxy.index(r, 0)
            shown.append((str(index.data()), delegate.preview_text(index),  # type: ignore[attr-defined]
                          int(index.data(ChatRoles.Unread))))
        return shown


@pytest_asyncio.fixture
async def chats(server: Any, make_user: Any, tmp_path: Path) -> AsyncIterator[Chats]:
    async with window_with_peers(server, make_user, tmp_path / "alice", ("Bob",)) as (
            app, window, alice, (bob, carol)):
        yield Chats(app, window, alice, bob, carol)


def _index_of(chats: Chats, name: str) -> QModelIndex:
    proxy = chats.window.sidebar.chats.view.model()
    return next(proxy.index(r, 0) for r in range(proxy.rowCount())
                if proxy.index(r, 0).data() == name)


def _click_chat(qtbot: Any, chats: Chats, name: str) -> None:
    view = chats.window.sidebar.chats.view
    rect = view.visualRect(_index_of(chats, name))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


async def test_messages_order_the_list_and_reading_clears_the_badge(
        qtbot: Any, chats: Chats) -> None:
    window, switch = chats.window, chats.window.sidebar.chats.switch
    assert switch.page == "contacts"  # a new profile has no conversation yet
    qtbot.mouseClick(switch.buttons["chats"], Qt.MouseButton.LeftButton)
    assert window.sidebar.chats.view.isVisible() and not window.roster_view.isVisible()

    chats.bob.send_message(mto=chats.alice, mbody="Lunch\non Friday?", mtype="chat")
    await until(lambda: chats.rows() == [("Bob", "Lunch on Friday?", 1)])
    chats.carol.send_message(mto=chats.alice, mbody="<b>hi</b> from Carol", mtype="chat")
    await until(lambda: chats.rows()[:1] == [(chats.carol_jid, "<b>hi</b> from Carol", 1)])
    assert chats.rows()[1] == ("Bob", "Lunch on Friday?", 1)

    # Bob's row opens his chat (the roster's path); once it was on screen it is read.
    window.activateWindow()
    await until(window.isActiveWindow)
    _click_chat(qtbot, chats, "Bob")
    await until(lambda: window.current == (chats.alice, chats.bob_jid))
    await until(lambda: chats.rows()[1] == ("Bob", "Lunch on Friday?", 0))
    # Sending moves Bob's chat to the top, with "You: ".
    qtbot.keyClicks(window.composer, "Friday works")
    qtbot.keyClick(window.composer, Qt.Key.Key_Return)
    await until(lambda: chats.rows()[0] == ("Bob", "You: Friday works", 0))
    assert chats.rows()[1] == (chats.carol_jid, "<b>hi</b> from Carol", 1)


async def test_close_chat_hides_it_until_the_next_message(qtbot: Any, chats: Chats) -> None:
    sidebar = chats.window.sidebar
    chats.bob.send_message(mto=chats.alice, mbody="first", mtype="chat")
    chats.carol.send_message(mto=chats.alice, mbody="hello", mtype="chat")
    await until(lambda: len(chats.rows()) == 2, shown=chats.rows)
    sidebar.chats.switch.set_page("chats")
    view = sidebar.chats.view
    menu = view.show_menu(view.visualRect(_index_of(chats, "Bob")).center())
    assert isinstance(menu, QMenu)
    close = next(a for a in menu.actions() if a.objectName() == "closeChatAction")
    assert close.text() == "Close chat"
    close.trigger()
    menu.close()
    # On a desktop the window stays active around its context menu; the offscreen platform
    # leaves no window active once the menu closes, so Heron told the server (XEP-0352) that
    # nobody was looking, and Prosody could hold Bob's next message back for as long as that.
    chats.window.activateWindow()
    await until(chats.window.isActiveWindow)
    await until(lambda: [r[0] for r in chats.rows()] == [chats.carol_jid], shown=chats.rows)
    assert [c[:2] for c in chats.app.settings_store.load().closed_chats] == [
        [chats.alice, chats.bob_jid]]  # kept for the next start
    # The history stays: the conversation still opens with its message.
    history = await chats.app.history_page(chats.alice, chats.bob_jid, None, 10)
    assert [m.body for m in history] == ["first"]
    chats.bob.send_message(mto=chats.alice, mbody="are you there?", mtype="chat")
    await until(lambda: chats.rows()[:1] == [("Bob", "are you there?", 2)], shown=chats.rows)
    assert chats.app.settings_store.load().closed_chats == []


async def test_filter_and_switch_by_click_and_shortcut(qtbot: Any, chats: Chats) -> None:
    window, sidebar = chats.window, chats.window.sidebar
    chats.carol.send_message(mto=chats.alice, mbody="one", mtype="chat")
    await until(lambda: len(chats.rows()) == 1)
    chats.bob.send_message(mto=chats.alice, mbody="two", mtype="chat")
    await until(lambda: [r[0] for r in chats.rows()] == ["Bob", chats.carol_jid])
    window.activateWindow()
    await until(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert sidebar.chats.switch.page == "chats" and sidebar.chats.view.isVisible()
    assert sidebar.roster_filter.placeholderText().startswith("Search chats")
    qtbot.keyClicks(sidebar.roster_filter, "BO")
    assert [r[0] for r in chats.rows()] == ["Bob"]
    sidebar.roster_filter.clear()
    qtbot.keyClicks(sidebar.roster_filter, "localhost")  # both; the roster lists Carol first
    assert [r[0] for r in chats.rows()] == ["Bob", chats.carol_jid]
    qtbot.keyClick(sidebar.roster_filter, Qt.Key.Key_Return)  # Enter opens the first chat
    await until(lambda: window.current == (chats.alice, chats.bob_jid))
    sidebar.roster_filter.clear()
    assert len(chats.rows()) == 2
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert sidebar.chats.switch.page == "contacts"
    assert window.roster_view.isVisible() and not sidebar.chats.view.isVisible()
    qtbot.mouseClick(sidebar.chats.switch.buttons["chats"], Qt.MouseButton.LeftButton)
    assert sidebar.chats.view.isVisible()
    # The two buttons are named for screen readers and work from the keyboard.
    for page, button in sidebar.chats.switch.buttons.items():
        assert button.accessibleName() == page.capitalize()
    contacts = sidebar.chats.switch.buttons["contacts"]
    contacts.setFocus()
    qtbot.keyClick(contacts, Qt.Key.Key_Space)
    assert sidebar.chats.switch.page == "contacts" and window.roster_view.isVisible()


async def test_a_profile_with_conversations_opens_on_chats(qtbot: Any, chats: Chats) -> None:
    chats.bob.send_message(mto=chats.alice, mbody="kept", mtype="chat")
    await until(lambda: len(chats.rows()) == 1)
    again = MainWindow(chats.app)  # the next start: the stored conversations, newest first
    again.show()
    await until(lambda: again.sidebar.chats.switch.page == "chats")
    proxy = again.sidebar.chats.view.model()
    assert proxy.rowCount() == 1 and proxy.index(0, 0).data() == "Bob"
    assert proxy.index(0, 0).data(ChatRoles.Preview) == "kept"
    assert proxy.index(0, 0).data(ChatRoles.Unread) == 1
    again.close()


async def test_a_draft_shows_in_its_chat_row_until_it_is_sent_or_cleared(
        qtbot: Any, chats: Chats) -> None:
    window = chats.window
    chats.bob.send_message(mto=chats.alice, mbody="how was it?", mtype="chat")
    await until(lambda: len(chats.rows()) == 1)
    chats.carol.send_message(mto=chats.alice, mbody="hello", mtype="chat")
    await until(lambda: len(chats.rows()) == 2)
    await window.open_conversation(chats.alice, chats.bob_jid)
    qtbot.keyClicks(window.composer, "It was  great,")
    qtbot.keyClick(window.composer, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(window.composer, "thanks")
    await window.open_conversation(chats.alice, chats.carol_jid)  # the draft stays with Bob
    await until(lambda: chats.rows()[0][:2] == ("Bob", "Draft: It was great, thanks"))
    await window.open_conversation(chats.alice, chats.bob_jid)
    window.composer.clear()
    await window.open_conversation(chats.alice, chats.carol_jid)
    await until(lambda: ("Bob", "how was it?") in [r[:2] for r in chats.rows()])
    assert chats.rows()[0][0] == chats.carol_jid  # back in its place: by its last message
