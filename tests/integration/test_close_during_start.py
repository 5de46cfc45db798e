"""Closing while the session starts leaves nothing of the start-up running that could still
send: the discovery of the server asks in two rounds (its services' info after their list),
and a second round sent after the stream closed was an error in the log ("Exception raised in
send queue", test_quick_close.py's rare failure under load).

Deterministic: a proxy between Heron and the real server holds the server's answers to the
first round until Heron has written its end of stream, then lets Heron read them while its
stream is still open. A discovery that was not stopped with the session asks its second round
then, after the end of the stream."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from heron.demo.rig import RigServer
from tests.helpers import until
from tests.integration.holding_proxy import HoldingProxy
from tests.integration.parties import start_heron

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

#: The first round's list of the server's services (sent beside its other two questions)
ITEMS_QUESTION = re.compile(rb"<query xmlns=[\"']http://jabber.org/protocol/disco#items[\"']")


async def test_closing_during_start_up_stops_the_server_discovery(
        server: RigServer, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    jid, password = make_user()
    proxy = HoldingProxy(server, ITEMS_QUESTION)
    await proxy.start()
    account = proxy.account(jid)
    app = await start_heron(tmp_path / "p", account, password, connect=False)
    try:
        caplog.set_level(logging.DEBUG, logger="slixmpp")
        app.start_account(jid)
        # The discovery has asked; the server's answers wait in the proxy.
        await until(lambda: proxy.holding, 15)
        discovery = app.sessions[jid].server_features._task
        assert discovery is not None and not discovery.done()
        await app.close()
        # Ended with the session: cancelled, not failing on the closed stream later.
        assert discovery.cancelled()
        await asyncio.sleep(0.2)  # a question it would still ask is on its way by now
    finally:
        await proxy.close()
    # The answers did reach Heron, after its end of stream, its stream still open ...
    assert proxy.released and b"disco#items" in proxy.held
    # ... and nothing but stream management's acks followed the end of the stream,
    sent = [r.getMessage() for r in caplog.records if r.getMessage().startswith("SEND: ")]
    end = sent.index("SEND: </stream:stream>")
    assert [line for line in sent[end + 1:] if not line.startswith("SEND: <a ")] == [], sent
    # ... and nothing failed on the closed stream.
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
