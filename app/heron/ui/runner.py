"""Start the Qt application on a qasync loop: paint first, connect after."""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from pathlib import Path
from typing import Any

import qasync
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from heron.core.paths import ProfilePaths
from heron.core.tasks import spawn

log = logging.getLogger(__name__)
SCREENSHOT_TIMEOUT = 60.0


def run_gui(paths: ProfilePaths, demo: bool = False, screenshot: Path | None = None) -> int:
    started = time.perf_counter()
    qt_app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(qt_app, QApplication)
    qt_app.setApplicationName("Heron")
    qt_app.setDesktopFileName("heron")
    from heron.ui import theme

    theme.apply(qt_app)
    loop = qasync.QEventLoop(qt_app)
    asyncio.set_event_loop(loop)
    result: dict[str, int] = {"code": 0}
    with loop:
        loop.run_until_complete(_main(paths, demo, screenshot, started, result))
    return result["code"]


async def _main(paths: ProfilePaths, demo: bool, screenshot: Path | None, started: float,
                result: dict[str, int]) -> None:
    from heron.application import Heron
    from heron.ui import theme
    from heron.ui.main_window import MainWindow

    app = Heron(paths)
    theme.follow_system(QApplication.instance(), app.settings.appearance)  # type: ignore[arg-type]
    await app.open()
    world: Any = None
    if demo:
        try:
            world = await _start_demo(app, paths)
        except (OSError, RuntimeError, TimeoutError) as exc:
            log.exception("demo could not start")
            print(f"heron: the demo could not start: {exc}", file=sys.stderr)
            await app.close()
            result["code"] = 1
            return
    window = MainWindow(app)
    window.show()
    log.info("main window shown after %.3f s", time.perf_counter() - started)
    closed = asyncio.Event()
    QApplication.instance().lastWindowClosed.connect(closed.set)  # type: ignore[union-attr]
    # Paint first: connecting imports slixmpp, which should not delay the first frame.
    await asyncio.sleep(0)
    app.start_enabled_accounts()
    if not app.accounts and not demo:
        QTimer.singleShot(0, window, window.open_add_account)
    elif not demo:
        QTimer.singleShot(0, window, window.ask_missing_passwords)
    spawn(window.load_unread())
    try:
        if screenshot is not None:
            await _screenshot_when_ready(app, window, screenshot, result)
        else:
            await closed.wait()
    finally:
        await app.close()
        if world is not None:
            await world.stop()
        await cancel_leftovers()


async def cancel_leftovers() -> None:
    """slixmpp leaves helper tasks pending after disconnect; end them before the loop closes."""
    current = asyncio.current_task()
    leftovers = [t for t in asyncio.all_tasks() if t is not current and not t.done()]
    for task in leftovers:
        task.cancel()
    await asyncio.gather(*leftovers, return_exceptions=True)


async def _start_demo(app: Any, paths: ProfilePaths) -> Any:
    from heron.core.settings import AccountConfig
    from heron.demo.world import DemoWorld

    world = DemoWorld(paths.root / "demo-server")
    account = await world.start()
    app.save_account(
        AccountConfig(jid=account.jid, host=account.host, port=account.port,
                      ca_file=account.ca_file, resource="demo"),
        None,
    )
    # The demo password is a throw-away on a loopback server: memory only, never the keyring.
    app.passwords.remember_for_session(account.jid, account.password)
    return world


async def _screenshot_when_ready(app: Any, window: Any, path: Path,
                                 result: dict[str, int]) -> None:
    """Wait until connected and the roster (with presences) is painted, then save a PNG."""
    from heron.core.events import ConnectionState

    deadline = time.monotonic() + SCREENSHOT_TIMEOUT
    while time.monotonic() < deadline:
        connected = any(s.connection.state is ConnectionState.CONNECTED
                        for s in app.sessions.values())
        if connected and window.roster_model.rowCount() > 0:
            break
        await asyncio.sleep(0.1)
    else:
        log.error("not connected within %s s; screenshot shows the current state",
                  SCREENSHOT_TIMEOUT)
        result["code"] = 1
    await asyncio.sleep(1.0)  # let presences arrive
    bot = window.roster_model.row_for("echo@localhost")
    if bot is not None:
        # Show a real exchange: our message, Echo typing, its answer and the receipt.
        await window.open_conversation(bot.account, bot.jid)
        window.composer.setPlainText("Hello Echo! Is https://xmpp.org a good place to start?")
        window.send_current()
        await asyncio.sleep(4.0)
    elif window.roster_model.rowCount() > 0:
        await window.open_conversation(*_first_chat(window))
        await asyncio.sleep(0.5)
    path.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(path))
    print(f"screenshot saved to {path}")


def _first_chat(window: Any) -> tuple[str, str]:
    rows = window.roster_model.entries()
    with_history = [r for r in rows if r.unread] or rows
    return (with_history[0].account, with_history[0].jid)
