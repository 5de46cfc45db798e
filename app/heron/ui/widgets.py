"""Small widgets shared by the panes and dialogs."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QToolButton, QWidget

from heron.core.tasks import spawn

log = logging.getLogger(__name__)


def plain_label(text: str = "", object_name: str = "") -> QLabel:
    """Every label that may carry network text is plain text."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if object_name:
        label.setObjectName(object_name)
    return label


def tool_button(name: str, text: str, tip: str, parent: QWidget | None = None) -> QToolButton:
    """A small text button (a symbol) whose tooltip also names it for screen readers."""
    button = QToolButton(parent)
    button.setObjectName(name)
    button.setText(text)
    button.setToolTip(tip)
    button.setAccessibleName(tip)
    return button


def run_reported(coro: Coroutine[Any, Any, Any], report: Callable[[str], None]) -> None:
    """Run a service call; its error becomes a visible message, never a crash."""
    async def guarded() -> None:
        try:
            await coro
        except Exception as exc:  # shown to the user; the window stays up
            log.exception("action failed")
            report(str(exc) or type(exc).__name__)

    spawn(guarded())
