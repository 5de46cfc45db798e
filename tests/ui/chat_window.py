"""Alice's Heron window on the test server with real clients as the people who write to her
(the first ones in her roster by the names given, the rest strangers)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from heron.application import Heron
from heron.ui.main_window import MainWindow
from tests.helpers import until
from tests.integration.parties import (
    Peer,
    account_for,
    eventually,
    start_heron,
    start_peer,
    stop_peer,
)


@asynccontextmanager
async def window_with_peers(server: Any, make_user: Any, profile: Path, names: tuple[str, ...],
                            strangers: int = 1,
                            ) -> AsyncIterator[tuple[Heron, MainWindow, str, list[Peer]]]:
    alice, pw = make_user()
    users = [make_user() for _ in range(len(names) + strangers)]
    app = await start_heron(profile, account_for(server, alice), pw)
    for (jid, _pw), name in zip(users, names, strict=False):
        await app.sessions[alice].roster.set_item(jid, name, ())
    window = MainWindow(app)  # closed below, after Heron: its views hear the last events
    window.show()
    peers = [await start_peer(server, jid, password) for jid, password in users]
    # The first archive catch-up is over: what comes now arrives live, once.
    await eventually(lambda: app.repos.mam.get(alice, alice, ""), lambda known: known is not None)
    await until(lambda: all(window.roster_model.row_for(jid) is not None
                            for jid, _pw in users[:len(names)]))
    try:
        yield app, window, alice, peers
    finally:
        for peer in peers:
            await stop_peer(peer)
        await app.close()
        window.close()
