"""Closing while the session starts leaves nothing of the start-up running that could still
send: the discovery of the server asks in two rounds (its services' info after their list),
and a second round sent after the stream closed was an error in the log ("Exception raised in
send queue", test_quick_close.py's rare failure under load)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from heron.core.bus import Phase
from heron.core.events import ConnectionChanged, ConnectionState
from heron.core.tasks import spawn
from heron.demo.rig import RigServer
from tests.helpers import until
from tests.integration.parties import account_for, start_heron

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


@pytest.mark.parametrize("delay", [0, 0.005, 0.01, 0.02])
async def test_closing_during_start_up_stops_the_server_discovery(
        delay: float, server: RigServer, make_user: Callable[[], tuple[str, str]],
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    jid, password = make_user()
    app = await start_heron(tmp_path / "p", account_for(server, jid), password, connect=False)
    closed: list[asyncio.Future[None]] = []
    under_way: list[asyncio.Future[object]] = []  # the discovery, if not over at the close
    over_at_close: list[bool] = []  # whether it had ended cleanly once the close returned

    async def close_after() -> None:
        await asyncio.sleep(delay)
        task = app.sessions[jid].server_features._task
        if task is not None and not task.done():
            under_way.append(task)
        await app.close()
        over_at_close.append(all(task.done() and (task.cancelled() or task.exception() is None)
                                 for task in under_way))

    def close_now(event: ConnectionChanged) -> None:
        if event.state is ConnectionState.CONNECTED and not closed:
            closed.append(spawn(close_after()))

    app.bus.subscribe(ConnectionChanged, close_now, Phase.UI)
    caplog.set_level(logging.DEBUG, logger="slixmpp")
    app.start_account(jid)
    await until(lambda: closed and closed[0].done(), 15)
    await asyncio.sleep(0.1)  # a question it would still ask is on its way by now
    # A discovery under way when the close began had ended cleanly when the close returned:
    # abandoned, or (a fresh Debian 12 run saw it once) answered just as the close began;
    # never failing on the closed stream ...
    assert over_at_close == [True]
    if delay == 0:
        assert under_way  # (here it always was under way)
    # ... so nothing but stream management's acks followed the end of the stream.
    sent = [r.getMessage() for r in caplog.records if r.getMessage().startswith("SEND: ")]
    end = sent.index("SEND: </stream:stream>")
    assert [line for line in sent[end + 1:] if not line.startswith("SEND: <a ")] == [], sent
