"""Closing Heron: the real `heron` command, closed the ways a person (or the system) closes it.

Each test starts ``python -m heron`` under a private Xvfb, waits until its window is up and its
account connected (the INFO line in heron.log), closes it by the window's close button (the
WM_DELETE_WINDOW message a window manager sends), by Ctrl+Q on the keyboard, by SIGTERM or by
SIGINT, and checks what is left: the exit code, the error output, child processes, temporary
folders, and what the server saw.
"""

from __future__ import annotations

import contextlib
import signal
import stat
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil
import pytest

from heron.demo.prosody import LocalProsody
from heron.demo.rig import RigServer
from tests.integration.heron_process import (
    add_account,
    befriend,
    finish,
    heron_env,
    heron_process,
    logged,
    poll,
)
from tests.integration.parties import DEMO_ONLY_ON_PROSODY, Peer, start_peer, stop_peer
from tests.x11 import Display, xvfb

pytestmark = [pytest.mark.integration]

CLOSE_WAYS = ("window-button", "ctrl-q", "sigterm", "sigint")


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    with xvfb() as name:
        yield name


def _close(process: subprocess.Popen[str], how: str, display: str) -> None:
    if how == "sigterm":
        process.send_signal(signal.SIGTERM)
        return
    if how == "sigint":
        process.send_signal(signal.SIGINT)
        return
    x = Display(display)
    try:
        window = x.find("Heron")
        assert window is not None, f"no Heron window on {display}: {x.windows()}"
        if how == "window-button":
            x.request_close(window)
        else:
            x.focus(window)
            time.sleep(0.2)  # the focus change reaches Qt before the keys
            x.press_with_control(window, "q")
    finally:
        x.close()


def _gone(pids: list[int], timeout: float = 5) -> list[int]:
    """The pids still alive (not counting zombies) after waiting up to ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        alive = [p for p in pids if psutil.pid_exists(p)
                 and psutil.Process(p).status() != psutil.STATUS_ZOMBIE]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.05)


def _servers_of(process: subprocess.Popen[str]) -> list[int]:
    found = []
    for child in psutil.Process(process.pid).children(recursive=True):
        # A short-lived child (openssl, prosodyctl) may end between the listing and the look.
        with contextlib.suppress(psutil.NoSuchProcess):  # ZombieProcess is one too
            if "prosody" in " ".join(child.cmdline()):
                found.append(child.pid)
    return found


@contextmanager
def _no_server_left_behind(servers: list[int]) -> Iterator[list[int]]:
    """Whatever the test found, no server of a failed run outlives it."""
    try:
        yield servers
    finally:
        for pid in _gone(servers, 0):
            psutil.Process(pid).kill()


def _demo_online(temp: Path, skip: Path | None = None) -> bool:
    return any(logged(log, "me@localhost: connected") for log in temp.glob("heron-demo-*/heron.log")
               if log.parent != skip)


@DEMO_ONLY_ON_PROSODY
@pytest.mark.asyncio
@pytest.mark.parametrize("how", CLOSE_WAYS)
async def test_demo_closes_cleanly(how: str, display: str, tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    with (_no_server_left_behind([]) as servers,
          heron_process(["--demo"], heron_env(tmp_path, display)) as process):
        await poll(lambda: _demo_online(temp), process, "the demo account online", 60)
        servers.extend(_servers_of(process))
        assert len(servers) == 1
        _close(process, how, display)
        finish(process)
        assert _gone(servers) == [], "the demo's Prosody is still running"
    assert list(temp.iterdir()) == [], "the demo left temporary files behind"


@pytest.mark.asyncio
@pytest.mark.parametrize("how", CLOSE_WAYS)
async def test_account_session_ends_with_a_clean_stream_close(
        how: str, display: str, server: RigServer, make_user: Callable[[], tuple[str, str]],
        tmp_path: Path) -> None:
    me, friend = make_user(), make_user()
    await befriend(server, me, friend)
    env = heron_env(tmp_path, display)
    profile = tmp_path / "profile"
    add_account(profile, server, *me, env)
    watcher: Peer = await start_peer(server, *friend)
    presences: list[tuple[str, str]] = []
    watcher.add_event_handler("presence", lambda p: presences.append(
        (str(p["from"].bare), str(p["type"]))))
    log = profile / "heron.log"
    try:
        with heron_process(["--profile", str(profile)], env) as process:
            await poll(lambda: logged(log, f"{me[0]}: connected"), process, "a connection")
            await poll(lambda: (me[0], "available") in presences, process, "Heron's presence")
            _close(process, how, display)
            await poll(lambda: process.poll() is not None, None, "the exit", 30)
            finish(process)
        # A clean close (</stream>) ends the session at once. A dropped connection would be
        # kept for resumption (XEP-0198, 60 s here) and the friend would still see "online".
        await poll(lambda: (me[0], "unavailable") in presences, None, "offline", 10)
    finally:
        await stop_peer(watcher)
    assert stat.S_IMODE(log.stat().st_mode) == 0o600  # it names the user's contacts
    text = log.read_text()
    assert "Traceback" not in text and " ERROR " not in text, text
    assert "closed cleanly" in text



@DEMO_ONLY_ON_PROSODY
@pytest.mark.asyncio
async def test_a_killed_demo_leaves_nothing_that_blocks_the_next(tmp_path: Path) -> None:
    env = heron_env(tmp_path)
    temp = tmp_path / "tmp"
    with _no_server_left_behind([]) as servers:
        with heron_process(["--demo"], env) as killed:
            await poll(lambda: _demo_online(temp), killed, "the first demo online", 60)
            servers.extend(_servers_of(killed))
            assert len(servers) == 1
            killed.kill()
            killed.wait()
        # The demo's Prosody dies with Heron, even when Heron had no chance to stop it.
        assert _gone(servers) == [], "the killed demo's Prosody is still running"
        [left] = list(temp.iterdir())
        # The next demo starts, and removes the folder the killed one could not.
        with heron_process(["--demo"], env) as process:
            await poll(lambda: _demo_online(temp, skip=left), process, "the second demo online",
                       60)
            assert not left.exists()
            process.send_signal(signal.SIGTERM)
            finish(process)
    assert list(temp.iterdir()) == []


@DEMO_ONLY_ON_PROSODY
@pytest.mark.asyncio
async def test_a_server_left_in_the_demo_profile_does_not_block_the_demo(tmp_path: Path) -> None:
    """As after a killed Heron from before servers died with it: the old Prosody still holds
    the profile's pid file, and a new one would refuse to start next to it."""
    profile = tmp_path / "profile"
    stale = LocalProsody(profile / "demo-server")
    stale.start()
    assert stale.pid is not None
    try:
        with heron_process(["--demo", "--profile", str(profile)], heron_env(tmp_path)) as process:
            await poll(lambda: logged(profile / "heron.log", "me@localhost: connected"), process,
                       "the demo online", 60)
            assert _gone([stale.pid]) == []
            process.send_signal(signal.SIGTERM)
            finish(process)
    finally:
        stale.stop()
    assert not (profile / "demo-server").exists()


@DEMO_ONLY_ON_PROSODY
@pytest.mark.asyncio
async def test_a_signal_while_the_demo_starts_ends_it_cleanly(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    with (_no_server_left_behind([]) as servers,
          heron_process(["--demo", "--profile", str(profile)], heron_env(tmp_path)) as process):
        await poll(lambda: _servers_of(process), process, "the demo's server starting")
        servers.extend(_servers_of(process))
        process.send_signal(signal.SIGTERM)  # the demo world is still being set up
        finish(process)
        assert _gone(servers) == []
    log = (profile / "heron.log").read_text()
    assert "SIGTERM received: closing" in log and "main window shown" not in log
    assert not (profile / "demo-server").exists()
