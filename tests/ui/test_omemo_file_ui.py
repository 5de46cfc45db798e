"""An encrypted file in the chat window (issue 11 point 6): an aesgcm:// link inside an
encrypted message shows as a file card with its name, and once saved its card is the
decrypted file. With HERON_SHOTS=docs/screenshots it also writes omemo-file(-dark).png."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from PySide6.QtWidgets import QApplication

from heron.core.file_events import FileState
from heron.crypto.aesgcm import FileKey, make_link
from heron.models.messages import MessageRoles
from heron.ui import theme
from heron.ui.main_window import MainWindow
from heron.ui.omemo_lock import LOCKED
from tests.helpers import until
from tests.integration.files_helpers import FileWatch, peer_upload
from tests.integration.omemo_peers import heron_and_peer, send_encrypted

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

SHOTS = os.environ.get("HERON_SHOTS", "")  # a folder for the screenshots; none in a test run
CAP = 50 * 1024 * 1024


@pytest.mark.parametrize("scheme", ["light", "dark"])
async def test_encrypted_file_shows_as_a_card_and_saves_decrypted(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path, scheme: str) -> None:
    qt_app = QApplication.instance()
    assert isinstance(qt_app, QApplication)
    theme.apply(qt_app, scheme)
    windows: list[MainWindow] = []
    try:
        async with heron_and_peer(server, make_user, tmp_path / "alice", "legacy") as chat:
            await chat.session.roster.set_item(chat.bob, "Bob", ())
            window = MainWindow(chat.app)
            windows.append(window)
            window.resize(900, 560)
            window.show()
            await until(lambda: window.roster_model.row_for(chat.bob) is not None, 30)
            await window.open_conversation(chat.alice, chat.bob)
            lock = window.conversation.omemo_lock.button
            await until(lambda: lock.text() == LOCKED, 30)
            watch = FileWatch(chat.app)
            data = b"%PDF-1.7 quarterly figures " * 4000
            key = FileKey.new()
            url = await peer_upload(server, chat.peer.client, "Q3-figures.pdf",
                                    AESGCM(key.key).encrypt(key.iv, data, None))
            link = make_link(url, key)
            await send_encrypted(chat.peer, chat.alice, "The figures, as promised")
            await send_encrypted(chat.peer, chat.alice, link)
            model = window.conversation.message_view.model()
            await until(lambda: model.rowCount() == 2, 30)
            await until(lambda: model.index(1, 0).data(MessageRoles.File) is not None, 30)
            card = model.index(1, 0).data(MessageRoles.File)
            assert card.name == "Q3-figures.pdf" and card.url == link
            await chat.session.files.save(card, tmp_path / "Downloads", CAP)
            saved = await watch.state(card.message_pk, FileState.SAVED)
            assert Path(saved.local_path).read_bytes() == data
            await until(lambda: model.index(1, 0).data(MessageRoles.File).state
                        is FileState.SAVED, 15)
            suffix = "" if scheme == "light" else "-dark"
            if SHOTS:
                window.grab().save(str(Path(SHOTS) / f"omemo-file{suffix}.png"))
    finally:
        for window in windows:
            window.close()
