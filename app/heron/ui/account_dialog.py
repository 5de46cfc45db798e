"""The account dialog: add an existing account, create one on the server, or edit one.
Opened with open(), never exec(): a nested event loop inside qasync drops tasks
(STACK-NOTES.md)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
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
from heron.ui.dialog_buttons import _buttons
from heron.ui.password_choice import PasswordFileChoice
from heron.ui.widgets import plain_label as _plain_label


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
