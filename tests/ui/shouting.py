"""A test language for the OMEMO sentences: every one in capitals between « », its
placeholders kept; installed by the ``shouting`` fixture and removed after the test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

CONTEXTS = ("OmemoFailure", "OmemoPlainLink", "Delivery")


class Shouting(QTranslator):
    """A test language: every OMEMO sentence in capitals, placeholders kept."""

    def translate(self, context: str, source: str, disambiguation: Any = None,  # type: ignore[override]
                  n: int = -1) -> str | None:
        if context in CONTEXTS and source:
            return "«" + source.upper().replace("{SENDER}", "{sender}").replace(
                "{USER}", "{user}").replace("{TEXT}", "{text}") + "»"
        return None  # not translated: the English text ("" would blank it)


@pytest.fixture
def shouting(qapp: Any) -> Iterator[Shouting]:
    translator = Shouting()
    QCoreApplication.installTranslator(translator)
    try:
        yield translator
    finally:
        QCoreApplication.removeTranslator(translator)


def shouted(text: str) -> bool:
    return text.startswith("«") and text.endswith("»")
