"""Spell checking in the composer (issue 8, point 7) with the system's real Enchant and
Hunspell dictionary: squiggles under unknown words (not under links, addresses, `code` or
@mentions), suggestions that replace the word, the user's own dictionary, the language menu."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QMenu, QPlainTextEdit

from heron.ui import spelling
from heron.ui.spelling import Speller
from tests.helpers import until
from tests.ui.windows import window_without_accounts

pytestmark = [pytest.mark.asyncio]


def _squiggled(composer: QPlainTextEdit) -> list[str]:
    """The words painted with a spell-check underline, as the user sees them."""
    found = []
    block = composer.document().begin()
    while block.isValid():
        layout = block.layout()
        for fmt in layout.formats():
            style = fmt.format.underlineStyle()
            if style == QTextCharFormat.UnderlineStyle.SpellCheckUnderline:
                found.append(block.text()[fmt.start:fmt.start + fmt.length])
        block = block.next()
    return found


def _point_at(composer: QPlainTextEdit, word: str) -> QPoint:
    cursor = QTextCursor(composer.document())
    cursor.setPosition(composer.toPlainText().index(word) + 1)
    return composer.cursorRect(cursor).center()


def _menu_actions(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


async def test_unknown_words_are_squiggled_and_fixed_from_the_menu(
        qtbot: Any, tmp_path: Path) -> None:
    async with window_without_accounts(qtbot, tmp_path / "p") as window:
        window.app.settings.spell_language = "en_US"
        spelling.attach(window)
        composer = window.composer
        composer.setPlainText("I have a speling eror, see https://exampel.org/pge and "
                              "`fnctn` or @bobb at bobb@exampel.org on 2nd floor")
        assert _squiggled(composer) == ["speling", "eror"]
        menu = composer.context_menu(_point_at(composer, "speling"))
        actions = _menu_actions(menu)
        assert "spelling" in actions[:6]
        assert "Add “speling” to dictionary" in actions
        assert "Spelling language" in actions  # the submenu, after the standard entries
        next(a for a in menu.actions() if a.text() == "spelling").trigger()
        assert composer.toPlainText().startswith("I have a spelling eror,")
        assert _squiggled(composer) == ["eror"]


async def test_own_words_are_kept_and_the_language_can_be_switched_off(
        qtbot: Any, tmp_path: Path) -> None:
    async with window_without_accounts(qtbot, tmp_path / "p") as window:
        window.app.settings.spell_language = "en_US"
        checker = spelling.attach(window)
        composer = window.composer
        composer.setPlainText("Heron speaks XMPP with Gajimish friends")
        assert _squiggled(composer) == ["Gajimish"]
        menu = composer.context_menu(_point_at(composer, "Gajimish"))
        next(a for a in menu.actions() if a.text().startswith("Add “Gajimish”")).trigger()
        assert _squiggled(composer) == []
        words = tmp_path / "p" / "words.txt"
        assert "Gajimish" in words.read_text().split()
        assert Speller(words, "en_US").correct("Gajimish")  # the next start knows it too
        composer.setPlainText("nothing is chekced now")
        assert _squiggled(composer) == ["chekced"]
        language = composer.context_menu(_point_at(composer, "nothing")).findChild(
            QMenu, "spellingLanguageMenu")
        assert language is not None
        off = next(a for a in language.actions() if a.text() == "Off")
        assert not off.isChecked()
        off.trigger()
        assert _squiggled(composer) == []
        assert window.app.settings_store.load().spell_language == "off"
        assert checker.speller.language == ""


async def test_the_dictionary_loads_when_the_user_first_types_and_then_checks(
        qtbot: Any, tmp_path: Path) -> None:
    async with window_without_accounts(qtbot, tmp_path / "p") as window:
        window.app.settings.spell_language = "en_US"
        spelling.attach_on_first_use(window)
        composer = window.composer
        assert composer.spelling is None  # nothing loaded for a user who has not typed yet
        window.show()
        window.activateWindow()
        await window.open_conversation("me@example.org", "bob@example.org")
        composer.setFocus()  # a click into the composer
        await until(lambda: composer.spelling is not None, 10)
        composer.setPlainText("a speling eror")
        assert _squiggled(composer) == ["speling", "eror"]
