"""Adding a contact, or renaming and regrouping one."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from heron.core.jid import looks_valid
from heron.ui.dialog_buttons import _buttons
from heron.ui.widgets import plain_label as _plain_label


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
