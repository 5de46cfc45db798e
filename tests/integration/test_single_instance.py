"""One Heron per profile (issue 8, point 7): a second ``heron`` — what the desktop starts for
every xmpp: link the user clicks — hands its link to the running one and exits, instead of a
second process logging in on the same profile and database."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from heron.demo.rig import RigServer
from heron.ui.single_instance import server_name
from tests.integration.heron_process import (
    ROOT,
    add_account,
    finish,
    heron_env,
    heron_process,
    logged,
    poll,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def _socket_path(profile: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where Heron started with ``env`` listens (its TMPDIR is the test's own)."""
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", env["TMPDIR"])
    return Path(server_name(profile))


def _profile(server: RigServer, make_user: Callable[[], tuple[str, str]],
             tmp_path: Path) -> tuple[dict[str, str], Path, Path, tuple[str, str]]:
    """A profile with an account on the test server: environment, folder, log, account."""
    me = make_user()
    env = heron_env(tmp_path)
    env.pop("XDG_RUNTIME_DIR", None)
    profile = tmp_path / "profile"
    add_account(profile, server, *me, env)
    return env, profile, profile / "heron.log", me


def _second_start(profile: Path, env: dict[str, str],
                  *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "heron", "--profile", str(profile), *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
                          check=False)


async def test_a_second_start_passes_its_link_to_the_running_heron(
        server: RigServer, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    env, profile, log, me = _profile(server, make_user, tmp_path)
    with heron_process(["--profile", str(profile)], env) as first:
        await poll(lambda: logged(log, f"{me[0]}: connected"), first, "a connection")
        second = _second_start(profile, env, "xmpp:bob@example.org?message;body=hi")
        assert second.returncode == 0, second.stderr
        assert "already running; the link was passed on" in second.stdout
        await poll(lambda: logged(log, "opening an xmpp: link (message)"), first,
                   "the link opened in the running Heron")
        plain = _second_start(profile, env)
        assert plain.returncode == 0 and "brought to the front" in plain.stdout
        assert logged(log, f"{me[0]}: connected") and log.read_text().count(
            f"{me[0]}: connected") == 1, "the second start must not log in a second time"
        # Only this user may connect to the socket that drives the window.
        mode = stat.S_IMODE(os.stat(_socket_path(profile, env, monkeypatch)).st_mode)
        assert mode & 0o077 == 0, oct(mode)
        first.send_signal(signal.SIGTERM)
        finish(first)


async def test_a_killed_heron_does_not_block_the_next_start(
        server: RigServer, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    env, profile, log, me = _profile(server, make_user, tmp_path)
    with heron_process(["--profile", str(profile)], env) as killed:
        await poll(lambda: logged(log, f"{me[0]}: connected"), killed, "a connection")
        killed.kill()
        killed.communicate()
    # the killed one's socket is left behind
    assert _socket_path(profile, env, monkeypatch).exists()
    with heron_process(["--profile", str(profile), "xmpp:bob@example.org?roster"], env) as new:
        await poll(lambda: log.read_text().count(f"{me[0]}: connected") == 2, new,
                   "the new start connected")
        assert logged(log, "opening an xmpp: link (roster)")
        later = _second_start(profile, env, "xmpp:bob@example.org")
        assert later.returncode == 0 and "the link was passed on" in later.stdout
        await poll(lambda: logged(log, "opening an xmpp: link (chat)"), new, "the later link")
        new.send_signal(signal.SIGTERM)
        finish(new)
