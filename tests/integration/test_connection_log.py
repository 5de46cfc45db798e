"""heron.log answers "what happened to my connection?": every state change, at INFO."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from heron.core.events import ConnectionState
from heron.demo.rig import RigServer
from tests.integration.heron_process import heron_logging
from tests.integration.parties import account_for, start_heron, wait_state

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def test_connection_changes_are_logged_at_info(
        server: RigServer, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    good, bad = make_user(), make_user()
    with heron_logging(tmp_path / "heron.log") as log:  # no --debug: INFO and above
        app = await start_heron(tmp_path / "p", account_for(server, good[0]), good[1])
        try:
            app.save_account(account_for(server, bad[0]), None)
            app.passwords.remember_for_session(bad[0], "not-the-password")
            app.start_account(bad[0])
            await wait_state(app, bad[0], ConnectionState.AUTH_FAILED)
        finally:
            await app.close()
        lines = [line.split(" heron.connection: ", 1)[1]
                 for line in log.read_text().splitlines() if " INFO heron.connection: " in line]
    mine = [line.split(" — ")[0] for line in lines if line.startswith(good[0])]
    assert mine == [f"{good[0]}: connecting", f"{good[0]}: connected", f"{good[0]}: offline"]
    failed = [line for line in lines if line.startswith(bad[0])]
    assert failed[0].startswith(f"{bad[0]}: connecting")
    assert failed[1].startswith(f"{bad[0]}: auth-failed")
    assert "not-the-password" not in log.read_text()
