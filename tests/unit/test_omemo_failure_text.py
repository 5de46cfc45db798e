"""The record values the UI reads (models/omemo_failure_text.py) are the ones storage writes,
and every stored placeholder is recognised for the chat list and notifications."""

from __future__ import annotations

import pytest

from heron.core.errors import ErrorKind
from heron.models import omemo_failure_text as ui_side
from heron.storage.repos import omemo as stored
from heron.xmpp.services.omemo_receive import placeholder


def test_record_values_match_storage() -> None:
    assert (ui_side.KEY_CHANGED, ui_side.OFF_LIST) == (stored.KEY_CHANGED, stored.OFF_LIST)
    # search leaves out exactly the placeholders the UI translates (storage/repos/search.py)
    assert sorted(stored.NOT_SHOWN) == sorted(ui_side.KINDS.values())
    assert stored.NOT_A_PLACEHOLDER.endswith(
        "IN (" + ", ".join(f"'{trust}'" for trust in stored.NOT_SHOWN) + "))")


@pytest.mark.parametrize("kind", list(ui_side.KINDS))
def test_each_stored_placeholder_is_shown_as_its_sentence(kind: ErrorKind) -> None:
    body = placeholder("bob@example.org", kind)
    expected = ui_side.failure_sentence(ui_side.KINDS[kind], "bob@example.org")
    assert ui_side.shown_text(body) == expected
    assert ui_side.shown_text("Hello " + body) == "Hello " + body  # only the whole sentence
