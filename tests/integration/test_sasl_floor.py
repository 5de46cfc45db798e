"""SASL: once SCRAM-SHA-256 has worked, a server offering only weaker mechanisms is refused
before anything of the password is sent: across a Heron restart and within one run."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from heron.core.errors import ErrorKind
from heron.core.events import ConnectionChanged, ConnectionState
from heron.demo.rig import RigServer
from tests.integration.parties import Recorder, account_for, start_heron, state_of, wait_state
from tests.integration.wire import record_sasl

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

JID, PASSWORD = "carol@localhost", "secret-pw"
SCRAM_256 = ("SCRAM-SHA-256", "SCRAM-SHA-256-PLUS")
SCRAM_1 = ("SCRAM-SHA-1", "SCRAM-SHA-1-PLUS")
# What the server still offers -> what it is told not to offer.
WEAKER = {"only-scram-sha-1": SCRAM_256, "only-plain": SCRAM_256 + SCRAM_1}


async def _first_login(server_class: Any, run: Path) -> tuple[RigServer, Any]:
    server = server_class(run)
    server.start()
    server.register("carol", PASSWORD)
    app = await start_heron(run / "profile", account_for(server, JID), PASSWORD)
    assert app.sessions[JID].connection.used_mechanism == "SCRAM-SHA-256"
    assert app.settings.account(JID).strongest_mechanism == "SCRAM-SHA-256"
    return server, app


def _downgrade_refused(rec: Recorder) -> bool:
    errors = [e.error for e in rec.of(ConnectionChanged) if e.error is not None]
    return bool(errors) and errors[-1].kind is ErrorKind.MECHANISM_DOWNGRADE


@pytest.mark.parametrize("weaker", list(WEAKER))
async def test_downgrade_after_a_restart_of_heron_is_refused(weaker, server_class,
                                                             tmp_path_factory):
    run = tmp_path_factory.mktemp(weaker)
    server, app = await _first_login(server_class, run)
    try:
        account = app.settings.account(JID)
        await app.close()
        server.restart(disabled_sasl_mechanisms=WEAKER[weaker])

        app = await start_heron(run / "profile", account, PASSWORD, connect=False)
        rec = Recorder(app, ConnectionChanged)
        sent = record_sasl(app.start_account(JID).client)
        await wait_state(app, JID, ConnectionState.ERROR)
        assert _downgrade_refused(rec)
        assert "did not send your password" in rec.of(ConnectionChanged)[-1].error.message
        await asyncio.sleep(1)  # and it does not try again on its own
        assert sent == []
        assert state_of(app, JID) is ConnectionState.ERROR
        await app.close()
    finally:
        server.stop()


@pytest.mark.parametrize("weaker", list(WEAKER))
async def test_downgrade_on_a_reconnect_in_the_same_run_is_refused(weaker, server_class,
                                                                   tmp_path_factory):
    run = tmp_path_factory.mktemp(weaker)
    server, app = await _first_login(server_class, run)
    try:
        rec = Recorder(app, ConnectionChanged)
        sent = record_sasl(app.sessions[JID].client)
        # The server goes away and comes back on the same port offering less; Heron
        # reconnects by itself.
        server.restart(disabled_sasl_mechanisms=WEAKER[weaker])
        await wait_state(app, JID, ConnectionState.ERROR, 30)
        assert _downgrade_refused(rec)
        assert any(e.state is ConnectionState.RECONNECTING for e in rec.of(ConnectionChanged))
        assert all(e.state is not ConnectionState.CONNECTED for e in rec.of(ConnectionChanged))
        assert sent == []
        await app.close()
    finally:
        server.stop()


async def test_scram_sha_1_account_still_signs_in_with_scram_sha_1(server_class, tmp_path_factory):
    """The floor is the strongest mechanism that worked, not SCRAM-SHA-256 for everyone."""
    run = tmp_path_factory.mktemp("sha1")
    with server_class(run, disabled_sasl_mechanisms=SCRAM_256) as server:
        server.register("carol", PASSWORD)
        app = await start_heron(run / "profile", account_for(server, JID), PASSWORD)
        assert app.settings.account(JID).strongest_mechanism == "SCRAM-SHA-1"
        sent = record_sasl(app.sessions[JID].client)
        app.sessions[JID].client.abort()  # a dropped connection: Heron reconnects
        await wait_state(app, JID, ConnectionState.RECONNECTING)
        await wait_state(app, JID, ConnectionState.CONNECTED)
        assert sent and sent[0] == "auth SCRAM-SHA-1"
        await app.close()


async def test_a_wrong_password_is_not_tried_again_with_weaker_mechanisms(server, make_user,
                                                                          tmp_path: Path):
    jid, _pw = make_user()
    app = await start_heron(tmp_path / "p", account_for(server, jid), "wrong", connect=False)
    sent = record_sasl(app.start_account(jid).client)
    await wait_state(app, jid, ConnectionState.AUTH_FAILED)
    await asyncio.sleep(1)
    assert [s for s in sent if s.startswith("auth")] == ["auth SCRAM-SHA-256"]
    await app.close()
