"""A bounced message as the user sees it: a red mark where the tick goes, the reason in the
tooltip and the accessible description, and "Send again" in its menu. Light and dark."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QListView, QStyleOptionViewItem, QWidget

from heron.core.bus import EventBus
from heron.core.events import DeliveryState, Direction, StoredMessage
from heron.models.messages import MessageModel, MessageRoles
from heron.ui import theme
from heron.ui.delegates import MessageDelegate, plain_tooltip
from heron.ui.message_menu import build_menu

pytestmark = pytest.mark.asyncio

ME, NOBODY = "me@example.org", "nobody@example.org"


def _message(pk: int, body: str, state: DeliveryState, condition: str = "",
             text: str = "") -> StoredMessage:
    return StoredMessage(pk=pk, account=ME, peer=NOBODY, direction=Direction.OUTGOING,
                         body=body, timestamp=time.time() - 60 + pk, origin_id=f"o{pk}",
                         stanza_id=None, message_id=f"o{pk}", state=state,
                         failure_condition=condition, failure_text=text)


ROWS = [
    _message(1, "This one arrived", DeliveryState.SENT),
    _message(2, "Hello, are you there?", DeliveryState.BOUNCED, "service-unavailable"),
    _message(3, "And this?", DeliveryState.BOUNCED, "policy-violation", "<b>Spam</b> & co"),
]


@pytest.fixture(params=["light", "dark"])
def scheme(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    theme.apply(qapp, request.param)
    yield request.param
    theme.apply(qapp, "light")


def _danger_pixels(image: QImage, rect: Any) -> int:
    danger = QColor(theme.SCHEME.danger)
    found = 0
    for x in range(max(rect.left(), 0), min(rect.right(), image.width())):
        for y in range(max(rect.top(), 0), min(rect.bottom(), image.height())):
            c = image.pixelColor(x, y)
            if (abs(c.red() - danger.red()) < 40 and abs(c.green() - danger.green()) < 40
                    and abs(c.blue() - danger.blue()) < 40):
                found += 1
    return found


async def test_a_bounced_bubble_shows_a_red_mark_and_says_why(
        qtbot: Any, scheme: str, tmp_path: Path) -> None:
    async def page(_before: Any, _limit: int) -> list[StoredMessage]:
        return [] if _before is not None else list(ROWS)

    model = MessageModel(EventBus(), ME, NOBODY, page)
    view = QListView()
    qtbot.addWidget(view)
    delegate = MessageDelegate(view)
    view.setItemDelegate(delegate)
    view.resize(520, 420)
    view.setModel(model)
    view.show()
    try:
        await model.load_initial()
        assert model.rowCount() == len(ROWS)
        image = view.grab().toImage()
        image.save(str(Path("/tmp") / f"bounced-bubbles-{scheme}.png"))
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.font = view.font()

        def meta_of(row: int) -> Any:
            option.rect = view.visualRect(model.index(row))
            bubble, _doc = delegate._layout(option, model.index(row))
            return bubble, delegate._meta_rect(bubble)

        # The red mark sits where the tick goes, on the bounced bubbles only.
        for row, red in ((0, False), (1, True), (2, True)):
            _bubble, meta = meta_of(row)
            assert (_danger_pixels(image, meta) > 0) is red, f"row {row}"

        # Hovering the bubble says why, in plain words; on the sent one, it says "sent".
        bubble, meta = meta_of(1)
        option.rect = view.visualRect(model.index(1))
        tip = delegate.tooltip_at(option, model.index(1), bubble.center())
        assert tip.splitlines()[-1] == f"Not delivered: {NOBODY} does not exist"
        bubble, meta = meta_of(0)
        option.rect = view.visualRect(model.index(0))
        assert delegate.tooltip_at(option, model.index(0), meta.center()).endswith(
            "Sent to the server")
        # The server's words stay text: "<b>" is shown, never made bold.
        bubble, _meta = meta_of(2)
        option.rect = view.visualRect(model.index(2))
        tip = delegate.tooltip_at(option, model.index(2), bubble.center())
        assert tip.endswith("The server refused this message: <b>Spam</b> & co")
        assert "&lt;b&gt;Spam&lt;/b&gt; &amp; co" in plain_tooltip(tip)

        # A screen reader hears it too.
        described = model.index(1).data(Qt.ItemDataRole.AccessibleDescriptionRole)
        assert described == f"Not delivered: {NOBODY} does not exist"
        assert model.index(0).data(Qt.ItemDataRole.AccessibleDescriptionRole) is None
    finally:
        model.close()


async def test_send_again_is_offered_for_a_bounced_message_only(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    again: list[StoredMessage] = []
    bounced = build_menu(parent, ROWS[1], ROWS[1].body, "", lambda _q: None, None, again.append)
    action = bounced.findChild(type(bounced.actions()[0]), "retryMessageAction")
    assert action is not None
    assert action.text() == "Send again"
    action.trigger()
    assert again == [ROWS[1]]
    sent = build_menu(parent, ROWS[0], ROWS[0].body, "", lambda _q: None, None, again.append)
    assert "retryMessageAction" not in [a.objectName() for a in sent.actions()]


async def test_in_the_window_a_refused_message_is_marked_and_sent_again(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    """Bob's client refuses Alice's message (a message error from the recipient, after our
    server acknowledged it): her bubble turns red with his reason; "Send again" re-sends it."""
    from tests.helpers import until
    from tests.integration.parties import stop_peer
    from tests.ui.test_main_window import _click_contact, _window_with_contact
    from tests.ui.test_messenger_basics import _bubble, _open_menu, _tooltip

    app, window, peer, alice, bob = await _window_with_contact(qtbot, server, make_user,
                                                               tmp_path)
    peer.plugin["xep_0184"].auto_ack = False  # a receipt would prove delivery
    try:
        _click_contact(qtbot, window, bob)
        await until(lambda: window.current == (alice, bob))
        qtbot.keyClicks(window.composer, "Buy now!")
        qtbot.keyClick(window.composer, Qt.Key.Key_Return)
        await until(lambda: peer.bodies() == ["Buy now!"])
        first_id = str(peer.received[0]["id"])
        model = window.message_model
        assert model is not None
        await until(lambda: model.index(0).data(MessageRoles.State) == "sent")
        refusal = peer.make_message(mto=f"{alice}/heron", mtype="error")
        refusal["id"] = first_id
        refusal["error"]["type"] = "modify"
        refusal["error"]["condition"] = "not-acceptable"
        refusal["error"]["text"] = "Bob does not take adverts"
        refusal.send()
        await until(lambda: model.index(0).data(MessageRoles.State) == "bounced")
        shown = _tooltip(window, _bubble(window, 0).center())
        assert "Not delivered: The server refused this message: Bob does not take adverts" in shown
        viewport = window.message_view.viewport()
        shot = viewport.grab().toImage()
        shot.save(str(tmp_path / "refused.png"))
        meta = MessageDelegate._meta_rect(MessageDelegate(), _bubble(window, 0))
        assert _danger_pixels(shot, meta) > 0

        menu = _open_menu(window, _bubble(window, 0).center())
        again = {a.objectName(): a for a in menu.actions()}["retryMessageAction"]
        again.trigger()
        menu.close()
        await until(lambda: peer.bodies() == ["Buy now!", "Buy now!"])
        assert str(peer.received[1]["id"]) == first_id, "the same message, not a new one"
        await until(lambda: model.index(0).data(MessageRoles.State) == "sent")
        assert model.rowCount() == 1
    finally:
        await stop_peer(peer)
        await app.close()
