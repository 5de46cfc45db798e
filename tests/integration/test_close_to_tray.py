"""Keep running when closed (issue 8, point 7): with a system tray on the screen and the
setting on, the window manager's close button hides Heron into the tray — connected, still
receiving — and starting Heron again brings the window back; Ctrl+Q still quits. A real Heron
process on a private X server whose system tray is the test."""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from heron.core.settings import SettingsStore
from heron.demo.rig import RigServer
from tests.integration.heron_process import (
    add_account,
    finish,
    heron_env,
    heron_process,
    logged,
    poll,
)
from tests.integration.test_single_instance import _second_start
from tests.x11 import Display, xvfb

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def _profile_keeping_running(server: RigServer, me: tuple[str, str], tmp_path: Path,
                             display: str) -> tuple[dict[str, str], Path, Path]:
    """A profile with an account and "keep running when closed" on: env, folder, log."""
    env = heron_env(tmp_path, display)
    env.pop("XDG_RUNTIME_DIR", None)
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)  # the X tray, not a D-Bus one
    profile = tmp_path / "profile"
    add_account(profile, server, *me, env)
    store = SettingsStore(profile / "settings.json")
    settings = store.load()
    settings.close_to_tray = True
    store.save(settings)
    return env, profile, profile / "heron.log"


async def _window_shown(x: Display, log: Path, me: str,
                        process: subprocess.Popen[str]) -> int:
    await poll(lambda: logged(log, f"{me}: connected"), process, "a connection")
    await poll(lambda: x.find("Heron") is not None, process, "the window")
    window = x.find("Heron")
    assert window is not None
    return window


@pytest.fixture
def display_with_tray() -> Iterator[tuple[str, Display]]:
    with xvfb() as name:
        x = Display(name)
        try:
            x.own_system_tray()
            yield name, x
        finally:
            x.close()


async def test_closing_hides_into_the_tray_and_a_new_start_brings_it_back(
        display_with_tray: tuple[str, Display], server: RigServer,
        make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    name, x = display_with_tray
    me = make_user()
    env, profile, log = _profile_keeping_running(server, me, tmp_path, name)
    with heron_process(["--profile", str(profile)], env) as process:
        window = await _window_shown(x, log, me[0], process)
        x.request_close(window)  # the window manager's close button
        await poll(lambda: x.find("Heron") is None, process, "the window hidden")
        await asyncio.sleep(1.0)
        assert process.poll() is None, "Heron quit instead of going to the tray"
        assert logged(log, "window closed to the tray")
        again = _second_start(profile, env)
        assert again.returncode == 0 and "brought to the front" in again.stdout
        await poll(lambda: x.find("Heron") is not None, process, "the window back")
        window = x.find("Heron")
        assert window is not None
        x.focus(window)
        x.press_with_control(window, "q")  # quitting is quitting, tray or not
        await poll(lambda: process.poll() is not None, None, "the exit", 30)
        finish(process)
    assert "closed cleanly" in log.read_text()


async def test_without_a_tray_closing_quits_even_with_the_setting_on(
        server: RigServer, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    """Hiding with nowhere to come back from would lose the window: Heron quits instead."""
    me = make_user()
    with xvfb() as name:
        x = Display(name)
        try:
            env, profile, log = _profile_keeping_running(server, me, tmp_path, name)
            with heron_process(["--profile", str(profile)], env) as process:
                window = await _window_shown(x, log, me[0], process)
                x.request_close(window)
                await poll(lambda: process.poll() is not None, None, "the exit", 30)
                finish(process)
        finally:
            x.close()
