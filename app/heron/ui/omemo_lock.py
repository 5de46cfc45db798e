"""The lock in a one-to-one chat's header (issue 11 point 1): whether messages in this chat
are end-to-end encrypted (OMEMO), and a click to turn that off (after a confirmation) or on.
It also gives each message's tooltip its line about how it was encrypted."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from heron.core.bus import Phase
from heron.core.events import MessagesAdded, MessageUpdated, StoredMessage
from heron.core.tasks import spawn
from heron.crypto.omemo import TWOMEMO
from heron.models.bus_scope import scoped
from heron.models.omemo_failure_text import KEY_CHANGED, OFF_LIST
from heron.ui.confirm import ConfirmDialog
from heron.ui.omemo_failures import (
    contact_name,
    failure_text,
    is_failure,
    off_list_tip,
    on_roster_change,
)
from heron.ui.omemo_room_lock import room_texts
from heron.ui.widgets import tool_button

if TYPE_CHECKING:
    from heron.ui.conversation import ConversationPane

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")

LOCKED, UNLOCKED = "\U0001f512", "\U0001f513"  # 🔒 🔓


class OmemoLock(QObject):
    #: the open chat's encryption records changed: placeholders may read differently
    failures_changed = Signal()

    def __init__(self, pane: ConversationPane) -> None:
        super().__init__(pane)
        self.pane = pane
        self.app = pane.app
        self.current: tuple[str, str] | None = None
        self.encrypted: bool | None = None  # None: not known yet (or no OMEMO here)
        self.confirm: ConfirmDialog | None = None
        self._tips: dict[int, Any] = {}  # message row -> Encryption, for the open chat
        self._generation = 0
        self.room_why_not: str | None = None  # None: not a room
        self.button = tool_button("encryptionButton", UNLOCKED, "")
        self.button.setCheckable(True)
        self.button.clicked.connect(self._clicked)
        self.button.hide()
        bus = scoped(self, self.app.bus)  # unsubscribed when this is destroyed
        bus.subscribe(MessagesAdded, self._on_added, Phase.UI)
        bus.subscribe(MessageUpdated, self._on_added, Phase.UI)  # sent, encrypted
        self._name = ""  # the contact's name the placeholders last read
        on_roster_change(pane.roster_model, self._roster_changed)

    def open(self, account: str, peer: str) -> None:
        self.current = (account, peer)
        self._name = contact_name(self.pane.roster_model, account, peer)
        self.encrypted = None
        self._tips = {}
        self._generation += 1
        session = self.app.sessions.get(account)
        one_to_one = session is not None and not session.muc.is_room(peer)
        self.room_why_not = (  # rooms: ui/omemo_room_lock.py
            None if one_to_one or session is None else session.omemo.rooms.why_not(peer))
        self.button.setVisible(session is not None)
        self._show()
        if session is not None:
            spawn(self._refresh(self._generation), "encryption state")

    def _session(self) -> tuple[Any, str] | None:
        """(the open chat's account session, the contact) while there is one."""
        if self.current is None:
            return None
        session = self.app.sessions.get(self.current[0])
        return None if session is None else (session, self.current[1])

    async def _refresh(self, generation: int) -> None:
        found = self._session()
        if found is None:
            return
        session, peer = found
        encrypted = await (session.omemo.chat_encrypted(peer) if self.room_why_not is None
                           else session.omemo.rooms.chat_encrypted(peer))
        tips = await session.omemo.repo.encryption_in(peer)
        if generation == self._generation:  # still the chat that asked
            if self.room_why_not is not None:  # the room's features may be known by now
                self.room_why_not = session.omemo.rooms.why_not(peer)
            self.encrypted = encrypted
            failed = {pk for pk, how in tips.items() if is_failure(how.trust)}
            before = {pk for pk, how in self._tips.items() if is_failure(how.trust)}
            self._tips = tips
            self._show()
            if failed != before:
                self.failures_changed.emit()

    def _on_added(self, event: MessagesAdded | MessageUpdated) -> None:
        if self.current == (event.account, event.peer):
            spawn(self._refresh(self._generation), "encryption of new messages")

    def _show(self) -> None:
        on = bool(self.encrypted)
        self.button.setChecked(on)
        self.button.setText(LOCKED if on else UNLOCKED)
        if on:
            tip = translate("OmemoLock", "Encrypted: only you and this contact can read these "
                            "messages (OMEMO). Click to turn encryption off for this chat.")
            name = translate("OmemoLock", "Encryption on")
        else:
            tip = translate("OmemoLock", "Not encrypted: your server and theirs can read these "
                            "messages. Click to encrypt this chat with OMEMO.")
            name = translate("OmemoLock", "Encryption off")
        if self.room_why_not is not None:
            tip, name = room_texts(self.room_why_not, on)
        self.button.setEnabled(not self.room_why_not)
        self.button.setToolTip(tip)
        self.button.setAccessibleName(name)
        self.button.setAccessibleDescription(tip)

    def _clicked(self) -> None:
        self.button.setChecked(bool(self.encrypted))  # the state changes once it is stored
        if self.encrypted:
            self.ask_to_turn_off()
        else:
            self.set_encryption(True)

    def ask_to_turn_off(self) -> ConfirmDialog:
        """Turning encryption off is asked first (non-modal: the event loop goes on)."""
        dialog = ConfirmDialog(
            translate("OmemoLock", "Turn encryption off?"),
            translate("OmemoLock", "Your next messages in this chat are sent unencrypted: "
                      "your server and your contact's can read them. You can turn it back on "
                      "with the lock."),
            translate("OmemoLock", "Turn encryption off"), self.pane.window())
        dialog.setObjectName("confirmEncryptionOffDialog")
        dialog.confirmed.connect(lambda: self.set_encryption(False))
        if self.confirm is not None:
            self.confirm.close()
        self.confirm = dialog
        dialog.open()
        return dialog

    def set_encryption(self, enabled: bool) -> None:
        found = self._session()
        if found is None:
            return
        session, peer = found
        account = session.jid

        async def store() -> None:
            await session.omemo.set_chat_encryption(peer, enabled)
            if self.current == (account, peer):
                self.encrypted = enabled
                self._show()

        spawn(store(), "encryption choice")

    def shown_body(self, message: StoredMessage) -> str:
        """The text a bubble shows: an undecryptable message's placeholder in the user's
        language (ui/omemo_failures.py), else the message's own."""
        how = self._tips.get(message.pk)
        if how is None or self.current is None:
            return message.body
        account = self.current[0]
        text = failure_text(message, how.trust,  # naming the contact as the roster does
                            lambda jid: contact_name(self.pane.roster_model, account, jid),
                            self.room_why_not is not None)
        return message.body if text is None else text

    def _roster_changed(self, *_changed: object) -> None:
        """A rename shows in the open chat's placeholders at once."""
        if self.current is None or not any(is_failure(h.trust) for h in self._tips.values()):
            return
        name = contact_name(self.pane.roster_model, *self.current)
        if name != self._name:
            self._name = name
            self.failures_changed.emit()  # measured again (conversation.py)

    def tip_for(self, message: StoredMessage) -> str:
        """The tooltip line saying how ``message`` was encrypted ("" for plaintext)."""
        how = self._tips.get(message.pk)
        if how is None:
            return ""
        if not how.trust:
            return translate("OmemoLock", "Encrypted, but not for this device")
        if how.trust == KEY_CHANGED:
            return translate("OmemoLock", "Encrypted by a device whose key changed")
        version = ("OMEMO 2" if how.namespace == TWOMEMO
                   else translate("OmemoLock", "legacy OMEMO"))
        if how.trust == OFF_LIST:  # shown, but its device is off the list (omemo_off_list.py)
            return off_list_tip(message, version, how.device_id, self.room_why_not is not None)
        return translate("OmemoLock", "Encrypted with {version}, device {device}").format(
            version=version, device=how.device_id)
