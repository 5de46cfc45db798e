"""SIGKILL between Enter and the server's ack (issue 6, point 4).

A real Heron process sends and is killed before it reads the ack; a restarted Heron checks its
own archive before re-sending, so the other person (a second real client, counting) gets the
message once; a message the server never got is re-sent, with its original time.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest

from heron.core.events import DeliveryState
from tests.helpers import until
from tests.integration.parties import account_for, eventually, start_heron, start_peer, stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]
ROOT = Path(__file__).resolve().parents[2]


def _crash_sender(mode: str, profile: Path, jid: str, password: str, server: Any, peer: str,
                  body: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=f"{ROOT}{os.pathsep}{ROOT / 'app'}")
    return subprocess.Popen(
        [sys.executable, "-m", "tests.integration.crash_sender", mode, str(profile), jid,
         password, str(server.c2s_port), str(server.ca_file), peer, body],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


async def _wait_exit(proc: subprocess.Popen[str]) -> int:
    await until(lambda: proc.poll() is not None, 30)
    return int(proc.returncode)


async def _pending_after_crash(profile: Path, account: Any, password: str) -> list[Any]:
    app = await start_heron(profile, account, password, connect=False)
    try:
        return await app.repos.outbox.pending(account.jid)
    finally:
        await app.close()


async def test_message_the_server_got_before_the_crash_is_not_sent_twice(
        server: Any, make_user: Any, tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    account = account_for(server, alice)
    profile = tmp_path / "alice"
    bob_client = await start_peer(server, bob, bob_pw)
    body = "sent right before the crash"
    proc = _crash_sender("after-write", profile, alice, alice_pw, server, bob, body)
    try:
        await until(lambda: body in bob_client.bodies(), 30)
        proc.send_signal(signal.SIGKILL)  # stopped before it could read the ack
        assert await _wait_exit(proc) == -signal.SIGKILL
        pending = await _pending_after_crash(profile, account, alice_pw)
        assert [p.body for p in pending] == [body]  # the crash came before the ack

        app = await start_heron(profile, account, alice_pw)
        try:
            assert await eventually(lambda: app.repos.outbox.pending(alice),
                                    lambda r: r == [], 15) == []
            await asyncio.sleep(1.5)
            assert bob_client.bodies().count(body) == 1
            stored = await app.repos.messages.page_before(alice, bob, None, 10)
            assert [m.body for m in stored] == [body]
            # Sent (the archive has it), or delivered when Bob's receipt reached us first.
            assert stored[0].state in (DeliveryState.SENT, DeliveryState.DELIVERED)
        finally:
            await app.close()
    finally:
        if proc.poll() is None:
            proc.kill()
        await stop_peer(bob_client)


async def test_message_the_server_never_got_is_resent_once_with_its_time(
        server: Any, make_user: Any, tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    account = account_for(server, alice)
    profile = tmp_path / "alice"
    bob_client = await start_peer(server, bob, bob_pw)
    body = "typed, then the crash"
    proc = _crash_sender("before-write", profile, alice, alice_pw, server, bob, body)
    try:
        assert await _wait_exit(proc) == -signal.SIGKILL
        pending = await _pending_after_crash(profile, account, alice_pw)
        assert [p.body for p in pending] == [body]
        await asyncio.sleep(1.5)  # the re-send is later than the original time
        assert bob_client.bodies() == []

        app = await start_heron(profile, account, alice_pw)
        try:
            await until(lambda: body in bob_client.bodies(), 15)
            await asyncio.sleep(1.5)
            assert bob_client.bodies().count(body) == 1
            arrived = next(m for m in bob_client.received if str(m["body"]) == body)
            stamp = arrived["delay"]["stamp"]
            assert stamp is not None
            assert abs(stamp.astimezone(UTC).timestamp() - pending[0].created) < 1.0
        finally:
            await app.close()
    finally:
        if proc.poll() is None:
            proc.kill()
        await stop_peer(bob_client)
