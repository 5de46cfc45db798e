"""Heron started the way a person starts it: ``python -m heron`` as a subprocess.

With a password store that tests control (tests/file_keyring.py, chosen through keyring's own
variable) and a private TMPDIR, so what a run leaves behind can be checked.
"""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from heron.core.logs import setup_logging
from heron.demo.rig import RigServer
from tests.integration.parties import start_peer, stop_peer

ROOT = Path(__file__).resolve().parents[2]
#: What an unclean end prints; none of it may appear on stderr.
BAD_OUTPUT = ("Traceback", "Event loop stopped", "Task was destroyed", "Error", "error:")


def heron_env(tmp: Path, display: str | None = None, **extra: str) -> dict[str, str]:
    (tmp / "tmp").mkdir(exist_ok=True)
    screen = {"DISPLAY": display, "QT_QPA_PLATFORM": "xcb"} if display else {
        "QT_QPA_PLATFORM": "offscreen"}
    return {**os.environ, **screen, "TMPDIR": str(tmp / "tmp"),
            "PYTHON_KEYRING_BACKEND": "tests.file_keyring.FileKeyring",
            "HERON_TEST_KEYRING_FILE": str(tmp / "keyring.json"), **extra}


@contextmanager
def heron_process(args: list[str], env: dict[str, str]) -> Iterator[subprocess.Popen[str]]:
    """``python -m heron ARGS`` running; killed on the way out if the test left it running."""
    process = subprocess.Popen([sys.executable, "-m", "heron", *args], cwd=ROOT, env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def add_account(profile: Path, server: RigServer, jid: str, password: str,
                env: dict[str, str]) -> None:
    """``heron account add``, password on stdin, into the test password store."""
    added = subprocess.run(
        [sys.executable, "-m", "heron", "--profile", str(profile), "account", "add", jid,
         "--host", "127.0.0.1", "--port", str(server.c2s_port), "--ca-file",
         str(server.ca_file), "--password-stdin"],
        input=password + "\n", cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
        check=False)
    assert added.returncode == 0, added.stderr


async def poll(check: Callable[[], object], process: subprocess.Popen[str] | None, what: str,
               timeout: float = 30) -> None:
    """Wait for ``check()`` without blocking the loop; fail early when heron exits first
    (unless ``process`` is None)."""
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


def logged(log: Path, text: str) -> bool:
    return log.exists() and text in log.read_text(errors="replace")


def finish(process: subprocess.Popen[str], stderr_is_log: bool = False) -> str:
    """Wait for the exit; returns stderr after checking the exit code and the output (not
    the output's words when it is --debug's copy of the log, which quotes errors it met)."""
    try:
        out, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        pytest.fail(f"heron did not exit within 30 s of being closed:\n{out}\n{err}")
    assert process.returncode == 0, f"exit code {process.returncode}:\n{out}\n{err}"
    for bad in () if stderr_is_log else BAD_OUTPUT:
        assert bad not in err, f"{bad!r} on stderr:\n{err}"
    return err


async def befriend(server: RigServer, a: tuple[str, str], b: tuple[str, str]) -> None:
    """Mutual presence subscription between two accounts, made by two plain clients."""
    first = await start_peer(server, *a, resource="setup")
    second = await start_peer(server, *b, resource="setup")
    try:
        first.send_presence(pto=b[0], ptype="subscribe")
        async with asyncio.timeout(10):
            while (first.client_roster[b[0]]["subscription"] != "both"
                   or second.client_roster[a[0]]["subscription"] != "both"):
                await asyncio.sleep(0.02)
    finally:
        await asyncio.gather(stop_peer(first), stop_peer(second))


@contextmanager
def heron_logging(path: Path, debug: bool = False) -> Iterator[Path]:
    """Heron's own log set-up (as ``heron [--debug]`` makes it) in this process, undone after."""
    root, slix = logging.getLogger(), logging.getLogger("slixmpp")
    levels = root.level, slix.level
    handlers = setup_logging(path, debug=debug)
    try:
        yield path
    finally:
        for handler in handlers:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(levels[0])
        slix.setLevel(levels[1])
