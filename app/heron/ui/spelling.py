"""Spell checking in the composer: red squiggles under unknown words, suggestions, "add to
dictionary" and the language in the composer's context menu.

Enchant (pyenchant over the system's libenchant) with the installed Hunspell dictionaries; the
user's own words live in the profile (``words.txt``). Addresses, links, `code`, @mentions,
words with digits and ALL-CAPS acronyms are not checked. Loaded after the first frame; without
libenchant or any dictionary the composer has no squiggles, and the menu says why.
"""

from __future__ import annotations

import asyncio
import locale
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtGui import (
    QColor,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit

from heron.core.tasks import spawn

if TYPE_CHECKING:
    from heron.ui.main_window import MainWindow

log = logging.getLogger(__name__)

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# Spans that are not prose: links and addresses, `code`, @mentions, words glued to digits.
SKIP = re.compile(r"\S+://\S+|\S+@\S+\.\S+|www\.\S+|`[^`]*`?|@\w+|\w*\d\w*")
MAX_SUGGESTIONS = 6
SQUIGGLE = QColor("#e0443e")


def _enchant() -> Any | None:
    try:
        import enchant  # noqa: PLC0415  loaded on first use; needs the system's libenchant
    except ImportError as exc:  # pyenchant raises ImportError when libenchant is missing
        log.info("no spell checking: %s", exc)
        return None
    return enchant


class Speller:
    """One language's dictionary plus the user's own words."""

    def __init__(self, words_file: Path, language: str = "") -> None:
        self.words_file = words_file
        self._enchant = _enchant()
        self.languages: list[str] = sorted(self._enchant.list_languages()) if self._enchant \
            else []
        self.language = ""
        self._dict: Any = None
        self._known: dict[str, bool] = {}
        # The setting: "" follows the desktop's language, "off" checks nothing.
        self.set_language("" if language == "off" else language or self.default_language())

    @property
    def available(self) -> bool:
        return bool(self.languages)

    def default_language(self) -> str:
        """The desktop's language if a dictionary for it is installed, else English."""
        wanted = (locale.getlocale()[0] or "en_US").replace("-", "_")
        for candidate in (wanted, wanted.split("_")[0], "en_US", "en"):
            if candidate in self.languages:
                return candidate
        return self.languages[0] if self.languages else ""

    def set_language(self, language: str) -> None:
        """``""`` turns checking off."""
        self._known.clear()
        self.language, self._dict = "", None
        if not language or self._enchant is None or language not in self.languages:
            return
        self.words_file.parent.mkdir(parents=True, exist_ok=True)
        self.words_file.touch(exist_ok=True)
        self._dict = self._enchant.DictWithPWL(language, str(self.words_file))
        self.language = language

    def correct(self, word: str) -> bool:
        if self._dict is None:
            return True
        known = self._known.get(word)
        if known is None:
            known = self._known[word] = bool(self._dict.check(word))
        return known

    def suggestions(self, word: str) -> list[str]:
        return list(self._dict.suggest(word))[:MAX_SUGGESTIONS] if self._dict else []

    def add(self, word: str) -> None:
        if self._dict is not None:
            self._dict.add(word)
            self._known[word] = True

    def misspelled(self, text: str) -> list[tuple[int, int]]:
        """(start, length) of each word in ``text`` that the dictionary does not know."""
        if self._dict is None:
            return []
        skipped = [m.span() for m in SKIP.finditer(text)]
        found = []
        for match in WORD.finditer(text):
            start, end = match.span()
            word = match.group()
            # One letter, or all capitals (XMPP, OMEMO): not for a dictionary to judge.
            if any(s <= start < e for s, e in skipped) or len(word) < 2 or word.isupper():  # noqa: PLR2004
                continue
            if not self.correct(word):
                found.append((start, end - start))
        return found


class SpellHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, speller: Speller) -> None:
        super().__init__(document)
        self.speller = speller
        self.squiggle = QTextCharFormat()
        self.squiggle.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        self.squiggle.setUnderlineColor(SQUIGGLE)

    def highlightBlock(self, text: str) -> None:
        for start, length in self.speller.misspelled(text):
            self.setFormat(start, length, self.squiggle)


class ComposerSpelling(QObject):
    """Spell checking for one composer; ``language_changed`` is told the user's choice."""

    def __init__(self, composer: QPlainTextEdit, words_file: Path, language: str,
                 language_changed: Callable[[str], None]) -> None:
        super().__init__(composer)
        self.composer = composer
        self.speller = Speller(words_file, language)
        self.highlighter = SpellHighlighter(composer.document(), self.speller)
        self._language_changed = language_changed

    def word_at(self, pos: QPoint) -> QTextCursor:
        cursor = self.composer.cursorForPosition(pos)
        cursor.select(QTextCursor.SelectionType.WordUnderCursor)
        return cursor

    def extend_menu(self, menu: QMenu, pos: QPoint) -> None:
        """Suggestions for the misspelled word at ``pos`` on top, the language at the end."""
        cursor = self.word_at(pos)
        word = cursor.selectedText()
        first = menu.actions()[0] if menu.actions() else None
        if word and WORD.fullmatch(word) and not self.speller.correct(word):
            suggestions = self.speller.suggestions(word)
            for suggestion in suggestions:
                action = menu.addAction(suggestion)
                action.triggered.connect(lambda _c=False, s=suggestion, c=cursor:
                                         self._replace(c, s))
                menu.insertAction(first, action)  # type: ignore[arg-type]
            if not suggestions:
                none = menu.addAction(self.tr("No suggestions"))
                none.setEnabled(False)
                menu.insertAction(first, none)  # type: ignore[arg-type]
            add = menu.addAction(self.tr("Add “{word}” to dictionary").format(word=word))
            add.triggered.connect(lambda _c=False, w=word: self.add_word(w))
            menu.insertAction(first, add)  # type: ignore[arg-type]
            menu.insertSeparator(first)  # type: ignore[arg-type]
        menu.addSeparator()
        menu.addMenu(self.language_menu(menu))

    def language_menu(self, parent: QMenu) -> QMenu:
        menu = QMenu(self.tr("Spelling language"), parent)
        menu.setObjectName("spellingLanguageMenu")
        if not self.speller.available:
            missing = menu.addAction(self.tr("No dictionaries installed"))
            missing.setEnabled(False)
            return menu
        for language in ["", *self.speller.languages]:
            action = menu.addAction(language or self.tr("Off"))
            action.setCheckable(True)
            action.setChecked(language == self.speller.language)
            action.triggered.connect(lambda _c=False, lang=language: self.set_language(lang))
        return menu

    def set_language(self, language: str) -> None:
        self.speller.set_language(language)
        self.highlighter.rehighlight()
        self._language_changed(language or "off")

    def add_word(self, word: str) -> None:
        self.speller.add(word)
        self.highlighter.rehighlight()

    def _replace(self, cursor: QTextCursor, word: str) -> None:
        cursor.insertText(word)
        self.composer.setTextCursor(cursor)



def attach(window: MainWindow) -> ComposerSpelling:
    """Spell checking for the window's composer, with the user's language and word list."""
    app = window.app

    def remember(language: str) -> None:
        app.settings.spell_language = language
        app.settings_store.save(app.settings)

    spelling = ComposerSpelling(window.composer, app.paths.root / "words.txt",
                                app.settings.spell_language, remember)
    window.composer.spelling = spelling
    return spelling


class _AttachOnFirstUse(QObject):
    """Waits for the composer's first focus, then attaches spell checking and goes away."""

    def __init__(self, window: MainWindow, composer: QPlainTextEdit) -> None:
        super().__init__(composer)
        self.window = window
        composer.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            watched.removeEventFilter(self)
            spawn(self._attach(), "spell checking")
        return False

    async def _attach(self) -> None:
        # Loading libenchant is the slow part (0.1-0.2 s): a thread does it, the window paints on.
        await asyncio.to_thread(_enchant)
        if self.window.composer.spelling is None:
            attach(self.window)
        self.deleteLater()


def attach_on_first_use(window: MainWindow) -> None:
    """Spell checking from the moment the user first types in a chat.

    libenchant and a dictionary cost about 9 MB and 0.2 s; a user who only reads, or has not
    opened a chat yet, pays neither. Focus comes before the first key, so no word goes unchecked.
    """
    if window.composer.hasFocus():
        attach(window)
    else:
        _AttachOnFirstUse(window, window.composer)

