"""Profiles (issue 8, point 6): a contact's vCard in the window as plain text, and one's own
name, nickname, details and picture published so that another client reads them — with the
contact as a second real client on the test server."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLabel

from heron.ui.main_window import MainWindow
from heron.ui.profile_dialogs import PICTURE_SIDE, EditProfileDialog, ProfileDialog
from tests.helpers import until
from tests.integration.heron_process import befriend
from tests.integration.parties import Peer, account_for, start_heron, start_peer, stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def _with_vcards(peer: Peer) -> None:
    for plugin in ("xep_0054", "xep_0060", "xep_0163", "xep_0084"):
        peer.register_plugin(plugin)


def _shown(dialog: ProfileDialog, field: str) -> QLabel | None:
    return dialog.findChild(QLabel, f"profile:{field}")


async def test_a_contacts_profile_is_shown_as_plain_text(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    alice, bob = make_user(), make_user()
    await befriend(server, alice, bob)
    app = await start_heron(tmp_path / "alice", account_for(server, alice[0]), alice[1])
    peer = await start_peer(server, *bob, setup=_with_vcards)
    try:
        vcard = peer.plugin["xep_0054"].stanza.VCardTemp()
        vcard["FN"] = "Bob Builder"
        vcard["NICKNAME"] = "<b>bobby</b> \u202eyes"
        vcard["URL"] = "javascript:alert(1)"
        await peer.plugin["xep_0054"].publish_vcard(vcard)
        window = MainWindow(app)
        qtbot.addWidget(window)
        await until(lambda: window.roster_model.row_for(bob[0]) is not None)
        dialog = window.sidebar.open_profile(alice[0], bob[0])
        await until(lambda: dialog.profile is not None)
        assert dialog.title.text() == "Bob Builder"
        nickname, url = _shown(dialog, "nickname"), _shown(dialog, "url")
        # A peer's markup is text, and a bidi override does not reorder what the user reads.
        assert nickname is not None and nickname.textFormat() == Qt.TextFormat.PlainText
        assert nickname.text() == "<b>bobby</b> yes"
        assert url is not None and url.text() == "javascript:alert(1)"  # shown, never a link
        assert url.textFormat() == Qt.TextFormat.PlainText and not url.openExternalLinks()
        assert _shown(dialog, "email") is None  # nothing published, no empty row
    finally:
        await stop_peer(peer)
        await app.close()


async def test_ones_own_profile_and_picture_reach_other_clients(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    alice, bob = make_user(), make_user()
    await befriend(server, alice, bob)
    app = await start_heron(tmp_path / "alice", account_for(server, alice[0]), alice[1])
    peer = await start_peer(server, *bob, setup=_with_vcards)
    try:
        window = MainWindow(app)
        qtbot.addWidget(window)
        dialog = window.sidebar.open_own_profile()
        assert isinstance(dialog, EditProfileDialog)
        dialog.edits["full_name"].setText("Alice Liddell")  # type: ignore[union-attr]
        dialog.edits["nickname"].setText("alice")  # type: ignore[union-attr]
        dialog.edits["email"].setText("alice@wonderland.example")  # type: ignore[union-attr]
        wide = QImage(400, 200, QImage.Format.Format_RGB32)  # a wide photo: its middle is kept
        wide.fill(QColor("#2060d0"))
        wide.save(str(tmp_path / "me.png"))
        assert dialog.set_picture_file(str(tmp_path / "me.png"))
        assert not dialog.set_picture_file(str(tmp_path / "missing.png"))
        assert dialog.error.isVisible()
        assert dialog.set_picture_file(str(tmp_path / "me.png"))
        dialog.save.click()
        await until(lambda: not dialog.isVisible(), 15)

        iq = await peer.plugin["xep_0054"].get_vcard(alice[0], local=False)
        assert iq["vcard_temp"]["FN"] == "Alice Liddell"
        assert iq["vcard_temp"]["NICKNAME"] == ["alice"]  # slixmpp reads NICKNAME as a list
        picture = dialog.picture
        assert picture is not None
        image = QImage.fromData(picture)
        assert (image.width(), image.height()) == (PICTURE_SIDE, PICTURE_SIDE)
        metadata = await peer.plugin["xep_0060"].get_items(alice[0], "urn:xmpp:avatar:metadata")
        info = metadata.xml.find(".//{urn:xmpp:avatar:metadata}info")
        assert info is not None
        assert info.get("id") == hashlib.sha1(picture, usedforsecurity=False).hexdigest()
    finally:
        await stop_peer(peer)
        await app.close()
