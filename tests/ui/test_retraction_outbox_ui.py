"""Delete for everyone while offline (XEP-0424): the bubble becomes a tombstone that says it
is waiting to be sent, and the contact gets the retraction once Heron is back online. A
message the contact has read can be deleted (it could not before)."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from PySide6.QtCore import Qt

from heron.core.events import ConnectionState, DeliveryState
from heron.models.messages import MessageRoles
from heron.ui.delegates import MessageDelegate
from heron.ui.main_window import MainWindow
from heron.xmpp.services.retraction import NS
from tests.helpers import until
from tests.integration.parties import stop_peer, wait_state
from tests.ui.test_main_window import _window_with_contact
from tests.ui.test_messenger_basics import _bubble, _chat_open, _tooltip
from tests.ui.test_retraction_ui import _ask_delete, _retracted, _shown_text

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

#: set to a folder to keep a screenshot of the waiting tombstone (looked at by hand)
SHOTS = os.environ.get("HERON_RETRACTION_SHOTS", "")


def _meta_tooltip(window: MainWindow, row: int) -> str:
    """The tooltip over the bubble's time and tick, as the mouse would show it."""
    return _tooltip(window, MessageDelegate._meta_rect(MessageDelegate(),
                                                       _bubble(window, row)).center())


async def test_deleting_offline_waits_then_reaches_the_contact(qtbot: Any, server: Any,
                                                               make_user: Any,
                                                               tmp_path: Any) -> None:
    app, window, peer, alice, bob = await _window_with_contact(qtbot, server, make_user,
                                                               tmp_path)
    try:
        window.resize(760, 560)
        await _chat_open(qtbot, window, alice, bob)
        qtbot.keyClicks(window.composer, "the meeting moved to room 12")
        qtbot.keyClick(window.composer, Qt.Key.Key_Return)
        await until(lambda: peer.bodies() == ["the meeting moved to room 12"])
        original_id = str(peer.received[0]["id"])
        # Bob's client says he read it (XEP-0333).
        marker = peer.make_message(mto=alice, mtype="chat")
        ET.SubElement(marker.xml, "{urn:xmpp:chat-markers:0}displayed", {"id": original_id})
        marker.send()
        model = window.message_model
        assert model is not None
        await until(lambda: model.index(0).data(MessageRoles.State) == DeliveryState.READ.value)

        session = app.sessions[alice]
        await session.disconnect()
        await wait_state(app, alice, ConnectionState.OFFLINE)
        qtbot.mouseClick(_ask_delete(window, 0).ok, Qt.MouseButton.LeftButton)
        await until(lambda: _retracted(window, 0))
        assert _shown_text(window, 0) == "You deleted this message"
        assert "Waiting to be sent" in _meta_tooltip(window, 0)
        if SHOTS:
            window.grab().save(f"{SHOTS}/retraction-waiting.png")

        session.connect()
        await until(lambda: [m.xml.find(f"{{{NS}}}retract").get("id") for m in peer.received
                             if m.xml.find(f"{{{NS}}}retract") is not None] == [original_id],
                    15)
        await until(lambda: model.index(0).data(MessageRoles.State)
                    == DeliveryState.READ.value)
        assert "Waiting to be sent" not in _meta_tooltip(window, 0)
        assert window.conversation.message_menu_at(_bubble(window, 0).center()) is None
    finally:
        await stop_peer(peer)
        await app.close()

