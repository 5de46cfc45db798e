"""Adding an account: the dialog, optional registration, first connection, clear errors."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from heron.application import Heron
from heron.core.bus import Phase
from heron.core.errors import HeronError
from heron.core.events import ConnectionChanged, ConnectionState
from heron.core.settings import AccountConfig
from heron.core.tasks import spawn
from heron.ui.dialogs import AccountDialog, AccountForm

log = logging.getLogger(__name__)


class AccountFlow(QObject):
    finished = Signal(str)  # the account's JID once it connected

    def __init__(self, app: Heron, parent: QWidget) -> None:
        super().__init__(parent)
        self.app = app
        self.dialog = AccountDialog(parent)
        self.dialog.submitted.connect(lambda form: spawn(self._submit(form)))
        self._jid = ""
        self._unsubscribe = app.bus.subscribe(ConnectionChanged, self._on_state, Phase.UI)
        self.dialog.finished.connect(lambda _r: self._unsubscribe())

    def start(self) -> None:
        self.dialog.open()

    async def _submit(self, form: AccountForm) -> None:
        existing = self.app.settings.account(form.jid)
        account = AccountConfig(
            jid=form.jid, host=form.host, port=form.port, direct_tls=form.direct_tls,
            ca_file=existing.ca_file if existing else "",
            pinned_certs=existing.pinned_certs if existing else (),
        )
        if form.register:
            from heron.xmpp.services.registration import register_account

            try:
                await register_account(account, form.password)
            except HeronError as exc:
                self.dialog.show_error(str(exc))
                return
        warning = self.app.save_account(account, form.password)
        if warning:
            self.app.passwords.remember_for_session(form.jid, form.password)
            self.app.report(form.jid, warning)
        self._jid = form.jid
        try:
            self.app.start_account(form.jid)
        except HeronError as exc:
            self.dialog.show_error(str(exc))

    def _on_state(self, event: ConnectionChanged) -> None:
        if event.account != self._jid:
            return
        if event.state is ConnectionState.CONNECTED:
            self.dialog.accept()
            self.finished.emit(self._jid)
        elif event.state in (ConnectionState.AUTH_FAILED, ConnectionState.NO_TLS,
                             ConnectionState.ERROR, ConnectionState.CERT_UNTRUSTED):
            self.dialog.show_error(event.detail or event.state.value)

    def deleteLater(self) -> Any:
        self._unsubscribe()
        return super().deleteLater()
