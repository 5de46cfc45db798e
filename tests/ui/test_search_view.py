"""Global search in the real window: Ctrl+Shift+F, type, hits with marked words, click one
5,000 messages back and the conversation opens there, the message flashing."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from heron.core.events import RosterEntry
from heron.models.search_results import SearchRoles
from heron.ui.search_view import SearchView
from tests.helpers import until
from tests.ui.history_fill import BOB, ME, body_of, fill
from tests.ui.test_history_jump import visible_bodies
from tests.ui.windows import window_without_accounts

pytestmark = pytest.mark.asyncio
NEEDLE = 'the <b>spare key</b> is under the "blue" pot'


async def test_search_typed_in_the_window_opens_a_hit_far_back(qtbot: Any,
                                                              tmp_path: Path) -> None:
    async with window_without_accounts(qtbot, tmp_path / "p") as window:
        app = window.app
        await app.repos.roster.replace_all(ME, [RosterEntry(BOB, "Bob", (), "both")])
        await window.sidebar.load_cached_rosters()
        await fill(app, 6000, special={999: NEEDLE, 5990: "no keys here"})
        window.resize(1000, 700)
        window.activateWindow()
        qtbot.keyClick(window, Qt.Key.Key_F,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        view = window.findChild(SearchView, "searchView")
        assert view is not None and view.isVisible()
        qtbot.keyClicks(view.field, "spare key")
        await until(lambda: view.model.rowCount() == 1)
        index = view.model.index(0)
        hit = index.data(SearchRoles.Hit)
        assert hit.body == NEEDLE
        text, spans = index.data(SearchRoles.Snippet)
        assert text == NEEDLE  # plain text: the tags are shown, not applied
        assert [text[a:b] for a, b in spans] == ["spare", "key"]
        assert view.hint.text() == "1 message"
        view.grab()  # the hit paints

        # Hostile syntax is searched as text; it never errors.
        view.field.setText('"blue" NEAR( pot OR')
        view.run_now()
        await until(lambda: view.hint.text() == "No messages found.")
        view.field.setText('"blue" pot')
        view.run_now()
        await until(lambda: view.model.rowCount() == 1)

        rect = view.results.visualRect(view.model.index(0))
        qtbot.mouseClick(view.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        await until(lambda: window.current == (ME, BOB))
        await until(lambda: NEEDLE in visible_bodies(window))
        assert not view.isVisible()
        assert window.conversation.jumps.highlights.flash_pk == hit.pk
        assert body_of(5999) not in visible_bodies(window)


async def test_typing_fast_shows_only_the_last_query(qtbot: Any, tmp_path: Path) -> None:
    async with window_without_accounts(qtbot, tmp_path / "p") as window:
        await fill(window.app, 300, special={10: "apple pie", 20: "apricot jam"})
        view = window.open_search()
        model = view.model
        answers: list[int] = []
        model.answered.connect(lambda n, _more: answers.append(n))
        # Two queries in flight at once: the first answer arrives after the second started.
        first = asyncio.ensure_future(model.run("apple "))
        second = asyncio.ensure_future(model.run("apricot "))
        await asyncio.gather(first, second)
        assert [m.body for m in model.hits()] == ["apricot jam"]
        assert answers == [1]  # the stale answer was dropped, not shown then replaced


@pytest.mark.integration
async def test_a_message_from_a_real_contact_is_found_and_opened(qtbot: Any, server: Any,
                                                                 make_user: Any,
                                                                 tmp_path: Path) -> None:
    from tests.integration.parties import stop_peer
    from tests.ui.test_main_window import _bodies, _window_with_contact

    app, window, peer, alice, bob = await _window_with_contact(qtbot, server, make_user,
                                                               tmp_path)
    try:
        peer.send_message(mto=alice, mbody="the ferry leaves at <b>7:40</b>", mtype="chat")
        peer.send_message(mto=alice, mbody="see you on board", mtype="chat")
        await until(lambda: window.roster_proxy.rowCount() == 1)
        view = window.open_search()
        qtbot.keyClicks(view.field, "ferry")
        await until(lambda: view.model.rowCount() == 1, timeout=15)
        text, spans = view.model.index(0).data(SearchRoles.Snippet)
        assert [text[a:b] for a, b in spans] == ["ferry"]
        qtbot.keyClick(view.field, Qt.Key.Key_Return)
        await until(lambda: window.current == (alice, bob))
        await until(lambda: "the ferry leaves at <b>7:40</b>" in _bodies(window))
        await until(lambda: "the ferry leaves at <b>7:40</b>" in visible_bodies(window))
    finally:
        await stop_peer(peer)
        await app.close()
