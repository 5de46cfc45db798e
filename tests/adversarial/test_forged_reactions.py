"""Reactions from whom they may not come (XEP-0444 through ``policy.reaction_ok``): a third
party naming a message of another conversation, or a message that does not exist, changes
nothing and is logged."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from heron.core.events import MessagesAdded
from tests.helpers import until
from tests.integration.parties import (
    Recorder,
    account_for,
    eventually,
    start_heron,
    start_peer,
    stop_peer,
)
from tests.integration.test_reactions_replies import messages, send_reactions

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def _rejections(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [str(getattr(r, "policy_reason", "")) for r in caplog.records
            if r.name == "heron.policy" and getattr(r, "policy_kind", "") == "reaction"]


async def test_a_third_partys_reaction_and_one_to_an_unknown_message_are_dropped(
        server: Any, make_user: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    mallory, mallory_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    rec = Recorder(app, MessagesAdded)
    peer = await start_peer(server, bob, bob_pw)
    attacker = await start_peer(server, mallory, mallory_pw)
    caplog.set_level(logging.WARNING, logger="heron.policy")
    try:
        peer.send_message(mto=alice, mbody="a private word", mtype="chat")
        [target] = await eventually(lambda: messages(app, alice, bob), lambda ms: len(ms) == 1)
        assert target.message_id
        # Mallory names the message of Alice's conversation with Bob.
        send_reactions(attacker, alice, target.message_id, "💩")
        # Bob names a message that does not exist.
        send_reactions(peer, alice, "no-such-id", "👍")
        await until(lambda: len(_rejections(caplog)) == 2)
        assert _rejections(caplog) == ["no-such-message", "no-such-message"]
        # Then a real one from Bob applies: the two before it changed nothing.
        send_reactions(peer, alice, target.message_id, "👍")
        stored = await eventually(lambda: messages(app, alice, bob),
                                  lambda ms: bool(ms[0].reactions))
        assert stored[0].reactions == (("👍", (bob,)),)
        assert await messages(app, alice, mallory) == []
        assert all(e.peer != mallory for e in rec.of(MessagesAdded))
    finally:
        await stop_peer(attacker)
        await stop_peer(peer)
        await app.close()
