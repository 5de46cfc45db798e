"""Occupants' pictures in a room's people list (issue 9, point 3): Carol, a real occupant and
no contact of Alice's, has a picture in her vCard and announces its hash in her room presence
(XEP-0153); Heron asks for it through the room, checks it against the hash, keeps it in the
avatar store and paints it in Carol's row instead of her initial. Bob has none: his row keeps
his initial. Real server, room and window."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage

from heron.models.occupants import OccupantRoles
from heron.ui.main_window import MainWindow
from tests.helpers import until
from tests.integration.test_avatars import BLUE, RED, png
from tests.ui.pixels import count_near
from tests.ui.room_window import in_a_room

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def _row(window: MainWindow, nick: str) -> Any:
    model = window.conversation.room.panel.view.model()
    return next((model.index(r, 0) for r in range(model.rowCount())
                 if (o := model.index(r, 0).data(OccupantRoles.Occupant)) is not None
                 and o.nick == nick), None)


def _row_image(window: MainWindow, nick: str) -> QImage:
    view = window.conversation.room.panel.view
    return view.viewport().grab(view.visualRect(_row(window, nick))).toImage()


async def _announce(peer: Any, room: str, nick: str, picture: bytes, sha1: str) -> None:
    """``peer`` keeps ``picture`` in its vCard and tells the room its hash is ``sha1``."""
    peer.register_plugin("xep_0054")
    vcard = peer.plugin["xep_0054"].stanza.VCardTemp()
    vcard["PHOTO"]["TYPE"] = "image/png"
    vcard["PHOTO"]["BINVAL"] = picture
    await peer.plugin["xep_0054"].publish_vcard(vcard)
    presence = peer.make_presence(pto=f"{room}/{nick}")
    update = presence.xml.makeelement("{vcard-temp:x:update}x", {})
    photo = update.makeelement("{vcard-temp:x:update}photo", {})
    photo.text = sha1
    update.append(photo)
    presence.xml.append(update)
    presence.send()


async def test_an_occupants_vcard_picture_replaces_the_initial(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, "heron.policy")
    async with in_a_room(qtbot, server, make_user, tmp_path, "Carol") as (
            _app, alice, window, _bob_peer, carol_peer, room):
        await window.open_conversation(alice, room)
        await until(lambda: _row(window, "Carol") is not None)
        assert count_near(_row_image(window, "Carol"), RED, tolerance=30) == 0
        data = png(RED, 64)
        sha1 = hashlib.sha1(data, usedforsecurity=False).hexdigest()
        await _announce(carol_peer, room, "Carol", data, sha1)
        await until(lambda: Path(str(_row(window, "Carol").data(OccupantRoles.Avatar))
                                 or "/x").name == sha1, 15)
        assert (tmp_path / "alice" / "avatars" / sha1).read_bytes() == data
        await asyncio.sleep(0.1)
        window.grab().save("/tmp/roomfinish-occupant-avatar.png")
        assert count_near(_row_image(window, "Carol"), RED, tolerance=30) > 50  # the picture
        assert count_near(_row_image(window, "Bob"), RED, tolerance=30) == 0  # an initial
        assert _row(window, "Bob").data(OccupantRoles.Avatar) == ""
        # The contacts' picture service leaves occupants alone: a big room where everyone
        # has a picture does not fill the log with a rejection per occupant.
        assert [r.getMessage() for r in caplog.records if "avatar" in r.getMessage()] == []


@pytest.mark.server("prosody", reason="ejabberd's mod_vcard_xupdate writes the hash of the "
                    "stored vCard picture into every presence, so a lying hash never reaches "
                    "the room there (checked: the room relays the true hash)")
async def test_a_picture_that_is_not_the_announced_one_is_refused(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    async with in_a_room(qtbot, server, make_user, tmp_path, "Carol") as (
            _app, alice, window, _bob_peer, carol_peer, room):
        await window.open_conversation(alice, room)
        await until(lambda: _row(window, "Carol") is not None)
        other = hashlib.sha1(png(BLUE, 64), usedforsecurity=False).hexdigest()
        await _announce(carol_peer, room, "Carol", png(RED, 64), other)  # a hash that lies
        await asyncio.sleep(2.0)  # the fetch and its check are over by now
        assert _row(window, "Carol").data(OccupantRoles.Avatar) == ""
        assert not (tmp_path / "alice" / "avatars" / other).exists()
        assert count_near(_row_image(window, "Carol"), RED, tolerance=30) == 0
