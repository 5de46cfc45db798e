"""A real full disk (a 2 MB tmpfs in a private mount namespace): a typed message is refused
and kept, not lost; an incoming one waits until there is room (issue 6, point 4)."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.integration.disk_full_sender import TYPED
from tests.integration.parties import start_peer, stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]
ROOT = Path(__file__).resolve().parents[2]


async def _read(proc: subprocess.Popen[str]) -> dict[str, Any]:
    assert proc.stdout is not None
    line = await asyncio.wait_for(
        asyncio.get_running_loop().run_in_executor(None, proc.stdout.readline), 60)
    assert line, "the Heron process ended early (its stderr is in stderr.txt beside the test)"
    step: dict[str, Any] = json.loads(line)
    return step


def _say(proc: subprocess.Popen[str], text: str) -> None:
    assert proc.stdin is not None
    proc.stdin.write(text + "\n")
    proc.stdin.flush()


def _private_mount_flags(unshare: str, folder: Path) -> list[str]:
    """unshare flags for a mount namespace whose tmpfs never shows outside it.

    Root needs only a mount namespace; others map themselves to root in a user namespace first
    (a chroot, as on a freshly bootstrapped machine, allows neither the user namespace nor making
    its root private: there the mounts are already private, which mountinfo shows)."""
    flags = ["-m"] if os.geteuid() == 0 else ["-r", "-m"]
    if subprocess.run([unshare, *flags, "true"], capture_output=True, check=False).returncode == 0:
        return flags
    # The mount that will hold the tmpfs: the one with the longest mount point above it.
    mounts = [line.split() for line in Path("/proc/self/mountinfo").read_text().splitlines()]
    above = [m for m in mounts if folder.as_posix().startswith(m[4].rstrip("/") + "/")]
    holder = max(above, key=lambda m: len(m[4]), default=[])
    assert not any(f.startswith("shared:") for f in holder), \
        "cannot make a private mount namespace for the small disk"
    return ["-m", "--propagation", "unchanged"]


async def test_full_disk_refuses_keeps_and_later_stores(server: Any, make_user: Any,
                                                       tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    bob_client = await start_peer(server, bob, bob_pw)
    folder = tmp_path / "small-disk"
    folder.mkdir()
    env = dict(os.environ, PYTHONPATH=f"{ROOT}{os.pathsep}{ROOT / 'app'}")
    child = (f"mount -t tmpfs -o size=2m tmpfs {folder} && exec {sys.executable} -m "
             f"tests.integration.disk_full_sender {folder} {alice} {alice_pw} "
             f"{server.c2s_port} {server.ca_file} {bob}")
    unshare = shutil.which("unshare")
    assert unshare, "util-linux unshare is needed for the private tmpfs"
    flags = _private_mount_flags(unshare, folder)
    errors = tmp_path / "stderr.txt"
    with errors.open("w") as err:
        proc = subprocess.Popen([unshare, *flags, "sh", "-c", child], cwd=ROOT, env=env,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err,
                                text=True)
    try:
        full = await _read(proc)
        assert full == {"step": "full", "sent": False, "kinds": ["storage-failed"]}
        await asyncio.sleep(0.5)
        assert bob_client.bodies() == []  # not stored, so not sent
        bob_client.send_message(mto=alice, mbody="written to a full disk", mtype="chat")
        _say(proc, "go")
        assert (await _read(proc))["step"] == "freed"
        stored = await _read(proc)
        assert stored["sent"] is True
        assert sorted(map(tuple, stored["rows"])) == [("in", "written to a full disk"),
                                                       ("out", TYPED)]
        await asyncio.sleep(0.5)
        assert bob_client.bodies() == [TYPED]  # once
        _say(proc, "done")
        assert await asyncio.get_running_loop().run_in_executor(None, proc.wait, 30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        await stop_peer(bob_client)
