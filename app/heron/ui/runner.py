"""Start the Qt application on a qasync loop: paint first, connect after."""

from __future__ import annotations

import asyncio
import logging
import shutil
import signal
import sys
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import qasync
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from heron.core.gc_pauses import IdleCollector
from heron.core.paths import ProfilePaths
from heron.core.tasks import spawn

log = logging.getLogger(__name__)
SCREENSHOT_TIMEOUT = 60.0
GC_SETTLE_S = 3.0  # after the window shows, the start-up objects are alive: freeze them then


def run_gui(paths: ProfilePaths, demo: bool = False, screenshot: Path | None = None,
            link: str = "") -> int:
    started = time.perf_counter()
    single = not demo and screenshot is None  # the demo's and a screenshot's profile are private
    if single:
        from heron.ui.single_instance import hand_over

        if hand_over(paths.root, link):
            print("heron: already running; " + ("the link was passed on" if link
                                                else "its window was brought to the front"))
            return 0
    qt_app = QApplication.instance() or QApplication(sys.argv)
    if not isinstance(qt_app, QApplication):
        raise TypeError("a QCoreApplication without widgets already runs in this process")
    qt_app.setApplicationName("Heron")
    qt_app.setDesktopFileName("heron")
    from heron.ui import theme

    theme.apply(qt_app)
    # The orderly close in _main ends the loop once everything is shut down. If Qt quit by
    # itself when the window closes, the loop would stop while that close is still awaited
    # ("Event loop stopped before Future completed").
    qt_app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(qt_app)
    asyncio.set_event_loop(loop)
    result: dict[str, int] = {"code": 0}
    with loop:
        loop.run_until_complete(_main(paths, demo, screenshot, started, result, link))
    return result["code"]


async def _main(paths: ProfilePaths, demo: bool, screenshot: Path | None,  # noqa: PLR0917
                started: float, result: dict[str, int], link: str = "") -> None:
    from heron.application import Heron
    from heron.ui import theme
    from heron.ui.main_window import MainWindow

    closing = asyncio.Event()
    window: Any = None

    def request_close(signum: int) -> None:
        # SIGTERM/SIGINT take the same path as the window's close button and Ctrl+Q.
        if closing.is_set():
            log.info("%s received: already closing", signal.Signals(signum).name)
            return
        log.info("%s received: closing", signal.Signals(signum).name)
        if window is not None and window.isVisible():
            window.close()
        closing.set()

    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, request_close, signum)
    app = Heron(paths)
    app.synthetic_media = demo  # the demo's calls need no microphone or camera
    # The user's Appearance (System / Light / Dark), followed when the desktop switches.
    theme.follow_system(QApplication.instance(), app.settings.appearance)  # type: ignore[arg-type]
    world: Any = None
    try:
        await app.open()
        if demo:
            from heron.demo.world import DemoWorld

            world = DemoWorld(paths.root / "demo-server")
            try:
                started_demo = await _unless_closing(_start_demo(app, world), closing)
            except (OSError, RuntimeError, TimeoutError) as exc:
                log.exception("demo could not start")
                print(f"heron: the demo could not start: {exc}", file=sys.stderr)
                result["code"] = 1
                return
            if not started_demo:  # a signal arrived while the demo was starting
                return
        window = MainWindow(app)
        window.closed.connect(closing.set)
        window.show()
        log.info("main window shown after %.3f s", time.perf_counter() - started)
        # Paint first: connecting imports slixmpp, which should not delay the first frame.
        await asyncio.sleep(0)
        app.start_enabled_accounts()
        if not app.accounts and not demo:
            QTimer.singleShot(0, window, window.open_add_account)
        elif not demo:
            QTimer.singleShot(0, window, window.ask_missing_passwords)
        spawn(window.load_unread())
        _after_first_frame(paths, window, link, serve=not demo and screenshot is None)
        if screenshot is not None:
            await _screenshot_when_ready(app, window, screenshot, result)
        else:
            await closing.wait()
    finally:
        await _shut_down(app, world, window)
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)


def _after_first_frame(paths: ProfilePaths, window: Any, link: str, serve: bool) -> None:
    """Tray icon and notifications; the command line's link; a later ``heron`` on this
    profile brings this window forward and opens its own link."""
    from heron.ui import spelling
    from heron.ui.notifications import MessageNotifications
    from heron.ui.sounds import MessageSounds
    from heron.ui.tray import TrayIcon
    from heron.ui.uri_actions import open_link

    window.gc_pauses = IdleCollector()  # full collections when idle (core/gc_pauses.py)
    loop = asyncio.get_running_loop()
    loop.call_later(GC_SETTLE_S, window.gc_pauses.start, loop)
    window.tray = TrayIcon(window)
    window.notifications = MessageNotifications(window)
    window.sounds = MessageSounds(window)  # a chime for chats in the background
    spelling.attach_on_first_use(window)  # dictionaries load when the user first types

    if link:
        open_link(window, link)
    if not serve:
        return
    from heron.ui.single_instance import InstanceServer

    server = InstanceServer(paths.root, window)

    def show(later_link: str) -> None:
        window.showNormal() if window.isMinimized() else window.show()
        window.raise_()
        window.activateWindow()
        if later_link:
            open_link(window, later_link)

    server.requested.connect(show)
    window.closed.connect(server.close)  # a start during the close gets a window of its own


async def _unless_closing(work: Coroutine[Any, Any, None], closing: asyncio.Event) -> bool:
    """Run ``work`` unless a close is asked for first (then cancel it); True when it ran."""
    task = asyncio.ensure_future(work)
    asked = asyncio.ensure_future(closing.wait())
    await asyncio.wait({task, asked}, return_when=asyncio.FIRST_COMPLETED)
    asked.cancel()
    if not task.done():
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        return False
    task.result()  # its exception, if any
    return True


async def _shut_down(app: Any, world: Any, window: Any = None) -> None:
    """Sessions end with </stream>, the writer thread drains, the demo server stops."""
    if window is not None and getattr(window, "gc_pauses", None) is not None:
        window.gc_pauses.stop()
    if window is not None and window.notifications is not None:
        await window.notifications.close()
    log.info("closing: ending sessions and storage")
    await app.close()
    if world is not None:
        await world.stop()
        await asyncio.to_thread(shutil.rmtree, world.run_dir, ignore_errors=True)
    await cancel_leftovers()
    log.info("closed cleanly")


async def cancel_leftovers() -> None:
    """slixmpp leaves helper tasks pending after disconnect; end them before the loop closes."""
    current = asyncio.current_task()
    leftovers = [t for t in asyncio.all_tasks() if t is not current and not t.done()]
    for task in leftovers:
        task.cancel()
    await asyncio.gather(*leftovers, return_exceptions=True)


async def _start_demo(app: Any, world: Any) -> None:
    from heron.core.settings import AccountConfig

    account = await world.start()
    app.save_account(
        AccountConfig(jid=account.jid, host=account.host, port=account.port,
                      ca_file=account.ca_file, resource="demo"),
        None,
    )
    # The demo password is a throw-away on a loopback server: memory only, never the keyring.
    app.passwords.remember_for_session(account.jid, account.password)
    from heron.demo.lounge import join_when_connected

    # The busy room, entered once the account is connected (after the window shows).
    spawn(join_when_connected(app, account.jid, account.room, "me"), "join the demo room")


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
