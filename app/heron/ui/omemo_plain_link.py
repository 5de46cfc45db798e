"""An ``aesgcm://`` link that arrived in a plaintext message (issue 11, XEP-0454 rules).

Its key travelled in the clear, so Heron neither fetches nor decrypts it by itself: the link
stays text and the bubble carries a warning line under it. The user may still download it from
the message's menu, after a confirmation; only then does it become a file card (saved and
decrypted as an encrypted file's card is, omemo_files.py).

Whether a message arrived encrypted is asked of the OMEMO store once per message (off the GUI
thread); until the answer is there the bubble shows no warning, so an encrypted link (which
becomes a file card) never flashes one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QMenu

from heron.core.events import Direction, StoredMessage
from heron.core.file_settings import download_cap, download_folder
from heron.core.tasks import spawn
from heron.ui import theme
from heron.ui.confirm import ConfirmDialog

if TYPE_CHECKING:
    from heron.ui.conversation import ConversationPane

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")

SCHEME = "aesgcm://"
GAP = 4  # pixels between the text and the warning


def has_plain_link(message: StoredMessage) -> bool:
    """An incoming message whose text carries an aesgcm:// link (its encryption unknown)."""
    return (message.direction is Direction.INCOMING and not message.retracted
            and "://" in message.body and SCHEME in message.body.lower())  # painted often


def warning_text() -> str:
    return translate("OmemoPlainLink", "This link was sent without encryption; anyone on the "
                     "path may have read it. Heron did not open it.")


def _font(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(font.pointSizeF() * 0.9)
    small.setItalic(True)
    return small


def _flags() -> int:
    return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | int(
        Qt.TextFlag.TextWordWrap)


def warning_height(width: int, font: QFont) -> int:
    """The room the warning takes under the text of a bubble ``width`` pixels wide."""
    fm = QFontMetrics(_font(font))
    return fm.boundingRect(QRect(0, 0, max(1, width), 10_000), _flags(),
                           warning_text()).height() + GAP


def paint_warning(painter: QPainter, warns: bool, rect: QRect, font: QFont) -> None:
    """Paint the warning (when ``warns``) into ``rect``, below the bubble's text."""
    if not warns:
        return
    painter.save()
    painter.setFont(_font(font))
    painter.setPen(QColor(theme.SCHEME.error_text))
    painter.drawText(rect.adjusted(0, GAP, 0, 0), _flags(), warning_text())
    painter.restore()


class PlainLinks(QObject):
    """Which bubbles of the open chat carry the warning, and the menu's "Download anyway"."""

    def __init__(self, pane: ConversationPane) -> None:
        super().__init__(pane)
        self.pane = pane
        self._known: dict[int, bool] = {}  # message row -> arrived in plaintext
        self._asking: set[int] = set()
        self.confirm: ConfirmDialog | None = None

    def answered(self, message: StoredMessage) -> bool:
        """Whether the store said how ``message`` arrived (tests wait for it)."""
        return message.pk in self._known

    def warns(self, message: StoredMessage) -> bool:
        """Whether ``message``'s bubble shows the warning (asks the store the first time)."""
        if not has_plain_link(message):
            return False
        known = self._known.get(message.pk)
        if known is None and message.pk not in self._asking:
            self._asking.add(message.pk)
            spawn(self._ask(message), "how a link arrived")
        return bool(known)

    async def _ask(self, message: StoredMessage) -> None:
        session = self.pane.app.sessions.get(message.account)
        try:
            if session is None:
                return
            how = await session.omemo.repo.encryption_of(message.pk)
            self._known[message.pk] = how is None
        finally:
            self._asking.discard(message.pk)
        if how is None:  # the bubble grows by the warning: measure it again
            self.relayout()

    def relayout(self) -> None:
        """Measure the open chat's bubbles again (one grew a line, or reads differently)."""
        delegate: Any = self.pane.message_view.itemDelegate()
        delegate.heights.clear()
        self.pane.message_view.doItemsLayout()

    def add_to_menu(self, menu: QMenu, message: StoredMessage) -> None:
        """"Download anyway…" for a warned message that is one aesgcm:// link."""
        from heron.xmpp.services.omemo_files import card_for  # noqa: PLC0415  no Qt here

        if not self._known.get(message.pk) or card_for(message) is None:
            return
        menu.addSeparator()
        action = menu.addAction(translate("OmemoPlainLink", "Download anyway…"),
                                lambda: self.ask_to_download(message))
        action.setObjectName("downloadPlainLinkAction")

    def ask_to_download(self, message: StoredMessage) -> ConfirmDialog:
        """Non-modal, Cancel is the default: the event loop goes on."""
        dialog = ConfirmDialog(
            translate("OmemoPlainLink", "Download this file?"),
            translate("OmemoPlainLink", "The link and its key were sent without encryption: "
                      "anyone on the path may have read or replaced the file. Download it "
                      "only if you expected it."),
            translate("OmemoPlainLink", "Download"), self.pane.window())
        dialog.setObjectName("confirmPlainLinkDialog")
        dialog.confirmed.connect(lambda: self.download(message))
        if self.confirm is not None:
            self.confirm.close()
        self.confirm = dialog
        dialog.open()
        return dialog

    def download(self, message: StoredMessage) -> None:
        from heron.xmpp.services.omemo_files import card_for  # noqa: PLC0415

        session = self.pane.app.sessions.get(message.account)
        card = card_for(message)
        if session is None or card is None:
            return
        settings = self.pane.app.settings

        async def fetch() -> None:
            await session.omemo.files.remember(card)  # the link becomes a file card
            await session.files.save(card, download_folder(settings), download_cap(settings))

        spawn(fetch(), "download a file sent in plaintext")
