"""XEP-0004 forms: the spec's own example and the real muc#roomconfig forms of Prosody and
ejabberd (captured from the test rig) parse, check and submit as a person would expect."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from heron.core import data_forms
from heron.core.data_forms import Problem

DATA = Path(__file__).parent / "data"
X = "{jabber:x:data}"


def load(name: str) -> data_forms.Form:
    return data_forms.parse(ET.parse(DATA / name).getroot())


def submitted(x: ET.Element) -> dict[str, list[str]]:
    return {f.get("var", ""): [v.text or "" for v in f.findall(f"{X}value")]
            for f in x.findall(f"{X}field")}


def test_the_xep_example_has_every_field_type_with_its_details() -> None:
    form = load("xep0004-bot.xml")
    assert form.title == "Bot Configuration"
    assert form.instructions == ("Fill out this form to configure your new bot!",)
    assert form.form_type == "jabber:bot"
    kinds = {f.type for f in form.fields}
    assert kinds == {"hidden", "fixed", "text-single", "text-multi", "boolean", "text-private",
                     "list-multi", "list-single", "jid-multi"}
    public = form.get("public")
    assert public is not None and public.required and public.title == "Public bot?"
    features = form.get("features")
    assert features is not None and features.values == ("news", "search")
    assert [o.label for o in features.options][:2] == ["Contests", "News"]
    invite = form.get("invitelist")
    assert invite is not None and invite.desc == "Tell all your friends about your new bot!"
    fixed = [f.values[0] for f in form.fields if f.type == "fixed"]
    assert fixed == ["Section 1: Bot Info", "Section 2: Features",
                     "Section 3: Subscriber List", "Section 4: Invitations"]


def test_answers_are_checked_field_by_field() -> None:
    form = load("xep0004-bot.xml")
    assert data_forms.problems(form, {}) == {}
    bad = data_forms.problems(form, {"invitelist": ["bob@example.org", "not a jid"],
                                     "maxsubs": ["7"], "botname": ["two\nlines"]})
    assert bad == {"invitelist": Problem.BAD_JID, "maxsubs": Problem.NOT_AN_OPTION,
                   "botname": Problem.ONE_LINE}


def test_a_required_field_left_empty_is_a_problem() -> None:
    form = data_forms.parse(ET.fromstring(
        "<x xmlns='jabber:x:data' type='form'><field var='name' type='text-single'>"
        "<required/></field></x>"))
    assert data_forms.problems(form, {"name": ["  "]}) == {"name": Problem.REQUIRED}
    assert data_forms.problems(form, {"name": ["Heron"]}) == {}


@pytest.mark.parametrize(("text", "ok"), [
    ("bob@example.org", True), ("example.org", True), ("bob@example.org/phone", True),
    ("room@conference.localhost", True), ("bob@localhost", True),
    ("", False), ("bob @example.org", False), ("@example.org", False), ("bob@", False),
    ("bob@example..org", False), ("a@b@c", False), ("bob@example.org/", False),
])
def test_jid_shape(text: str, ok: bool) -> None:
    assert data_forms.jid_ok(text) is ok


def test_submit_sends_answers_keeps_hidden_and_drops_fixed() -> None:
    form = load("xep0004-bot.xml")
    x = data_forms.submit(form, {
        "botname": ["The Jabber Google Bot"], "description": ["line one", "line two"],
        "public": ["true"], "features": ["news", "polls"], "maxsubs": ["50"],
        "invitelist": [" juliet@capulet.com ", ""], "FORM_TYPE": ["forged"]})
    assert x.get("type") == "submit"
    values = submitted(x)
    assert "" not in values, "fixed fields have no var and are not sent"
    assert values["FORM_TYPE"] == ["jabber:bot"], "hidden fields go back as they came"
    assert values["botname"] == ["The Jabber Google Bot"]
    assert values["description"] == ["line one", "line two"]
    assert values["public"] == ["1"]
    assert values["features"] == ["news", "polls"]
    assert values["maxsubs"] == ["50"]
    assert values["invitelist"] == ["juliet@capulet.com"]
    assert values["password"] == []


@pytest.mark.parametrize("server", ["prosody", "ejabberd"])
def test_the_real_room_configuration_forms(server: str) -> None:
    form = load(f"roomconfig-{server}.xml")
    assert form.form_type == "http://jabber.org/protocol/muc#roomconfig"
    name = form.get("muc#roomconfig_roomname")
    assert name is not None and name.type == "text-single" and name.label
    whois = form.get("muc#roomconfig_whois")
    assert whois is not None and whois.type == "list-single"
    assert {o.value for o in whois.options} == {"moderators", "anyone"}
    broadcast = form.get("muc#roomconfig_presencebroadcast")
    assert broadcast is not None and broadcast.type == "list-multi"
    assert set(broadcast.values) == {"visitor", "participant", "moderator"}
    assert data_forms.problems(form, {}) == {}, "the server's own defaults can be sent"
    x = data_forms.submit(form, {"muc#roomconfig_roomname": ["Tea"],
                                 "muc#roomconfig_persistentroom": ["1"]})
    values = submitted(x)
    assert values["FORM_TYPE"] == ["http://jabber.org/protocol/muc#roomconfig"]
    assert values["muc#roomconfig_roomname"] == ["Tea"]
    assert values["muc#roomconfig_persistentroom"] == ["1"]
    assert values["muc#roomconfig_whois"] == ["moderators"]


def test_network_text_is_plain_and_bounded() -> None:
    x = ET.fromstring(
        "<x xmlns='jabber:x:data' type='form'>"
        f"<field var='a' type='bogus'><value>{'v' * 9000}</value></field>"
        + "<field var='f'/>" * 300 + "</x>")
    x[0].set("label", "A\x07B\x1b[31m")  # control characters, as a parser may hand them on
    form = data_forms.parse(x)
    first = form.fields[0]
    assert first.type == "text-single", "an unknown type is treated as text"
    assert first.label == "AB[31m"
    assert len(first.values[0]) == data_forms.MAX_TEXT
    assert len(form.fields) == data_forms.MAX_FIELDS


def test_a_fixed_field_with_a_var_is_text_not_an_answer() -> None:
    form = data_forms.parse(ET.fromstring(
        "<x xmlns='jabber:x:data' type='form'><field var='note' type='fixed'>"
        "<value>Read this</value></field><field var='name'/></x>"))
    assert list(submitted(data_forms.submit(form, {"name": ["x"]}))) == ["name"]
