"""A file sent straight to a contact (xmpp/services/jingle_files.py) as a card in the chat:
what ui/file_card.py paints differently for it — its buttons (Accept / Decline on an offer,
Cancel while it waits or moves) and its status line. The card's shape is the file card's."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from heron.core.events import Direction
from heron.core.file_errors import human_size
from heron.core.file_events import FileState, FileTransfer
from heron.ui.i18n import QT_TRANSLATE_NOOP

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")

ACTIONS: dict[FileState, tuple[str, ...]] = {
    FileState.DIRECT_OFFERED: ("decline", "accept"),
    FileState.DIRECT_WAITING: ("cancel",),
    FileState.DIRECT_SENDING: ("cancel",),
    FileState.DIRECT_RECEIVING: ("cancel",),
    FileState.DIRECT_DONE: ("open-folder",),
    FileState.DIRECT_ENDED: (),
}
LABELS = {"accept": QT_TRANSLATE_NOOP("FileCard", "Accept"),
          "decline": QT_TRANSLATE_NOOP("FileCard", "Decline")}
#: a progress bar shows in these states
MOVING = frozenset({FileState.DIRECT_SENDING, FileState.DIRECT_RECEIVING})


def actions(transfer: FileTransfer) -> tuple[str, ...]:
    if transfer.state is FileState.DIRECT_DONE and (
            transfer.direction is Direction.OUTGOING or not transfer.local_path):
        return ()  # a file we sent: its folder is where the user took it from
    return ACTIONS[transfer.state]


def status_text(transfer: FileTransfer) -> str:
    size = human_size(transfer.size)
    state = transfer.state
    if state in MOVING:
        verb = (translate("FileCard", "Sending") if state is FileState.DIRECT_SENDING
                else translate("FileCard", "Receiving"))
        percent = min(100, transfer.done * 100 // transfer.size) if transfer.size else 100
        return f"{verb} {percent}% · {size}"
    outgoing = transfer.direction is Direction.OUTGOING
    words = {
        FileState.DIRECT_OFFERED: translate("FileCard", "Sent to you directly"),
        FileState.DIRECT_WAITING: translate("FileCard", "Waiting for an answer"),
        FileState.DIRECT_DONE: translate("FileCard", "Sent directly") if outgoing
        else translate("FileCard", "Received"),
        FileState.DIRECT_ENDED: translate("FileCard", "Not sent") if outgoing
        else translate("FileCard", "Not received"),
    }[state]
    return f"{size} · {words}"
