"""`--debug` logs stanzas, never a password, the login exchange or (by default) message text.

A real login of the real `heron --debug` command, a real message to it, and a real in-band
registration (XEP-0077) with Heron's logging; then heron.log is searched for the password,
every base64 form of it (PLAIN sends base64("\\0user\\0password")) and the message text.
"""

from __future__ import annotations

import base64
import signal
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from heron.core.logs import HIDDEN
from heron.demo.rig import RigServer
from heron.xmpp.services.registration import register_account
from tests.helpers import until
from tests.integration.heron_process import (
    add_account,
    befriend,
    finish,
    heron_env,
    heron_logging,
    heron_process,
    logged,
    poll,
)
from tests.integration.parties import account_for, start_heron, start_peer, stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def _secret_forms(password: str) -> list[str]:
    """The password as written, and the part of its base64 that is its own at each of the
    three byte offsets it can start at inside a longer base64 text."""
    raw = password.encode()
    forms = [password]
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + raw).decode()
        start = -(-offset * 4 // 3)  # characters that mix in the bytes before the password
        forms.append(encoded[start:-4])
    return forms


def _leaks(log: Path, *secrets: str) -> list[str]:
    text = log.read_text(errors="replace")
    return [s for s in secrets if s in text]


def _user(server: RigServer) -> tuple[str, str]:
    """A fresh account with a long password made of characters XML leaves as they are."""
    password = f"Pw{uuid.uuid4().hex}{uuid.uuid4().hex[:8]}"
    return server.register(f"dbg{uuid.uuid4().hex[:10]}", password), password


@pytest.mark.parametrize("bodies", [False, True], ids=["debug", "debug-bodies"])
async def test_debug_login_logs_no_password_and_no_text(
        bodies: bool, server: RigServer, make_user: Callable[[], tuple[str, str]],
        tmp_path: Path) -> None:
    me, friend = _user(server), make_user()
    await befriend(server, me, friend)
    env = heron_env(tmp_path)
    profile = tmp_path / "profile"
    add_account(profile, server, *me, env)
    log = profile / "heron.log"
    peer = await start_peer(server, *friend)
    text = f"the-meeting-is-at-{uuid.uuid4().hex}"
    args = ["--profile", str(profile), "--debug", *(["--debug-bodies"] if bodies else [])]
    try:
        with heron_process(args, env) as process:
            await poll(lambda: logged(log, f"{me[0]}: connected"), process, "a connection")
            message = peer.make_message(mto=me[0], mbody=text, mtype="chat")
            message["id"] = marker = f"dbg-{uuid.uuid4().hex}"
            message.send()
            await poll(lambda: logged(log, "RECV: <message") and logged(log, marker), process,
                       "the message in the debug log")
            process.send_signal(signal.SIGTERM)
            # finish() waits for the exit while it reads the output: --debug copies the log
            # to stderr, and once that passes the pipe's 64 KiB heron would block writing it.
            finish(process, stderr_is_log=True)
    finally:
        await stop_peer(peer)
    content = log.read_text()
    # The debug log is really on: the login exchange is there, with its payloads hidden.
    assert "SEND: <auth" in content and f">{HIDDEN}</auth>" in content
    assert f">{HIDDEN}</success>" in content
    assert _leaks(log, *_secret_forms(me[1])) == []
    assert _leaks(log, text) == ([text] if bodies else [])


@pytest.fixture
def heron_log(tmp_path: Path) -> Iterator[Path]:
    with heron_logging(tmp_path / "heron.log", debug=True) as path:
        yield path


async def test_in_band_registration_and_sending_log_no_password_and_no_text(
        heron_log: Path, server: RigServer, make_user: Callable[[], tuple[str, str]],
        tmp_path: Path) -> None:
    jid = f"reg{uuid.uuid4().hex[:10]}@localhost"
    password = f"Reg{uuid.uuid4().hex}{uuid.uuid4().hex[:8]}"
    account = account_for(server, jid)
    await register_account(account, password)
    friend = make_user()
    peer = await start_peer(server, *friend)
    app = await start_heron(tmp_path / "p", account, password)
    text = f"see-you-at-{uuid.uuid4().hex}"
    try:
        await app.sessions[jid].chat.send(friend[0], text)
        await until(lambda: text in peer.bodies(), 10)
    finally:
        await app.close()
        await stop_peer(peer)
    content = heron_log.read_text()
    assert 'xmlns="jabber:iq:register"' in content and f"<password>{HIDDEN}</password>" \
        in content
    assert "SEND: <message" in content
    assert _leaks(heron_log, *_secret_forms(password), text) == []
