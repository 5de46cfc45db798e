"""Screenshots of Heron in the light and the dark scheme, from the demo world.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.screens_themes [OUT_DIR]

Writes light-*.png and dark-*.png (main window, narrow window, account dialog with an error,
certificate dialog) to OUT_DIR (docs/screenshots by default). Everything shown is real: the
demo's Prosody, its contacts and Echo the bot; the errors come from real sign-in attempts.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import qasync
from PySide6.QtWidgets import QApplication, QWidget

from heron.application import Heron
from heron.core.events import ConnectionState
from heron.core.paths import ProfilePaths
from heron.core.settings import AccountConfig
from heron.demo.world import DemoWorld
from heron.ui import theme
from heron.ui.dialogs import CertificateDialog
from heron.ui.main_window import MainWindow
from heron.ui.runner import cancel_leftovers


async def until(predicate: Callable[[], object], timeout: float = 20.0) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.05)


def save(widget: QWidget, out: Path, name: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(out / f"{name}.png"))
    print(f"saved {out / name}.png")


async def account_error(window: MainWindow, jid: str, password: str, port: int) -> Any:
    """The add-account dialog after a real sign-in attempt; returns the flow."""
    flow = window.open_add_account()
    dialog = flow.dialog
    dialog.jid.setText(jid)
    dialog.password.setText(password)
    dialog.advanced.setChecked(True)
    dialog.host.setText("127.0.0.1")
    dialog.port.setText(str(port))
    dialog.ok.click()
    return flow


async def open_echo(app: Heron, account: Any) -> MainWindow:
    """The main window of a demo profile, connected, with the chat with Echo open."""
    app.save_account(AccountConfig(jid=account.jid, host=account.host, port=account.port,
                                   ca_file=account.ca_file, resource="demo"), None)
    app.passwords.remember_for_session(account.jid, account.password)
    window = MainWindow(app)
    window.resize(1100, 720)
    window.show()
    app.start_enabled_accounts()
    await until(lambda: app.sessions[account.jid].connection.state
                is ConnectionState.CONNECTED and window.roster_model.rowCount() >= 5)
    await asyncio.sleep(1.0)  # presences
    echo = window.roster_model.row_for(f"echo@{account.jid.split('@')[1]}")
    assert echo is not None
    await window.open_conversation(echo.account, echo.jid)
    return window


async def shoot(out: Path, work: Path) -> None:
    world = DemoWorld(work / "demo-server")
    account = await world.start()
    app = Heron(ProfilePaths(work / "profile"))
    await app.open()
    window: MainWindow | None = None
    try:
        window = await open_echo(app, account)
        for text in ("hi", "/me waves"):  # Echo's styled greeting, an action and its answer
            window.composer.setPlainText(text)
            window.send_current()
            await asyncio.sleep(2.5)
        window.composer.setPlainText("Hello Echo! Is www.xmpp.org a good place to start? 🎉")
        window.send_current()
        await asyncio.sleep(4.0)  # Echo types and answers; the receipt arrives
        qt_app = QApplication.instance()
        assert isinstance(qt_app, QApplication)
        for scheme in ("light", "dark"):
            theme.set_appearance(qt_app, scheme)
            window.resize(1100, 720)
            await asyncio.sleep(0.3)
            save(window, out, f"{scheme}-main")
            window.conversation.correct_last()  # as after Up in the empty composer
            await asyncio.sleep(0.2)
            save(window.conversation, out, f"{scheme}-correcting")
            window.conversation.cancel_correction()
            window.resize(480, 720)
            await asyncio.sleep(0.3)
            save(window, out, f"{scheme}-narrow")
            window.resize(1100, 720)

            # A wrong password: the demo's CA is trusted for this attempt.
            os.environ["SSL_CERT_FILE"] = account.ca_file
            flow = await account_error(window, account.jid.replace("me@", "nobody@"),
                                       "wrong", account.port)
            await until(lambda f=flow: f.dialog.error.isVisible())
            await asyncio.sleep(0.2)
            save(flow.dialog, out, f"{scheme}-account-error")
            flow.dialog.reject()
            del os.environ["SSL_CERT_FILE"]

            # No CA for this one: the certificate dialog, as a new user meets it.
            flow = await account_error(window, account.jid.replace("me@", "someone@"),
                                       "secret", account.port)
            await until(lambda: any(d.isVisible() for d in window.findChildren(
                CertificateDialog)))
            cert = next(d for d in window.findChildren(CertificateDialog) if d.isVisible())
            await asyncio.sleep(0.2)
            save(cert, out, f"{scheme}-certificate")
            cert.reject()
            flow.dialog.reject()
            await asyncio.sleep(0.2)
    finally:
        if window is not None:
            window.close()
        await app.close()
        await world.stop()
        await cancel_leftovers()


def main() -> int:
    return run_shots(shoot)


def run_shots(shoot: Callable[[Path, Path], Awaitable[None]]) -> int:
    """``shoot(OUT_DIR, work folder)`` on a qasync loop in the light scheme; OUT_DIR is the
    first argument, docs/screenshots by default."""
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots")
    qt_app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(qt_app, QApplication)
    qt_app.setQuitOnLastWindowClosed(False)  # closing the window ends shoot(), not the loop
    theme.apply(qt_app, "light")
    loop = qasync.QEventLoop(qt_app)
    asyncio.set_event_loop(loop)
    with tempfile.TemporaryDirectory(prefix="heron-screens-") as work, loop:
        loop.run_until_complete(shoot(out, Path(work)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
