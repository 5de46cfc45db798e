"""Closing Heron: the real `heron` command, closed the ways a person (or the system) closes it.

Each test starts ``python -m heron`` under a private Xvfb, waits until its window is up and its
account connected (the INFO line in heron.log), closes it by the window's close button (the
WM_DELETE_WINDOW message a window manager sends), by Ctrl+Q on the keyboard, by SIGTERM or by
SIGINT, and checks what is left: the exit code, the error output, child processes, temporary
folders, and what the server saw.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest

from heron.demo.prosody import LocalProsody
from tests.integration.parties import Peer, start_peer, stop_peer
from tests.x11 import Display, xvfb

pytestmark = [pytest.mark.integration]

ROOT = Path(__file__).resolve().parents[2]
CLOSE_WAYS = ("window-button", "ctrl-q", "sigterm", "sigint")
#: What an unclean end prints; none of it may appear on stderr.
BAD_OUTPUT = ("Traceback", "Event loop stopped", "Task was destroyed", "Error", "error:")


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    with xvfb() as name:
        yield name


def _env(display: str, tmp: Path, **extra: str) -> dict[str, str]:
    (tmp / "tmp").mkdir(exist_ok=True)
    return {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "TMPDIR": str(tmp / "tmp"),
            "PYTHON_KEYRING_BACKEND": "tests.keyring_file.FileKeyring",
            "HERON_TEST_KEYRING": str(tmp / "keyring.json"), **extra}


def _heron(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "heron", *args], cwd=ROOT, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


async def _poll(check: Callable[[], object], process: subprocess.Popen[str] | None, what: str,
                timeout: float = 30) -> None:
    """Wait for ``check()``; fail early when heron exits first (unless ``process`` is None)."""
    deadline = time.monotonic() + timeout
    while not check():
        if process is not None and process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(f"heron exited ({process.returncode}) before {what}:\n{out}\n{err}")
        if time.monotonic() > deadline:
            if process is not None:
                process.kill()
                out, err = process.communicate()
                pytest.fail(f"no {what} within {timeout} s:\n{out}\n{err}")
            pytest.fail(f"no {what} within {timeout} s")
        await asyncio.sleep(0.05)


def _logged(log: Path, text: str) -> bool:
    return log.exists() and text in log.read_text(errors="replace")


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
            x.press("Control_L", "q")
    finally:
        x.close()


def _finish(process: subprocess.Popen[str]) -> str:
    """Wait for the exit; returns stderr after checking the exit code and the output."""
    try:
        out, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        pytest.fail(f"heron did not exit within 30 s of being closed:\n{out}\n{err}")
    assert process.returncode == 0, f"exit code {process.returncode}:\n{out}\n{err}"
    for bad in BAD_OUTPUT:
        assert bad not in err, f"{bad!r} on stderr:\n{err}"
    return err


def _gone(pids: list[int], timeout: float = 5) -> list[int]:
    """The pids still alive (not counting zombies) after waiting up to ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        alive = [p for p in pids if psutil.pid_exists(p)
                 and psutil.Process(p).status() != psutil.STATUS_ZOMBIE]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.05)


@pytest.mark.asyncio
@pytest.mark.parametrize("how", CLOSE_WAYS)
async def test_demo_closes_cleanly(how: str, display: str, tmp_path: Path) -> None:
    env = _env(display, tmp_path)
    process = _heron(["--demo"], env)
    servers: list[int] = []
    try:
        temp = tmp_path / "tmp"
        await _poll(lambda: any(temp.glob("heron-demo-*/heron.log")), process, "a demo profile")
        log = next(temp.glob("heron-demo-*/heron.log"))
        await _poll(lambda: _logged(log, "me@localhost: connected"), process,
                    "the demo account online", 60)
        children = psutil.Process(process.pid).children(recursive=True)
        servers = [c.pid for c in children if "prosody" in " ".join(c.cmdline())]
        assert len(servers) == 1, [c.cmdline() for c in children]
        _close(process, how, display)
        _finish(process)
        left = _gone(servers)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for pid in _gone(servers, 0):  # never leave a server of a failed run behind
            psutil.Process(pid).kill()
    assert left == [], "the demo's Prosody is still running"
    assert list(temp.iterdir()) == [], "the demo left temporary files behind"


async def _befriend(prosody: LocalProsody, a: tuple[str, str], b: tuple[str, str]) -> None:
    """Mutual presence subscription between two accounts, made by two plain clients."""
    first = await start_peer(prosody, *a, resource="setup")
    second = await start_peer(prosody, *b, resource="setup")
    try:
        first.send_presence(pto=b[0], ptype="subscribe")
        async with asyncio.timeout(10):
            while (first.client_roster[b[0]]["subscription"] != "both"
                   or second.client_roster[a[0]]["subscription"] != "both"):
                await asyncio.sleep(0.02)
    finally:
        await asyncio.gather(stop_peer(first), stop_peer(second))


@pytest.mark.asyncio
@pytest.mark.parametrize("how", CLOSE_WAYS)
async def test_account_session_ends_with_a_clean_stream_close(
        how: str, display: str, prosody: LocalProsody, make_user: Callable[[], tuple[str, str]],
        tmp_path: Path) -> None:
    me, friend = make_user(), make_user()
    await _befriend(prosody, me, friend)
    env = _env(display, tmp_path)
    profile = tmp_path / "profile"
    added = subprocess.run(
        [sys.executable, "-m", "heron", "--profile", str(profile), "account", "add", me[0],
         "--host", "127.0.0.1", "--port", str(prosody.c2s_port), "--ca-file",
         str(prosody.ca_file), "--password-stdin"],
        input=me[1] + "\n", cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
        check=False)
    assert added.returncode == 0, added.stderr
    watcher: Peer = await start_peer(prosody, *friend)
    presences: list[tuple[str, str]] = []
    watcher.add_event_handler("presence", lambda p: presences.append(
        (str(p["from"].bare), str(p["type"]))))
    process = _heron(["--profile", str(profile)], env)
    try:
        log = profile / "heron.log"
        await _poll(lambda: _logged(log, f"{me[0]}: connected"), process, "a connection")
        await _poll(lambda: (me[0], "available") in presences, process, "Heron's presence")
        _close(process, how, display)
        await _poll(lambda: process.poll() is not None, None, "the exit", 30)
        _finish(process)
        # A clean close (</stream>) ends the session at once. A dropped connection would be
        # kept for resumption (XEP-0198, 60 s here) and the friend would still see "online".
        await _poll(lambda: (me[0], "unavailable") in presences, None, "offline", 10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        await stop_peer(watcher)
    text = log.read_text()
    assert "Traceback" not in text and " ERROR " not in text, text
    assert "closed cleanly" in text
