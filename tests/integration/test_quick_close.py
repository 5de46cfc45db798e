"""Closing at the worst moment: the instant a session starts, while it is still setting up."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from heron.application import Heron
from heron.core.bus import Phase
from heron.core.events import ConnectionChanged, ConnectionState, DeliveryState
from heron.core.tasks import spawn
from heron.demo.rig import RigServer
from tests.helpers import until
from tests.integration.parties import account_for, start_heron

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def _close_after(app: Heron, delay: float) -> None:
    await asyncio.sleep(delay)
    await app.close()


@pytest.mark.parametrize("delay", [n / 200 for n in range(13)])  # 0 to 60 ms
async def test_closing_while_the_session_sets_up_is_clean(
        delay: float, server: RigServer, make_user: Callable[[], tuple[str, str]],
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    jid, password = make_user()
    app = await start_heron(tmp_path / "p", account_for(server, jid), password, connect=False)
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


@pytest.mark.parametrize("turns", [1, 2, 3])
async def test_a_stanza_on_its_way_out_is_sent_before_the_stream_ends(
        turns: int, server: RigServer, make_user: Callable[[], tuple[str, str]],
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """slixmpp takes a stanza off its queue before it writes it; a </stream> written in
    between would go first, and the server resets a stream that continues after its end."""
    jid, password = make_user()
    app = await start_heron(tmp_path / "p", account_for(server, jid), password)
    session = app.sessions[jid]
    client = session.client
    # The session's set-up is over: only our stanza is on its way.
    await until(lambda: session._setup is not None and session._setup.done(), 10)
    await until(client.waiting_queue.empty, 5)
    caplog.set_level(logging.DEBUG, logger="slixmpp")
    client.send_presence(pstatus="leaving")
    for _ in range(turns):  # slixmpp's sender picks it up and runs its outgoing filters
        await asyncio.sleep(0)
    await app.close()
    sent = [r.getMessage() for r in caplog.records if r.getMessage().startswith("SEND: ")]
    end = sent.index("SEND: </stream:stream>")
    assert any("leaving" in line for line in sent[:end])
    # Nothing but stream management's own acks may follow the end of the stream.
    assert [line for line in sent[end + 1:] if not line.startswith("SEND: <a ")] == [], sent


async def test_messages_acknowledged_while_closing_are_stored_as_sent(
        server: RigServer, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    """The server's acks for the last messages arrive while the stream closes: they must be
    stored (ticks "sent", outbox empty) before the database closes, not fail against it."""
    me, me_pw = make_user()
    friend, _ = make_user()
    app = await start_heron(tmp_path / "p", account_for(server, me), me_pw)
    session = app.sessions[me]
    for n in range(5):
        await session.chat.send(friend, f"last words {n}")
    await app.close()  # at once: the acks come in during the close
    again = await start_heron(tmp_path / "p", account_for(server, me), me_pw, connect=False)
    try:
        page = await again.history_page(me, friend, None, 10)
        assert [m.state for m in page] == [DeliveryState.SENT] * 5
        assert await again.repos.outbox.pending(me) == []
    finally:
        await again.close()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
