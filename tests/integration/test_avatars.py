"""Contacts' pictures (issue 8, point 6): published by a second real client over PEP
(XEP-0084) or in its vCard (XEP-0153), fetched by Heron, checked against their hash, kept on
disk, painted in the contact list, there again after a restart; a picture that is not the one
announced, or one announced by a stranger, changes nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QColor, QImage

from heron.application import Heron
from heron.demo.rig import RigServer
from heron.models.roster import RosterRoles
from heron.ui.main_window import MainWindow
from heron.xmpp.services.avatars import publish_picture
from tests.helpers import until
from tests.integration.heron_process import befriend
from tests.integration.parties import Peer, account_for, start_heron, start_peer, stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

RED, BLUE = QColor("#e02020"), QColor("#2040e0")


def png(color: QColor, side: int = 96) -> bytes:
    image = QImage(side, side, QImage.Format.Format_RGB32)
    image.fill(color)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


def _with_avatars(peer: Peer) -> None:
    for plugin in ("xep_0060", "xep_0163", "xep_0084", "xep_0054"):
        peer.register_plugin(plugin)


async def publish_pep(peer: Peer, data: bytes, claimed: bytes | None = None) -> str:
    """Publish ``data`` under the id of ``claimed`` (default: its own hash) and announce it."""
    sha1 = hashlib.sha1(claimed or data, usedforsecurity=False).hexdigest()
    return await publish_picture(peer, data, item_id=sha1)


def _avatar_of(window: MainWindow, jid: str) -> str:
    row = window.roster_model.row_for(jid)
    return row.avatar if row is not None else ""


def _painted_center(window: MainWindow, jid: str) -> QColor:
    proxy = window.roster_proxy
    index = next(proxy.index(r, 0) for r in range(proxy.rowCount())
                 if proxy.index(r, 0).data(RosterRoles.Jid) == jid)
    rect = window.roster_view.visualRect(index)
    image = window.roster_view.viewport().grab(rect).toImage()
    # The avatar circle: 8 px in from the row (6 px margin), vertically centred, 32 px wide.
    return image.pixelColor(6 + 8 + 16, rect.height() - 48 // 2 - 2)


async def _heron_with_bob(qtbot: Any, server: RigServer,
                          make_user: Callable[[], tuple[str, str]],
                          tmp_path: Path) -> tuple[Heron, MainWindow, str, Peer, tuple[str, str]]:
    alice, bob = make_user(), make_user()
    await befriend(server, alice, bob)
    app = await start_heron(tmp_path / "alice", account_for(server, alice[0]), alice[1])
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    await until(lambda: window.roster_model.row_for(bob[0]) is not None)
    peer = await start_peer(server, *bob, setup=_with_avatars)
    return app, window, alice[0], peer, bob


async def test_a_contacts_pep_picture_is_fetched_shown_and_kept(
        qtbot: Any, server: RigServer, make_user: Callable[[], tuple[str, str]],
        tmp_path: Path) -> None:
    app, window, alice, peer, bob = await _heron_with_bob(qtbot, server, make_user, tmp_path)
    try:
        data = png(RED)
        sha1 = await publish_pep(peer, data)
        await until(lambda: _avatar_of(window, bob[0]) != "", 15)
        path = Path(_avatar_of(window, bob[0]))
        assert path.name == sha1 and path.read_bytes() == data
        window.roster_view.viewport().update()
        await until(lambda: _painted_center(window, bob[0]).red() > 200)
        # A new picture replaces it.
        blue = png(BLUE)
        await publish_pep(peer, blue)
        await until(lambda: Path(_avatar_of(window, bob[0]) or "/x").name
                    == hashlib.sha1(blue, usedforsecurity=False).hexdigest(), 15)
    finally:
        await stop_peer(peer)
        await app.close()
    # The next start shows it before (and without) asking the server.
    again = await start_heron(tmp_path / "alice", account_for(server, alice), "",
                              connect=False)
    try:
        window = MainWindow(again)
        qtbot.addWidget(window)
        await window.sidebar.load_cached_rosters()
        await until(lambda: Path(_avatar_of(window, bob[0]) or "/x").name
                    == hashlib.sha1(png(BLUE), usedforsecurity=False).hexdigest())
    finally:
        await again.close()


async def test_a_picture_that_is_not_the_announced_one_is_refused(
        qtbot: Any, server: RigServer, make_user: Callable[[], tuple[str, str]],
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    app, window, _alice, peer, bob = await _heron_with_bob(qtbot, server, make_user, tmp_path)
    try:
        sha1 = await publish_pep(peer, png(BLUE), claimed=png(RED))
        await until(lambda: any("not the announced picture" in r.getMessage()
                                for r in caplog.records), 15)
        assert _avatar_of(window, bob[0]) == ""
        assert not (tmp_path / "alice" / "avatars" / sha1).exists()
    finally:
        await stop_peer(peer)
        await app.close()


async def test_a_vcard_picture_announced_in_presence_is_shown(
        qtbot: Any, server: RigServer, make_user: Callable[[], tuple[str, str]],
        tmp_path: Path) -> None:
    app, window, _alice, peer, bob = await _heron_with_bob(qtbot, server, make_user, tmp_path)
    try:
        data = png(RED, 64)
        vcard = peer.plugin["xep_0054"].stanza.VCardTemp()
        vcard["PHOTO"]["TYPE"] = "image/png"
        vcard["PHOTO"]["BINVAL"] = data
        await peer.plugin["xep_0054"].publish_vcard(vcard)
        sha1 = hashlib.sha1(data, usedforsecurity=False).hexdigest()
        presence = peer.make_presence()
        update = presence.xml.makeelement("{vcard-temp:x:update}x", {})
        photo = update.makeelement("{vcard-temp:x:update}photo", {})
        photo.text = sha1
        update.append(photo)
        presence.xml.append(update)
        presence.send()
        await until(lambda: Path(_avatar_of(window, bob[0]) or "/x").name == sha1, 15)
        assert Path(_avatar_of(window, bob[0])).read_bytes() == data
    finally:
        await stop_peer(peer)
        await app.close()


async def test_a_stranger_cannot_set_anyones_picture(
        qtbot: Any, server: RigServer, make_user: Callable[[], tuple[str, str]],
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    await _stranger_announces(qtbot, server, make_user, tmp_path, caplog, "pep")


@pytest.mark.server("prosody", reason="ejabberd does not deliver a stranger's directed "
                                      "presence to the rig's accounts")
async def test_a_strangers_presence_cannot_set_a_picture(
        qtbot: Any, server: RigServer, make_user: Callable[[], tuple[str, str]],
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    await _stranger_announces(qtbot, server, make_user, tmp_path, caplog, "presence")


async def _stranger_announces(qtbot: Any, server: RigServer,
                              make_user: Callable[[], tuple[str, str]], tmp_path: Path,
                              caplog: pytest.LogCaptureFixture, how: str) -> None:
    app, window, alice, peer, _bob = await _heron_with_bob(qtbot, server, make_user, tmp_path)
    stranger = await start_peer(server, *make_user(), setup=_with_avatars)
    try:
        sha1 = hashlib.sha1(png(RED), usedforsecurity=False).hexdigest()
        if how == "pep":
            stranger.send_raw(
                f"<message xmlns='jabber:client' to='{alice}' type='headline'>"
                "<event xmlns='http://jabber.org/protocol/pubsub#event'>"
                f"<items node='urn:xmpp:avatar:metadata'><item id='{sha1}'>"
                "<metadata xmlns='urn:xmpp:avatar:metadata'>"
                f"<info id='{sha1}' type='image/png' bytes='300'/></metadata>"
                "</item></items></event></message>")
        else:
            full = str(app.sessions[alice].client.boundjid)
            stranger.send_raw(f"<presence xmlns='jabber:client' to='{full}'><x xmlns="
                              f"'vcard-temp:x:update'><photo>{sha1}</photo></x></presence>")
        await until(lambda: any("rejected avatar" in r.getMessage() for r in caplog.records), 10)
        assert all(row.avatar == "" for row in window.roster_model.entries())
        assert not (tmp_path / "alice" / "avatars").exists()
    finally:
        await stop_peer(stranger)
        await stop_peer(peer)
        await app.close()
