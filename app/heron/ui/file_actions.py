"""The conversation pane's file side: choosing a file to send, the file button's state, and
what a file card's buttons do (Cancel, Retry, Save, Open folder). The work is the account's
file service's (xmpp/services/files.py); problems go to the pane's banner."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QMimeData, QObject, QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QKeySequence,
)
from PySide6.QtWidgets import QFileDialog, QWidget

from heron.core.events import Direction, ServerFeaturesKnown
from heron.core.file_errors import FileProblem, describe_file_problem, human_size
from heron.core.file_events import DIRECT, FileState, FileTransfer
from heron.core.file_settings import download_cap, download_folder
from heron.core.tasks import spawn
from heron.models.files import FileIndex
from heron.models.messages import MessageModel, MessageRoles
from heron.ui.file_card import Picture
from heron.ui.image_thumbs import Thumbnails, is_image

if TYPE_CHECKING:
    from heron.ui.conversation import ConversationPane


IMAGE_CAP = 50 * 1024 * 1024  # pictures shown inline are fetched up to this size


def _translate(text: str) -> str:
    return QCoreApplication.translate("Files", text)


class ConversationFiles(QObject):
    def __init__(self, pane: ConversationPane) -> None:
        super().__init__(pane)
        self.pane = pane
        self.index: FileIndex | None = None
        self.dialog: QFileDialog | None = None
        self.model: MessageModel | None = None
        root = pane.app.paths.root
        #: where pictures shown inline are kept (not the user's download folder)
        self.pictures = root / "pictures"
        self.thumbnails = Thumbnails(root / "thumbnails", self)
        self.thumbnails.ready.connect(self._repaint)
        self.thumbnails.resized.connect(self._refresh)

    # --- the open conversation -----------------------------------------------------------------

    def open(self, model: MessageModel, account: str, peer: str) -> None:
        self.close()
        self.model = None
        index = FileIndex(self.pane.app.bus, account, peer, self)
        self.index = index
        self.model = model
        model.file_of = index.of
        index.changed.connect(model.refresh)

        async def load() -> None:
            await index.load(lambda: self.pane.app.conversation_files(account, peer))
            if self.index is not index:
                return
            # Only now: a picture's stored state (loaded before) must be known first.
            self._autoload(model, 0, model.rowCount() - 1)
            model.rowsInserted.connect(lambda _parent, first, last:
                                       self._autoload(model, first, last))

        spawn(load(), "files of the conversation")

    def _refresh(self, pk: int) -> None:
        if self.model is not None:
            self.model.refresh(pk)

    def _repaint(self, _pk: int) -> None:
        # The row keeps its height: no new layout of the list, only a repaint.
        self.pane.message_view.viewport().update()

    def picture_of(self, transfer: FileTransfer) -> Picture | None:
        if not is_image(transfer):
            return None
        thumbnails = self.thumbnails
        return Picture(thumbnails.pixmap(transfer), thumbnails.failed(transfer),
                       thumbnails.size_of(transfer), lambda: thumbnails.request(transfer))

    def _autoload(self, model: MessageModel, first: int, last: int) -> None:
        """Fetch received pictures as the setting says: always, from contacts in the roster
        only (the default), or never (then "Load picture" on the card)."""
        policy = self.pane.app.settings.image_autoload
        if policy == "never" or self.model is not model:
            return
        for row in range(max(0, first), last + 1):
            transfer = model.index(row).data(MessageRoles.File)
            if transfer is None or not is_image(transfer) or transfer.state is not \
                    FileState.REMOTE:
                continue
            contact = self.pane.roster_model.is_contact(transfer.peer)
            if policy == "always" or contact:
                self.act(transfer, "load")

    def close(self) -> None:
        if self.index is not None:
            self.index.close()
            self.index = None

    def show_upload(self, known: ServerFeaturesKnown | None) -> str:
        """The file button is on when the account's server takes files; its tooltip says
        what it does or why it is off."""
        button = self.pane.attach_button
        upload = known.upload if known is not None else None
        button.setEnabled(upload is not None)
        if known is not None and upload is None:
            return self.tr("Your server ({domain}) does not offer file upload, so files cannot "
                           "be sent from this account.").format(domain=known.domain)
        if upload is None:  # not signed in yet: discovery has not answered
            return self.tr("Files can be sent once this account is connected.")
        if upload.max_file_size:
            return self.tr("Send a file (up to {size})").format(
                size=human_size(upload.max_file_size))
        return self.tr("Send a file")

    # --- sending -------------------------------------------------------------------------------

    def choose(self) -> QFileDialog:
        """The file dialog (non-modal: the conversation goes on while it is open)."""
        self.dialog = choose_file(self.pane.window(), self.tr("Send a file"), "sendFileDialog",
                                  self.send, self.dialog)
        return self.dialog

    def send(self, path: Path) -> None:
        current = self.pane.current
        if current is None:
            return
        account, peer = current
        session = self.pane.app.sessions.get(account)
        if session is None:
            self.pane.problem.emit(describe_file_problem("offline", _translate))
            return
        session.files.translate = _translate

        async def start() -> None:
            try:
                await session.files.send_file(peer, path)
            except FileProblem as problem:
                self.pane.problem.emit(problem.text)

        spawn(start(), "send a file")

    # --- drag and drop, paste --------------------------------------------------------------------

    def install_drop_targets(self, *widgets: QWidget) -> None:
        """Files dropped on these widgets are sent; a picture pasted into a composer too."""
        for widget in widgets:
            widget.setAcceptDrops(True)
            widget.installEventFilter(self)

    @staticmethod
    def _dropped_files(mime: QMimeData | None) -> list[Path]:
        if mime is None or not mime.hasUrls():
            return []
        paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
        return [p for p in paths if p.is_file()]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(
                event, (QDragEnterEvent, QDragMoveEvent)):
            if self._dropped_files(event.mimeData()) and self.pane.attach_button.isEnabled():
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            files = self._dropped_files(event.mimeData())
            if files and self.pane.attach_button.isEnabled():
                event.acceptProposedAction()
                for path in files:
                    self.send(path)
                return True
        elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and \
                event.matches(QKeySequence.StandardKey.Paste):
            return self.paste_image()
        return False

    def paste_image(self) -> bool:
        """A picture on the clipboard (a screenshot) is sent as a PNG; False when the
        clipboard holds none (the composer then pastes text as usual)."""
        clipboard = QGuiApplication.clipboard()
        mime = clipboard.mimeData() if clipboard is not None else None
        if mime is None or mime.hasUrls() or \
                not self.pane.attach_button.isEnabled():
            return False
        image = clipboard.image()
        if image.isNull():
            return False
        stamp = time.strftime("%Y-%m-%d %H.%M.%S")
        # Kept in the profile (not a temporary folder): Retry after a restart still has it.
        target = self.pane.app.paths.root / "outgoing" / f"Pasted image {stamp}.png"

        async def save_and_send() -> None:
            saved = await asyncio.get_running_loop().run_in_executor(
                None, _save_png, image, target)
            if saved:
                self.send(target)
            else:
                self.pane.problem.emit(describe_file_problem(
                    "disk", _translate, detail=str(target.parent)))

        spawn(save_and_send(), "send a pasted picture")
        return True

    # --- a card's buttons ----------------------------------------------------------------------

    def act(self, transfer: FileTransfer, action: str) -> None:
        if action == "open-folder":
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(transfer.local_path).parent)))
            return
        if transfer.state in DIRECT:  # sent straight to the contact (ui/direct_file.py)
            self.pane.direct_files.act(transfer, action)
            return
        session = self.pane.app.sessions.get(transfer.account)
        if session is None:
            self.pane.problem.emit(describe_file_problem("offline", _translate))
            return
        session.files.translate = _translate
        if action == "cancel":
            session.files.cancel(transfer.message_pk)
        elif action == "retry" and transfer.direction is Direction.OUTGOING \
                and transfer.state is FileState.UPLOAD_FAILED:
            spawn(session.files.retry(transfer), "send a file again")
        elif action == "load" or (action == "retry" and is_image(transfer)):
            cap = min(IMAGE_CAP, download_cap(self.pane.app.settings))
            spawn(session.files.save(transfer, self.pictures, cap), "load a picture")
        elif action in ("save", "retry"):
            settings = self.pane.app.settings
            spawn(session.files.save(transfer, download_folder(settings),
                                     download_cap(settings)), "save a file")


def choose_file(parent: QWidget, title: str, name: str, chosen: Callable[[Path], None],
                previous: QFileDialog | None) -> QFileDialog:
    """A non-modal dialog for one existing file (``previous``, still open, is closed)."""
    dialog = QFileDialog(parent, title)
    dialog.setObjectName(name)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.fileSelected.connect(lambda path: chosen(Path(path)))
    if previous is not None:
        previous.close()
    dialog.open()
    return dialog


def _save_png(image: QImage, target: Path) -> bool:
    """Worker thread (QImage may be written from any thread)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return bool(image.save(str(target)))
