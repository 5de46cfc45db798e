"""Accounts from the window, against the real Prosody rig: the dialog's failure paths and Cancel,
edit and remove, one banner per account and kind, the status bar and the per-account status."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton

from heron.application import Heron
from heron.core.events import ConnectionChanged, ConnectionState
from heron.core.paths import ProfilePaths
from heron.ui.account_flow import AccountFlow
from heron.ui.banners import Banner
from heron.ui.dialogs import AccountDialog, CertificateDialog, RemoveAccountDialog
from heron.ui.main_window import MainWindow
from tests.helpers import ShownTexts, until
from tests.integration.parties import (
    Recorder,
    account_for,
    start_heron,
    start_peer,
    stop_peer,
    wait_state,
)
from tests.ui.accounts import fill_account_dialog, trust_test_ca

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


@pytest.fixture
def dead_port() -> int:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts TCP and then never says a word (a server that hangs)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(8)
        yield int(s.getsockname()[1])


async def _empty_window(qtbot: Any, tmp_path: Path) -> tuple[Heron, MainWindow]:
    app = Heron(ProfilePaths(tmp_path / "profile"))
    await app.open()
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    return app, window


async def _sign_in(qtbot: Any, tmp_path: Path, jid: str, password: str, host: str = "",
                   port: int = 0) -> tuple[Heron, MainWindow, AccountFlow]:
    """A window with no account; the account dialog filled in and "Sign in" clicked."""
    app, window = await _empty_window(qtbot, tmp_path)
    flow = window.open_add_account()
    fill_account_dialog(qtbot, flow.dialog, jid, password, host, port)
    qtbot.mouseClick(flow.dialog.ok, Qt.MouseButton.LeftButton)
    return app, window, flow


def _account_tasks() -> list[str]:
    names = ("AccountConnection._reconnect_after", "XMLStream._connect_loop",
             "AccountFlow._submit_guarded")
    return [t.get_coro().__qualname__ for t in asyncio.all_tasks()
            if not t.done() and t.get_coro().__qualname__ in names]


async def _nothing_left(app: Heron, jid: str) -> None:
    """Cancel left no account: not in settings (memory or file), no password, no session."""
    await until(lambda: _account_tasks() == [], 5)
    assert app.accounts == [] and app.sessions == {}
    assert app.passwords.get(jid) is None
    assert jid not in app.paths.settings.read_text() if app.paths.settings.exists() else True


async def test_unreachable_host_is_said_within_seconds_then_cancel_leaves_nothing(
        qtbot, tmp_path, dead_port):
    app, window = await _empty_window(qtbot, tmp_path)
    flow = window.open_add_account()
    dialog: AccountDialog = flow.dialog
    fill_account_dialog(qtbot, dialog, "nobody@localhost", "pw", "127.0.0.1", dead_port)
    progress = ShownTexts(dialog.progress)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    await until(dialog.error.isVisible, 5)
    # A refused connection answers within milliseconds: the line may have been up only briefly.
    assert progress.texts == ["Connecting to 127.0.0.1…"]  # it said what it was waiting for
    assert "could not reach 127.0.0.1" in dialog.error.text()
    assert dialog.ok.isEnabled() and not dialog.progress.isVisible()
    assert dialog.host.text() == "127.0.0.1" and dialog.password.text() == "pw"
    qtbot.mouseClick(dialog.cancel, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    await _nothing_left(app, "nobody@localhost")
    await app.close()


async def test_cancel_while_the_server_hangs_stops_the_check(qtbot, tmp_path, silent_port):
    app, _window, flow = await _sign_in(qtbot, tmp_path, "hang@localhost", "pw",
                                        "127.0.0.1", silent_port)
    dialog: AccountDialog = flow.dialog
    await until(lambda: "AccountFlow._submit_guarded" in _account_tasks(), 2)
    await asyncio.sleep(0.5)  # connected, waiting for an answer that never comes
    assert dialog.progress.isVisible() and dialog.progress.text() == "Connecting to 127.0.0.1…"
    assert not dialog.ok.isEnabled()  # waiting, and saying for what
    qtbot.mouseClick(dialog.cancel, Qt.MouseButton.LeftButton)
    await _nothing_left(app, "hang@localhost")
    await app.close()


async def test_untrusted_certificate_then_cancel_leaves_nothing(qtbot, server, make_user,
                                                                tmp_path):
    jid, pw = make_user()
    app, _window, flow = await _sign_in(qtbot, tmp_path, jid, pw, "127.0.0.1", server.c2s_port)
    dialog: AccountDialog = flow.dialog
    await until(lambda: flow.certificate_dialog is not None
                and flow.certificate_dialog.isVisible(), 15)
    assert "could not verify the identity" in dialog.error.text()
    cert_dialog: CertificateDialog = flow.certificate_dialog
    qtbot.mouseClick(cert_dialog.findChild(QPushButton, "cancelButton"),
                     Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.ok.isEnabled()
    qtbot.mouseClick(dialog.cancel, Qt.MouseButton.LeftButton)
    await _nothing_left(app, jid)
    await app.close()


async def test_wrong_password_then_the_right_one_in_the_same_dialog(qtbot, server, make_user,
                                                                    tmp_path, monkeypatch):
    trust_test_ca(monkeypatch, server.ca_file)
    jid, pw = make_user()
    app, window, flow = await _sign_in(qtbot, tmp_path, jid, "wrong", "127.0.0.1", server.c2s_port)
    dialog: AccountDialog = flow.dialog
    await until(dialog.error.isVisible, 15)
    assert app.accounts == []
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, pw)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    await until(lambda: dialog.signed_in, 15)
    assert [a.jid for a in app.accounts] == [jid] and app.passwords.get(jid) == pw
    await wait_state(app, jid, ConnectionState.CONNECTED)
    row = window.sidebar.account_status.row(jid)
    assert row.text == "Connected" and row.property("state") == "connected"
    assert window.presence_combo.currentText() == "Available"
    await app.close()


def _banners(window: MainWindow, name: str) -> list[Banner]:
    return [b for b in window.findChildren(Banner)
            if b.property("bannerName") == name and not b.isHidden()]


async def test_one_banner_per_account_and_kind_and_edit_fixes_the_password(
        qtbot, server, make_user, tmp_path):
    jid, pw = make_user()
    app = await start_heron(tmp_path / "p", account_for(server, jid), "wrong", connect=False)
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    assert window.presence_combo.currentText() == "Offline"
    app.start_account(jid)
    await wait_state(app, jid, ConnectionState.AUTH_FAILED)
    await until(lambda: len(_banners(window, "auth-failed")) == 1)
    for _ in range(2):  # the same failure again (a retry from elsewhere): still one banner
        app.retry_now(jid)
        await until(lambda: app.sessions[jid].connection.state is ConnectionState.CONNECTING)
        await wait_state(app, jid, ConnectionState.AUTH_FAILED)
        await asyncio.sleep(0.1)
        assert len(_banners(window, "auth-failed")) == 1
    banner = _banners(window, "auth-failed")[0]
    assert "did not accept the password" in banner.text
    assert window.sidebar.account_status.row(jid).property("state") == "auth-failed"
    assert window.presence_combo.currentText() == "Offline"

    qtbot.mouseClick(window.findChild(QPushButton, "auth-failed:Edit…"),
                     Qt.MouseButton.LeftButton)
    dialog = next(d for d in window.findChildren(AccountDialog) if d.isVisible())
    assert dialog.jid.text() == jid and dialog.jid.isReadOnly()
    assert dialog.host.text() == "127.0.0.1" and dialog.port.text() == str(server.c2s_port)
    qtbot.keyClicks(dialog.password, pw)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    await until(lambda: dialog.signed_in, 15)
    await wait_state(app, jid, ConnectionState.CONNECTED)
    assert _banners(window, "auth-failed") == []
    assert window.sidebar.account_status.row(jid).text == "Connected"
    assert app.passwords.get(jid) == pw
    await app.close()


async def test_remove_account_from_the_menu_with_its_history(qtbot, server, make_user,
                                                             tmp_path):
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "p", account_for(server, alice), alice_pw)
    await app.sessions[alice].roster.set_item(bob, "Bob", ())
    peer = await start_peer(server, bob, bob_pw)
    peer.send_message(mto=alice, mbody="remember me", mtype="chat")
    history: list[Any] = []

    async def stored() -> int:
        history[:] = await app.history_page(alice, bob, None, 10)
        return len(history)

    for _ in range(200):
        if await stored():
            break
        await asyncio.sleep(0.05)
    assert [m.body for m in history] == ["remember me"]
    await stop_peer(peer)
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    await until(lambda: window.roster_proxy.rowCount() == 1)

    menu = window.account_menu(alice)
    menu.findChild(QAction, f"removeAccount:{alice}").trigger()
    dialog = next(d for d in window.findChildren(RemoveAccountDialog) if d.isVisible())
    assert not dialog.delete_history.isChecked()  # history stays unless asked
    dialog.delete_history.setChecked(True)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    await until(lambda: app.accounts == [], 5)
    assert app.sessions == {} and app.passwords.get(alice) is None
    assert alice not in app.paths.settings.read_text()
    assert await app.history_page(alice, bob, None, 10) == []
    assert await app.cached_roster(alice) == []
    await until(lambda: window.roster_proxy.rowCount() == 0)
    assert window.sidebar.account_status.rows() == []
    assert "removed" in window.status_label.text()
    await app.close()


async def test_remove_keeps_history_unless_asked(server, make_user, tmp_path):
    alice, alice_pw = make_user()
    app = await start_heron(tmp_path / "p", account_for(server, alice), alice_pw)
    from heron.core.events import Direction, NewMessage

    await app.repos.messages.add_many([NewMessage(alice, "x@localhost", Direction.INCOMING,
                                                  "kept", 1.0, origin_id="k1")])
    await app.remove_account(alice)
    assert app.accounts == []
    assert [m.body for m in await app.history_page(alice, "x@localhost", None, 10)] == ["kept"]
    await app.close()


async def test_status_bar_counts_down_and_retry_now_works(qtbot, server, make_user, tmp_path,
                                                          dead_port, monkeypatch):
    from heron.xmpp import connection

    monkeypatch.setattr(connection.Backoff, "next_delay", lambda self: 30.0)
    jid, pw = make_user()
    app = await start_heron(tmp_path / "p", account_for(server, jid, port=dead_port), pw,
                            connect=False)
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    rec = Recorder(app, ConnectionChanged)
    app.start_account(jid)
    await wait_state(app, jid, ConnectionState.RECONNECTING)
    text = window.status_label.text()
    assert "could not reach 127.0.0.1" in text and "Reconnecting in 30 s" in text
    retry = window.status_bar.retry
    assert retry.isVisible() and retry.text() == "Retry now"
    attempts = [e.state for e in rec.events].count(ConnectionState.CONNECTING)
    qtbot.mouseClick(retry, Qt.MouseButton.LeftButton)
    await until(lambda: [e.state for e in rec.events].count(ConnectionState.CONNECTING)
                == attempts + 1, 3)  # at once, not in 30 s
    row = window.sidebar.account_status.row(jid)
    await until(lambda: row.property("state") == "reconnecting")
    assert "could not reach" in row.toolTip()
    await app.close()


async def test_connecting_says_to_where(qtbot, tmp_path):
    app, window = await _empty_window(qtbot, tmp_path)
    from heron.core.settings import AccountConfig

    app.save_account(AccountConfig("alice@example.org"), None)
    app.bus.publish(ConnectionChanged("alice@example.org", ConnectionState.CONNECTING))
    assert window.status_label.text() == "Connecting to example.org…"
    assert window.sidebar.account_status.row("alice@example.org").text == "Connecting…"
    await app.close()


async def test_a_server_that_never_answers_is_said_too(qtbot, tmp_path, silent_port,
                                                       monkeypatch):
    from heron.xmpp import login_check

    monkeypatch.setattr(login_check, "CHECK_TIMEOUT", 1.0)  # 10 s in the product
    app, _window, flow = await _sign_in(qtbot, tmp_path, "hang@localhost", "pw",
                                        "127.0.0.1", silent_port)
    dialog: AccountDialog = flow.dialog
    await until(dialog.error.isVisible, 5)
    assert "did not answer in time" in dialog.error.text() and dialog.ok.isEnabled()
    await _nothing_left_running()
    await app.close()


async def _nothing_left_running() -> None:
    await until(lambda: _account_tasks() == [], 5)


async def test_edit_host_port_and_direct_tls_from_the_accounts_menu(qtbot, server, make_user,
                                                                    tmp_path, dead_port):
    jid, pw = make_user()
    app = await start_heron(tmp_path / "p", account_for(server, jid, port=dead_port), pw,
                            connect=False)
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    app.start_account(jid)
    await wait_state(app, jid, ConnectionState.RECONNECTING)
    window.fill_accounts_menu()  # what opening the menu does
    window.accounts_menu.findChild(QAction, f"editAccount:{jid}").trigger()
    dialog = next(d for d in window.findChildren(AccountDialog) if d.isVisible())
    assert dialog.port.text() == str(dead_port) and not dialog.direct_tls.isChecked()
    dialog.port.clear()
    qtbot.keyClicks(dialog.port, str(server.c2s_tls_port))
    box = dialog.direct_tls  # a click on its box (a check box takes clicks on box and text)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)  # password left empty: unchanged
    await until(lambda: dialog.signed_in, 15)
    await wait_state(app, jid, ConnectionState.CONNECTED)
    saved = app.settings.account(jid)
    assert (saved.port, saved.direct_tls, saved.host) == (server.c2s_tls_port, True,
                                                           "127.0.0.1")
    assert app.sessions[jid].client.account.direct_tls  # the running session uses it
    assert not app.sessions[jid].connection.reconnect_pending
    await app.close()


async def test_an_unexpected_failure_still_gives_sign_in_back(qtbot, tmp_path, monkeypatch,
                                                             caplog):
    from heron.xmpp import login_check

    async def broken(*_args: object) -> None:
        raise RuntimeError("injected failure")

    monkeypatch.setattr(login_check, "check_login", broken)  # a fault, injected
    app, _window, flow = await _sign_in(qtbot, tmp_path, "x@localhost", "pw")
    dialog: AccountDialog = flow.dialog
    await until(dialog.error.isVisible, 5)
    assert "Something went wrong" in dialog.error.text() and dialog.ok.isEnabled()
    assert "injected failure" in dialog.details.text() and "injected failure" in caplog.text
    assert app.accounts == []
    await app.close()


async def test_every_kind_of_failure_reads_the_same_way(qtbot, tmp_path):
    """The window knows no kind by name: whatever kind a failure has (also one added later),
    its sentence, next step and Details show; one that Heron retries gets no banner."""
    from heron.core.errors import ErrorKind, describe
    from heron.core.settings import AccountConfig

    app, window = await _empty_window(qtbot, tmp_path)
    jid = "alice@example.org"
    app.save_account(AccountConfig(jid), None)
    for kind in ErrorKind:
        error = describe(kind, f"raw {kind.value}", server="example.org", account=jid)
        state = ConnectionState.ERROR if error.terminal else ConnectionState.RECONNECTING
        app.bus.publish(ConnectionChanged(jid, state, error.message, error, 5.0))
        banner = window.banners.banner(jid, kind.value)
        row = window.sidebar.account_status.row(jid)
        assert error.message in window.status_label.text()
        assert error.message in row.toolTip() and error.next_step in row.toolTip()
        if error.terminal:
            assert banner is not None
            assert banner.text in (error.message, f"{jid}: {error.message}")
            assert banner.next_step.text() == error.next_step
            assert f"raw {kind.value}" not in banner.text
            details = window.findChild(QPushButton, f"{kind.value}:Details")
            assert details is not None
            qtbot.mouseClick(details, Qt.MouseButton.LeftButton)
            assert banner.details.isVisible() and banner.details.text() == f"raw {kind.value}"
            window.banners.remove(jid)  # dismissed, so the next one has the room
        else:
            assert banner is None
    await app.close()
