"""Delete for everyone (XEP-0424) from the message menu, with its question, and the tombstones
both sides' deletions leave in the conversation."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from heron.core.events import DeliveryState
from heron.models.messages import MessageRoles
from heron.ui import theme
from heron.ui.confirm import ConfirmDialog
from heron.ui.main_window import MainWindow
from heron.xmpp.services.retraction import NS
from tests.helpers import until
from tests.integration.parties import stop_peer
from tests.integration.test_retraction import send_retraction
from tests.ui.test_main_window import _bodies, _window_with_contact
from tests.ui.test_messenger_basics import (
    _actions,
    _bubble,
    _chat_open,
    _open_menu,
    _painting,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

#: set to a folder to keep light and dark screenshots of the tombstones (looked at by hand)
SHOTS = os.environ.get("HERON_RETRACTION_SHOTS", "")


def _shown_text(window: MainWindow, row: int) -> str:
    """The text the delegate paints in bubble ``row``."""
    delegate, option, index = _painting(window, row)
    return delegate._document(index, delegate._bubble_width(option), option.font).toPlainText()


def _ask_delete(window: MainWindow, row: int) -> ConfirmDialog:
    menu = _open_menu(window, _bubble(window, row).center())
    _actions(menu)["retractMessageAction"].trigger()
    menu.close()
    return next(d for d in window.findChildren(ConfirmDialog) if d.isVisible())


def _retracted(window: MainWindow, row: int) -> bool:
    model = window.message_model
    assert model is not None
    return bool(model.index(row).data(MessageRoles.Message).retracted)


def _retractions(peer: Any) -> list[Any]:
    return [m for m in peer.received if m.xml.find(f"{{{NS}}}retract") is not None]


async def test_delete_for_everyone_asks_first_and_leaves_tombstones(qtbot, server, make_user,
                                                                    tmp_path):
    app, window, peer, alice, bob = await _window_with_contact(qtbot, server, make_user,
                                                               tmp_path)
    try:
        window.resize(760, 560)
        peer.send_message(mto=alice, mbody="my old address is 12 Elm Street", mtype="chat")
        await _chat_open(qtbot, window, alice, bob)
        await until(lambda: len(_bodies(window)) == 1)
        qtbot.keyClicks(window.composer, "sent to the wrong person")
        qtbot.keyClick(window.composer, Qt.Key.Key_Return)
        qtbot.keyClicks(window.composer, "this one stays")
        qtbot.keyClick(window.composer, Qt.Key.Key_Return)
        await until(lambda: peer.bodies()[-2:] == ["sent to the wrong person", "this one stays"])
        model = window.message_model
        assert model is not None
        await until(lambda: model.rowCount() == 3 and model.index(1).data(MessageRoles.State)
                    in (DeliveryState.SENT.value, DeliveryState.DELIVERED.value))

        # Someone else's message offers no deletion for everyone.
        theirs = _open_menu(window, _bubble(window, 0).center())
        assert "retractMessageAction" not in _actions(theirs)
        theirs.close()

        # Cancel: nothing is sent, the message stays.
        dialog = _ask_delete(window, 1)
        assert dialog.objectName() == "confirmRetractDialog"
        assert "everyone" in dialog.windowTitle()
        assert dialog.cancel.isDefault()
        qtbot.mouseClick(dialog.cancel, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()
        await asyncio.sleep(0.5)
        assert _retractions(peer) == []
        assert _bodies(window)[1] == "sent to the wrong person" and not _retracted(window, 1)

        # Delete for everyone: the contact's client gets the retraction, the bubble becomes
        # "You deleted this message"; the next message is untouched.
        original_id = str(peer.received[-2]["id"])
        dialog = _ask_delete(window, 1)
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        await until(lambda: len(_retractions(peer)) == 1)
        assert _retractions(peer)[0].xml.find(f"{{{NS}}}retract").get("id") == original_id
        await until(lambda: _retracted(window, 1))
        assert _shown_text(window, 1) == "You deleted this message"
        assert model.index(1).data(Qt.ItemDataRole.AccessibleTextRole) == (
            "You: message deleted")
        assert _bodies(window) == ["my old address is 12 Elm Street", "", "this one stays"]
        # A tombstone has no menu (nothing to copy, quote or delete).
        assert window.conversation.message_menu_at(_bubble(window, 1).center()) is None

        # The contact deletes theirs: "Message deleted", in its place.
        incoming_id = model.index(0).data(MessageRoles.Message).message_id
        send_retraction(peer, alice, incoming_id)
        await until(lambda: _retracted(window, 0))
        assert _shown_text(window, 0) == "Message deleted"
        assert _shown_text(window, 2) == "this one stays"
        assert await app.repos.messages.search(alice, "Elm") == []
        if SHOTS:
            await _screenshots(window, Path(SHOTS))
    finally:
        await stop_peer(peer)
        await app.close()


async def _screenshots(window: MainWindow, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window.message_view.clearSelection()
    for scheme in ("light", "dark"):
        theme.set_appearance(app, scheme)
        window.message_view.viewport().update()
        await asyncio.sleep(0.2)
        window.grab().save(str(out / f"retraction-{scheme}.png"))
    theme.set_appearance(app, "light")
