"""Files sent straight to a contact's device (Jingle, xmpp/services/jingle_files.py) in the
open one-to-one chat: a "Send directly" button, on only when one of the contact's online
devices takes such files, and a line under the header for an offer (Accept / Decline), its
progress and how it ended. Received files go to the user's download folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QFileDialog, QFrame, QHBoxLayout, QPushButton, QToolButton

from heron.core.bus import Phase
from heron.core.events import (
    DirectFileEnded,
    DirectFileOffered,
    DirectFileProgress,
    PresenceChanged,
)
from heron.core.file_errors import human_size
from heron.core.file_settings import download_folder
from heron.core.tasks import spawn
from heron.models.bus_scope import scoped
from heron.ui import theme
from heron.ui.widgets import plain_label, tool_button

if TYPE_CHECKING:
    from heron.ui.conversation import ConversationPane

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")


class DirectFiles(QObject):
    def __init__(self, pane: ConversationPane) -> None:
        super().__init__(pane)
        self.pane = pane
        self.app = pane.app
        self.current: tuple[str, str] | None = None
        self.device = ""  # the contact's device that takes direct files ("" when none)
        self.sid = ""  # the transfer the line is about
        self._generation = 0
        self.button: QToolButton = tool_button(
            "sendDirectButton", "⇪", translate("DirectFiles", "Send a file directly"))
        self.button.hide()
        self.button.clicked.connect(self.choose)
        self.banner = QFrame()
        self.banner.setObjectName("directFileBanner")
        row = QHBoxLayout(self.banner)
        row.setContentsMargins(20, 8, 16, 8)
        self.label = plain_label("", "directFileText")
        row.addWidget(self.label, 1)
        self.accept_button = QPushButton(translate("DirectFiles", "Accept"))
        self.decline_button = QPushButton(translate("DirectFiles", "Decline"))
        self.cancel_button = QPushButton(translate("DirectFiles", "Cancel"))
        for button, slot in ((self.accept_button, self.accept),
                             (self.decline_button, self.decline),
                             (self.cancel_button, self.cancel)):
            row.addWidget(button)
            button.clicked.connect(slot)
        self.banner.hide()
        bus = scoped(self, self.app.bus)  # unsubscribed when this is destroyed
        bus.subscribe(PresenceChanged, self._on_presence, Phase.UI)
        bus.subscribe(DirectFileOffered, self._on_offer, Phase.UI)
        bus.subscribe(DirectFileProgress, self._on_progress, Phase.UI)
        bus.subscribe(DirectFileEnded, self._on_ended, Phase.UI)

    def open(self, account: str, peer: str) -> None:
        self.current = (account, peer)
        self.banner.hide()
        self.sid = ""
        self.refresh()

    def _service(self) -> object | None:
        session = self.app.sessions.get(self.current[0]) if self.current else None
        return getattr(session, "jingle_files", None) if session is not None else None

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

    def _name(self, peer: str) -> str:
        row = self.pane.roster_model.row_for(peer)
        return row.display if row is not None else peer

    def _on_presence(self, event: PresenceChanged) -> None:
        if self.current == (event.account, event.jid):
            self.refresh()

    # --- sending -----------------------------------------------------------------------------

    def choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.pane, translate("DirectFiles",
                                                                   "Send a file directly"))
        if path:
            self.send(Path(path))

    def send(self, path: Path) -> None:
        if self.current is None or not self.device or self.sid:
            return
        session = self.app.sessions[self.current[0]]
        device = self.device

        async def offer() -> None:
            self.sid = await session.jingle_files.send(device, path)

        self._say(translate("DirectFiles", "Offering “{name}” ({size})…").format(
            name=path.name, size=human_size(path.stat().st_size)), cancel=True)
        spawn(offer(), "send a file directly")

    # --- the line ------------------------------------------------------------------------------

    def _mine(self, account: str, peer: str) -> bool:
        return self.current is not None and (account, peer.partition("/")[0]) == self.current

    def _on_offer(self, event: DirectFileOffered) -> None:
        if not self._mine(event.account, event.peer):
            return
        self.sid = event.sid
        text = translate("DirectFiles", "{peer} sends you “{name}” ({size}) directly")
        self._say(text.format(peer=self._name(event.peer.partition("/")[0]), name=event.name,
                              size=human_size(event.size)), answer=True)

    def _on_progress(self, event: DirectFileProgress) -> None:
        if event.sid == self.sid and event.size:
            self._say(translate("DirectFiles", "Transferring… {percent}%").format(
                percent=event.done * 100 // event.size), cancel=True)

    def _on_ended(self, event: DirectFileEnded) -> None:
        if event.sid != self.sid:
            return
        self.sid = ""
        text = event.text or translate("DirectFiles", "The transfer ended.")
        if event.path:
            text = translate("DirectFiles", "Received “{name}”").format(name=Path(event.path).name)
        self._say(text)

    def accept(self) -> None:
        if self.current and self.sid:
            folder = download_folder(self.app.settings)
            folder.mkdir(parents=True, exist_ok=True)
            spawn(self.app.sessions[self.current[0]].jingle_files.accept(self.sid, folder),
                  "accept a file")
            self._say(translate("DirectFiles", "Waiting for the file…"), cancel=True)

    def decline(self) -> None:
        if self.current and self.sid:
            spawn(self.app.sessions[self.current[0]].jingle_files.decline(self.sid),
                  "decline a file")

    def cancel(self) -> None:
        if self.current and self.sid:
            spawn(self.app.sessions[self.current[0]].jingle_files.cancel(self.sid),
                  "cancel a file")

    def _say(self, text: str, answer: bool = False, cancel: bool = False) -> None:
        scheme = theme.SCHEME
        self.banner.setStyleSheet(
            f"#directFileBanner {{ background: {scheme.accent_soft};"
            f" border-bottom: 1px solid {scheme.border}; }}"
            f" #directFileText {{ color: {scheme.text}; font-weight: 600; }}")
        self.label.setText(text)
        self.accept_button.setVisible(answer)
        self.decline_button.setVisible(answer)
        self.cancel_button.setVisible(cancel)
        self.banner.show()
