"""The main window driven the way a person uses it: click, type, press Enter."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from heron.core.events import ConnectionState, DeliveryState
from heron.models.messages import MessageRoles
from heron.models.roster import RosterRoles
from heron.ui.dialogs import AccountDialog, CertificateDialog
from heron.ui.main_window import MainWindow
from tests.helpers import until
from tests.integration.parties import account_for, start_heron, start_peer, stop_peer
from tests.ui.accounts import fill_account_dialog, trust_test_ca

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def _row_of(window: MainWindow, jid: str) -> QModelIndex:
    proxy = window.roster_proxy
    for row in range(proxy.rowCount()):
        index = proxy.index(row, 0)
        if index.data(RosterRoles.Jid) == jid:
            return index
    raise AssertionError(f"{jid} not in the roster view")


def _click_contact(qtbot: Any, window: MainWindow, jid: str) -> None:
    index = _row_of(window, jid)
    rect = window.roster_view.visualRect(index)
    qtbot.mouseClick(window.roster_view.viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.center())


def _bodies(window: MainWindow) -> list[str]:
    model = window.message_model
    return [] if model is None else [m.body for m in model.messages()]


async def _window_with_contact(qtbot: Any, server: Any, make_user: Any, tmp_path: Path,
                               name: str = "Bob") -> tuple[Any, MainWindow, Any, str, str]:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    peer = await start_peer(server, bob, bob_pw)
    await app.sessions[alice].roster.set_item(bob, name, ("Friends",))
    await until(lambda: any(e.jid == bob for e in app.repos.roster.load_blocking(alice)))
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    await until(lambda: window.roster_proxy.rowCount() == 1)  # the cached roster, painted
    return app, window, peer, alice, bob


async def test_chat_with_enter_receipts_typing_and_reply(qtbot, server, make_user, tmp_path):
    app, window, peer, alice, bob = await _window_with_contact(qtbot, server, make_user,
                                                               tmp_path)
    try:
        await until(lambda: window.roster_proxy.rowCount() == 1)
        _click_contact(qtbot, window, bob)
        await until(lambda: window.current == (alice, bob))
        assert window.title_label.text() == "Bob"

        qtbot.keyClicks(window.composer, "first line")
        qtbot.keyClick(window.composer, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
        qtbot.keyClicks(window.composer, "second line")
        assert peer.bodies() == []  # Shift+Enter only made a new line
        qtbot.keyClick(window.composer, Qt.Key.Key_Return)
        await until(lambda: peer.bodies() == ["first line\nsecond line"])
        assert window.composer.toPlainText() == ""
        await until(lambda: _bodies(window) == ["first line\nsecond line"])
        # Bob's client sends a receipt: the bubble's tick turns to "delivered".
        model = window.message_model
        assert model is not None
        await until(lambda: model.index(0).data(MessageRoles.State)
                    == DeliveryState.DELIVERED.value)

        typing = peer.make_message(mto=alice, mtype="chat")
        typing["chat_state"] = "composing"
        typing.send()
        await until(lambda: window.typing_label.text() == "Bob is typing…")
        peer.send_message(mto=alice, mbody="<i>plain</i> reply", mtype="chat")
        await until(lambda: _bodies(window) == ["first line\nsecond line", "<i>plain</i> reply"])
        assert window.message_view.model().rowCount() == 2
    finally:
        await stop_peer(peer)
        await app.close()


async def test_unread_badge_and_filter_as_you_type(qtbot, server, make_user, tmp_path):
    app, window, peer, alice, bob = await _window_with_contact(qtbot, server, make_user,
                                                               tmp_path, name="Bob Builder")
    try:
        peer.send_message(mto=alice, mbody="are you there?", mtype="chat")
        await until(lambda: _row_of(window, bob).data(RosterRoles.Unread) == 1)

        qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
        assert window.roster_filter.hasFocus()
        qtbot.keyClicks(window.roster_filter, "zzz")
        assert window.roster_proxy.rowCount() == 0
        window.roster_filter.clear()
        qtbot.keyClicks(window.roster_filter, "build")
        assert window.roster_proxy.rowCount() == 1
        qtbot.keyClick(window.roster_filter, Qt.Key.Key_Return)  # Enter opens the match
        await until(lambda: window.current == (alice, bob))
        await until(lambda: _bodies(window) == ["are you there?"])
        await until(lambda: _row_of(window, bob).data(RosterRoles.Unread) == 0)
    finally:
        await stop_peer(peer)
        await app.close()


async def test_add_account_through_the_dialog_with_certificate_trust(qtbot, server, make_user,
                                                                     tmp_path):
    jid, pw = make_user()
    app = await start_heron(tmp_path / "fresh", account_for(server, "placeholder@localhost"),
                            "x", connect=False)
    await app.remove_account("placeholder@localhost")
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    flow = window.open_add_account()
    dialog: AccountDialog = flow.dialog
    await until(dialog.isVisible)
    fill_account_dialog(qtbot, dialog, jid, pw, "127.0.0.1", server.c2s_port)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    # No CA given here: the test CA is unknown to the system, so Heron asks.
    await until(lambda: _visible(window, CertificateDialog) is not None, 15)
    cert_dialog = _visible(window, CertificateDialog)
    assert cert_dialog is not None
    fingerprint = cert_dialog.findChild(QLabel, "fingerprint")
    assert fingerprint is not None and fingerprint.property("fingerprint").count(":") == 31
    # Checked before saving: nothing is stored or running while the user decides.
    assert app.accounts == [] and app.sessions == {}
    assert "verify" in dialog.error.text() and dialog.isVisible()
    trust = cert_dialog.findChild(QPushButton, "okButton")
    qtbot.mouseClick(trust, Qt.MouseButton.LeftButton)
    await until(lambda: dialog.signed_in, 15)  # the success page
    assert jid in dialog.success_text.text()
    await until(lambda: app.sessions[jid].connection.state is ConnectionState.CONNECTED, 15)
    qtbot.mouseClick(dialog.done_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert jid in window.status_label.text() and "Connected" in window.status_label.text()
    assert app.settings.account(jid).pinned_certs == (fingerprint.property("fingerprint"),)
    await app.close()


async def test_wrong_password_is_shown_in_the_dialog(qtbot, server, make_user, tmp_path,
                                                     monkeypatch):
    trust_test_ca(monkeypatch, server.ca_file)
    jid, _pw = make_user()
    app = await start_heron(tmp_path / "fresh", account_for(server, jid, ), "x", connect=False)
    await app.remove_account(jid)
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    flow = window.open_add_account()
    dialog: AccountDialog = flow.dialog
    fill_account_dialog(qtbot, dialog, jid, "not-the-password", "127.0.0.1", server.c2s_port)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    await until(dialog.error.isVisible, 15)
    assert "did not accept the password" in dialog.error.text()
    assert dialog.isVisible() and dialog.ok.isEnabled()
    assert dialog.jid.text() == jid and dialog.password.text() == "not-the-password"
    # The raw detail only behind "Details".
    assert "not-authorized" not in dialog.error.text()
    assert dialog.details_button.isVisible() and not dialog.details.isVisible()
    qtbot.mouseClick(dialog.details_button, Qt.MouseButton.LeftButton)
    assert dialog.details.isVisible() and "not-authorized" in dialog.details.text()
    assert app.accounts == [] and app.sessions == {}
    await app.close()


def _visible(window: MainWindow, kind: type) -> Any:
    for child in window.findChildren(kind):
        if child.isVisible():
            return child
    return None


async def test_invalid_address_is_explained(qtbot, tmp_path):
    from heron.application import Heron
    from heron.core.paths import ProfilePaths

    app = Heron(ProfilePaths(tmp_path / "p"))
    await app.open()
    window = MainWindow(app)
    qtbot.addWidget(window)
    flow = window.open_add_account()
    dialog: AccountDialog = flow.dialog
    qtbot.keyClicks(dialog.jid, "not an address")
    qtbot.keyClicks(dialog.password, "pw")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisible()
    assert "alice@example.org" in dialog.error.text()
    assert app.accounts == []
    assert isinstance(dialog.findChild(QLineEdit, "passwordEdit"), QLineEdit)
    await app.close()
    await asyncio.sleep(0)
