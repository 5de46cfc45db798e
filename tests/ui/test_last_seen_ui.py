"""When a contact was last there (issue 8, point 6), in the chat's subtitle: idle time from
their client's presence (XEP-0319), "last seen" from their server once they are offline
(XEP-0012). The contact is a second real client on the test server."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from heron.core.events import LastActivityKnown
from heron.ui.last_seen import phrase
from heron.ui.main_window import MainWindow
from tests.helpers import until
from tests.integration.heron_process import befriend
from tests.integration.parties import account_for, start_heron, start_peer, stop_peer

NOW = 1_800_000_000.0


@pytest.mark.parametrize(("idle", "seen", "show", "words"), [
    (NOW - 20 * 60, None, "away", "idle for 20 minutes"),
    (NOW - 30, None, "available", ""),  # just now: nothing to say
    (None, NOW - 3 * 3600, "offline", "last seen 3 hours ago"),
    (None, NOW - 10, "offline", "last seen just now"),
    (None, NOW - 90_000, "offline", "last seen a day ago"),
    (NOW - 600, None, "offline", ""),  # idle says nothing once they are gone
])
def test_phrases(qapp: Any, idle: float | None, seen: float | None, show: str,
                 words: str) -> None:
    assert phrase(LastActivityKnown("a@x", "b@x", idle, seen), show, NOW) == words


@pytest.mark.asyncio
@pytest.mark.integration
async def test_the_subtitle_says_idle_and_last_seen(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    alice, bob, carol = make_user(), make_user(), make_user()
    await befriend(server, alice, bob)
    await befriend(server, alice, carol)
    app = await start_heron(tmp_path / "alice", account_for(server, alice[0]), alice[1])
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    peer = await start_peer(server, *bob, presence=False)
    try:
        await until(lambda: window.roster_model.row_for(bob[0]) is not None)
        # Bob comes back, idle, just as Alice opens his chat (shown offline, so Heron asks his
        # server when he left). Alice's Heron reads his presence only after it asked; the
        # server's answer, queued behind it, is older news and must not hide the idle time.
        transport = app.sessions[alice[0]].client.transport
        transport.pause_reading()
        since = datetime.fromtimestamp(time.time() - 20 * 60 - 5, UTC)
        presence = peer.make_presence(pshow="away")
        idle = presence.xml.makeelement("{urn:xmpp:idle:1}idle",
                                        {"since": since.strftime("%Y-%m-%dT%H:%M:%SZ")})
        presence.xml.append(idle)
        presence.send()
        await peer.plugin["xep_0199"].ping(jid=peer.boundjid.domain, timeout=10)  # routed
        await window.open_conversation(alice[0], bob[0])
        await asyncio.sleep(1.0)  # the server answers the question meanwhile, behind it
        transport.resume_reading()
        subtitle = window.conversation.subtitle_label
        await until(lambda: "idle for 20 minutes" in subtitle.text())
        assert subtitle.text().startswith(f"{bob[0]} · Away, idle for 20 minutes")
        await stop_peer(peer)
        await until(lambda: "last seen just now" in subtitle.text())
        # Carol has been offline all along: her server says when she left.
        await window.open_conversation(alice[0], carol[0])
        await until(lambda: "last seen" in subtitle.text())
        assert subtitle.text().startswith(f"{carol[0]} · Offline, last seen ")
    finally:
        await app.close()
