"""Screenshots for docs/screenshots/, in the light and the dark scheme (``-dark`` names): the
search window and the find bar (screens_search.py),
main window with a per-account status, reconnecting, and with a failing disk; a conversation with
the contact's "read" ticks and the "New messages" line; every dialog: the
account dialog with an error and when editing, the start-up password prompt, the certificate
dialog (one that may be trusted and one that may not), adding and editing a contact, and
removing an account.

    QT_QPA_PLATFORM=offscreen python -m tests.ui.screens [OUTDIR]

No server needed: the roster and history come from a throw-away profile, the account dialog's
error is a real failed sign-in (a loopback port nobody listens on), and the states of the
other accounts are the events their connections publish.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

import qasync
from PySide6.QtWidgets import QApplication, QWidget

from heron.application import Heron
from heron.core.errors import ErrorKind, describe
from heron.core.events import (
    ConnectionChanged,
    ConnectionState,
    DeliveryState,
    Direction,
    ErrorReported,
    NewMessage,
    PresenceChanged,
    RosterEntry,
)
from heron.core.paths import ProfilePaths
from heron.core.settings import AccountConfig
from heron.storage.errors import storage_failure
from heron.ui import theme
from tests.ui import screens_room_browser, screens_search
from tests.ui.screens_files import file_cards

ME, WORK, OLD = "alice@example.org", "alice@work.example", "alice@old.example"
FINGERPRINT = ":".join(f"{(i * 37 + 11) % 256:02X}" for i in range(32))


_SUFFIX = {"light": "", "dark": "-dark"}
APPEARANCE = ["light"]  # the scheme being shot; run() goes through both


def _save(widget: QWidget, path: Path) -> None:
    path = path.with_name(f"{path.stem}{_SUFFIX[APPEARANCE[0]]}{path.suffix}")
    widget.grab().save(str(path))
    print(f"saved {path}")


async def _profile(root: Path) -> Heron:
    app = Heron(ProfilePaths(root))
    await app.open()
    for jid, enabled in ((ME, True), (WORK, True), (OLD, False)):
        app.save_account(AccountConfig(jid, enabled=enabled), None)
    contacts = [("bob@example.org", "Bob", ("Friends",)), ("carol@example.org", "Carol",
                ("Friends",)), ("dave@example.org", "Dave", ("Work",)),
                ("erin@example.org", "", ())]
    await app.repos.roster.replace_all(ME, [RosterEntry(j, n, g, "both")
                                            for j, n, g in contacts])
    now = time.time()
    lines = ["Are we still on for _Saturday_?", "Yes! *Ten o'clock* at the boat house.",
             "Great. I'll bring the thermos.",
             "> I'll bring the thermos.\nPerfect: ~coffee~ tea for me, see you there.",
             "/me waves",
             "The herons were back on the river this morning, by the way. The gate code is "
             "`4711`:\n```\ngate 4711 #\n```"]
    await app.repos.messages.add_many([
        NewMessage(ME, "bob@example.org", Direction.OUTGOING if i % 2 else Direction.INCOMING,
                   text, now - 600 + i * 60, origin_id=f"s{i}",
                   state=DeliveryState.DELIVERED if i % 2 else DeliveryState.RECEIVED)
        for i, text in enumerate(lines)])
    return app


async def main_window(app: Heron, out: Path) -> None:
    from heron.ui.main_window import MainWindow

    window = MainWindow(app)
    window.resize(1100, 720)
    window.show()
    await asyncio.sleep(0.3)
    bus = app.bus
    for jid, show, status in (("bob@example.org", "available", ""),
                              ("carol@example.org", "away", "walking the dog"),
                              ("dave@example.org", "dnd", "")):
        bus.publish(PresenceChanged(ME, jid, show, status))
    bus.publish(ConnectionChanged(ME, ConnectionState.CONNECTED))
    bus.publish(ConnectionChanged(OLD, ConnectionState.DISABLED))
    auth = describe(ErrorKind.AUTH_FAILED, "SASL failure: not-authorized", server="work.example",
                    account=WORK)
    bus.publish(ConnectionChanged(WORK, ConnectionState.AUTH_FAILED, auth.message, auth))
    await window.open_conversation(ME, "bob@example.org")
    await asyncio.sleep(0.5)
    _save(window, out / "main-window-account-status.png")
    unreachable = describe(ErrorKind.UNREACHABLE, "[Errno 101] Network is unreachable",
                           server="example.org", account=ME)
    bus.publish(ConnectionChanged(ME, ConnectionState.RECONNECTING, unreachable.message,
                                  unreachable, 8.0))
    await asyncio.sleep(0.2)
    _save(window, out / "main-window-reconnecting.png")
    failure = storage_failure(OSError(28, "No space left on device"))
    bus.publish(ConnectionChanged(ME, ConnectionState.CONNECTED))
    bus.publish(ErrorReported(ME, failure.message, error=failure))
    await asyncio.sleep(0.2)
    _save(window, out / "main-window-storage-failing.png")
    window.close()


async def read_state(app: Heron, out: Path) -> None:
    """Carol's conversation: the user's messages she has read (and the newest, only
    delivered), then the "New messages" line above what she wrote since."""
    from heron.ui.main_window import MainWindow

    carol, now = "carol@example.org", time.time()
    talk = [(Direction.INCOMING, "Did you see the heron by the bridge this morning?"),
            (Direction.OUTGOING, "I did! It stood there for ages."),
            (Direction.OUTGOING, "Then it caught a fish, right in front of me."),
            (Direction.INCOMING, "Lucky you. I only saw ducks."),
            (Direction.OUTGOING, "Shall we go together tomorrow, around seven?")]
    stored = await app.repos.messages.add_many([
        NewMessage(ME, carol, direction, text, now - 900 + i * 60, origin_id=f"r{i}",
                   message_id=f"r{i}", state=DeliveryState.DELIVERED
                   if direction is Direction.OUTGOING else DeliveryState.RECEIVED)
        for i, (direction, text) in enumerate(talk)])
    await app.repos.read_state.read_by_peer(ME, carol, "r2")  # she read up to the fish
    await app.repos.read_state.displayed(ME, carol, stored[-1].key)
    await app.repos.messages.add_many([
        NewMessage(ME, carol, Direction.INCOMING, text, now - 120 + i * 30, origin_id=f"n{i}")
        for i, text in enumerate(("Seven is perfect.", "I'll bring binoculars — and coffee."))])
    window = MainWindow(app)
    window.resize(1100, 720)
    window.show()
    window.activateWindow()
    await asyncio.sleep(0.3)
    await window.load_unread()
    app.bus.publish(PresenceChanged(ME, carol, "away", "walking the dog"))
    await window.open_conversation(ME, carol)
    await asyncio.sleep(0.5)
    _save(window, out / "conversation-read-state.png")
    window.close()


async def account_dialog(app: Heron, out: Path) -> None:
    from heron.ui.main_window import MainWindow

    window = MainWindow(app)
    window.resize(1100, 720)
    window.show()
    flow = window.open_add_account()
    dialog = flow.dialog
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    dialog.jid.setText("new@localhost")
    dialog.password.setText("secret")
    dialog.advanced.setChecked(True)
    dialog.host.setText("127.0.0.1")
    dialog.port.setText(str(port))
    dialog.ok.click()
    for _ in range(100):
        if dialog.error.isVisible():
            break
        await asyncio.sleep(0.05)
    dialog.details_button.setChecked(True)
    await asyncio.sleep(0.2)
    _save(dialog, out / "account-dialog-error.png")
    dialog.reject()
    app.save_account(AccountConfig(ME, host="xmpp.example.org", port=5223, direct_tls=True),
                     None)
    edit = window.open_edit_account(ME).dialog
    await asyncio.sleep(0.2)
    _save(edit, out / "account-dialog-edit.png")
    edit.reject()
    (prompt,) = window.ask_missing_passwords()
    prompt.password.setText("secret")
    prompt.password_file.check.setChecked(True)
    await asyncio.sleep(0.2)
    _save(prompt, out / "password-prompt.png")
    prompt.reject()
    remove = window.confirm_remove_account(ME)
    await asyncio.sleep(0.2)
    _save(remove, out / "remove-account-dialog.png")
    remove.reject()
    window.close()


async def certificate_dialog(out: Path) -> None:
    from heron.ui.dialogs import CertificateDialog

    for name, reason, pinnable in (
            ("certificate-dialog", "The certificate was issued by an authority this computer "
             "does not know.", True),
            ("certificate-dialog-refused", "The certificate is for another domain "
             "(mail.example.net), not example.org.", False)):
        dialog = CertificateDialog(ME, "example.org", FINGERPRINT, reason, False,
                                   pinnable=pinnable)
        dialog.show()
        await asyncio.sleep(0.2)
        _save(dialog, out / f"{name}.png")
        dialog.close()


async def contact_dialogs(out: Path) -> None:
    from heron.ui.dialogs import ContactDialog

    for name, dialog in (("contact-dialog-add", ContactDialog()),
                         ("contact-dialog-edit", ContactDialog(None, "bob@example.org", "Bob",
                                                               ("Friends", "Sailing")))):
        dialog.show()
        await asyncio.sleep(0.2)
        _save(dialog, out / f"{name}.png")
        dialog.close()


async def run(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    qt_app = QApplication.instance()
    assert isinstance(qt_app, QApplication)
    for appearance in _SUFFIX:
        APPEARANCE[0] = appearance
        theme.set_appearance(qt_app, appearance)
        with tempfile.TemporaryDirectory(prefix="heron-screens-") as tmp:
            app = await _profile(Path(tmp) / "main")
            await main_window(app, out)
            await file_cards(app, ME, out, _save)
            await screens_search.shoot(app, out, _save)
            await screens_room_browser.shoot(out, _save)
            await read_state(app, out)
            await app.close()
            app = Heron(ProfilePaths(Path(tmp) / "dialog"))
            await app.open()
            await account_dialog(app, out)
            await app.close()
            await certificate_dialog(out)
            await contact_dialogs(out)


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots")
    qt_app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(qt_app, QApplication)
    qt_app.setQuitOnLastWindowClosed(False)  # one window after another
    theme.apply(qt_app)
    loop = qasync.QEventLoop(qt_app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(run(out))


if __name__ == "__main__":
    main()
