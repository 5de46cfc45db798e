"""Files sent straight to a contact's device (Jingle, xmpp/services/jingle_files.py) in the
open one-to-one chat: a "Send directly" button, on only when one of the contact's online
devices takes such files, and what the buttons of a direct file's card do (Accept puts the
file in the download folder the file settings name; Decline; Cancel). The cards themselves
are the chat's file cards (ui/file_card.py, ui/direct_file_card.py)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QSize
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QFileDialog, QToolButton

from heron.core.bus import Phase
from heron.core.events import PresenceChanged
from heron.core.file_events import FileState, FileTransfer
from heron.core.file_settings import download_folder
from heron.core.tasks import spawn
from heron.models.bus_scope import scoped
from heron.ui.file_actions import choose_file
from heron.ui.widgets import tool_button

if TYPE_CHECKING:
    from heron.ui.conversation import ConversationPane
    from heron.xmpp.services.jingle_files import JingleFileService

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")


def _translate(text: str) -> str:
    return QCoreApplication.translate("DirectFiles", text)


class DirectFiles(QObject):
    def __init__(self, pane: ConversationPane) -> None:
        super().__init__(pane)
        self.pane = pane
        self.app = pane.app
        self.current: tuple[str, str] | None = None
        self.device = ""  # the contact's device that takes direct files ("" when none)
        self._generation = 0
        self.dialog: QFileDialog | None = None
        self.button: QToolButton = tool_button(
            "sendDirectButton", "", translate("DirectFiles", "Send a file directly"))
        self.button.setIcon(QIcon(str(resources.files("heron") / "resources"
                                      / "send-direct.svg")))
        self.button.setIconSize(QSize(22, 22))
        self.button.setAccessibleDescription(translate(
            "DirectFiles", "Sends a file straight to the contact's device, without your "
                           "server keeping a copy"))
        self.button.hide()
        self.button.clicked.connect(self.choose)
        bus = scoped(self, self.app.bus)  # unsubscribed when this is destroyed
        bus.subscribe(PresenceChanged, self._on_presence, Phase.UI)

    def open(self, account: str, peer: str) -> None:
        self.current = (account, peer)
        self.refresh()

    def _service(self, account: str | None = None) -> JingleFileService | None:
        account = account or (self.current[0] if self.current else "")
        session = self.app.sessions.get(account)
        service: JingleFileService | None = getattr(session, "jingle_files", None)
        if service is not None:
            service.translate = _translate
        return service

    def refresh(self) -> None:
        self._generation += 1
        self.device = ""
        self.button.setVisible(False)
        if self.current is not None and self._service() is not None:
            spawn(self._check(self._generation, *self.current), "does the contact take files")

    async def _check(self, generation: int, account: str, peer: str) -> None:
        session = self.app.sessions.get(account)
        if session is None or not session.set_up:
            return
        device = await session.jingle_files.device_for(peer)
        if generation == self._generation:
            self.device = device
            self.button.setVisible(bool(device))

    def _on_presence(self, event: PresenceChanged) -> None:
        if self.current == (event.account, event.jid):
            self.refresh()

    # --- sending -----------------------------------------------------------------------------

    def choose(self) -> QFileDialog:
        """The file dialog (non-modal: the conversation goes on while it is open)."""
        self.dialog = choose_file(self.pane.window(),
                                  translate("DirectFiles", "Send a file directly"),
                                  "sendDirectDialog", self.send, self.dialog)
        return self.dialog

    def send(self, path: Path) -> None:
        """Offer ``path`` to the contact's device; its card shows in the chat at once."""
        service = self._service()
        if service is None or not self.device:
            return
        spawn(service.send(self.device, path), "send a file directly")

    # --- a card's buttons ----------------------------------------------------------------------

    def act(self, transfer: FileTransfer, action: str) -> None:
        service = self._service(transfer.account)
        sid = service.sid_of(transfer.message_pk) if service is not None else ""
        if service is None or not sid:
            return  # over already (the card shows how it ended)
        if action == "accept" and transfer.state is FileState.DIRECT_OFFERED:
            folder = download_folder(self.app.settings)
            folder.mkdir(parents=True, exist_ok=True)
            spawn(service.accept(sid, folder), "accept a file")
        elif action == "decline":
            spawn(service.decline(sid), "decline a file")
        elif action == "cancel":
            spawn(service.cancel(sid), "cancel a file")
