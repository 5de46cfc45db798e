"""A verified contact's device changes its key (issue 11): the chat shows the warning in place
of the message and a row above it, the devices view marks the device, and "Accept new key…"
(asked first) takes the new key; the row goes. Driven like a person would, against the real
server and an OMEMO peer reinstalled with its old device id."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFrame, QPushButton

from heron.core.errors import ErrorKind
from heron.core.events import MessagesAdded
from heron.crypto.omemo.manual_trust import TrustState
from heron.models.messages import MessageRoles
from heron.ui import theme
from heron.ui.main_window import MainWindow
from heron.xmpp.services.omemo_receive import placeholder
from tests.helpers import until
from tests.integration.omemo_peers import heron_and_peer, send_encrypted
from tests.integration.omemo_reinstall import reinstalled
from tests.ui.windows import loop_survives_close

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

SHOTS = os.environ.get("HERON_SHOTS", "")  # a folder for the screenshots; none in a test run


async def test_a_changed_key_is_shown_and_accepted_after_asking(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    with loop_survives_close():
        await _drive(qtbot, server, make_user, tmp_path, monkeypatch)


def _bodies(chat: Any) -> list[str]:
    return [m.body for e in chat.shown.of(MessagesAdded) for m in e.messages]


async def _drive(qtbot: Any, server: Any, make_user: Any, tmp_path: Path,
                 monkeypatch: pytest.MonkeyPatch) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "both") as chat:
        await chat.session.roster.set_item(chat.bob, "Bob", ())
        qt_app = QApplication.instance()
        assert isinstance(qt_app, QApplication)
        theme.apply(qt_app, "light")  # as the app starts (the screenshot shows the real look)
        window = MainWindow(chat.app)
        dialogs: list[Any] = []
        try:
            window.resize(900, 560)
            window.show()
            await until(lambda: window.roster_model.row_for(chat.bob) is not None, 30)
            await window.open_conversation(chat.alice, chat.bob)
            await send_encrypted(chat.peer, chat.alice, "Hi, it's Bob")
            await until(lambda: "Hi, it's Bob" in _bodies(chat), 30)
            phone = await chat.peer.device_id()
            await chat.session.omemo.trust.set_state(chat.bob, phone, TrustState.VERIFIED)

            bob = await reinstalled(server, chat, monkeypatch)
            await send_encrypted(bob, chat.alice, "Trust my new key")
            warning = placeholder(chat.bob, ErrorKind.OMEMO_KEY_CHANGED)
            await until(lambda: warning in _bodies(chat), 30)
            row = window.conversation.omemo_keys
            await until(row.banner.isVisible, 30)
            assert row.label.text() == (
                "The encryption key of a device of Bob changed. Its messages are not shown, "
                "and it gets none, until you accept the new key.")
            model = window.conversation.message_model

            def shown() -> list[str]:
                return [str(model.index(i, 0).data()) for i in range(model.rowCount())]

            await until(lambda: warning in shown(), 30)  # in place of the message
            assert "Trust my new key" not in shown()
            # What the bubble paints (translated from the stored record) says the key changed,
            # not the generic "cannot decrypt" sentence.
            delegate: Any = window.conversation.message_view.itemDelegate()
            refused = next(model.index(i, 0).data(MessageRoles.Message)
                           for i in range(model.rowCount())
                           if str(model.index(i, 0).data()) == warning)
            await until(lambda: "encryption key of a device" in delegate.body_for(refused), 30)
            # It names him as the roster does, also after a rename (read when shown).
            assert "a device of Bob changed" in delegate.body_for(refused)
            assert "Ask Bob in person" in delegate.body_for(refused)
            assert chat.bob not in delegate.body_for(refused)
            await chat.session.roster.set_item(chat.bob, "Robert", ())
            await until(lambda: "a device of Robert changed" in row.label.text(), 30)
            await until(lambda: "Ask Robert in person" in delegate.body_for(refused), 30)
            window.grab().save("/tmp/omemosmall2-key-changed-renamed.png")
            window.grab().save("/tmp/omemotrust2-key-changed-chat.png")
            if SHOTS:
                window.grab().save(str(Path(SHOTS) / "omemo-key-changed.png"))

            qtbot.mouseClick(row.review_button, Qt.MouseButton.LeftButton)
            dialog = window.conversation.omemo_devices.dialog
            assert dialog is not None
            dialogs.append(dialog)
            await until(lambda: dialog.loaded, 30)
            device_row = dialog.body.findChild(QFrame, f"omemoDevice{phone}")
            assert device_row.findChild(QFrame, "omemoKeyChangedBox") is not None
            dialog.grab().save("/tmp/omemotrust2-key-changed-devices.png")
            accept = device_row.findChild(QPushButton, "acceptKeyButton")
            qtbot.mouseClick(accept, Qt.MouseButton.LeftButton)
            confirm = dialog.confirm
            assert confirm is not None and confirm.isVisible()
            qtbot.mouseClick(confirm.cancel, Qt.MouseButton.LeftButton)  # Cancel keeps it out
            assert (await chat.session.omemo.trust.devices(chat.bob))[0].key_changed
            qtbot.mouseClick(accept, Qt.MouseButton.LeftButton)
            assert dialog.confirm is not None
            qtbot.mouseClick(dialog.confirm.ok, Qt.MouseButton.LeftButton)
            await until(lambda: dialog.loaded and dialog.body.findChild(
                QFrame, "omemoKeyChangedBox") is None, 30)
            await until(lambda: not row.banner.isVisible(), 30)
            (device,) = await chat.session.omemo.trust.devices(chat.bob)
            assert device.state is TrustState.TRUSTED and not device.key_changed
        finally:
            for dialog in dialogs:
                dialog.close()
            window.close()
