"""Dialogs: account, contact, certificate trust, password. Each lives in its own module; this
one names them for the callers that import them from here. All are opened with open(), never
exec(): a nested event loop inside qasync drops tasks (STACK-NOTES.md)."""

from __future__ import annotations

from heron.ui.account_dialog import AccountDialog, AccountForm
from heron.ui.account_remove_dialog import RemoveAccountDialog
from heron.ui.certificate_dialog import CertificateDialog
from heron.ui.contact_dialog import ContactDialog
from heron.ui.dialog_buttons import _buttons
from heron.ui.password_dialog import PasswordDialog

__all__ = [
    "AccountDialog",
    "AccountForm",
    "CertificateDialog",
    "ContactDialog",
    "PasswordDialog",
    "RemoveAccountDialog",
    "_buttons",
]
