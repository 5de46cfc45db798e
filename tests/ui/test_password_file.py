"""The opt-in password file from the window (issue 6, security: a visible setting with a plain
warning instead of typing the password at every start), on a machine without any keyring.

Ticking "Store the password in a file only you can read", in the account dialog or in the
start-up prompt, stores it in a 0600 file and the next start does not ask; leaving it unticked
keeps the password in memory for this run only, and the next start asks again.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import keyring.backends.fail
import pytest
from PySide6.QtCore import Qt

from heron.application import Heron
from heron.core.events import ConnectionState
from heron.core.paths import ProfilePaths
from heron.core.secrets import PasswordStore
from heron.ui.account_flow import AccountFlow
from heron.ui.dialogs import PasswordDialog
from heron.ui.main_window import MainWindow
from tests.helpers import until
from tests.integration.parties import account_for, state_of, wait_state
from tests.ui.accounts import fill_account_dialog, trust_test_ca

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def _start(qtbot: Any, profile: Path) -> tuple[Heron, MainWindow]:
    """Heron as it starts on a machine with no keyring at all: a fresh password store (nothing
    in memory), the window, then the accounts started and missing passwords asked for."""
    store = PasswordStore(profile, backend=keyring.backends.fail.Keyring())
    app = Heron(ProfilePaths(profile), passwords=store)
    await app.open()
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    return app, window


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("ticked", [True, False])
async def test_account_dialog_offers_the_password_file_without_a_keyring(
        qtbot, server, make_user, tmp_path, monkeypatch, ticked):
    trust_test_ca(monkeypatch, server.ca_file)
    profile = tmp_path / "profile"
    jid, pw = make_user()
    app, window = await _start(qtbot, profile)
    flow: AccountFlow = window.open_add_account()
    dialog = flow.dialog
    assert dialog.password_file.isVisible()  # offered: there is no keyring here
    assert not dialog.password_file.check.isChecked()  # and never chosen for the user
    assert "unencrypted" in dialog.password_file.warning.text()
    fill_account_dialog(qtbot, dialog, jid, pw, "127.0.0.1", server.c2s_port)
    if ticked:
        qtbot.mouseClick(dialog.password_file.check, Qt.MouseButton.LeftButton)
    dialog.grab().save(str(tmp_path / "account-dialog.png"))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    await until(lambda: dialog.signed_in, 15)
    file = app.passwords.file_path(jid)
    assert file is not None
    if ticked:
        assert file.read_text() == pw and _mode(file) == 0o600
        assert "asked for at the next start" not in dialog.success_text.text()
    else:
        assert not file.exists()
        assert "asked for at the next start" in dialog.success_text.text()
    await wait_state(app, jid, ConnectionState.CONNECTED)
    await app.close()

    # The next start: asked only when the password was not stored in the file.
    app, window = await _start(qtbot, profile)
    app.start_enabled_accounts()
    asked = window.ask_missing_passwords()
    if ticked:
        assert asked == []
        await wait_state(app, jid, ConnectionState.CONNECTED)
    else:
        assert len(asked) == 1 and asked[0].isVisible()
        assert state_of(app, jid) is not ConnectionState.CONNECTED
    await app.close()


@pytest.mark.parametrize("ticked", [True, False])
async def test_start_up_prompt_offers_the_password_file(qtbot, server, make_user, tmp_path,
                                                         ticked):
    profile = tmp_path / "profile"
    jid, pw = make_user()
    app, window = await _start(qtbot, profile)
    app.save_account(account_for(server, jid), None)  # as left by an earlier run
    dialogs = window.ask_missing_passwords()
    assert len(dialogs) == 1
    dialog: PasswordDialog = dialogs[0]
    assert dialog.password_file.isVisible() and not dialog.password_file.check.isChecked()
    qtbot.keyClicks(dialog.password, pw)
    if ticked:
        qtbot.mouseClick(dialog.password_file.check, Qt.MouseButton.LeftButton)
    dialog.grab().save(str(tmp_path / "password-prompt.png"))
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    await wait_state(app, jid, ConnectionState.CONNECTED)
    file = app.passwords.file_path(jid)
    assert file is not None
    assert file.exists() is ticked
    if ticked:
        assert file.read_text() == pw and _mode(file) == 0o600
        assert _mode(file.parent) == 0o700
    await app.close()

    app, window = await _start(qtbot, profile)
    asked = window.ask_missing_passwords()
    assert len(asked) == (0 if ticked else 1)
    if not ticked:
        # Unticked it stays unticked: the prompt remembers the account's choice.
        assert not asked[0].password_file.check.isChecked()
    await app.close()


async def test_with_a_keyring_the_file_is_not_offered(qtbot, tmp_path, password_store):
    app = Heron(ProfilePaths(tmp_path / "profile"), passwords=password_store)
    await app.open()
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    flow = window.open_add_account()
    assert not flow.dialog.password_file.isVisible()
    assert PasswordDialog("a@example.org", True).password_file.isHidden()
    await until(flow.dialog.isVisible)
    await app.close()
