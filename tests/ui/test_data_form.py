"""The XEP-0004 form widget with the spec's example and the real room configuration forms of
Prosody and ejabberd: each field type gets its widget, sections come from fixed fields, hidden
fields stay unseen, problems show next to their field, and the answers come back as a form."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
)

from heron.core import data_forms
from heron.ui.data_form import DataFormWidget

DATA = Path(__file__).parents[1] / "unit" / "core" / "data"
X = "{jabber:x:data}"


def _widget(qtbot: Any, name: str) -> DataFormWidget:
    form = data_forms.parse(ET.parse(DATA / name).getroot())
    widget = DataFormWidget(form)
    qtbot.addWidget(widget)
    widget.resize(600, 700)
    widget.show()
    return widget


def _tick(qtbot: Any, box: QCheckBox) -> None:
    """Click on the box itself, where a person would."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(10, box.height() // 2))


def _shown_texts(widget: DataFormWidget) -> list[str]:
    return [label.text() for label in widget.widget().findChildren(QLabel) if label.isVisibleTo(
        widget.widget())]


def _sent(x: ET.Element) -> dict[str, list[str]]:
    return {f.get("var", ""): [v.text or "" for v in f.findall(f"{X}value")]
            for f in x.findall(f"{X}field")}


def test_each_field_type_gets_its_widget(qtbot: Any) -> None:
    widget = _widget(qtbot, "xep0004-bot.xml")
    rows = widget.rows
    assert "FORM_TYPE" not in rows, "hidden fields are not shown"
    assert isinstance(rows["botname"].widget, QLineEdit)
    password = rows["password"].widget
    assert isinstance(password, QLineEdit)
    assert password.echoMode() is QLineEdit.EchoMode.Password
    assert isinstance(rows["description"].widget, QPlainTextEdit)
    assert isinstance(rows["invitelist"].widget, QPlainTextEdit)
    assert rows["invitelist"].widget.toolTip() == "Tell all your friends about your new bot!"
    maxsubs = rows["maxsubs"].widget
    assert isinstance(maxsubs, QComboBox) and maxsubs.currentText() == "20"
    features = rows["features"].widget.findChildren(QCheckBox)
    assert [(b.text(), b.isChecked()) for b in features] == [
        ("Contests", False), ("News", True), ("Polls", False), ("Reminders", False),
        ("Search", True)]
    public = rows["public"].widget.findChild(QCheckBox)
    assert public is not None and not public.isChecked()
    texts = _shown_texts(widget)
    for section in ("Section 1: Bot Info", "Section 2: Features", "Section 3: Subscriber List",
                    "Section 4: Invitations"):
        assert section in texts, "fixed fields are section headers"
    assert "Fill out this form to configure your new bot!" in texts
    assert "Public bot? *" in texts, "required fields are marked"
    assert "jabber:bot" not in " ".join(texts)


def test_problems_show_next_to_their_field_and_block_the_submit(qtbot: Any) -> None:
    widget = _widget(qtbot, "xep0004-bot.xml")
    invite = widget.rows["invitelist"]
    assert isinstance(invite.widget, QPlainTextEdit)
    invite.widget.setPlainText("juliet@capulet.com\nromeo at montague")
    assert widget.submit_form() is None
    assert invite.error.isVisible()
    assert invite.error.text() == "Enter addresses like name@example.org."
    assert not widget.rows["botname"].error.isVisible()
    assert widget.window().focusWidget() is invite.widget, "the first problem gets the focus"
    invite.widget.setPlainText("juliet@capulet.com")
    x = widget.submit_form()
    assert x is not None and not invite.error.isVisible()


def test_what_the_user_typed_comes_back_as_a_submit_form(qtbot: Any) -> None:
    widget = _widget(qtbot, "xep0004-bot.xml")
    rows = widget.rows
    name = rows["botname"].widget
    assert isinstance(name, QLineEdit)
    qtbot.keyClicks(name, "Heron bot")
    public = rows["public"].widget.findChild(QCheckBox)
    assert public is not None
    _tick(qtbot, public)
    polls = next(b for b in rows["features"].widget.findChildren(QCheckBox)
                 if b.text() == "Polls")
    _tick(qtbot, polls)
    maxsubs = rows["maxsubs"].widget
    assert isinstance(maxsubs, QComboBox)
    maxsubs.setCurrentIndex(maxsubs.findText("None"))
    x = widget.submit_form()
    assert x is not None and x.get("type") == "submit"
    sent = _sent(x)
    assert sent["FORM_TYPE"] == ["jabber:bot"]
    assert sent["botname"] == ["Heron bot"]
    assert sent["public"] == ["1"]
    assert sent["features"] == ["news", "polls", "search"]
    assert sent["maxsubs"] == ["none"]


@pytest.mark.parametrize("server", ["prosody", "ejabberd"])
def test_the_real_room_configuration_forms(qtbot: Any, server: str) -> None:
    widget = _widget(qtbot, f"roomconfig-{server}.xml")
    name = widget.rows["muc#roomconfig_roomname"].widget
    assert isinstance(name, QLineEdit)
    name.setText("Tea <b>room</b>")
    whois = widget.rows["muc#roomconfig_whois"].widget
    assert isinstance(whois, QComboBox)
    assert whois.currentData() == "moderators"
    whois.setCurrentIndex(whois.findData("anyone"))
    secret = widget.rows["muc#roomconfig_roomsecret"].widget
    assert isinstance(secret, QLineEdit)
    assert secret.echoMode() is QLineEdit.EchoMode.Password
    x = widget.submit_form()
    assert x is not None
    sent = _sent(x)
    assert sent["FORM_TYPE"] == ["http://jabber.org/protocol/muc#roomconfig"]
    assert sent["muc#roomconfig_roomname"] == ["Tea <b>room</b>"]
    assert sent["muc#roomconfig_whois"] == ["anyone"]
    assert set(sent["muc#roomconfig_presencebroadcast"]) == {
        "moderator", "participant", "visitor"}
    if server == "prosody":
        assert "Access to the room" in _shown_texts(widget)


def test_network_text_is_plain(qtbot: Any) -> None:
    form = data_forms.parse(ET.fromstring(
        "<x xmlns='jabber:x:data' type='form'><instructions>&lt;b&gt;bold&lt;/b&gt;"
        "</instructions><field var='a' label='&lt;i&gt;A&lt;/i&gt;'/></x>"))
    widget = DataFormWidget(form)
    qtbot.addWidget(widget)
    labels = widget.widget().findChildren(QLabel)
    assert all(label.textFormat() is Qt.TextFormat.PlainText for label in labels)
    assert "<i>A</i>" in [label.text() for label in labels]
