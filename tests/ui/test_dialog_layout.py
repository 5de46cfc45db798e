"""Dialogs centred on the window, also after they grow, and the account dialog without orphan
labels or squashed fields (issue 6, point 6), driven as a person would."""

from __future__ import annotations

import asyncio
import itertools
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog, QFormLayout, QLabel, QLineEdit, QWidget

from heron.application import Heron
from heron.core.paths import ProfilePaths
from heron.core.settings import AccountConfig
from heron.ui import theme
from heron.ui.dialogs import AccountDialog, CertificateDialog, ContactDialog
from heron.ui.main_window import MainWindow
from tests.helpers import until
from tests.ui.accounts import fill_account_dialog

pytestmark = [pytest.mark.asyncio]

ACCOUNT = "alice@example.org"


async def _window(qtbot: Any, tmp_path: Path) -> tuple[Heron, MainWindow]:
    app = Heron(ProfilePaths(tmp_path / "profile"))
    await app.open()
    app.save_account(AccountConfig(ACCOUNT, enabled=False), None)
    window = MainWindow(app)
    qtbot.addWidget(window)
    # Inside the offscreen screen (800x600), so that Qt need not push a dialog back onto it.
    window.resize(760, 560)
    window.move(20, 20)
    window.show()
    return app, window


def _assert_centred(dialog: QWidget, window: QWidget) -> None:
    assert dialog.isVisible()
    offset = dialog.frameGeometry().center() - window.frameGeometry().center()
    assert abs(offset.x()) <= 2 and abs(offset.y()) <= 2, (dialog.objectName(), offset)


async def _assert_tidy_form(dialog: AccountDialog) -> None:
    """As it is painted (once Qt has laid it out): every visible label has its visible field
    beside it, no row runs into the next, no field or text is squashed or cut off."""
    await asyncio.sleep(0.05)
    form = dialog.findChild(QFormLayout)
    assert form is not None
    for row in range(form.rowCount()):
        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        if label is None or field is None or not isinstance(label.widget(), QLabel):
            continue
        assert label.widget().isVisible() == field.widget().isVisible(), label.widget().text()
    rows = [form.itemAt(row, QFormLayout.ItemRole.FieldRole) for row in range(form.rowCount())]
    shown = [item.widget() for item in rows if item is not None and item.widget().isVisible()]
    for above, below in itertools.pairwise(shown):
        assert above.geometry().bottom() < below.geometry().top(), "rows overlap"
    for edit in dialog.findChildren(QLineEdit):
        if edit.isVisible():
            assert edit.height() >= edit.sizeHint().height(), edit.objectName()
    for text in dialog.findChildren(QLabel):
        if text.isVisible() and text.wordWrap() and text.text():
            assert text.height() >= text.heightForWidth(text.width()), text.text()
            parent = text.parentWidget()
            bottom = text.mapTo(parent, QPoint(0, text.height())).y()
            assert bottom <= parent.height(), f"cut off by its box: {text.text()}"


@pytest.fixture(params=["light", "dark"])
def appearance(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    """The dialogs as people see them: Heron's style sheet, in both schemes."""
    sheet, palette = qapp.styleSheet(), qapp.palette()
    theme.set_appearance(qapp, request.param)
    yield str(request.param)
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)


async def test_account_dialog_stays_centred_and_tidy_as_it_grows(qtbot, tmp_path, appearance):
    app, window = await _window(qtbot, tmp_path)
    flow = window.open_add_account()
    dialog: AccountDialog = flow.dialog
    _assert_centred(dialog, window)
    await _assert_tidy_form(dialog)  # "Host" is hidden with its field, not left standing alone
    with socket.socket() as s:  # a port nobody listens on: a real failure to show
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    fill_account_dialog(qtbot, dialog, "new@localhost", "secret", "127.0.0.1", port)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    await until(dialog.error.isVisible, 10)
    qtbot.mouseClick(dialog.details_button, Qt.MouseButton.LeftButton)
    await until(dialog.details.isVisible)
    _assert_centred(dialog, window)
    await _assert_tidy_form(dialog)
    dialog.grab().save(str(tmp_path / f"account-error-{appearance}.png"))
    qtbot.mouseClick(dialog.cancel, Qt.MouseButton.LeftButton)

    edit = window.open_edit_account(ACCOUNT).dialog
    _assert_centred(edit, window)
    await _assert_tidy_form(edit)
    qtbot.mouseClick(edit.advanced, Qt.MouseButton.LeftButton)  # the host rows appear
    _assert_centred(edit, window)
    await _assert_tidy_form(edit)
    edit.reject()
    await app.close()


async def test_the_other_dialogs_open_centred_on_the_window(qtbot, tmp_path, appearance):
    app, window = await _window(qtbot, tmp_path)
    opened: list[QDialog] = [window.confirm_remove_account(ACCOUNT)]
    app.settings.put_account(AccountConfig(ACCOUNT))  # enabled: its password is asked for
    opened += window.ask_missing_passwords()
    for dialog in (ContactDialog(window, "bob@example.org", "Bob", ("Friends",)),
                   CertificateDialog(ACCOUNT, "example.org", "AB:" * 31 + "AB", "unknown issuer",
                                     False, window, pinnable=True)):
        dialog.open()
        opened.append(dialog)
    assert len(opened) == 4
    for dialog in opened:
        _assert_centred(dialog, window)
        dialog.reject()
    await app.close()
