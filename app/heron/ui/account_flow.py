"""Adding or editing an account: check the login first, save only what signed in.

Sign in → a throw-away login check (application.check_login); on success the account and its
password are saved and its session starts, and the dialog shows a success page. On failure the
dialog keeps every field and shows the problem; an untrusted certificate opens the certificate
dialog, and trusting it checks again with that certificate pinned. Cancel at any point stops
the check and leaves nothing behind: no settings entry, no keyring entry, no session.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from heron.application import Heron
from heron.core.errors import HeronError
from heron.core.events import CertificateRejected
from heron.core.settings import AccountConfig
from heron.core.tasks import spawn
from heron.ui.dialogs import AccountDialog, AccountForm, CertificateDialog

log = logging.getLogger(__name__)


class AccountFlow(QObject):
    finished = Signal(str)  # the account's JID once it is saved and connecting

    def __init__(self, app: Heron, parent: QWidget, existing: AccountConfig | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.existing = existing
        self.dialog = AccountDialog(
            parent, existing, offer_password_file=not app.passwords.secure_backend_available)
        self.dialog.submitted.connect(self._on_submit)
        self.dialog.rejected.connect(self._cancel)
        self.certificate_dialog: CertificateDialog | None = None
        self._pins: tuple[str, ...] = existing.pinned_certs if existing else ()
        self._registered = ""  # the JID created on the server in this dialog, if any
        self._form: AccountForm | None = None
        self._task: asyncio.Future[Any] | None = None

    def start(self) -> None:
        self.dialog.open()

    def _on_submit(self, form: AccountForm) -> None:
        self._form = form
        self._task = spawn(self._submit_guarded(form), "account check")

    async def _submit_guarded(self, form: AccountForm) -> None:
        """Whatever goes wrong, the dialog says so and Sign in works again."""
        try:
            await self._submit(form)
        except Exception as exc:  # shown in the dialog; the details hold the raw text
            log.exception("adding %s failed", form.jid)
            self.dialog.show_error(self.tr("Something went wrong while signing in."),
                                   self.tr("Try again."), f"{type(exc).__name__}: {exc}")

    def _cancel(self) -> None:
        """Cancel: the check (and its connection) ends; nothing was saved."""
        if self._task is not None and not self._task.done():
            self._task.cancel()

    def _config(self, form: AccountForm) -> AccountConfig:
        base = self.existing or self.app.settings.account(form.jid) or AccountConfig(form.jid)
        return replace(base, host=form.host, port=form.port, direct_tls=form.direct_tls,
                       pinned_certs=self._pins, password_in_file=form.password_in_file)

    async def _submit(self, form: AccountForm) -> None:
        if self.existing is None and self.app.settings.account(form.jid) is not None:
            self.dialog.show_error(self.tr("{jid} is already in Heron.").format(jid=form.jid),
                                   self.tr("Edit it from the Accounts menu."))
            return
        password = form.password or self.app.passwords.get(form.jid) or ""
        if not password:
            self.dialog.show_error(self.tr("Enter the password."))
            return
        account = self._config(form)
        server = account.host or form.jid.split("@")[-1]
        if form.register and self._registered != form.jid:
            self.dialog.show_progress(self.tr("Creating the account on {server}…")
                                      .format(server=server))
            from heron.xmpp.services.registration import register_account

            try:
                await register_account(account, password)
            except HeronError as exc:
                self.dialog.show_error(str(exc))
                return
            self._registered = form.jid
        self.dialog.show_progress(self.tr("Connecting to {server}…").format(server=server))
        check = await self.app.check_login(account, password)
        if check.error is not None:
            self.dialog.show_problem(check.error)
            if check.certificate is not None:
                self._ask_trust(check.certificate)
            return
        warning = self.app.save_account(account, password)
        if warning:
            self.app.passwords.remember_for_session(form.jid, password)
        if account.enabled:
            self.app.start_account(form.jid)
        text = self.tr("{jid} is connected. Your contacts appear in the list.").format(
            jid=form.jid)
        self.dialog.show_success(f"{text}\n\n{warning}" if warning else text)
        self.finished.emit(form.jid)

    def _ask_trust(self, event: CertificateRejected) -> None:
        dialog = CertificateDialog(event.account, event.host, event.sha256_fingerprint,
                                   event.reason, event.changed, self.dialog,
                                   pinnable=event.pinnable)
        dialog.trusted.connect(self._trusted)
        self.certificate_dialog = dialog
        dialog.open()

    def _trusted(self, _account: str, fingerprint: str) -> None:
        """The user checked and accepted exactly this certificate: check again with it."""
        self._pins = (fingerprint,)
        if self._form is not None:
            self._on_submit(self._form)
