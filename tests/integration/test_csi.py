"""XEP-0352: Heron tells a real Prosody when the user stops and starts looking."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from heron.xmpp.services import csi
from tests.helpers import until
from tests.integration.csi_wire import WIRE_LOGGER, client_states
from tests.integration.parties import account_for, start_heron

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def test_inactive_then_active_reach_the_server(server, make_user: Callable, tmp_path: Path,
                                                      caplog: pytest.LogCaptureFixture,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    caplog.set_level(logging.DEBUG, logger=WIRE_LOGGER)
    monkeypatch.setattr(csi, "INACTIVE_AFTER", 0.2)  # <inactive/> waits; not for this test
    alice, alice_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    try:
        session = app.sessions[alice]
        await until(lambda: session.csi.supported, 10)

        def states() -> list[str]:
            return client_states(caplog)

        await until(lambda: states()[-1:] == ["active"], 5)  # said once the stream is up
        session.csi.set_active(False)
        await until(lambda: states()[-1:] == ["inactive"], 5)
        session.csi.set_active(True)
        await until(lambda: states()[-2:] == ["inactive", "active"], 5)
        # The server kept the stream: the state change was a valid XEP-0352 element.
        assert session.connection.connected
    finally:
        await app.close()
