"""Starting with an account whose password no keyring holds: Heron asks, then connects."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from heron.core.events import ConnectionState
from heron.ui.dialogs import PasswordDialog
from heron.ui.main_window import MainWindow
from tests.helpers import until
from tests.integration.parties import account_for, start_heron

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def test_password_is_asked_when_no_keyring_holds_it(qtbot, server, make_user, tmp_path):
    jid, pw = make_user()
    app = await start_heron(tmp_path / "p", account_for(server, jid), pw, connect=False)
    app.passwords.delete(jid)  # as after a restart without a secure keyring
    assert app.needs_password(jid)
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    dialogs = window.ask_missing_passwords()
    assert len(dialogs) == 1
    dialog: PasswordDialog = dialogs[0]
    assert dialog.isVisible()
    # The test environment has no secure keyring, and the dialog says so before asking.
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "No secure system keyring" in texts
    qtbot.keyClicks(dialog.password, pw)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    await until(lambda: jid in app.sessions
                and app.sessions[jid].connection.state is ConnectionState.CONNECTED, 15)
    assert not dialog.isVisible()
    assert "Connected" in window.status_label.text()
    await app.close()
