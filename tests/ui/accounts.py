"""Helpers for driving the account dialog as a person does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from heron.ui.dialogs import AccountDialog


def fill_account_dialog(qtbot: Any, dialog: AccountDialog, jid: str, password: str,
                        host: str = "", port: int = 0) -> None:
    """Type the address and password; with a host, open "Connect to a specific host" too."""
    qtbot.keyClicks(dialog.jid, jid)
    qtbot.keyClicks(dialog.password, password)
    if host:
        dialog.advanced.setChecked(True)
        qtbot.keyClicks(dialog.host, host)
        qtbot.keyClicks(dialog.port, str(port))


def trust_test_ca(monkeypatch: pytest.MonkeyPatch, ca_file: Path) -> None:
    """As if the rig's CA were installed on this computer (OpenSSL's default CA file), so
    a dialog test gets past the certificate to the failure it is about."""
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
