"""Forged bounces: someone who learns the id of our message must not be able to mark it "not
delivered" (policy.bounce_ok), while the recipient's own refusal, arriving after our server
acknowledged the message (XEP-0198), still marks it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from heron.application import Heron
from heron.core.events import DeliveryState, MessagesAdded, MessageUpdated, StoredMessage
from heron.models.messages import delivery_problem
from tests.adversarial.test_forged_stanzas import _rejections
from tests.helpers import until
from tests.integration.parties import (
    Peer,
    Recorder,
    account_for,
    eventually,
    start_heron,
    start_peer,
    stop_peer,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def _only_message(app: Heron, account: str, peer: str) -> StoredMessage:
    (stored,) = await app.repos.messages.page_before(account, peer, None, 100)
    return stored


def _error(sender: Peer, to: str, message_id: str, condition: str, text: str = "") -> None:
    """A <message type='error'/> with the id of someone else's message, to Heron's full JID
    (a server drops an error sent to a bare JID, RFC 6121 §8.5.2.1.1)."""
    error = sender.make_message(mto=to, mtype="error")
    error["id"] = message_id
    error["error"]["type"] = "cancel"
    error["error"]["condition"] = condition
    if text:
        error["error"]["text"] = text
    error.send()


async def test_a_third_party_cannot_bounce_our_message(
        server: Any, make_user: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    alice, alice_pw = make_user()
    bob, _bob_pw = make_user()  # offline: our server keeps the message for him
    mallory, mallory_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    rec = Recorder(app, MessageUpdated, MessagesAdded)
    attacker = await start_peer(server, mallory, mallory_pw)
    try:
        assert await app.sessions[alice].chat.send(bob, "The key is under the mat")
        sent = await eventually(lambda: _only_message(app, alice, bob),
                                lambda m: m.state is DeliveryState.SENT)
        assert sent.state is DeliveryState.SENT
        assert sent.message_id
        # Mallory guessed (or saw) the id and answers for Bob: "no such user".
        _error(attacker, f"{alice}/heron", sent.message_id, "service-unavailable")
        await until(lambda: _rejections(caplog, "bounce") or any(
            e.message.state is DeliveryState.BOUNCED for e in rec.of(MessageUpdated)))
        assert _rejections(caplog, "bounce") == ["not-from-recipient-or-server"]
        after = await _only_message(app, alice, bob)
        assert after.state is DeliveryState.SENT
        assert delivery_problem(after) == ""
        # Nor did the error become a message from Mallory.
        assert await app.repos.messages.page_before(alice, mallory, None, 10) == []
    finally:
        await stop_peer(attacker)
        await app.close()


async def test_the_recipients_refusal_after_our_servers_ack_still_marks_it(
        server: Any, make_user: Any, tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    rec = Recorder(app, MessageUpdated)

    def no_receipts(peer: Peer) -> None:  # a receipt would prove delivery and beat the bounce
        peer.plugin["xep_0184"].auto_ack = False

    refuser = await start_peer(server, bob, bob_pw, setup=no_receipts)
    try:
        assert await app.sessions[alice].chat.send(bob, "Buy now!")
        await until(lambda: refuser.bodies() == ["Buy now!"])
        sent = await eventually(lambda: _only_message(app, alice, bob),
                                lambda m: m.state is DeliveryState.SENT)
        assert sent.state is DeliveryState.SENT, "our server acknowledged it first"
        assert sent.message_id
        _error(refuser, f"{alice}/heron", sent.message_id, "policy-violation",
               "<b>Spam</b> is not welcome here\n\n" + "x" * 500)
        await until(lambda: any(e.message.state is DeliveryState.BOUNCED
                                for e in rec.of(MessageUpdated)))
        (after,) = [m for m in await app.repos.messages.page_before(alice, bob, None, 10)
                    if m.body == "Buy now!"]
        assert after.state is DeliveryState.BOUNCED
        problem = delivery_problem(after)
        # The peer's words as one plain, capped line (never markup: the UI escapes them).
        assert problem.startswith("The server refused this message: <b>Spam</b> is not "
                                  "welcome here xxx")
        assert "\n" not in problem
        assert len(after.failure_text) == 200
    finally:
        await stop_peer(refuser)
        await app.close()
