"""Search and messages Heron could not decrypt (issue 11 point 7): a hit reads the placeholder
as its bubble does (in the user's language, naming the contact by their roster name), and the
words of the placeholder, which are Heron's and not the sender's, never match a text search;
a filter alone (from:, dates) still lists such a message."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from heron.core.errors import ErrorKind
from heron.core.events import Direction, NewMessage, RosterEntry
from heron.crypto.omemo import OLDMEMO, TWOMEMO
from heron.models.search_results import SearchRoles
from heron.storage.repos.omemo import KEY_CHANGED, Encryption, OmemoRepo
from heron.ui.search_view import SearchView
from heron.xmpp.services.omemo_receive import placeholder
from tests.helpers import until
from tests.ui.history_fill import BOB, ME
from tests.ui.shouting import shouted, shouting  # noqa: F401  the fixture
from tests.ui.windows import window_without_accounts

pytestmark = pytest.mark.asyncio


async def _store(app: Any) -> None:
    """Two placeholders from Bob (one not decrypted, one with a changed key) and two messages
    he wrote that share words with them."""
    repo = OmemoRepo(app.db, ME)
    now = time.time() - 600
    rows = [(placeholder(BOB), Encryption(OLDMEMO, 11, "")),
            (placeholder(BOB, ErrorKind.OMEMO_KEY_CHANGED), Encryption(TWOMEMO, 12, KEY_CHANGED)),
            ("the encrypted backup is on the desk", Encryption(TWOMEMO, 12, "BLINDLY_TRUSTED")),
            ("send it again tomorrow", Encryption(TWOMEMO, 12, "BLINDLY_TRUSTED"))]
    for i, (body, how) in enumerate(rows):
        await repo.add_message(NewMessage(ME, BOB, Direction.INCOMING, body, now + 60 * i,
                                          origin_id=f"o{i}"), how)


def _snippets(view: SearchView) -> list[str]:
    return [view.model.index(row).data(SearchRoles.Snippet)[0]
            for row in range(view.model.rowCount())]


@pytest.mark.usefixtures("shouting")
async def test_search_shows_placeholders_translated_and_never_matches_their_words(
        qtbot: Any, tmp_path: Path) -> None:
    async with window_without_accounts(qtbot, tmp_path / "p") as window:
        app = window.app
        bob = RosterEntry(BOB, "Bob Builder", (), "both")
        await app.repos.roster.replace_all(ME, [bob])  # from:bob finds him by name too
        window.roster_model.load(ME, [bob])  # (no account here: the cache is not read)
        await _store(app)
        view = window.open_search()  # as Ctrl+Shift+F does (test_search_view.py)

        # A filter alone lists every message of Bob's, placeholders in the user's language.
        qtbot.keyClicks(view.field, "from:bob")
        await until(lambda: view.model.rowCount() == 4)
        shown = _snippets(view)
        placeholders = [text for text in shown if text.startswith("«")]  # one line, cut
        assert len(placeholders) == 2
        assert all(BOB not in text for text in placeholders)
        assert not any(text.startswith(("This message", "Warning")) for text in shown)
        assert any(text.startswith("«WARNING: THE ENCRYPTION KEY OF A DEVICE OF Bob Builder "
                                   "CHANGED") for text in placeholders)
        # (the whole sentence of the one not decrypted names him too, as its bubble does)
        whole = [view.model.index(row).data(SearchRoles.Hit) for row in range(4)]
        assert shouted(view.model.text_of(whole[3]))  # the oldest: not decrypted
        assert "ASK Bob Builder TO SEND IT AGAIN" in view.model.text_of(whole[3])
        view.grab().save("/tmp/omemosmall2-search.png")  # the hits paint

        # Words of the English placeholder find only what Bob wrote.
        for words, found in (("encrypted", "the encrypted backup is on the desk"),
                             ("again", "send it again tomorrow"),
                             ("encryption key changed", None)):
            view.field.setText(words)
            view.run_now()
            expected = [] if found is None else [found]
            await until(lambda e=expected: view.hint.text() != "" and _snippets(view) == e,  # type: ignore[misc]
                        shown=lambda: _snippets(view))
            if found is None:
                assert view.hint.text() == "No messages found."
