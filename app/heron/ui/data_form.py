"""A XEP-0004 data form (core/data_forms.py) as a real, scrollable form.

Each field gets the widget its type calls for; "fixed" fields start a section with a header,
"hidden" ones are kept and sent back unseen. Labels, descriptions and values come from the
network: they are plain text everywhere (labels, tooltips, list items). Answers are checked
before they are sent and each problem is shown under its own field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from heron.core import data_forms
from heron.core.data_forms import Field, Form, Problem
from heron.ui import theme
from heron.ui.widgets import plain_label

CONTENT_WIDTH = 560  # a form reads best in one column of this width
CHECKBOX_OPTIONS = 12  # up to this many options: a column of check boxes; more: a list
LIST_ROWS = 8  # the longer list shows this many options before it scrolls


@dataclass
class _Row:
    """One shown field: its input, how to read it, and where its problem goes."""

    field: Field
    widget: QWidget
    read: Callable[[], list[str]]
    error: QLabel


class _Rule(QWidget):
    """The thin line under a section header, in the scheme's border colour (read when painted,
    so it follows a switch between light and dark)."""

    def __init__(self) -> None:
        super().__init__()
        self.setFixedHeight(1)

    def paintEvent(self, _event: QPaintEvent) -> None:
        QPainter(self).fillRect(self.rect(), theme.BORDER)


class _CheckRow(QWidget):
    """A boolean field: the box, and its label wrapping beside it."""

    def __init__(self) -> None:
        super().__init__()
        self.checkbox = QCheckBox()


def _muted(label: QLabel, smaller: bool = True) -> QLabel:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, theme.MUTED)
    label.setPalette(palette)
    if smaller:
        font = QFont(label.font())
        font.setPointSizeF(font.pointSizeF() * 0.9)
        label.setFont(font)
    return label


class DataFormWidget(QScrollArea):
    """The form, with ``answers()``, ``validate()`` and ``submit_form()``."""

    def __init__(self, form: Form, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.setObjectName("dataForm")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rows: dict[str, _Row] = {}
        body = QWidget()
        body.setObjectName("dataFormBody")
        self.column = QVBoxLayout(body)
        self.column.setContentsMargins(4, 0, 14, 8)
        self.column.setSpacing(14)
        for text in form.instructions:
            self.column.addWidget(_muted(plain_label(text, "formInstructions"), smaller=False))
        for f in form.fields:
            self._add(f)
        self.column.addStretch(1)
        self.setWidget(body)
        self.setMinimumWidth(CONTENT_WIDTH // 1)

    # --- building ------------------------------------------------------------------------------

    def _add(self, f: Field) -> None:
        if f.type == "hidden":
            return
        if f.type == "fixed":
            self._section(" ".join(v for v in f.values if v) or f.label)
            return
        builders = {
            "boolean": self._boolean, "text-multi": self._lines, "jid-multi": self._lines,
            "list-single": self._combo, "list-multi": self._checklist,
        }
        widget, read = builders.get(f.type, self._line)(f)
        widget.setObjectName(f"field:{f.var}")
        widget.setAccessibleName(f.title)
        if f.desc:
            widget.setToolTip(f.desc)
            widget.setAccessibleDescription(f.desc)
        box = QVBoxLayout()
        box.setSpacing(4)
        if f.type != "boolean":
            title = plain_label(f.title + (" *" if f.required else ""), "formFieldLabel")
            title.setBuddy(widget)
            if f.desc:
                title.setToolTip(f.desc)
            box.addWidget(title)
        box.addWidget(widget)
        error = plain_label("", "formError")
        error.hide()
        box.addWidget(error)
        self.column.addLayout(box)
        self.rows[f.var] = _Row(f, widget, read, error)

    def _section(self, text: str) -> None:
        if not text:
            return
        header = plain_label(text, "formSection")
        font = QFont(header.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        header.setFont(font)
        line = _Rule()
        box = QVBoxLayout()
        box.setSpacing(4)
        box.setContentsMargins(0, 10 if self.rows else 0, 0, 0)
        box.addWidget(header)
        box.addWidget(line)
        self.column.addLayout(box)

    def _line(self, f: Field) -> tuple[QWidget, Callable[[], list[str]]]:
        edit = QLineEdit(f.values[0] if f.values else "")
        if f.type == "text-private":
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        if f.type == "jid-single":
            edit.setPlaceholderText("name@example.org")
        return edit, lambda: [edit.text()]

    def _lines(self, f: Field) -> tuple[QWidget, Callable[[], list[str]]]:
        edit = QPlainTextEdit("\n".join(f.values))
        edit.setTabChangesFocus(True)
        if f.type == "jid-multi":
            edit.setPlaceholderText(self.tr("One address per line"))
        lines = 4
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 16)

        def read() -> list[str]:
            text = edit.toPlainText()
            return text.split("\n") if text else []

        return edit, read

    def _boolean(self, f: Field) -> tuple[QWidget, Callable[[], list[str]]]:
        # A long label wraps beside the box instead of widening the form.
        row = _CheckRow()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(0)
        box = row.checkbox
        box.setChecked(data_forms.is_true(f.values))
        box.setAccessibleName(f.title)
        text = plain_label(f.title + (" *" if f.required else ""), "formFieldLabel")
        text.setBuddy(box)
        text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        text.mousePressEvent = lambda _e: box.toggle()  # type: ignore[method-assign]
        line.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
        line.addWidget(text, 1)
        row.setFocusProxy(box)
        return row, lambda: ["1" if box.isChecked() else "0"]

    def _combo(self, f: Field) -> tuple[QWidget, Callable[[], list[str]]]:
        combo = QComboBox()
        for option in f.options:
            combo.addItem(option.label or option.value, option.value)
        current = f.values[0] if f.values else ""
        if current and combo.findData(current) < 0:
            combo.addItem(current, current)  # the value the room has, even if not offered
        if not current and not f.required:
            combo.insertItem(0, self.tr("(not set)"), "")
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)
        return combo, lambda: [str(combo.currentData())] if combo.currentData() else []

    def _checklist(self, f: Field) -> tuple[QWidget, Callable[[], list[str]]]:
        if len(f.options) > CHECKBOX_OPTIONS:
            return self._long_checklist(f)
        group = QWidget()
        column = QVBoxLayout(group)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        boxes: list[tuple[QCheckBox, str]] = []
        for option in f.options:
            box = QCheckBox(option.label or option.value)
            box.setChecked(option.value in f.values)
            column.addWidget(box)
            boxes.append((box, option.value))
        if boxes:
            group.setFocusProxy(boxes[0][0])
        return group, lambda: [value for box, value in boxes if box.isChecked()]

    def _long_checklist(self, f: Field) -> tuple[QWidget, Callable[[], list[str]]]:
        """Many options: a checkable list that scrolls."""
        checklist = QListWidget()
        for option in f.options:
            item = QListWidgetItem(option.label or option.value)
            item.setData(Qt.ItemDataRole.UserRole, option.value)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if option.value in f.values
                               else Qt.CheckState.Unchecked)
            checklist.addItem(item)
        checklist.setFixedHeight(checklist.sizeHintForRow(0) * LIST_ROWS
                                 + 2 * checklist.frameWidth() + 4)

        def read() -> list[str]:
            return [str(checklist.item(i).data(Qt.ItemDataRole.UserRole))
                    for i in range(checklist.count())
                    if checklist.item(i).checkState() == Qt.CheckState.Checked]

        return checklist, read

    # --- answers -------------------------------------------------------------------------------

    def answers(self) -> dict[str, list[str]]:
        return {var: row.read() for var, row in self.rows.items()}

    def problem_text(self, problem: Problem) -> str:
        return {
            Problem.REQUIRED: self.tr("This field is required."),
            Problem.BAD_JID: self.tr("Enter addresses like name@example.org."),
            Problem.NOT_AN_OPTION: self.tr("Choose one of the options."),
            Problem.ONE_LINE: self.tr("Enter a single line."),
        }[problem]

    def validate(self) -> bool:
        """Show each problem under its field; focus and scroll to the first. True if none."""
        found = data_forms.problems(self.form, self.answers())
        first: _Row | None = None
        for var, row in self.rows.items():
            problem = found.get(var)
            row.error.setVisible(problem is not None)
            row.error.setText(self.problem_text(problem) if problem is not None else "")
            if problem is not None and first is None:
                first = row
        if first is not None:
            first.widget.setFocus()
            self.ensureWidgetVisible(first.widget)
        return first is None

    def submit_form(self) -> Element | None:
        """The ``<x type='submit'/>`` to send, or None (the problems shown) when invalid."""
        if not self.validate():
            return None
        return data_forms.submit(self.form, self.answers())
