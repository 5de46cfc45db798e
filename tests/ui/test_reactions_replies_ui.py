"""Reactions, replies and edit history as a person uses them: quick reactions from the menu,
chips that toggle and say who reacted, the picker's search, the reply bar, the quote that
jumps to an older original, and the earlier versions of an edited message."""

from __future__ import annotations

import asyncio
import os
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QToolButton

from heron.core.events import Direction, NewMessage
from heron.models.messages import MessageRoles
from heron.ui.main_window import MainWindow
from heron.ui.reaction_picker import ReactionPicker
from heron.xmpp.services.reactions import NS as REACTIONS_NS
from heron.xmpp.services.replies import FALLBACK_NS
from heron.xmpp.services.replies import NS as REPLY_NS
from tests.helpers import until
from tests.integration.parties import stop_peer
from tests.integration.test_reactions_replies import record_reactions, send_reactions
from tests.ui.test_main_window import _bodies, _window_with_contact
from tests.ui.test_messenger_basics import (
    _actions,
    _bubble,
    _chat_open,
    _open_menu,
    _painting,
    _tooltip,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

#: set to a folder to keep screenshots of the chips, the quote and the picker (looked at by hand)
SHOTS = os.environ.get("HERON_RICH_SHOTS", "")


async def _shot(window: Any, name: str) -> None:
    if SHOTS:
        await asyncio.sleep(0.2)
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        window.grab().save(str(Path(SHOTS) / f"{name}.png"))


def _message(window: MainWindow, row: int) -> Any:
    model = window.message_model
    assert model is not None
    return model.index(row).data(MessageRoles.Message)


def _chips(window: MainWindow, row: int) -> list[tuple[str, QRect]]:
    delegate, option, index = _painting(window, row)
    return delegate._chips(option, index, _bubble(window, row))


def _click(window: MainWindow, qtbot: Any, pos: QPoint) -> None:
    qtbot.mouseClick(window.message_view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def _sent_sets(got: list[Any]) -> list[list[str]]:
    return [[r.text for r in m.xml.find(f"{{{REACTIONS_NS}}}reactions")] for m in got]


async def test_quick_reaction_chip_toggle_who_reacted_and_the_picker(qtbot, server, make_user,
                                                                     tmp_path):
    app, window, peer, alice, bob = await _window_with_contact(qtbot, server, make_user,
                                                               tmp_path, name="<b>Bob</b>")
    got = record_reactions(peer)
    try:
        window.resize(760, 560)
        peer.send_message(mto=alice, mbody="lunch at noon?", mtype="chat")
        await _chat_open(qtbot, window, alice, bob)
        await until(lambda: _bodies(window) == ["lunch at noon?"])
        assert _chips(window, 0) == []
        plain_height = _bubble(window, 0).height()
        row_height = window.message_view.visualRect(window.message_model.index(0)).height()

        # The menu's quick row: 👍 goes to the contact and shows as a chip, highlighted as ours.
        menu = _open_menu(window, _bubble(window, 0).center())
        quick = {b.text(): b for b in menu.findChildren(QToolButton, "quickReaction")}
        assert list(quick)[:2] == ["👍", "❤️"] and len(quick) == 6
        qtbot.mouseClick(quick["👍"], Qt.MouseButton.LeftButton)
        await until(lambda: _sent_sets(got) == [["👍"]])
        assert got[0].xml.find(f"{{{REACTIONS_NS}}}reactions").get("id") == _message(
            window, 0).message_id
        await until(lambda: [e for e, _r in _chips(window, 0)] == ["👍"])
        assert _bubble(window, 0).height() == plain_height  # chips go under the bubble
        await until(lambda: window.message_view.visualRect(
            window.message_model.index(0)).height() > row_height)

        # The contact reacts the same: one chip, count 2; its tooltip names both, as text.
        send_reactions(peer, alice, _message(window, 0).message_id, "👍")
        await until(lambda: dict(_message(window, 0).reactions).get("👍") == (alice, bob))
        [(_emoji, chip)] = _chips(window, 0)
        assert window.message_model.index(0).data(Qt.ItemDataRole.AccessibleTextRole) == (
            f"{bob}: lunch at noon? (👍 2)")
        await _shot(window, "chips")
        tip = _tooltip(window, chip.center())
        assert "👍 from You, &lt;b&gt;Bob&lt;/b&gt;" in tip and "<b>Bob" not in tip

        # Clicking the chip takes ours away (the contact's stays).
        _click(window, qtbot, chip.center())
        await until(lambda: _sent_sets(got) == [["👍"], []])
        await until(lambda: dict(_message(window, 0).reactions) == {"👍": (bob,)})

        # The picker: its search filters by name; Enter sends the first match.
        menu = _open_menu(window, _bubble(window, 0).center())
        more = menu.findChild(QToolButton, "moreReactions")
        qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
        picker = next(p for p in window.findChildren(ReactionPicker) if p.isVisible())
        everything = picker.visible_emoji()
        assert len(everything) > 300
        await _shot(picker, "picker")
        qtbot.keyClicks(picker.search, "party")
        shown = picker.visible_emoji()
        assert "🎉" in shown and "👍" not in shown and len(shown) < 5
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)
        await until(lambda: _sent_sets(got)[-1:] == [[shown[0]]])  # 🥳, "face with party horn"
        assert not picker.isVisible()
        await until(lambda: dict(_message(window, 0).reactions).get(shown[0]) == (alice,))

        # From the keyboard: "Add reaction…" opens the same picker.
        menu = _open_menu(window, _bubble(window, 0).center())
        _actions(menu)["pickReactionAction"].trigger()
        menu.close()
        picker = next(p for p in window.findChildren(ReactionPicker) if p.isVisible())
        picker.close()

        # Two quick clicks in a row: the second adds to the first instead of replacing it.
        rich = window.conversation.rich
        rich.react(_message(window, 0), "🚀")
        rich.react(_message(window, 0), "🌟")
        await until(lambda: _sent_sets(got)[-1:] == [[shown[0], "🚀", "🌟"]])
        await until(lambda: [e for e, _s in _message(window, 0).reactions] == [
            "👍", shown[0], "🚀", "🌟"])
    finally:
        await stop_peer(peer)
        await app.close()


async def test_reply_bar_sends_a_reply_with_fallback_and_the_bubble_quotes_the_original(
        qtbot, server, make_user, tmp_path):
    app, window, peer, alice, bob = await _window_with_contact(qtbot, server, make_user,
                                                               tmp_path)
    try:
        window.resize(760, 560)
        peer.send_message(mto=alice, mbody="where shall we meet?", mtype="chat")
        await _chat_open(qtbot, window, alice, bob)
        await until(lambda: _bodies(window) == ["where shall we meet?"])
        menu = _open_menu(window, _bubble(window, 0).center())
        _actions(menu)["replyMessageAction"].trigger()
        menu.close()
        bar = window.conversation.rich.reply_bar
        assert bar.isVisible()
        assert window.conversation.rich.reply_label.text() == (
            "Replying to Bob: where shall we meet?")
        qtbot.keyClicks(window.composer, "at the station")
        qtbot.keyClick(window.composer, Qt.Key.Key_Return)
        assert not bar.isVisible()
        await until(lambda: len(peer.received) == 1)
        sent = peer.received[-1]
        reply = sent.xml.find(f"{{{REPLY_NS}}}reply")
        assert reply is not None and reply.get("id") == _message(window, 0).message_id
        part = sent.xml.find(f"{{{FALLBACK_NS}}}fallback/{{{FALLBACK_NS}}}body")
        body = str(sent["body"])
        assert body[: int(part.get("end"))] == "> where shall we meet?\n"
        assert body[int(part.get("end")):] == "at the station"
        await until(lambda: _bodies(window)[-1:] == ["at the station"])
        delegate, _option, _index = _painting(window, 1)
        assert delegate.extras.quote_lines(_message(window, 1)) == ("Bob", "where shall we meet?")
        assert _bubble(window, 1).height() > _bubble(window, 0).height()
        await _shot(window, "reply")

        # Esc closes the bar: the next message is no reply.
        menu = _open_menu(window, _bubble(window, 0).center())
        _actions(menu)["replyMessageAction"].trigger()
        menu.close()
        qtbot.keyClick(window.composer, Qt.Key.Key_Escape)
        assert not bar.isVisible()
        qtbot.keyClicks(window.composer, "plain")
        qtbot.keyClick(window.composer, Qt.Key.Key_Return)
        await until(lambda: peer.bodies()[-1:] == ["plain"])
        assert peer.received[-1].xml.find(f"{{{REPLY_NS}}}reply") is None
    finally:
        await stop_peer(peer)
        await app.close()


async def test_clicking_a_quote_pages_in_and_shows_an_older_original(qtbot, server, make_user,
                                                                     tmp_path):
    app, window, peer, alice, bob = await _window_with_contact(qtbot, server, make_user,
                                                               tmp_path)
    try:
        window.resize(760, 560)
        start = time.time() - 10_000
        history = [NewMessage(alice, bob, Direction.INCOMING, "the original question",
                              start, message_id="orig-1")]
        history += [NewMessage(alice, bob, Direction.INCOMING, f"filler {n}", start + n + 1)
                    for n in range(300)]
        history.append(NewMessage(alice, bob, Direction.OUTGOING, "my late answer",
                                  start + 400, origin_id="ans-1", message_id="ans-1",
                                  reply_to="orig-1"))
        await app.repos.messages.add_many(history)
        await _chat_open(qtbot, window, alice, bob)
        await until(lambda: _bodies(window)[-1:] == ["my late answer"])
        assert "the original question" not in _bodies(window)
        window.message_view.scrollToBottom()
        await asyncio.sleep(0.2)
        last = _bodies(window).index("my late answer")
        delegate, option, _index = _painting(window, last)
        bubble = _bubble(window, last)
        quote = delegate.extras.quote_rect(delegate._inner(bubble), _message(window, last),
                                           option.font)
        assert not quote.isEmpty()
        assert delegate.extras.quote_lines(_message(window, last))[1] == "the original question"
        _click(window, qtbot, quote.center())
        await until(lambda: _bodies(window)[:1] == ["the original question"], timeout=20)
        view = window.message_view
        original = window.message_model.index(0)
        await until(lambda: view.selectionModel().isSelected(original))
        await until(lambda: view.viewport().rect().intersects(view.visualRect(original)))
    finally:
        await stop_peer(peer)
        await app.close()


async def test_the_edited_marker_tells_the_earlier_versions(qtbot, server, make_user, tmp_path):
    app, window, peer, alice, bob = await _window_with_contact(qtbot, server, make_user,
                                                               tmp_path)
    try:
        window.resize(760, 560)
        await _chat_open(qtbot, window, alice, bob)
        first = peer.make_message(mto=alice, mbody="see you at <i>5</i>", mtype="chat")
        first.send()
        await until(lambda: _bodies(window) == ["see you at <i>5</i>"])
        for text in ("see you at 6", "see you at 7"):
            fix = peer.make_message(mto=alice, mbody=text, mtype="chat")
            ET.SubElement(fix.xml, "{urn:xmpp:message-correct:0}replace", {"id": first["id"]})
            fix.send()
            await until(lambda t=text: _bodies(window) == [t])
        delegate, _option, _index = _painting(window, 0)
        meta = delegate._meta_rect(_bubble(window, 0))
        tip = _tooltip(window, meta.center())
        assert "Earlier versions:" in tip
        assert "see you at &lt;i&gt;5&lt;/i&gt;" in tip and "<i>" not in tip
        assert tip.index("&lt;i&gt;5") < tip.index("see you at 6")
        assert "see you at 7" not in tip.split("Earlier versions:")[1]
    finally:
        await stop_peer(peer)
        QApplication.processEvents()
        await app.close()


async def test_quick_reactions_appear_over_the_hovered_bubble(qtbot, server, make_user,
                                                              tmp_path):
    app, window, peer, alice, bob = await _window_with_contact(qtbot, server, make_user,
                                                               tmp_path)
    got = record_reactions(peer)
    try:
        window.resize(760, 560)
        peer.send_message(mto=alice, mbody="first", mtype="chat")
        peer.send_message(mto=alice, mbody="second", mtype="chat")
        await _chat_open(qtbot, window, alice, bob)
        await until(lambda: _bodies(window) == ["first", "second"])
        hover = window.conversation.rich.hover
        assert not hover.isVisible()
        viewport = window.message_view.viewport()
        # The pointer moves over the second bubble (sent straight to the viewport, as Qt would).
        at = QPointF(_bubble(window, 1).center())
        QApplication.sendEvent(viewport, QMouseEvent(
            QEvent.Type.MouseMove, at, viewport.mapToGlobal(at), Qt.MouseButton.NoButton,
            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))
        await until(hover.isVisible)
        # Beside the hovered bubble, at its top, clear of the other one.
        row, bubble = hover.geometry(), _bubble(window, 1)
        assert row.top() == bubble.top() and row.left() > bubble.right()
        assert not row.intersects(_bubble(window, 0))
        await _shot(window, "hover")
        buttons = {b.text(): b for b in hover.findChildren(QToolButton, "hoverReaction")}
        qtbot.mouseClick(buttons["😂"], Qt.MouseButton.LeftButton)
        await until(lambda: _sent_sets(got) == [["😂"]])
        assert got[0].xml.find(f"{{{REACTIONS_NS}}}reactions").get("id") == _message(
            window, 1).message_id
        await until(lambda: dict(_message(window, 1).reactions) == {"😂": (alice,)})
        assert _message(window, 0).reactions == ()
    finally:
        await stop_peer(peer)
        await app.close()
