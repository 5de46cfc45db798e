"""Messages that reach nobody: the server's message error (RFC 6120 §8.3) marks our message
"not delivered" with a sentence that says why, and a restart keeps it. Against the real rig:
Prosody as Heron's server, alone (no s2s) and federating (s2s on, a domain that does not exist).
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path
from typing import Any

import pytest

from heron.application import Heron
from heron.core.events import DeliveryState, MessagesAdded, MessageUpdated, StoredMessage
from heron.demo.ejabberd import LocalEjabberd
from heron.models.messages import delivery_problem
from tests.helpers import until
from tests.integration.federation import FederatedPair
from tests.integration.parties import Recorder, account_for, eventually, start_heron
from tests.integration.test_ejabberd_rig import ejabberd

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]
__all__ = ["ejabberd"]  # the fixture, imported to be found
_numbers = itertools.count(1)

S2S_WAIT = 20  # the s2s attempt to a domain that does not exist (a DNS answer, then the error)


async def _conversation(app: Heron, account: str, peer: str) -> list[StoredMessage]:
    return await app.repos.messages.page_before(account, peer, None, 100)


async def _send_and_wait_for_bounce(app: Heron, account: str, to: str,
                                    timeout: float = 10) -> StoredMessage:
    rec = Recorder(app, MessageUpdated, MessagesAdded)
    assert await app.sessions[account].chat.send(to, "Are you there?")
    await until(lambda: any(e.message.state is DeliveryState.BOUNCED
                            for e in rec.of(MessageUpdated)), timeout)
    # The error never became a message of the conversation: only ours is in it.
    assert [m.body for e in rec.of(MessagesAdded) for m in e.messages] == ["Are you there?"]
    (stored,) = await _conversation(app, account, to)
    return stored


async def test_a_message_to_an_account_that_does_not_exist_says_so_after_a_restart(
        server: Any, make_user: Any, tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    nobody = f"nobody-{alice.split('@')[0]}@{alice.split('@')[1]}"
    account = account_for(server, alice)
    app = await start_heron(tmp_path / "alice", account, alice_pw)
    try:
        stored = await _send_and_wait_for_bounce(app, alice, nobody)
        # Prosody answers for an unknown local user with service-unavailable.
        assert stored.state is DeliveryState.BOUNCED
        assert stored.failure_condition == "service-unavailable"
        assert delivery_problem(stored) == f"{nobody} does not exist"
        # The server has it: the outbox does not send it again at the next start.
        assert await eventually(lambda: app.repos.outbox.pending(alice), lambda r: r == []) == []
        # Whatever ack of the stream comes late does not turn it back into "sent".
        await app.sessions[alice].outbox.settle()
        (settled,) = await _conversation(app, alice, nobody)
        assert settled.state is DeliveryState.BOUNCED
    finally:
        await app.close()
    app = await start_heron(tmp_path / "alice", account, alice_pw)
    try:
        (again,) = await _conversation(app, alice, nobody)
        assert again.state is DeliveryState.BOUNCED
        assert delivery_problem(again) == f"{nobody} does not exist"
    finally:
        await app.close()


async def test_a_message_to_another_domain_without_federation_says_why(
        server: Any, make_user: Any, tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    try:
        stored = await _send_and_wait_for_bounce(app, alice, "someone@no-such-domain.example")
        if isinstance(server, LocalEjabberd):  # the suite's server switch
            assert stored.failure_condition == "remote-server-not-found"
        else:
            # What Prosody with s2s off really sends: not-allowed with its own words, not
            # remote-server-not-found.
            assert stored.failure_condition == "not-allowed"
            assert delivery_problem(stored) == ("The server refused this message: "
                                                "Communication with remote domains is not "
                                                "enabled")
    finally:
        await app.close()


@pytest.mark.server("ejabberd", reason="how ejabberd itself bounces (it echoes our text back)")
async def test_ejabberd_bounces_too_and_its_echoed_text_is_no_message(
        ejabberd: LocalEjabberd, tmp_path: Path) -> None:
    """ejabberd puts our text back into its error (<body/>): still no incoming message. Its
    answers, recorded here: service-unavailable for an unknown user, remote-server-not-found
    ("DNS lookup failed: enoname") for a domain that does not exist."""
    n = next(_numbers)
    alice = ejabberd.register(f"bounce{n}x{os.getpid()}", f"pw-{n}")
    app = await start_heron(tmp_path / "alice", account_for(ejabberd, alice), f"pw-{n}")
    domain = alice.split("@")[1]
    try:
        stored = await _send_and_wait_for_bounce(app, alice, f"nobody@{domain}")
        assert delivery_problem(stored) == f"nobody@{domain} does not exist"
        stored = await _send_and_wait_for_bounce(app, alice, "someone@no-such-domain.example")
        assert delivery_problem(stored) == (
            "The server for no-such-domain.example could not be reached")
    finally:
        await app.close()


@pytest.fixture(scope="module")
def federating(tmp_path_factory: pytest.TempPathFactory) -> Any:
    pair = FederatedPair(tmp_path_factory.mktemp("bounce-federation"), "prosody")
    pair.start()
    try:
        yield pair
    finally:
        pair.stop()


@pytest.mark.server("prosody", reason="starts its own federating Prosody, whatever the test server")
async def test_a_message_to_a_domain_that_does_not_exist_says_it_could_not_be_reached(
        federating: FederatedPair, tmp_path: Path) -> None:
    alice, alice_pw = federating.user(federating.home)
    app = await start_heron(tmp_path / "alice", account_for(federating.home, alice), alice_pw)
    try:
        stored = await _send_and_wait_for_bounce(app, alice, "someone@nosuch.test", S2S_WAIT)
        # Prosody with s2s on: the DNS lookup fails, remote-server-not-found "by" our server.
        assert stored.failure_condition == "remote-server-not-found"
        # The server's own words are kept for "Details" (0.12: "…NXDomain in A lookup",
        # 13.0: "…unable to resolve service"); the sentence does not depend on them.
        assert stored.failure_text.startswith("Server-to-server connection failed")
        assert delivery_problem(stored) == "The server for nosuch.test could not be reached"
    finally:
        await app.close()


async def test_a_bounced_message_leaves_the_outbox_even_without_the_servers_ack(
        server: Any, make_user: Any, tmp_path: Path) -> None:
    """The stream can drop between the bounce and the ack: the outbox must not send the
    message again at the next start (it would only bounce again)."""
    alice, alice_pw = make_user()
    nobody = f"gone-{alice}"
    # A port nobody listens on: the session exists, never connects, and gets no ack.
    app = await start_heron(tmp_path / "alice", account_for(server, alice, port=1), alice_pw,
                            connect=False)
    try:
        session = app.start_account(alice)
        assert await session.chat.send(nobody, "Still there?")  # offline: it waits
        (queued,) = await app.repos.outbox.pending(alice)
        assert queued.origin_id
        await session.bounces.apply(nobody, queued.origin_id, "service-unavailable", "")
        assert await app.repos.outbox.pending(alice) == []
        (stored,) = await _conversation(app, alice, nobody)
        assert stored.state is DeliveryState.BOUNCED
    finally:
        await app.close()


async def test_send_again_resends_a_bounced_message(server: Any, make_user: Any,
                                                    tmp_path: Path) -> None:
    """"Send again" puts it back in the outbox and on the wire, with the same id: the server
    answers once more (the account still does not exist), and the mark comes back."""
    alice, alice_pw = make_user()
    nobody = f"nobody-{alice.split('@')[0]}@{alice.split('@')[1]}"
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    try:
        stored = await _send_and_wait_for_bounce(app, alice, nobody)
        rec = Recorder(app, MessageUpdated)
        assert await app.sessions[alice].chat.retry(stored)
        states = lambda: [e.message.state for e in rec.of(MessageUpdated)]  # noqa: E731
        await until(lambda: DeliveryState.BOUNCED in states())
        assert states()[0] is DeliveryState.PENDING, "waiting again, the reason gone"
        assert rec.of(MessageUpdated)[0].message.failure_condition == ""
        (again,) = await _conversation(app, alice, nobody)
        assert (again.pk, again.state) == (stored.pk, DeliveryState.BOUNCED)
        assert delivery_problem(again) == f"{nobody} does not exist"
    finally:
        await app.close()
