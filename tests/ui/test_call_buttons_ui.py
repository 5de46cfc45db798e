"""Calling from a chat (issue 10, point 1): the header's voice and video call buttons work only
for a contact whose online device takes calls, and say why not otherwise; a call shows
"Calling Carol…" then "Ringing Carol…" with Cancel, which retracts the call at Carol's real
client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from heron.application import Heron
from heron.ui.main_window import MainWindow
from heron.xmpp.services.jmi import NS
from tests.helpers import until
from tests.integration.call_parties import jmi_received, recording_jmi, send_jmi
from tests.integration.heron_process import befriend
from tests.integration.parties import Peer, account_for, start_heron, start_peer, stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def _takes_calls(peer: Peer) -> None:
    peer.plugin["xep_0030"].add_feature(NS)
    # No receipts: a receipt to the proposal would say "ringing" by itself (Conversations'
    # way); this contact rings only when the test says so, as Dino does with <ringing/>.
    if "xep_0184" in peer.plugin:
        peer.plugin["xep_0184"].auto_ack = False
    recording_jmi(peer)


@asynccontextmanager
async def alice_with_contacts(server: Any, make_user: Any, tmp_path: Path,
                              ) -> AsyncIterator[tuple[Heron, MainWindow, str, Peer, Peer, str]]:
    """Alice's window; Bob's app cannot take calls, Carol's can; Dave is offline."""
    alice, bob, carol, dave = make_user(), make_user(), make_user(), make_user()
    for user in (bob, carol, dave):
        await befriend(server, alice, user)
    app = await start_heron(tmp_path / "alice", account_for(server, alice[0]), alice[1])
    for (jid, _pw), name in ((bob, "Bob"), (carol, "Carol"), (dave, "Dave")):
        await app.sessions[alice[0]].roster.set_item(jid, name, ())
    window = MainWindow(app)
    await until(lambda: window.roster_model.row_for(dave[0]) is not None)
    window.show()
    peers = [await start_peer(server, *bob), await start_peer(server, *carol,
                                                              setup=_takes_calls)]
    try:
        yield app, window, alice[0], peers[0], peers[1], dave[0]
    finally:
        for peer in peers:
            await stop_peer(peer)
        await app.close()
        window.close()


async def test_call_buttons_and_the_calling_line(qtbot: Any, server: Any, make_user: Any,
                                                 tmp_path: Path) -> None:
    async with alice_with_contacts(server, make_user, tmp_path) as (app, window, alice, bob,
                                                                    carol, dave):
        calls = window.conversation.calls
        await window.open_conversation(alice, dave)
        await until(lambda: calls.reason.startswith("Dave is offline"))
        assert not calls.video_button.isEnabled()
        await window.open_conversation(alice, bob.boundjid.bare)
        await until(lambda: calls.reason == "Bob's apps do not take calls")
        assert calls.audio_button.isVisible() and not calls.audio_button.isEnabled()
        assert calls.video_button.toolTip() == "Bob's apps do not take calls"

        await window.open_conversation(alice, carol.boundjid.bare)
        await until(lambda: calls.reason == "")
        assert calls.audio_button.isEnabled() and calls.video_button.isEnabled()
        assert calls.video_button.accessibleName() == "Video call"
        qtbot.mouseClick(calls.video_button, Qt.MouseButton.LeftButton)
        await until(lambda: jmi_received(carol) == ["propose"])
        propose = carol.jmi[0].xml.find(f"{{{NS}}}propose")
        media = [d.get("media") for d in propose]
        assert media == ["audio", "video"]
        assert calls.banner.isVisible() and calls.banner_label.text() == "Calling Carol…"
        assert not calls.audio_button.isEnabled(), "one call at a time"
        window.grab().save("/tmp/heron-calling.png")
        send_jmi(carol, str(app.sessions[alice].client.boundjid), "ringing", propose.get("id"))
        await until(lambda: calls.banner_label.text() == "Ringing Carol…")
        qtbot.mouseClick(calls.cancel_button, Qt.MouseButton.LeftButton)
        await until(lambda: jmi_received(carol) == ["propose", "retract"])
        await until(lambda: not calls.banner.isVisible())
        await until(calls.audio_button.isEnabled)
