"""The OMEMO sentences a person reads are translatable: the placeholders of messages Heron
cannot show, the "not sent" reasons and the plaintext-link warning are in the translators'
template, and with a translation installed they show translated (not the English stored)."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from heron.core.errors import BOUNCE_SENTENCES, ErrorKind
from heron.core.events import DeliveryState, Direction, StoredMessage
from heron.models.messages import delivery_problem
from heron.ui.omemo_failures import DISTRUSTED, NOT_SENT, failure_text
from heron.ui.omemo_plain_link import warning_text
from tests.ui.shouting import shouting  # noqa: F401  the fixture
from tests.unit.ui.test_translation_template import _extract

TEMPLATE = Path(__file__).resolve().parents[3] / "translations" / "heron_en.ts"
OMEMO_BOUNCES = (ErrorKind.OMEMO_NO_DEVICES, ErrorKind.OMEMO_ENCRYPT_FAILED,
                 ErrorKind.OMEMO_ROOM_NO_DEVICES, ErrorKind.OMEMO_ROOM_NOT_PRIVATE)


def _message(direction: Direction = Direction.INCOMING, **values: Any) -> StoredMessage:
    return StoredMessage(1, "alice@example.org", "bob@example.org", direction, "stored English",
                         0.0, None, None, "m1", DeliveryState.RECEIVED, **values)


def _sources() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for context in ET.parse(TEMPLATE).iter("context"):
        found.setdefault(context.findtext("name") or "", set()).update(
            m.findtext("source") or "" for m in context.iter("message"))
    return found


def test_the_not_sent_sentences_listed_for_translators_are_the_ones_shown() -> None:
    assert sorted(NOT_SENT) == sorted(BOUNCE_SENTENCES[k.value] for k in OMEMO_BOUNCES)


def test_the_template_lists_every_omemo_sentence(tmp_path: Path) -> None:
    """lupdate finds them in the code (so a template regenerated keeps them) and the
    template holds them."""
    fresh = _extract(tmp_path)
    for sources in (_sources(), _by_context(fresh)):
        assert set(NOT_SENT) <= sources["Delivery"]
        assert len(sources["OmemoFailure"]) == 3  # undecryptable, distrusted, key changed
        assert warning_text() in sources["OmemoPlainLink"]


def _by_context(pairs: set[tuple[str, str]]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for context, text in pairs:
        found.setdefault(context, set()).add(text)
    return found


@pytest.mark.usefixtures("shouting")
def test_placeholders_and_reasons_show_in_the_users_language() -> None:
    unreadable = failure_text(_message(), "")
    assert unreadable is not None and unreadable.startswith("«THIS MESSAGE WAS ENCRYPTED FOR")
    assert "bob@example.org" in unreadable
    distrusted = failure_text(_message(), DISTRUSTED)
    assert distrusted is not None and distrusted.startswith("«WARNING: THIS MESSAGE CAME")
    assert failure_text(_message(), "BLINDLY_TRUSTED") is None  # decrypted: its own text
    mine = failure_text(_message(Direction.OUTGOING), "")
    assert mine is not None and "alice@example.org" in mine  # a copy of our own
    assert warning_text().startswith("«THIS LINK WAS SENT WITHOUT ENCRYPTION")
    bounced = dataclasses.replace(_message(Direction.OUTGOING), state=DeliveryState.BOUNCED,
                                  failure_condition=ErrorKind.OMEMO_NO_DEVICES.value)
    assert delivery_problem(bounced).startswith("«NOT SENT: bob@example.org HAS NO DEVICE")


def test_placeholders_name_the_sender_as_the_user_knows_them() -> None:
    """A contact by the name given (the roster's, ui/omemo_lock.py); a room's occupant by
    their nick, not by the room's address."""
    names = {"bob@example.org": "Bob Builder"}.get
    named = failure_text(_message(), "", lambda jid: names(jid) or jid)
    assert named is not None and "Ask Bob Builder to send it again" in named
    in_room = dataclasses.replace(_message(), peer="room@muc.example.org",
                                  sender_resource="carol")
    said = failure_text(in_room, "", lambda jid: names(jid) or jid, room=True)
    assert said is not None and "Ask carol to send it again" in said
    assert "room@muc.example.org" not in said
