"""The chats list's model: newest activity first, a burst reordered once, older history
never moving a row back, unread counts, removal; previews and row times as a user reads them."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QLocale

from heron.core.bus import EventBus
from heron.core.chats import CHAT, LastMessage
from heron.core.events import RosterEntry, RosterLoaded
from heron.models.chats import ChatRoles, ChatsModel, preview_of
from heron.models.roster import RosterFilterModel, RosterModel
from heron.ui.chat_list import when_text

A = "me@example.org"


def _model() -> tuple[ChatsModel, EventBus]:
    bus = EventBus()
    return ChatsModel(RosterModel(bus)), bus


def _peers(model: ChatsModel) -> list[str]:
    return [peer for _account, peer in model.conversations()]


def test_newest_first_and_a_new_message_moves_its_chat_to_the_top(qapp: object) -> None:
    model, _bus = _model()
    model.upsert(A, "bob@x", CHAT, 10.0, "hi", False)
    model.upsert(A, "carol@x", CHAT, 20.0, "hello", False)
    model.flush()
    assert _peers(model) == ["carol@x", "bob@x"]
    model.upsert(A, "bob@x", CHAT, 30.0, "again", True)
    model.flush()
    assert _peers(model) == ["bob@x", "carol@x"]
    top = model.index(0)
    assert (top.data(ChatRoles.Preview), top.data(ChatRoles.Outgoing)) == ("again", True)


def test_a_burst_of_a_thousand_reorders_the_list_once(qapp: object) -> None:
    model, _bus = _model()
    for i in range(20):
        model.upsert(A, f"peer{i}@x", CHAT, float(20 - i), f"m{i}", False)
    model.flush()
    assert _peers(model)[0] == "peer0@x"
    before = model.reorders
    layouts: list[int] = []
    model.layoutChanged.connect(lambda *_a: layouts.append(1))
    for i in range(1000):  # a catch-up: every conversation gets newer messages
        model.upsert(A, f"peer{i % 20}@x", CHAT, 100.0 + i, f"n{i}", False)
    assert model.reorders == before  # nothing applied until the loop turns
    model.flush()
    assert model.reorders == before + 1 and len(layouts) == 1
    assert _peers(model)[0] == "peer19@x"  # its last message is the newest of the burst
    assert model.index(0).data(ChatRoles.Preview) == "n999"


def test_older_history_does_not_move_a_chat_or_change_its_preview(qapp: object) -> None:
    model, _bus = _model()
    model.upsert(A, "bob@x", CHAT, 50.0, "newest", False)
    model.flush()
    model.upsert(A, "bob@x", CHAT, 5.0, "from the archive", False)
    model.flush()
    assert model.index(0).data(ChatRoles.Preview) == "newest"
    model.upsert(A, "bob@x", CHAT, 50.0, "Message deleted", False)  # the same message, changed
    model.flush()
    assert model.index(0).data(ChatRoles.Preview) == "Message deleted"


def test_unread_counts_and_remove(qapp: object) -> None:
    model, _bus = _model()
    model.upsert(A, "bob@x", CHAT, 1.0, "hi", False)
    model.set_unread(A, "bob@x", 3)  # before the row is shown: it comes along
    model.flush()
    assert model.index(0).data(ChatRoles.Unread) == 3
    model.upsert(A, "bob@x", CHAT, 2.0, "more", False)
    model.flush()
    assert model.index(0).data(ChatRoles.Unread) == 3
    model.set_unread(A, "bob@x", 0)
    assert model.index(0).data(ChatRoles.Unread) == 0
    model.remove(A, "bob@x")
    assert model.rowCount() == 0


def test_names_come_from_the_roster_and_the_filter_matches_them(qapp: object) -> None:
    model, bus = _model()
    model.upsert(A, "bob@x", CHAT, 1.0, "hi", False)
    model.upsert(A, "stranger@y", CHAT, 2.0, "hello", False)
    model.flush()
    bus.publish(RosterLoaded(A, (RosterEntry("bob@x", "Bobby Tables"),)))
    names = [model.index(i).data() for i in range(2)]
    assert names == ["stranger@y", "Bobby Tables"]
    proxy = RosterFilterModel(model)
    proxy.set_filter("tables")
    assert proxy.rowCount() == 1 and proxy.index(0, 0).data(ChatRoles.Peer) == "bob@x"


def test_previews_say_what_a_person_would(qapp: object) -> None:
    assert preview_of(LastMessage("two\n  lines", False)) == "two lines"
    assert preview_of(LastMessage("https://h.example/u/cat.jpg", False)) == "Picture"
    assert preview_of(LastMessage("https://h.example/u/notes.pdf", True)) == "File: notes.pdf"
    assert preview_of(LastMessage("report.odt", True, file_name="report.odt")) == (
        "File: report.odt")  # an upload on its way: its body is the file's name
    assert preview_of(LastMessage("", False, retracted=True)) == "Message deleted"
    assert preview_of(LastMessage("sent", True), draft="not sent yet") == "Draft: not sent yet"
    assert preview_of(LastMessage("<b>bold</b>", False)) == "<b>bold</b>"  # plain text


def test_row_times(qapp: object) -> None:
    c = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    now = datetime(2026, 12, 5, 15, 0).timestamp()  # a Saturday
    assert when_text(datetime(2026, 12, 5, 9, 7).timestamp(), now, c) == "09:07"
    assert when_text(datetime(2026, 12, 3, 9, 7).timestamp(), now, c) == "Thu"
    assert when_text(datetime(2026, 11, 20, 9, 7).timestamp(), now, c) == "20/11/2026"
