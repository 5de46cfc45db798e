"""Files sent straight to a contact as cards in the chat (issue 10, point 7): two real Heron
windows through the real server. Bob sees Alice's offer as a file card with Accept / Decline,
clicks one, and both cards follow the transfer to its end in plain words; the cards are
stored, so they are still in the chat after Heron is opened again (an unfinished one then
reads as interrupted)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt

from heron.application import Heron
from heron.core.file_events import FileState, FileTransfer
from heron.models.messages import MessageRoles
from heron.ui import file_card
from heron.ui.main_window import MainWindow
from heron.xmpp.services import jingle_files
from tests.calls_pair import loopback_only
from tests.helpers import until
from tests.integration.heron_process import befriend
from tests.integration.parties import account_for, start_heron, start_peer, stop_peer
from tests.ui.test_messenger_basics import _painting

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


@dataclass
class Person:
    jid: str
    password: str
    app: Heron
    window: MainWindow
    downloads: Path


def _cards(window: MainWindow) -> list[tuple[int, FileTransfer]]:
    model = window.message_model
    if model is None:
        return []
    found = [(r, model.index(r).data(MessageRoles.File)) for r in range(model.rowCount())]
    return [(r, f) for r, f in found if f is not None]


def _last(window: MainWindow) -> FileTransfer | None:
    cards = _cards(window)
    return cards[-1][1] if cards else None


def _state(window: MainWindow) -> FileState | None:
    card = _last(window)
    return card.state if card is not None else None


def _layout(window: MainWindow, row: int) -> file_card.CardLayout:
    delegate, option, index = _painting(window, row)
    file, top_left, width, picture = delegate._file_card(option, index)
    assert file is not None
    return file_card.layout(file, top_left, width, option.font, picture)


def _click(qtbot: Any, window: MainWindow, action: str) -> None:
    """Click the button ``action`` on the newest card, as a person would."""
    row = _cards(window)[-1][0]
    window.message_view.scrollToBottom()
    geometry = _layout(window, row)
    assert action in geometry.actions, f"{action} not on the card: {list(geometry.actions)}"
    centre: QPoint = geometry.actions[action].center()
    qtbot.mouseClick(window.message_view.viewport(), Qt.MouseButton.LeftButton, pos=centre)


async def _open(person: Person, qtbot: Any, other: str) -> None:
    person.window = MainWindow(person.app)
    qtbot.addWidget(person.window)
    person.window.show()
    await person.window.open_conversation(person.jid, other)


@asynccontextmanager
async def two_people(qtbot: Any, server: Any, make_user: Any, tmp_path: Path,
                     monkeypatch: pytest.MonkeyPatch, channel: bool = True,
                     ) -> AsyncIterator[tuple[Person, Person]]:
    """Alice and Bob, each in a Heron window on the other's chat. ``channel``: their devices
    take WebRTC data channels (XEP-0343, the default), else only in-band bytestreams."""
    loopback_only(monkeypatch)  # aioice leaves 127.0.0.1 out otherwise (STACK-NOTES §6)
    monkeypatch.setattr(jingle_files, "DATACHANNEL", channel)
    (alice, alice_pw), (bob, bob_pw) = make_user(), make_user()
    await befriend(server, (alice, alice_pw), (bob, bob_pw))
    people: list[Person] = []
    try:
        for own, password, other, name in ((alice, alice_pw, bob, "Bob"),
                                           (bob, bob_pw, alice, "Alice")):
            app = await start_heron(tmp_path / own.split("@")[0], account_for(server, own),
                                    password)
            await app.sessions[own].roster.set_item(other, name, ())
            downloads = tmp_path / f"{name}-downloads"
            app.settings.download_dir = str(downloads)
            person = Person(own, password, app, None, downloads)  # type: ignore[arg-type]
            await _open(person, qtbot, other)
            people.append(person)
        direct = people[0].window.conversation.direct_files
        await until(direct.button.isVisible, 30)
        yield people[0], people[1]
    finally:
        for person in people:
            await person.app.close()
        await asyncio.sleep(0.5)  # the sessions' last events land while the windows live
        for person in people:  # after the apps: a window closed from code quits Heron
            person.window.close()


async def test_bob_accepts_the_file_arrives_intact_and_the_cards_survive_a_restart(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    async with two_people(qtbot, server, make_user, tmp_path, monkeypatch) as (alice, bob):
        source = tmp_path / "holiday plan.pdf"
        source.write_bytes(os.urandom(300_000))
        button = alice.window.conversation.direct_files.button
        assert button.accessibleName() == "Send a file directly"
        assert not button.icon().isNull(), "the button shows an icon, not a character"
        alice.window.conversation.direct_files.send(source)

        await until(lambda: _state(bob.window) is FileState.DIRECT_OFFERED, 30)
        offer = _last(bob.window)
        assert offer is not None and (offer.name, offer.size) == ("holiday plan.pdf", 300_000)
        assert file_card.status_text(offer) == "300.0 KB · Sent to you directly"
        await until(lambda: _state(alice.window) is FileState.DIRECT_WAITING, 30)
        assert file_card.status_text(_last(alice.window)) == \
            "300.0 KB · Waiting for an answer"  # type: ignore[arg-type]
        offer_card = _layout(bob.window, _cards(bob.window)[-1][0])
        assert list(offer_card.actions) == ["accept", "decline"]
        # Two buttons get a row of their own: the name and the status keep the card's width.
        assert all(r.top() > offer_card.badge.bottom() for r in offer_card.actions.values())
        assert offer_card.name.right() >= offer_card.actions["accept"].right() - 4
        _click(qtbot, bob.window, "accept")

        await until(lambda: _state(bob.window) is FileState.DIRECT_DONE, 60)
        await until(lambda: _state(alice.window) is FileState.DIRECT_DONE, 30)
        received = bob.downloads / "holiday plan.pdf"
        assert received.read_bytes() == source.read_bytes()
        assert file_card.status_text(_last(bob.window)) == "300.0 KB · Received"  # type: ignore[arg-type]
        assert file_card.status_text(_last(alice.window)) == "300.0 KB · Sent directly"  # type: ignore[arg-type]
        assert list(_layout(bob.window, _cards(bob.window)[-1][0]).actions) == ["open-folder"]

        # A second offer Bob does not answer before he quits: interrupted when he is back.
        second = tmp_path / "notes.txt"
        second.write_bytes(b"x" * 5000)
        alice.window.conversation.direct_files.send(second)
        await until(lambda: len(_cards(bob.window)) == 2
                    and _state(bob.window) is FileState.DIRECT_OFFERED, 30)
        bob.window.hide()
        await bob.app.close()
        bob.app = await start_heron(tmp_path / bob.jid.split("@")[0],
                                    account_for(server, bob.jid), bob.password, connect=False)
        await _open(bob, qtbot, alice.jid)
        window = bob.window
        await until(lambda: len(_cards(window)) == 2
                    and _cards(window)[0][1].state is FileState.DIRECT_DONE
                    and _cards(window)[1][1].state is FileState.DIRECT_ENDED, 15)
        first, unanswered = (card for _row, card in _cards(window))
        assert file_card.status_text(first) == "300.0 KB · Received"
        assert unanswered.error == "Interrupted: Heron was closed before the transfer finished."
        assert file_card.status_text(unanswered) == "5.0 KB · Not received"


async def test_bob_declines_and_both_cards_say_so(qtbot: Any, server: Any, make_user: Any,
                                                  tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    carol = make_user()
    async with two_people(qtbot, server, make_user, tmp_path, monkeypatch) as (alice, bob):
        direct = alice.window.conversation.direct_files
        # A contact whose app takes no direct files gets no button.
        await befriend(server, (alice.jid, alice.password), carol)
        carol_peer = await start_peer(server, *carol)
        try:
            await alice.window.open_conversation(alice.jid, carol[0])
            await until(lambda: direct.current == (alice.jid, carol[0]))
            await asyncio.sleep(1)  # let the device check answer
            assert not direct.button.isVisible()
        finally:
            await stop_peer(carol_peer)
        await alice.window.open_conversation(alice.jid, bob.jid)
        await until(direct.button.isVisible, 30)

        source = tmp_path / "offer.txt"
        source.write_bytes(b"not wanted " * 100)
        direct.send(source)
        await until(lambda: _state(bob.window) is FileState.DIRECT_OFFERED, 30)
        _click(qtbot, bob.window, "decline")
        await until(lambda: _state(bob.window) is FileState.DIRECT_ENDED, 30)
        await until(lambda: _state(alice.window) is FileState.DIRECT_ENDED, 30)
        assert _last(bob.window).error == "You declined the file."  # type: ignore[union-attr]
        assert _last(alice.window).error == "The file was declined by Bob."  # type: ignore[union-attr]
        assert not bob.downloads.exists() or list(bob.downloads.iterdir()) == []


async def test_alice_cancels_midway_and_bob_keeps_no_partial_file(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # In-band: slow enough that Cancel comes while bytes are still on their way.
    async with two_people(qtbot, server, make_user, tmp_path, monkeypatch,
                          channel=False) as (alice, bob):
        source = tmp_path / "big.bin"
        source.write_bytes(os.urandom(6 * 1024 * 1024))
        alice.window.conversation.direct_files.send(source)
        await until(lambda: _state(bob.window) is FileState.DIRECT_OFFERED, 30)
        _click(qtbot, bob.window, "accept")
        await until(lambda: _state(alice.window) is FileState.DIRECT_SENDING
                    and _last(alice.window).done > 0, 60)  # type: ignore[union-attr]
        assert file_card.status_text(_last(alice.window)).startswith("Sending ")  # type: ignore[arg-type]
        _click(qtbot, alice.window, "cancel")
        await until(lambda: _state(bob.window) is FileState.DIRECT_ENDED, 30)
        await until(lambda: _state(alice.window) is FileState.DIRECT_ENDED, 30)
        assert _last(alice.window).error == "You cancelled the transfer."  # type: ignore[union-attr]
        assert _last(bob.window).error == "The transfer was cancelled by Alice."  # type: ignore[union-attr]
        await until(lambda: list(bob.downloads.iterdir()) == [], 10)  # the partial file too
