"""Dialogs: account, contact, certificate trust. All are opened with open(), never exec():
a nested event loop inside qasync drops tasks (STACK-NOTES.md)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QIntValidator, QMoveEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from heron.core.errors import UserError
from heron.core.jid import looks_valid
from heron.core.settings import AccountConfig
from heron.ui.password_choice import PasswordFileChoice
from heron.ui.widgets import plain_label as _plain_label


def _buttons(ok_text: str, dialog: QDialog) -> tuple[QHBoxLayout, QPushButton, QPushButton]:
    row = QHBoxLayout()
    row.addStretch(1)
    cancel = QPushButton(QCoreApplication.translate("Dialog", "Cancel"))
    cancel.setObjectName("cancelButton")
    cancel.clicked.connect(dialog.reject)
    ok = QPushButton(ok_text)
    ok.setObjectName("okButton")
    ok.setProperty("primary", True)
    ok.setDefault(True)
    row.addWidget(cancel)
    row.addWidget(ok)
    return row, ok, cancel


@dataclass(frozen=True)
class AccountForm:
    jid: str
    password: str
    host: str
    port: int
    direct_tls: bool
    register: bool
    password_in_file: bool = False


class AccountDialog(QDialog):
    """Add an existing account, create one on the server (XEP-0077), or edit one.

    Nothing is saved here: the flow (ui/account_flow.py) checks the login first. While it
    checks, a line says what is happening; a failure shows one sentence, the next step and a
    "Details" button, with every field kept; success shows its own page.
    """

    submitted = Signal(object)  # AccountForm
    editing = False

    def __init__(self, parent: QWidget | None = None,
                 existing: AccountConfig | None = None, *,
                 offer_password_file: bool = False) -> None:
        super().__init__(parent)
        editing = existing is not None
        self._offer_password_file = offer_password_file
        self._centre: QPoint | None = None  # where fit() keeps the dialog's centre
        self._own_move = False
        self.setObjectName("accountDialog")
        title = self.tr("Edit account") if editing else self.tr("Add account")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        # Two pages, one shown at a time (not a QStackedWidget: it does not pass the height
        # that wrapped labels need for their width up to the dialog, and the fields squash).
        self.form_page = self._build_form(existing)
        self.success_page = self._build_success()
        self.success_page.hide()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        # Grow with what appears (an error, its details): never squash the fields.
        outer.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)
        outer.addWidget(self.form_page)
        outer.addWidget(self.success_page)
        if existing is not None:
            self._fill(existing)
        # Editing: the address is fixed, so start where a change is typed.
        (self.password if existing is not None else self.jid).setFocus()

    def _build_form(self, existing: AccountConfig | None) -> QWidget:  # noqa: PLR0915  builds the form
        page = QWidget()
        page.setMinimumWidth(440)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(24, 22, 24, 20)
        layout.setSpacing(14)
        heading = (self.tr("Edit {jid}").format(jid=existing.jid) if existing
                   else self.tr("Add an XMPP account"))
        layout.addWidget(_plain_label(heading, "dialogTitle"))
        layout.addWidget(_plain_label(self.tr(
            "Change the password or how Heron connects. Heron signs in once to check before "
            "saving.") if existing else self.tr(
            "Sign in with your address (like alice@example.org), or create a new account "
            "on a server that allows it."), "conversationSubtitle"))
        form = QFormLayout()
        form.setSpacing(10)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.jid = QLineEdit()
        self.jid.setObjectName("jidEdit")
        self.jid.setAccessibleName(self.tr("Address"))
        self.jid.setPlaceholderText("alice@example.org")
        self.password = QLineEdit()
        self.password.setObjectName("passwordEdit")
        self.password.setAccessibleName(self.tr("Password"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.register = QCheckBox(self.tr("Create this account on the server"))
        self.register.setObjectName("registerCheck")
        form.addRow(self.tr("Address"), self.jid)
        form.addRow(self.tr("Password"), self.password)
        # Only without a secure keyring (ui/password_choice.py says why).
        self.password_file = PasswordFileChoice()
        form.addRow("", self.password_file)
        form.setRowVisible(self.password_file, self._offer_password_file)
        form.addRow("", self.register)
        self.advanced = QCheckBox(self.tr("Connect to a specific host"))
        self.advanced.setObjectName("advancedCheck")
        form.addRow("", self.advanced)
        self.host = QLineEdit()
        self.host.setObjectName("hostEdit")
        self.host.setAccessibleName(self.tr("Host"))
        self.host.setPlaceholderText(self.tr("from DNS"))
        self.port = QLineEdit()
        self.port.setObjectName("portEdit")
        self.port.setAccessibleName(self.tr("Port"))
        self.port.setValidator(QIntValidator(1, 65535, self.port))
        self.port.setPlaceholderText(self.tr("port"))
        self.direct_tls = QCheckBox(self.tr("Direct TLS (XEP-0368)"))
        self.direct_tls.setObjectName("directTlsCheck")
        host_row = QHBoxLayout()
        host_row.addWidget(self.host, 3)
        host_row.addWidget(self.port, 1)
        self._host_widget = QWidget()
        self._host_widget.setLayout(host_row)
        host_row.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Host"), self._host_widget)
        form.addRow("", self.direct_tls)
        self._form = form
        layout.addLayout(form)
        self.progress = _plain_label("", "formStatus")
        self.progress.hide()
        layout.addWidget(self.progress)
        self.error = _plain_label("", "formError")
        self.error.setAccessibleName(self.tr("Problem"))
        self.error.hide()
        layout.addWidget(self.error)
        self.details = _plain_label("", "formDetails")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.hide()
        layout.addWidget(self.details)
        row, self.ok, self.cancel = _buttons(
            self.tr("Save") if existing else self.tr("Sign in"), self)
        self.details_button = QPushButton(self.tr("Details"))
        self.details_button.setObjectName("detailsButton")
        self.details_button.setProperty("link", True)
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(self.details.setVisible)
        self.details_button.toggled.connect(lambda _on: self.fit())
        self.details_button.hide()
        row.insertWidget(0, self.details_button)
        layout.addLayout(row)
        self.advanced.toggled.connect(self._toggle_advanced)
        self.register.toggled.connect(
            lambda on: self.ok.setText(self.tr("Create account") if on else self.tr("Sign in")))
        self._toggle_advanced(False)
        self.ok.clicked.connect(self._submit)
        return page

    def _build_success(self) -> QWidget:
        page = QWidget()
        page.setMinimumWidth(440)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(24, 22, 24, 20)
        layout.setSpacing(14)
        layout.addWidget(_plain_label(self.tr("You are signed in"), "dialogTitle"))
        self.success_text = _plain_label("", "successText")
        layout.addWidget(self.success_text)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.done_button = QPushButton(self.tr("Done"))
        self.done_button.setObjectName("doneButton")
        self.done_button.setProperty("primary", True)
        self.done_button.clicked.connect(self.accept)
        row.addWidget(self.done_button)
        layout.addLayout(row)
        return page

    def _fill(self, account: AccountConfig) -> None:
        self.jid.setText(account.jid)
        self.jid.setReadOnly(True)
        self._form.setRowVisible(self.register, False)
        self.password.setPlaceholderText(self.tr("unchanged"))
        custom = bool(account.host or account.port or account.direct_tls)
        self.advanced.setChecked(custom)
        self.host.setText(account.host)
        self.port.setText(str(account.port) if account.port else "")
        self.direct_tls.setChecked(account.direct_tls)
        self.password_file.check.setChecked(account.password_in_file)
        self.editing = True

    def _toggle_advanced(self, on: bool) -> None:
        # Whole rows, labels included: no "Host" label left standing alone.
        self._form.setRowVisible(self._host_widget, on)
        self._form.setRowVisible(self.direct_tls, on)
        self.fit()

    def fit(self) -> None:
        """Take the size the content needs (an error, its details, the success page) and
        stay centred where it was placed: growing downward only drifts it off the window."""
        self.adjustSize()
        self._settle()

    def _settle(self) -> None:
        # The layout's minimum height does not count what wrapped text needs at this width,
        # so adjustSize() and the layout settle for too little and squeeze the form's rows
        # into each other: take the height the text needs, then re-centre.
        layout = self.layout()
        needed = layout.totalHeightForWidth(self.width()) if layout is not None else 0
        if self.height() < needed:
            self.resize(self.width(), needed)
        if self.isVisible() and self._centre is not None:
            frame = self.frameGeometry()
            if frame.center() != self._centre:
                frame.moveCenter(self._centre)
                self._own_move = True
                self.move(frame.topLeft())
                self._own_move = False

    def moveEvent(self, event: QMoveEvent) -> None:
        # Where Qt, the window manager or the user put it is the centre to keep (a resize by
        # the layout moves no corner, so it does not count).
        super().moveEvent(event)
        if not self._own_move:
            self._centre = self.frameGeometry().center()

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self._settle()
        return handled

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._centre = self.frameGeometry().center()  # where Qt centred it on the window

    def show_progress(self, text: str) -> None:
        """Checking: the button waits, and this line says for what."""
        self.error.hide()
        self.details.hide()
        self.details_button.hide()
        self.progress.setText(text)
        self.progress.show()
        self.ok.setEnabled(False)
        self.fit()

    def show_error(self, text: str, next_step: str = "", details: str = "") -> None:
        self.progress.hide()
        self.error.setText(f"{text} {next_step}".strip())
        self.error.show()
        self.details.setText(details)
        self.details_button.setChecked(False)
        self.details_button.setVisible(bool(details))
        self.ok.setEnabled(True)
        self.fit()

    def show_problem(self, error: UserError) -> None:
        self.show_error(error.message, error.next_step, error.detail)

    def show_success(self, text: str) -> None:
        self.success_text.setText(text)
        self.form_page.hide()
        self.success_page.show()
        self.done_button.setFocus()
        self.fit()

    @property
    def signed_in(self) -> bool:
        """The success page is showing."""
        return not self.success_page.isHidden()

    def _submit(self) -> None:
        jid = self.jid.text().strip()
        if not looks_valid(jid):
            self.show_error(self.tr("Enter an address like alice@example.org."))
            return
        if not self.password.text() and not self.editing:
            self.show_error(self.tr("Enter the password."))
            return
        self.error.hide()
        self.ok.setEnabled(False)
        self.submitted.emit(AccountForm(
            jid=jid.split("/")[0].lower(), password=self.password.text(),
            host=self.host.text().strip() if self.advanced.isChecked() else "",
            port=int(self.port.text() or 0) if self.advanced.isChecked() else 0,
            direct_tls=self.direct_tls.isChecked() and self.advanced.isChecked(),
            register=self.register.isChecked() and not self.editing,
            password_in_file=self._offer_password_file and self.password_file.check.isChecked(),
        ))


class RemoveAccountDialog(QDialog):
    """Asks before an account goes, and whether its local history goes with it."""

    confirmed = Signal(str, bool)  # account, delete history

    def __init__(self, account: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("removeAccountDialog")
        self.setWindowTitle(self.tr("Remove account"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(_plain_label(self.tr("Remove {account}?").format(account=account),
                                      "dialogTitle"))
        layout.addWidget(_plain_label(self.tr(
            "Heron signs out and forgets this account and its saved password. The account "
            "itself stays on the server."), "conversationSubtitle"))
        self.delete_history = QCheckBox(self.tr("Also delete its message history on this "
                                                "computer"))
        self.delete_history.setObjectName("deleteHistoryCheck")
        layout.addWidget(self.delete_history)
        row, self.ok, cancel = _buttons(self.tr("Remove"), self)
        self.ok.setProperty("danger", True)
        layout.addLayout(row)
        cancel.setFocus()  # the safe answer first: nothing is removed by a stray Enter
        self._account = account
        self.ok.clicked.connect(self._confirm)

    def _confirm(self) -> None:
        self.confirmed.emit(self._account, self.delete_history.isChecked())
        self.accept()


class ContactDialog(QDialog):
    """Add a contact, or rename / regroup one."""

    submitted = Signal(str, str, tuple)  # jid, name, groups

    def __init__(self, parent: QWidget | None = None, jid: str = "", name: str = "",
                 groups: tuple[str, ...] = ()) -> None:
        super().__init__(parent)
        editing = bool(jid)
        self.setObjectName("contactDialog")
        self.setWindowTitle(self.tr("Edit contact") if editing else self.tr("Add contact"))
        self.setMinimumWidth(400)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(_plain_label(self.windowTitle(), "dialogTitle"))
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.jid = QLineEdit(jid)
        self.jid.setObjectName("contactJidEdit")
        self.jid.setAccessibleName(self.tr("Address"))
        self.jid.setPlaceholderText("bob@example.org")
        self.jid.setReadOnly(editing)
        self.name = QLineEdit(name)
        self.name.setObjectName("contactNameEdit")
        self.name.setAccessibleName(self.tr("Name"))
        self.groups = QLineEdit(", ".join(groups))
        self.groups.setObjectName("contactGroupsEdit")
        self.groups.setAccessibleName(self.tr("Groups"))
        self.groups.setPlaceholderText(self.tr("Friends, Work"))
        form.addRow(self.tr("Address"), self.jid)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Groups"), self.groups)
        layout.addLayout(form)
        self.error = _plain_label("", "formError")
        self.error.hide()
        layout.addWidget(self.error)
        row, self.ok, _ = _buttons(self.tr("Save") if editing else self.tr("Add"), self)
        layout.addLayout(row)
        self.ok.clicked.connect(self._submit)
        (self.name if editing else self.jid).setFocus()

    def _submit(self) -> None:
        jid = self.jid.text().strip().lower()
        if not looks_valid(jid):
            self.error.setText(self.tr("Enter an address like bob@example.org."))
            self.error.show()
            return
        groups = tuple(sorted({g.strip() for g in self.groups.text().split(",") if g.strip()}))
        self.submitted.emit(jid, self.name.text().strip(), groups)
        self.accept()


class CertificateDialog(QDialog):
    """The server's certificate was refused: show why and its SHA-256 fingerprint. Only when
    its one fault is an unknown issuer (``pinnable``) may the user trust it; a wrong name, an
    expired date or an unusable key has no way past it here. A changed certificate says so
    loudly."""

    trusted = Signal(str, str)  # account, fingerprint

    def __init__(self, account: str, host: str, fingerprint: str, reason: str, changed: bool,  # noqa: PLR0917  what the dialog shows
                 parent: QWidget | None = None, *, pinnable: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("certificateDialog")
        self.setWindowTitle(self.tr("Untrusted certificate"))
        self.setFixedWidth(560)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetFixedSize)
        layout.setContentsMargins(24, 22, 24, 20)
        layout.setSpacing(12)
        if changed:
            heading = self.tr("The server's certificate has CHANGED")
        elif pinnable:
            heading = self.tr("Heron could not verify this server")
        else:
            heading = self.tr("Heron refused this server's certificate")
        layout.addWidget(_plain_label(heading, "dialogTitle"))
        if pinnable:
            text = self.tr(
                "The certificate presented by {host} for {account} is not trusted.\n{reason}"
                "\n\nOnly continue if you checked that this fingerprint is the server's, for "
                "example with its administrator.")
        else:
            text = self.tr(
                "Heron refused the certificate presented by {host} for {account}.\n{reason}"
                "\n\nHeron will not sign in with this certificate, and it cannot be trusted "
                "from here. Tell the server's administrator.")
        self.reason = _plain_label(text.format(host=host, account=account, reason=reason),
                                   "certificateReason")
        layout.addWidget(self.reason)
        pairs = fingerprint.split(":")
        shown = ":".join(pairs[:16]) + "\n" + ":".join(pairs[16:]) if len(pairs) > 16 \
            else fingerprint  # noqa: PLR2004  16 bytes per line
        self.fingerprint = _plain_label(shown, "fingerprint")
        self.fingerprint.setProperty("fingerprint", fingerprint)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint.setAccessibleName(self.tr("SHA-256 fingerprint"))
        layout.addWidget(_plain_label(self.tr("SHA-256 fingerprint"), "conversationSubtitle"))
        layout.addWidget(self.fingerprint)
        self._account, self._fingerprint = account, fingerprint
        self.ok: QPushButton | None = None
        if pinnable:
            row, self.ok, _ = _buttons(self.tr("Trust this certificate"), self)
            self.ok.setProperty("primary", False)
            self.ok.setDefault(False)
            self.ok.clicked.connect(self._trust)
        else:
            row = QHBoxLayout()
            row.addStretch(1)
            close = QPushButton(self.tr("Close"))
            close.setObjectName("closeButton")
            close.setDefault(True)
            close.clicked.connect(self.reject)
            row.addWidget(close)
        layout.addLayout(row)

    def _trust(self) -> None:
        self.trusted.emit(self._account, self._fingerprint)
        self.accept()


class PasswordDialog(QDialog):
    """Asked at start when no keyring or password file holds the password. Without a secure
    keyring it offers the password file, so that the next start need not ask again."""

    submitted = Signal(str, str, bool)  # account, password, keep it in the password file

    def __init__(self, account: str, keyring_available: bool,
                 parent: QWidget | None = None, *, in_file: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("passwordDialog")
        self.setWindowTitle(self.tr("Password needed"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)
        layout.setContentsMargins(24, 22, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(_plain_label(self.tr("Sign in to {account}").format(account=account),
                                      "dialogTitle"))
        if not keyring_available:
            layout.addWidget(_plain_label(self.tr(
                "No secure system keyring (such as Secret Service) is available, so Heron "
                "keeps your password in memory until you quit and asks again at the next "
                "start, unless you store it in a file below."), "conversationSubtitle"))
        self.password = QLineEdit()
        self.password.setObjectName("passwordEdit")
        self.password.setAccessibleName(self.tr("Password"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addWidget(self.password)
        self.password_file = PasswordFileChoice()
        self.password_file.check.setChecked(in_file)
        self.password_file.setVisible(not keyring_available)
        layout.addWidget(self.password_file)
        row, self.ok, _ = _buttons(self.tr("Connect"), self)
        layout.addLayout(row)
        self._account = account
        self.ok.clicked.connect(self._submit)
        self.password.returnPressed.connect(self._submit)
        self.password.setFocus()

    def _submit(self) -> None:
        if self.password.text():
            self.submitted.emit(self._account, self.password.text(), self.password_file.chosen)
            self.accept()
