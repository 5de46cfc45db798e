"""Correcting (Up), deleting for everyone (the message menu) and reacting (the menu's quick
row) in an encrypted room, from the real conversation pane, with real OMEMO occupants: each
change reaches the others inside the OMEMO 2 envelope, and none travels in the clear (issue 11
point 5, omemo_own_edits.py)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from heron.crypto.omemo import TWOMEMO
from heron.models.messages import MessageRoles
from heron.ui.confirm import ConfirmDialog
from heron.ui.main_window import MainWindow
from heron.xmpp.services.omemo_edits import REPLACE_TAG
from heron.xmpp.services.reactions import REACTION_TAG, REACTIONS_TAG
from heron.xmpp.services.retraction import RETRACT_TAG
from tests.helpers import until
from tests.integration.omemo_room_peers import say_encrypted
from tests.integration.test_omemo_room_edits import EDIT_NAMESPACES, encrypted_room
from tests.ui.test_main_window import _bodies
from tests.ui.test_messenger_basics import _actions, _bubble, _open_menu

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]
THUMB = "\U0001f44d"
SHOTS = os.environ.get("HERON_SHOTS", "")  # a folder for a screenshot; none in a test run


def _message(window: MainWindow, row: int) -> Any:
    model = window.message_model
    assert model is not None
    return model.index(row).data(MessageRoles.Message)


def _edits_seen(peer: Any) -> list[tuple[str, str, list[str]]]:
    """(tag, id, emoji) of every edit ``peer`` decrypted, in order."""
    return [(e.tag, str(e.get("id")), [r.text or "" for r in e.findall(REACTION_TAG)])
            for envelope in peer.envelopes for e in envelope.content
            if e.tag in (REPLACE_TAG, REACTIONS_TAG, RETRACT_TAG)]


async def test_correct_delete_and_react_in_an_encrypted_room(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    async with encrypted_room(server, make_user, tmp_path, "both") as r:
        alice, bob, carol = r.chat.alice, r.chat.peer, r.carol
        window = MainWindow(r.chat.app)
        qtbot.addWidget(window)
        window.resize(900, 600)
        window.show()
        await window.open_conversation(alice, r.room)
        conversation, composer = window.conversation, window.conversation.composer
        await say_encrypted(bob, r.room, {alice, carol.client.boundjid.bare}, "Who has the keys?")
        await until(lambda: _bodies(window) == ["Who has the keys?"], 30)
        qtbot.keyClicks(composer, "I hve them")
        qtbot.keyClick(composer, Qt.Key.Key_Return)
        await until(lambda: _bodies(window) == ["Who has the keys?", "I hve them"], 30)
        await until(lambda: bool(_message(window, 1).stanza_id), 30)  # the room's echo came
        theirs, mine = _message(window, 0), _message(window, 1)

        # Up in the empty composer corrects our last message; both occupants read it.
        qtbot.keyClick(composer, Qt.Key.Key_Up)
        assert conversation.correcting is not None
        composer.setPlainText("I have them")
        qtbot.keyClick(composer, Qt.Key.Key_Return)
        await until(lambda: _bodies(window) == ["Who has the keys?", "I have them"])
        for peer in (bob, carol):
            await until(lambda p=peer: _edits_seen(p) == [  # type: ignore[misc]
                (REPLACE_TAG, mine.origin_id, [])], 30)
        assert carol.envelopes[-1].body() == "I have them"

        # 👍 from the menu's quick row on Bob's message: a chip here, the set at theirs.
        menu = _open_menu(window, _bubble(window, 0).center())
        quick = {b.text(): b for b in menu.findChildren(QToolButton, "quickReaction")}
        qtbot.mouseClick(quick[THUMB], Qt.MouseButton.LeftButton)
        await until(lambda: dict(_message(window, 0).reactions).get(THUMB) == (alice,), 30)
        for peer in (bob, carol):
            await until(lambda p=peer: len(_edits_seen(p)) == 2, 30)  # type: ignore[misc]
            assert _edits_seen(peer)[1] == (REACTIONS_TAG, theirs.stanza_id, [THUMB])

        # Delete ours for everyone: confirmed, a tombstone here, the retraction at theirs.
        actions = _actions(_open_menu(window, _bubble(window, 1).center()))
        actions["retractMessageAction"].trigger()
        dialog = window.findChild(ConfirmDialog, "confirmRetractDialog")
        assert dialog is not None
        dialog.confirmed.emit()
        await until(lambda: _message(window, 1).retracted, 30)
        for peer in (bob, carol):
            await until(lambda p=peer: len(_edits_seen(p)) == 3, 30)  # type: ignore[misc]
            assert _edits_seen(peer)[2] == (RETRACT_TAG, mine.stanza_id, [])
            # the server saw none of it: every edit travelled inside OMEMO 2 only
            assert not any(ns in raw for raw in peer.raw for ns in EDIT_NAMESPACES)
            assert not any(THUMB in raw or "I have them" in raw for raw in peer.raw)
        assert all(ns == TWOMEMO for ns, _who, _text in r.carol_hears.decrypted)
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            window.grab().save(str(Path(SHOTS) / "omemo-room-edits.png"))
