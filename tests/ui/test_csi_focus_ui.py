"""XEP-0352 and the window's focus: a message that arrives just as the user switches to another
window still shows (Prosody could hold one that met a fresh <inactive/>), the server is told
nobody is looking only after a few seconds out of focus, and a glance away that comes back
sooner tells it nothing. Real window, real Prosody, a real second client."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from heron.models.messages import MessageRoles
from heron.ui.main_window import MainWindow
from heron.xmpp.services import csi
from tests.helpers import until
from tests.integration.csi_wire import WIRE_LOGGER, client_states
from tests.integration.parties import Peer, account_for, start_heron, start_peer, stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

DELAY = 3.0  # INACTIVE_AFTER in these tests (5 s in Heron)


@asynccontextmanager
async def _looking_at_bob(qtbot: Any, server: Any, make_user: Callable[[], tuple[str, str]],
                          tmp_path: Path, caplog: pytest.LogCaptureFixture,
                          monkeypatch: pytest.MonkeyPatch
                          ) -> AsyncIterator[tuple[Any, MainWindow, QWidget, Peer]]:
    """Alice's window in front with her chat with Bob open, the server told she is looking;
    another application's window (``other``) to switch to; Bob's client."""
    caplog.set_level(logging.DEBUG, logger=WIRE_LOGGER)
    monkeypatch.setattr(csi, "INACTIVE_AFTER", DELAY)
    (alice, alice_pw), (bob, bob_pw) = make_user(), make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    bob_client = await start_peer(server, bob, bob_pw)
    try:
        await app.sessions[alice].roster.set_item(bob, "Bob", ())
        window = MainWindow(app)
        qtbot.addWidget(window)
        other = QWidget()
        qtbot.addWidget(other)
        window.show()
        window.activateWindow()
        await until(lambda: window.isActiveWindow() and window.roster_proxy.rowCount() == 1)
        await window.open_conversation(alice, bob)
        await until(lambda: window.message_model is not None)
        await until(lambda: client_states(caplog)[-1:] == ["active"], 10)
        yield app.sessions[alice], window, other, bob_client
    finally:
        await stop_peer(bob_client)
        await app.close()


async def _look_away(window: MainWindow, other: QWidget) -> None:
    """The user switches to another application's window."""
    other.show()
    other.activateWindow()
    await until(lambda: not window.isActiveWindow())


def _bodies(window: MainWindow) -> list[str]:
    model = window.message_model
    assert model is not None
    return [str(model.index(row).data(MessageRoles.Body)) for row in range(model.rowCount())]


async def test_a_message_arriving_as_the_window_loses_focus_shows(
        qtbot: Any, server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    async with _looking_at_bob(qtbot, server, make_user, tmp_path, caplog,
                               monkeypatch) as (session, window, other, bob):
        await _look_away(window, other)
        # Bob's message is on its way at that very moment: the server was not told
        # "nobody is looking" right then, so it has no reason to hold it back.
        assert session.csi.active
        bob.send_message(mto=session.jid, mbody="the ferry leaves at six", mtype="chat")
        await until(lambda: "the ferry leaves at six" in _bodies(window), 10)
        # Still out of focus a while later: now the server hears it.
        await until(lambda: client_states(caplog)[-1:] == ["inactive"], DELAY + 10)
        assert not session.csi.active
        assert session.connection.connected
        window.activateWindow()  # and back: <active/> at once
        await until(lambda: client_states(caplog)[-2:] == ["inactive", "active"], 10)


async def test_a_glance_away_shorter_than_the_delay_tells_the_server_nothing(
        qtbot: Any, server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    async with _looking_at_bob(qtbot, server, make_user, tmp_path, caplog,
                               monkeypatch) as (session, window, other, _bob):
        await _look_away(window, other)
        window.activateWindow()  # back before the delay is up
        await until(window.isActiveWindow)
        await asyncio.sleep(DELAY + 0.5)  # past the moment <inactive/> would have gone out
        assert client_states(caplog) == ["active"]
        assert session.csi.active
