"""Heron's look: one palette and one style sheet, light by default."""

from __future__ import annotations

from importlib import resources

from PySide6.QtGui import QColor, QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

ACCENT = QColor("#2f6fde")
ACCENT_SOFT = QColor("#e8f0fd")
SURFACE = QColor("#ffffff")
SIDEBAR = QColor("#f4f5f8")
TEXT = QColor("#1d2230")
MUTED = QColor("#6b7385")
BORDER = QColor("#e1e4ea")
OUT_BUBBLE = QColor("#dbe8ff")
IN_BUBBLE = QColor("#f1f2f6")
LINK = QColor("#1f5fcf")

PRESENCE_COLORS = {
    "chat": QColor("#22a35a"),
    "available": QColor("#22a35a"),
    "away": QColor("#e3a21a"),
    "xa": QColor("#d9731c"),
    "dnd": QColor("#d64545"),
    "offline": QColor("#b3b8c3"),
}

STYLE = """
QMainWindow, QDialog, QWidget#conversationPane { background: #ffffff; }
QWidget#sidebar { background: #f4f5f8; border-right: 1px solid #e1e4ea; }
QLineEdit, QPlainTextEdit, QComboBox, QSpinBox {
    border: 1px solid #d5d9e2; border-radius: 8px; padding: 6px 10px; background: #ffffff;
    selection-background-color: #2f6fde;
}
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus { border: 1px solid #2f6fde; }
QLineEdit#rosterFilter { background: #ffffff; }
QListView { border: none; background: transparent; outline: 0; }
QPushButton {
    border: 1px solid #d5d9e2; border-radius: 8px; padding: 6px 14px; background: #ffffff;
}
QPushButton:hover { background: #f0f3f9; }
QPushButton[primary="true"] {
    background: #2f6fde; color: white; border: 1px solid #2f6fde; font-weight: 600;
}
QPushButton[primary="true"]:hover { background: #275fc0; }
QPushButton[primary="true"]:disabled { background: #a9c0ec; border-color: #a9c0ec; }
QToolButton { border: none; border-radius: 6px; padding: 4px 6px; font-size: 13pt; }
QToolButton::menu-indicator { image: none; width: 0; }
QComboBox::drop-down { border: none; width: 26px; }
QComboBox::down-arrow { image: url(@CHEVRON@); width: 12px; height: 12px; }
QLabel#connectionStatus { padding: 3px 10px; }
QPushButton#retryButton {
    border: none; background: transparent; padding: 0 10px; color: #1f5fcf; font-weight: 600;
}
QPushButton#retryButton:hover { text-decoration: underline; }
QPushButton[link="true"] {
    border: none; background: transparent; padding: 4px 2px; color: #1f5fcf;
}
QLabel#bannerText { font-weight: 600; }
QLabel#bannerNextStep, QLabel#bannerDetails, QLabel#formDetails, QLabel#formStatus {
    color: #4b5364;
}
QLabel#bannerDetails, QLabel#formDetails { font-family: monospace; font-size: 9pt; }
QLabel#accountStatusLine { color: #6b7385; }
QToolButton:hover { background: #e7eaf0; }
QLabel#conversationTitle { font-size: 15pt; font-weight: 600; color: #1d2230; }
QLabel#conversationSubtitle, QLabel#typingLabel { color: #6b7385; }
QLabel#accountName { font-weight: 600; color: #1d2230; }
QLabel#emptyState { color: #6b7385; font-size: 13pt; }
QFrame#conversationHeader { border-bottom: 1px solid #e1e4ea; background: #ffffff; }
QFrame#composerFrame { border-top: 1px solid #e1e4ea; background: #ffffff; }
QFrame#banner { background: #fff6e0; border: 1px solid #f0d9a0; border-radius: 8px; }
QFrame#errorBanner { background: #fdeaea; border: 1px solid #f2b8b8; border-radius: 8px; }
QStatusBar { background: #f4f5f8; border-top: 1px solid #e1e4ea; color: #4b5364; }
QLabel#fingerprint {
    font-family: monospace; background: #f4f5f8; border: 1px solid #e1e4ea;
    border-radius: 6px; padding: 8px;
}
QLabel#dialogTitle { font-size: 14pt; font-weight: 600; }
QLabel#formError { color: #c03535; }
"""


def apply(app: QApplication) -> None:
    app.setStyle("Fusion")
    families = set(QFontDatabase.families())
    for family in ("Inter", "Cantarell", "Noto Sans", "DejaVu Sans"):
        if family in families:
            font = QFont(family, 10)
            app.setFont(font)
            break
    chevron = resources.files("heron") / "resources" / "chevron-down.svg"
    app.setStyleSheet(STYLE.replace("@CHEVRON@", str(chevron).replace("\\", "/")))
