"""The certificate dialog offers "Trust this certificate" only for an unknown issuer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from heron.core.events import ConnectionState
from heron.ui.dialogs import CertificateDialog
from heron.ui.main_window import MainWindow
from tests.helpers import until
from tests.integration.certservers import JID, PASSWORD, fingerprint_of, server_presenting
from tests.integration.parties import account_for, start_heron

FINGERPRINT = ":".join(["AB"] * 32)


def _dialog(qtbot: Any, pinnable: bool, changed: bool = False) -> CertificateDialog:
    dialog = CertificateDialog("carol@example.org", "example.org", FINGERPRINT,
                               "The server's certificate is for another domain.", changed,
                               pinnable=pinnable)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


@pytest.mark.parametrize(("pinnable", "changed"), [(True, False), (False, False), (True, True)])
def test_trust_button_only_when_pinnable(qtbot, pinnable: bool, changed: bool) -> None:
    dialog = _dialog(qtbot, pinnable, changed)
    trust = dialog.findChild(QPushButton, "okButton")
    assert (trust is not None and trust.isVisible()) is pinnable
    assert dialog.findChild(QLabel, "fingerprint").property("fingerprint") == FINGERPRINT
    name = f"/tmp/heron-certificate-{'pinnable' if pinnable else 'refused'}" \
           f"{'-changed' if changed else ''}.png"
    dialog.grab().save(name)
    if pinnable:
        trusted: list[tuple[str, str]] = []
        dialog.trusted.connect(lambda account, fp: trusted.append((account, fp)))
        qtbot.mouseClick(trust, Qt.MouseButton.LeftButton)
        assert trusted == [("carol@example.org", FINGERPRINT)]
    else:
        close = dialog.findChild(QPushButton, "closeButton")
        assert close is not None and close.isVisible()
        qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()


@pytest.mark.asyncio
@pytest.mark.integration
async def test_certificate_for_another_domain_cannot_be_trusted_in_the_window(
        qtbot, server_class, tmp_path: Path) -> None:
    # Its issuer is unknown to Heron (no CA file) *and* it names another domain: the name
    # alone makes it final.
    with server_presenting(server_class, tmp_path / "srv", True, dns=("other.example",),
                           ips=("127.0.0.1",)) as server:
        app = await start_heron(tmp_path / "profile", account_for(server, JID, ca_file=""),
                                PASSWORD, connect=False)
        window = MainWindow(app)
        qtbot.addWidget(window)
        window.show()
        app.start_account(JID)
        await until(lambda: _visible_dialog(window) is not None, 15)
        dialog = _visible_dialog(window)
        assert dialog.findChild(QPushButton, "okButton") is None
        reason = dialog.findChild(QLabel, "certificateReason").text()
        assert "another domain than localhost" in reason and "cannot be trusted" in reason
        shown = dialog.findChild(QLabel, "fingerprint").property("fingerprint")
        assert shown == fingerprint_of(server.cert_file)
        qtbot.mouseClick(dialog.findChild(QPushButton, "closeButton"), Qt.MouseButton.LeftButton)
        await until(lambda: _visible_dialog(window) is None)
        assert app.sessions[JID].connection.state is ConnectionState.CERT_UNTRUSTED
        assert app.settings.account(JID).pinned_certs == ()
        await app.close()


def _visible_dialog(window: MainWindow) -> Any:
    return next((d for d in window.findChildren(CertificateDialog) if d.isVisible()), None)
