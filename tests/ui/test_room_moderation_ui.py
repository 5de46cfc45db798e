"""A moderator removes a message from the window (XEP-0425): the menu entry, the reason, the
tombstone beside ordinary messages; a real reader hears the moderation from the room.

With HERON_ROOM_SHOTS=DIR the test also saves room-moderated.png and room-moderated-dark.png
there (docs/screenshots holds the ones looked at)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

from heron.models.messages import MessageRoles
from heron.ui import theme
from heron.ui.main_window import MainWindow
from heron.ui.room_moderation import RemoveMessageDialog
from heron.xmpp.services.room_moderation import parse_moderation
from tests.helpers import until
from tests.integration.parties import stop_peer
from tests.integration.rooms import create_room, enter, heron_with_two_occupants, room_address
from tests.integration.test_room_edits import said
from tests.ui.test_main_window import _bodies
from tests.ui.test_messenger_basics import _painting
from tests.ui.test_room_edits_ui import _menu_names

pytestmark = [
    pytest.mark.asyncio, pytest.mark.integration,
    pytest.mark.server("prosody", reason="ejabberd 23.01 (Debian 12) has no XEP-0425")]

SHOTS = os.environ.get("HERON_ROOM_SHOTS", "")


def _shown_text(window: MainWindow, row: int) -> str:
    delegate, option, index = _painting(window, row)
    return delegate._document(index, delegate._bubble_width(option), option.font).toPlainText()


async def test_a_moderator_removes_a_message_with_a_reason_from_the_menu(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    app, alice, bob, carol = await heron_with_two_occupants(server, make_user, tmp_path / "a")
    room = room_address(server, "modui")
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.resize(900, 560)
    window.show()
    seen: list[Any] = []  # what Bob's client receives
    bob.register_handler(Callback("all", MatchXPath("{jabber:client}message"), seen.append))
    try:
        session = app.sessions[alice]
        await session.muc.join(room, "Alice", create=True)  # the owner: a moderator
        await enter(bob, room, "Bob")
        await enter(carol, room, "Carol")
        await window.open_conversation(alice, room)
        await until(lambda: session.room_moderation.can_moderate(room))
        said(bob, room, "Morning! The build is green again.")
        await until(lambda: len(_bodies(window)) == 1)
        said(carol, room, "CLICK HERE for free crypto!!!")
        await until(lambda: len(_bodies(window)) == 2)
        said(bob, room, "Thanks for the quick fix.")
        await until(lambda: len(_bodies(window)) == 3)
        model = window.message_model
        assert model is not None
        await until(lambda: model.index(1).data(MessageRoles.Message).stanza_id)
        assert "removeMessageAction" in _menu_names(window, 1)
        menu = window.conversation.message_menu_at(
            window.message_view.visualRect(model.index(1)).center())
        assert menu is not None
        next(a for a in menu.actions() if a.objectName() == "removeMessageAction").trigger()
        dialog = window.findChild(RemoveMessageDialog, "removeMessageDialog")
        assert dialog is not None and dialog.isVisible()
        assert "a message of Carol" in " ".join(label.text()
                                                for label in dialog.findChildren(QLabel))
        qtbot.keyClicks(dialog.reason, "Spam")
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        await until(lambda: model.index(1).data(MessageRoles.Message).retracted)
        assert _shown_text(window, 1) == "Removed by a moderator (Spam)"
        assert _shown_text(window, 0) == "Morning! The build is green again."
        await until(lambda: any(parse_moderation(m.xml) for m in seen))
        assert [parse_moderation(m.xml)[1] for m in seen  # type: ignore[index]
                if parse_moderation(m.xml)] == ["Spam"]
        if SHOTS:
            window.message_view.selectionModel().clear()
            for scheme in ("light", "dark"):
                theme.apply(QApplication.instance(), scheme)  # type: ignore[arg-type]
                await asyncio.sleep(0.3)
                suffix = "" if scheme == "light" else "-dark"
                window.grab().save(str(Path(SHOTS) / f"room-moderated{suffix}.png"))
            theme.apply(QApplication.instance(), "light")  # type: ignore[arg-type]
    finally:
        await stop_peer(bob)
        await stop_peer(carol)
        await app.close()


async def test_no_remove_entry_for_someone_who_does_not_moderate(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    app, alice, bob, carol = await heron_with_two_occupants(server, make_user, tmp_path / "a")
    room = room_address(server, "nomod")
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    try:
        await create_room(bob, room, "Bob")
        await app.sessions[alice].muc.join(room, "Alice")
        await window.open_conversation(alice, room)
        said(bob, room, "hello")
        await until(lambda: len(_bodies(window)) == 1)
        await until(lambda: window.message_model.index(0).data(MessageRoles.Message).stanza_id)
        names = _menu_names(window, 0)
        assert "replyMessageAction" in names and "removeMessageAction" not in names
    finally:
        await stop_peer(bob)
        await stop_peer(carol)
        await app.close()
