"""The conversation's "⋯" menu: find, jump to a date, export (text or HTML), delete the history
kept on this computer.

Dialogs here are opened with open(), never exec(): the event loop (and the network) go on
while they are up. The export runs in the background (core/export.py) and says when it is done;
deleting asks first and touches nothing on the server.
"""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate, QObject, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from heron.core.events import Direction
from heron.core.export import Format, export_conversation
from heron.core.tasks import spawn
from heron.models.message_window import WindowedMessageModel
from heron.ui.confirm import ConfirmDialog
from heron.ui.widgets import run_reported, tool_button

if TYPE_CHECKING:
    from heron.ui.conversation import ConversationPane


def history_menu_button(pane: ConversationPane) -> QToolButton:
    translate = QCoreApplication.translate
    button = tool_button("conversationMenuButton", "⋯", translate(
        "HistoryTools", "Find, jump to a date, export, delete history"), pane)
    button.setAccessibleName(translate("HistoryTools", "Conversation menu"))
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    tools = HistoryTools(pane, button)
    button.setMenu(tools.menu)
    return button


class DateDialog(QDialog):
    """Pick a day; the conversation scrolls to its first message."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jumpToDateDialog")
        self.setWindowTitle(self.tr("Jump to a date"))
        column = QVBoxLayout(self)
        self.calendar = QCalendarWidget()
        self.calendar.setObjectName("jumpToDateCalendar")
        self.calendar.setMaximumDate(QDate.currentDate())
        self.calendar.setGridVisible(False)
        self.calendar.setVerticalHeaderFormat(
            QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        column.addWidget(self.calendar)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        go = buttons.button(QDialogButtonBox.StandardButton.Ok)
        go.setText(self.tr("Go"))
        go.setProperty("primary", True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.calendar.activated.connect(lambda _d: self.accept())
        column.addWidget(buttons)

    def midnight(self) -> float:
        day = self.calendar.selectedDate().toPython()
        return datetime.combine(day, time()).timestamp()  # type: ignore[arg-type]


class HistoryTools(QObject):
    #: something done, worth a line in the status bar ("Exported 1,234 messages to …")
    notice = Signal(str)

    def __init__(self, pane: ConversationPane, parent: QObject) -> None:
        super().__init__(parent)
        self.pane = pane
        self._dialog: QDialog | None = None
        self.menu = QMenu(pane)
        self.menu.setObjectName("conversationMenu")
        for name, text, slot in (
                ("findAction", self.tr("Find in conversation  (Ctrl+F)"), self._find),
                ("jumpToDateAction", self.tr("Jump to a date…"), self.ask_date),
                ("exportTextAction", self.tr("Export as text…"), lambda: self.ask_export("text")),
                ("exportHtmlAction", self.tr("Export as HTML…"), lambda: self.ask_export("html")),
                ("deleteHistoryAction", self.tr("Delete history on this computer…"),
                 self.confirm_delete)):
            action = self.menu.addAction(text)
            action.setObjectName(name)
            action.triggered.connect(slot)
            if name == "exportHtmlAction":
                self.menu.addSeparator()

    def _find(self) -> None:
        self.pane.find_bar.open_bar()  # built after the header (and this menu)

    def _keep(self, dialog: QDialog) -> QDialog:
        if self._dialog is not None:
            self._dialog.close()
        self._dialog = dialog
        return dialog

    # --- jump to a date --------------------------------------------------------------------

    def ask_date(self) -> DateDialog | None:
        if self.pane.current is None:
            return None
        dialog = DateDialog(self.pane.window())
        dialog.accepted.connect(lambda: spawn(self.go_to_day(dialog.midnight()), "jump to date"))
        self._keep(dialog).open()
        return dialog

    async def go_to_day(self, midnight: float) -> None:
        """The first message on or after that day (the newest if there is none after)."""
        current = self.pane.current
        if current is None:
            return
        pk = await self.pane.app.history.first_from(*current, midnight)
        if pk is not None and self.pane.current == current:
            self.pane.show_message(pk)

    # --- export ----------------------------------------------------------------------------

    def ask_export(self, fmt: Format) -> QFileDialog | None:
        if self.pane.current is None:
            return None
        peer = self.pane.current[1]
        suffix = ".html" if fmt == "html" else ".txt"
        dialog = QFileDialog(self.pane.window(), self.tr("Export the conversation"),
                             str(Path.home() / f"{peer.replace('/', '_')}{suffix}"))
        dialog.setObjectName("exportDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # open(), not a native loop
        dialog.setNameFilter(self.tr("HTML page (*.html)") if fmt == "html"
                             else self.tr("Text file (*.txt)"))
        dialog.setDefaultSuffix(suffix[1:])
        current = self.pane.current
        dialog.fileSelected.connect(
            lambda path: run_reported(self.export(current, Path(path), fmt),
                                      self.pane.problem.emit))
        self._keep(dialog).open()
        return dialog

    async def export(self, conversation: tuple[str, str], path: Path, fmt: Format) -> int:
        account, peer = conversation
        history = self.pane.app.history
        name = self.pane._display_name(peer)
        names = {Direction.INCOMING: name, Direction.OUTGOING: self.tr("You")}
        self.notice.emit(self.tr("Exporting the conversation with {name}…").format(name=name))

        async def page(after: tuple[float, int], limit: int) -> list[object]:
            return list(await history.page_after(account, peer, after, limit))

        count = await export_conversation(
            page,  # type: ignore[arg-type]
            path, fmt, self.tr("Conversation with {name} ({jid})").format(name=name, jid=peer),
            names, deleted=self.tr("(message deleted)"))
        self.notice.emit(self.tr("Exported {n} messages to {path}").format(n=count, path=path))
        return count

    # --- delete ----------------------------------------------------------------------------

    def confirm_delete(self) -> ConfirmDialog | None:
        current = self.pane.current
        if current is None:
            return None
        name = self.pane._display_name(current[1])
        dialog = ConfirmDialog(
            self.tr("Delete the history with {name}?").format(name=name),
            self.tr("Every message of this conversation is deleted from this computer. Your "
                    "server's archive is not changed: your other devices keep their copies."),
            self.tr("Delete history"), self.pane.window())
        dialog.setObjectName("confirmDeleteHistoryDialog")
        dialog.confirmed.connect(lambda: run_reported(self.delete(current),
                                                      self.pane.problem.emit))
        self._keep(dialog).open()
        return dialog

    async def delete(self, conversation: tuple[str, str]) -> int:
        removed = await self.pane.app.history.delete_conversation(*conversation)
        model = self.pane.message_model
        if self.pane.current == conversation and isinstance(model, WindowedMessageModel):
            await model.clear_history()
        self.pane.roster_model.set_unread(*conversation, 0)
        self.notice.emit(self.tr("Deleted {n} messages from this computer.").format(n=removed))
        return removed

