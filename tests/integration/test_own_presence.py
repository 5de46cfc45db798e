"""Signing in announces the user's own presence once, as they left it: a contact never sees
"available" first and "do not disturb" a moment later."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest

from heron.demo.rig import RigServer
from tests.helpers import until
from tests.integration.heron_process import befriend
from tests.integration.parties import account_for, start_heron, start_peer, stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def test_sign_in_announces_the_saved_presence_once(
        server: RigServer, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    me, friend = make_user(), make_user()
    await befriend(server, me, friend)
    watcher = await start_peer(server, *friend)
    seen: list[tuple[str, str]] = []
    watcher.add_event_handler("presence", lambda p: seen.append(
        (str(p["from"].bare), str(p["show"]) or "available")) if p["type"] != "unavailable"
        else None)
    app = await start_heron(tmp_path / "p", account_for(server, me[0]), me[1], connect=False)
    try:
        app.settings.presence_show, app.settings.presence_status = "dnd", "in a meeting"
        app.start_account(me[0])
        await until(lambda: (me[0], "dnd") in seen, 15)
        await until(lambda: app.sessions[me[0]].connection.connected, 5)
        await asyncio.sleep(1.0)  # anything sent after the first would arrive by now
        assert [show for jid, show in seen if jid == me[0]] == ["dnd"]
    finally:
        await app.close()
        await stop_peer(watcher)
