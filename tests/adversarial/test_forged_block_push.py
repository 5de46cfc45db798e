"""A block-list push (XEP-0191) believed only from the user's own server: anyone else could
otherwise make Heron show someone as blocked, or as unblocked while the server blocks them."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from slixmpp.exceptions import IqError

from heron.demo.rig import RigServer
from tests.helpers import until
from tests.integration.parties import account_for, start_heron, start_peer, stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def test_a_block_push_from_someone_else_changes_nothing(
        server: RigServer, make_user: Any, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    alice, mallory = make_user(), make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice[0]), alice[1])
    attacker = await start_peer(server, *mallory)
    answers: list[str] = []
    try:
        blocking = app.sessions[alice[0]].blocking
        await until(lambda: blocking.blocked == set() and app.sessions[alice[0]].set_up)
        full = str(app.sessions[alice[0]].client.boundjid)
        for payload in ("<block xmlns='urn:xmpp:blocking'><item jid='friend@localhost'/></block>",
                        "<unblock xmlns='urn:xmpp:blocking'/>"):
            iq = attacker.make_iq_set(ito=full)
            iq.append(ElementTree.fromstring(payload))
            with pytest.raises(IqError) as refused:
                await iq.send(timeout=10)
            answers.append(str(refused.value.iq["error"]["condition"]))
        assert answers == ["not-allowed", "not-allowed"]
        assert blocking.blocked == set()
        assert sum("rejected block-push" in r.getMessage() for r in caplog.records) == 2
    finally:
        await stop_peer(attacker)
        await app.close()
