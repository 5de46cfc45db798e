"""Marking strings for translation where they are defined, not where they show.

``pyside6-lupdate`` finds ``QT_TRANSLATE_NOOP("Context", "text")`` by its name; the text is then
shown with ``QCoreApplication.translate("Context", text)``. PySide6's own QT_TRANSLATE_NOOP is
typed as returning ``object``; this one keeps the ``str``.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    del context  # read by lupdate only
    return text
