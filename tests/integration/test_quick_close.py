"""Closing at the worst moment: the instant a session starts, while it is still setting up."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from heron.application import Heron
from heron.core.bus import Phase
from heron.core.events import ConnectionChanged, ConnectionState
from heron.core.tasks import spawn
from heron.demo.prosody import LocalProsody
from tests.helpers import until
from tests.integration.parties import account_for, start_heron

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def _close_after(app: Heron, delay: float) -> None:
    await asyncio.sleep(delay)
    await app.close()


@pytest.mark.parametrize("delay", [n / 200 for n in range(13)])  # 0 to 60 ms
async def test_closing_while_the_session_sets_up_is_clean(
        delay: float, prosody: LocalProsody, make_user: Callable[[], tuple[str, str]],
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    jid, password = make_user()
    app = await start_heron(tmp_path / "p", account_for(prosody, jid), password, connect=False)
    closed = []

    def close_now(event: ConnectionChanged) -> None:
        if event.state is ConnectionState.CONNECTED and not closed:
            closed.append(spawn(_close_after(app, delay)))

    app.bus.subscribe(ConnectionChanged, close_now, Phase.UI)
    caplog.set_level(logging.WARNING)
    app.start_account(jid)
    await until(lambda: closed and closed[0].done(), 15)
    assert closed[0].exception() is None
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]
