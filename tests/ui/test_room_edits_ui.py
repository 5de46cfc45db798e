"""Correcting, deleting, reacting and replying in a room from the window, with real occupants."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

from heron.models.messages import MessageRoles
from heron.ui.confirm import ConfirmDialog
from heron.ui.main_window import MainWindow
from tests.helpers import until
from tests.integration.parties import stop_peer
from tests.integration.test_room_edits import react, room_of_three, room_stanza_id, said, tagged
from tests.ui.test_main_window import _bodies
from tests.ui.test_messenger_basics import _tooltip
from tests.ui.test_reactions_replies_ui import _chips

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

REPLACE = "{urn:xmpp:message-correct:0}replace"
RETRACT = "{urn:xmpp:message-retract:1}retract"


def _menu_names(window: MainWindow, row: int) -> set[str]:
    model = window.message_model
    assert model is not None
    menu = window.conversation.message_menu_at(
        window.message_view.visualRect(model.index(row)).center())
    assert menu is not None
    return {a.objectName() for a in menu.actions() if a.objectName()}


async def test_correct_with_up_delete_react_and_reply_in_a_room(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    app, alice, bob, carol, room = await room_of_three(server, make_user, tmp_path)
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    seen: list[Any] = []  # everything Carol's client receives
    carol.register_handler(Callback("all", MatchXPath("{jabber:client}message"), seen.append))
    try:
        await window.open_conversation(alice, room)
        said(bob, room, "Who has the keys?")
        await until(lambda: _bodies(window) == ["Who has the keys?"])
        await until(lambda: "Who has the keys?" in carol.bodies())
        # Bob's message: react and reply, not correct or delete (not ours).
        await until(lambda: window.message_model.index(0).data(MessageRoles.Message).stanza_id)
        theirs = _menu_names(window, 0)
        assert {"replyMessageAction", "pickReactionAction", "copyMessageAction"} <= theirs
        assert not {"correctMessageAction", "retractMessageAction"} & theirs
        # Reply from the menu: the reply names the room's id for Bob's message.
        conversation = window.conversation
        conversation.rich.start_reply(window.message_model.index(0).data(MessageRoles.Message))
        assert conversation.rich.reply_label.text().startswith("Replying to Bob:")
        composer = conversation.composer
        qtbot.keyClicks(composer, "I hve them")
        qtbot.keyClick(composer, Qt.Key.Key_Return)
        await until(lambda: tagged(seen, "{urn:xmpp:reply:0}reply"))
        assert tagged(seen, "{urn:xmpp:reply:0}reply") == [
            room_stanza_id(carol, room, "Who has the keys?")]
        await until(lambda: _bodies(window) == ["Who has the keys?", "I hve them"])
        delegate = window.message_view.itemDelegate()
        await until(lambda: window.message_model.index(1).data(MessageRoles.Message).reply)
        assert delegate.extras.quote_lines(  # type: ignore[attr-defined]
            window.message_model.index(1).data(MessageRoles.Message)) == (
            "Bob", "Who has the keys?")  # the nick, not the room's address
        await until(lambda: window.message_model.index(1).data(MessageRoles.Message).stanza_id)
        mine = _menu_names(window, 1)
        assert {"correctMessageAction", "retractMessageAction", "replyMessageAction"} <= mine
        # Up in the empty composer corrects our last message; Carol gets the correction.
        qtbot.keyClick(composer, Qt.Key.Key_Up)
        assert conversation.correcting is not None
        composer.setPlainText("I have them")
        qtbot.keyClick(composer, Qt.Key.Key_Return)
        await until(lambda: _bodies(window) == ["Who has the keys?", "I have them"])
        await until(lambda: [str(m["body"]) for m in seen if m.xml.find(REPLACE) is not None]
                    == ["I have them"])
        # Bob and Carol react to Bob's message: one chip, its tooltip names them by nick.
        sid = room_stanza_id(carol, room, "Who has the keys?")

        def thumbs() -> tuple[str, ...]:
            return tuple(dict(window.message_model.index(0).data(
                MessageRoles.Message).reactions).get("👍", ()))

        react(bob, room, sid, "👍")
        await until(lambda: len(thumbs()) == 1)  # people are listed as their reactions came
        react(carol, room, sid, "👍")
        await until(lambda: len(_chips(window, 0)) == 1 and len(thumbs()) == 2, 30,
                    shown=lambda: (thumbs(), len(_chips(window, 0))))
        tip = _tooltip(window, _chips(window, 0)[0][1].center())
        assert "👍 from Bob, Carol<" in tip, tip  # nicks, nothing else
        # Delete ours for everyone: confirmed, a tombstone here, a retraction at Carol's.
        model = window.message_model
        menu = conversation.message_menu_at(
            window.message_view.visualRect(model.index(1)).center())
        assert menu is not None
        next(a for a in menu.actions() if a.objectName() == "retractMessageAction").trigger()
        dialog = window.findChild(ConfirmDialog, "confirmRetractDialog")
        assert dialog is not None
        dialog.confirmed.emit()
        await until(lambda: model.index(1).data(MessageRoles.Message).retracted)
        await until(lambda: tagged(seen, RETRACT))
        assert tagged(seen, RETRACT) == [model.index(1).data(MessageRoles.Message).stanza_id]
    finally:
        await stop_peer(bob)
        await stop_peer(carol)
        await app.close()
