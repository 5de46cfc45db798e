"""Heron's look: a light and a dark palette, one style sheet, following the system by default.

Delegates read the colours below as ``theme.TEXT`` etc. at paint time, so switching the scheme
only has to rebind these names and repaint; nothing caches a colour.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

APPEARANCES = ("system", "light", "dark")


@dataclass(frozen=True)
class Scheme:
    """Every colour the style sheet and the delegates use, for one scheme."""

    dark: bool
    accent: str
    accent_hover: str
    accent_soft: str
    accent_disabled: str
    surface: str
    sidebar: str
    raised: str  # hover backgrounds, chips, code
    field_border: str
    border: str
    text: str
    muted: str
    status_text: str
    out_bubble: str
    in_bubble: str
    link: str
    warn_bg: str
    warn_border: str
    error_bg: str
    error_border: str
    error_text: str
    scroll_handle: str
    offline: str
    online: str
    away: str
    danger: str


LIGHT = Scheme(
    dark=False, accent="#2f6fde", accent_hover="#275fc0", accent_soft="#e8f0fd",
    accent_disabled="#a9c0ec", surface="#ffffff", sidebar="#f4f5f8", raised="#eceef3",
    field_border="#d5d9e2", border="#e1e4ea", text="#1d2230", muted="#6b7385",
    status_text="#4b5364", out_bubble="#dbe8ff", in_bubble="#f1f2f6", link="#1f5fcf",
    warn_bg="#fff6e0", warn_border="#f0d9a0", error_bg="#fdeaea", error_border="#f2b8b8",
    error_text="#c03535", scroll_handle="#c9ced8", offline="#b3b8c3",
    online="#22a35a", away="#e3a21a", danger="#d64545",
)

DARK = Scheme(
    dark=True, accent="#5b8ff0", accent_hover="#4a7fe0", accent_soft="#243552",
    accent_disabled="#3a4a66", surface="#1b1e25", sidebar="#15171d", raised="#2a2e38",
    field_border="#3a3f4b", border="#2c3039", text="#e6e8ee", muted="#9aa1b1",
    status_text="#b4bac7", out_bubble="#2b4670", in_bubble="#282c35", link="#8db4ff",
    warn_bg="#3b3120", warn_border="#6a5528", error_bg="#402225", error_border="#7a3a40",
    error_text="#ff8a8a", scroll_handle="#474d5a", offline="#6d7380",
    online="#3cc274", away="#f0b43c", danger="#ef6262",
)

# Rebound by apply(); the delegates read these at paint time.
SCHEME = LIGHT
ACCENT = QColor(LIGHT.accent)
ACCENT_SOFT = QColor(LIGHT.accent_soft)
SURFACE = QColor(LIGHT.surface)
SIDEBAR = QColor(LIGHT.sidebar)
RAISED = QColor(LIGHT.raised)
TEXT = QColor(LIGHT.text)
MUTED = QColor(LIGHT.muted)
BORDER = QColor(LIGHT.border)
OUT_BUBBLE = QColor(LIGHT.out_bubble)
IN_BUBBLE = QColor(LIGHT.in_bubble)
LINK = QColor(LIGHT.link)

PRESENCE_COLORS: dict[str, QColor] = {}


def _presence_colors(scheme: Scheme) -> dict[str, QColor]:
    xa = QColor(scheme.away).darker(115) if not scheme.dark else QColor("#e8893a")
    return {"chat": QColor(scheme.online), "available": QColor(scheme.online),
            "away": QColor(scheme.away), "xa": xa, "dnd": QColor(scheme.danger),
            "offline": QColor(scheme.offline)}


PRESENCE_COLORS.update(_presence_colors(LIGHT))

STYLE = """
QMainWindow, QDialog, QWidget#conversationPane { background: @surface@; color: @text@; }
QWidget#sidebar { background: @sidebar@; border-right: 1px solid @border@; }
QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QSpinBox {
    border: 1px solid @field_border@; border-radius: 8px; padding: 6px 10px;
    background: @surface@; color: @text@; selection-background-color: @accent@;
    selection-color: #ffffff;
}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus, QSpinBox:focus {
    border: 2px solid @accent@; padding: 5px 9px;
}
QLineEdit#rosterFilter { background: @surface@; }
QWidget#listSwitch { background: @raised@; border-radius: 8px; }
QWidget#listSwitch QPushButton {
    border: 2px solid transparent; border-radius: 6px; padding: 3px 8px; background: transparent;
    color: @muted@;
}
QWidget#listSwitch QPushButton:checked { background: @surface@; color: @text@; font-weight: 600; }
QWidget#listSwitch QPushButton:focus { border: 2px solid @accent@; }
QLineEdit:read-only { background: @raised@; border-color: @border@; }  /* shown, not edited */
QListView { border: none; background: transparent; outline: 0; color: @text@; }
QListView:focus { border: 2px solid @accent@; border-radius: 6px; }
QPushButton {
    border: 1px solid @field_border@; border-radius: 8px; padding: 6px 14px;
    background: @surface@; color: @text@;
}
QPushButton:hover { background: @raised@; }
QPushButton:focus, QToolButton:focus, QCheckBox:focus, QRadioButton:focus {
    outline: none; border: 2px solid @accent@;
}
QPushButton[primary="true"] {
    background: @accent@; color: white; border: 1px solid @accent@; font-weight: 600;
}
QPushButton[primary="true"]:hover { background: @accent_hover@; }
QPushButton[primary="true"]:focus { border: 2px solid @text@; }
QPushButton[primary="true"]:disabled {
    background: @accent_disabled@; border-color: @accent_disabled@;
}
QToolButton {
    border: 1px solid transparent; border-radius: 6px; padding: 4px 6px; font-size: 13pt;
    color: @text@;
}
QToolButton::menu-indicator { image: none; width: 0; }
QToolButton:hover { background: @raised@; }
QComboBox::drop-down { border: none; width: 26px; }
QComboBox::down-arrow { image: url(@CHEVRON@); width: 12px; height: 12px; }
QComboBox QAbstractItemView {
    background: @surface@; color: @text@; border: 1px solid @border@;
    selection-background-color: @accent_soft@; selection-color: @text@;
}
QLabel { color: @text@; }
QLabel#connectionStatus { padding: 3px 10px; }
QLabel#statusProblem { padding: 3px 10px; color: @error_text@; font-weight: 600; }
QPushButton#retryButton {
    border: none; background: transparent; padding: 0 10px; color: @link@; font-weight: 600;
}
QPushButton#retryButton:hover { text-decoration: underline; }
QPushButton[link="true"] {
    border: none; background: transparent; padding: 4px 2px; color: @link@;
}
QLabel#bannerText { font-weight: 600; }
QLabel#bannerNextStep, QLabel#bannerDetails, QLabel#formDetails, QLabel#formStatus {
    color: @status_text@;
}
QLabel#bannerDetails, QLabel#formDetails { font-family: monospace; font-size: 9pt; }
QLabel#passwordFileWarning { color: @muted@; font-size: 9pt; }
QLabel#accountStatusLine { color: @muted@; }
QLabel#accountDot[dot="ok"] { color: @online@; }
QLabel#accountDot[dot="busy"] { color: @away@; }
QLabel#accountDot[dot="off"] { color: @offline@; }
QLabel#accountDot[dot="problem"] { color: @danger@; }
QPushButton[danger="true"] {
    background: @danger@; color: white; border: 1px solid @danger@; font-weight: 600;
}
QPushButton[danger="true"]:focus { border: 2px solid @text@; }
QFrame#correctionBar {
    background: @accent_soft@; border-left: 3px solid @accent@; border-radius: 4px;
}
QLabel#correctionLabel { color: @text@; font-weight: 600; }
QFrame#replyBar {
    background: @raised@; border-left: 3px solid @accent@; border-radius: 4px;
}
QLabel#replyLabel { color: @text@; }
QFrame#reactionPicker { background: @surface@; border: 1px solid @border@; border-radius: 8px; }
QLabel#emptyChat, QLabel#rosterEmpty, QLabel#searchHint, QLabel#findCount { color: @muted@; }
QTextEdit#messageTextSelector {
    border: none; padding: 0; background: transparent; color: @text@;
}
QLabel#conversationTitle { font-size: 15pt; font-weight: 600; color: @text@; }
QLabel#conversationSubtitle, QLabel#typingLabel { color: @muted@; }
QLabel#historyLocalNote { color: @muted@; font-size: 9pt; }
QLabel#verifiedBy { color: @muted@; }
QLabel#accountName { font-weight: 600; color: @text@; }
QLabel#emptyState { color: @muted@; font-size: 13pt; }
QFrame#conversationHeader { border-bottom: 1px solid @border@; background: @surface@; }
QFrame#composerFrame { border-top: 1px solid @border@; background: @surface@; }
QFrame#banner { background: @warn_bg@; border: 1px solid @warn_border@; border-radius: 8px; }
QFrame#errorBanner { background: @error_bg@; border: 1px solid @error_border@; border-radius: 8px; }
QStatusBar { background: @sidebar@; border-top: 1px solid @border@; color: @status_text@; }
QLabel#fingerprint {
    font-family: monospace; background: @sidebar@; border: 1px solid @border@;
    border-radius: 6px; padding: 8px;
}
QLabel#dialogTitle { font-size: 14pt; font-weight: 600; }
QLabel#formError { color: @error_text@; }
QMenuBar { background: @surface@; color: @text@; }
QMenuBar::item:selected { background: @raised@; border-radius: 4px; }
QMenu {
    background: @surface@; color: @text@; border: 1px solid @border@; border-radius: 8px;
    padding: 4px;
}
QMenu::item { padding: 6px 22px 6px 12px; border-radius: 5px; }
QMenu::item:selected { background: @accent_soft@; color: @text@; }
QMenu::item:disabled { color: @muted@; }
QMenu::separator { height: 1px; background: @border@; margin: 4px 8px; }
QToolTip {
    background: @surface@; color: @text@; border: 1px solid @border@; border-radius: 6px;
    padding: 4px 8px;
}
QScrollBar:vertical { background: transparent; width: 10px; margin: 2px; }
QScrollBar:horizontal { background: transparent; height: 10px; margin: 2px; }
QScrollBar::handle:vertical, QScrollBar::handle:horizontal {
    background: @scroll_handle@; border-radius: 3px; min-height: 28px; min-width: 28px;
}
QScrollBar::handle:hover { background: @muted@; }
QScrollBar::add-line, QScrollBar::sub-line { width: 0; height: 0; }
QScrollBar::add-page, QScrollBar::sub-page { background: transparent; }
QCheckBox, QRadioButton {
    color: @text@; spacing: 8px;
    /* Room for the focus ring, so that it does not sit on the box or the text. */
    border: 2px solid transparent; border-radius: 6px; padding: 2px 6px 2px 2px;
}
/* Fusion outlines the box in a darker shade of the window: invisible on a dark one. */
QCheckBox::indicator {
    width: 14px; height: 14px; border: 1px solid @offline@; border-radius: 4px;
    background: @surface@;
}
QCheckBox::indicator:hover { border-color: @accent@; }
QCheckBox::indicator:checked { background: @accent@; border-color: @accent@; image: url(@CHECK@); }
QCheckBox::indicator:disabled { border-color: @border@; background: @raised@; }
"""


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def resolve(appearance: str) -> Scheme:
    """The scheme for a setting: "light", "dark" or "system" (the desktop's choice)."""
    if appearance == "dark":
        return DARK
    if appearance == "light":
        return LIGHT
    return DARK if system_prefers_dark() else LIGHT


def style_sheet(scheme: Scheme) -> str:
    text = STYLE
    for name, value in vars(scheme).items():
        if isinstance(value, str):
            text = text.replace(f"@{name}@", value)
    chevron = resources.files("heron") / "resources" / "chevron-down.svg"
    check = resources.files("heron") / "resources" / "check.svg"
    return (text.replace("@CHEVRON@", str(chevron).replace("\\", "/"))
            .replace("@CHECK@", str(check).replace("\\", "/")))


def _palette(scheme: Scheme) -> QPalette:
    """The Fusion palette, so widgets the style sheet does not reach match the scheme too."""
    p = QPalette()
    role = QPalette.ColorRole
    p.setColor(role.Window, QColor(scheme.surface))
    p.setColor(role.WindowText, QColor(scheme.text))
    p.setColor(role.Base, QColor(scheme.surface))
    p.setColor(role.AlternateBase, QColor(scheme.sidebar))
    p.setColor(role.Text, QColor(scheme.text))
    p.setColor(role.Button, QColor(scheme.surface))
    p.setColor(role.ButtonText, QColor(scheme.text))
    p.setColor(role.ToolTipBase, QColor(scheme.surface))
    p.setColor(role.ToolTipText, QColor(scheme.text))
    p.setColor(role.PlaceholderText, QColor(scheme.muted))
    p.setColor(role.Highlight, QColor(scheme.accent))
    p.setColor(role.HighlightedText, QColor("#ffffff"))
    p.setColor(role.Link, QColor(scheme.link))
    p.setColor(role.Mid, QColor(scheme.border))
    for group_role in (role.Text, role.WindowText, role.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, group_role, QColor(scheme.muted))
    return p


def _rebind(scheme: Scheme) -> None:
    # Module-level names on purpose: painters read ``theme.TEXT`` each time they paint.
    global SCHEME, ACCENT, ACCENT_SOFT, SURFACE, SIDEBAR, RAISED, TEXT, MUTED, BORDER  # noqa: PLW0603  painters read theme.TEXT live
    global OUT_BUBBLE, IN_BUBBLE, LINK  # noqa: PLW0603  as above
    SCHEME = scheme
    ACCENT, ACCENT_SOFT = QColor(scheme.accent), QColor(scheme.accent_soft)
    SURFACE, SIDEBAR, RAISED = QColor(scheme.surface), QColor(scheme.sidebar), QColor(scheme.raised)
    TEXT, MUTED, BORDER = QColor(scheme.text), QColor(scheme.muted), QColor(scheme.border)
    OUT_BUBBLE, IN_BUBBLE = QColor(scheme.out_bubble), QColor(scheme.in_bubble)
    LINK = QColor(scheme.link)
    PRESENCE_COLORS.update(_presence_colors(scheme))


EMOJI_FAMILIES = ("Noto Color Emoji", "Twemoji", "Apple Color Emoji", "Segoe UI Emoji")


def _pick_font(app: QApplication) -> None:
    """A text family, then a colour emoji family: emoji are drawn from the colour font
    (fontconfig's fallback would otherwise pick a monochrome symbol font, or none)."""
    families = set(QFontDatabase.families())
    text = next((f for f in ("Inter", "Cantarell", "Noto Sans", "DejaVu Sans")
                 if f in families), app.font().family())
    emoji = [f for f in EMOJI_FAMILIES if f in families]
    font = QFont(text, 10)
    font.setFamilies([text, *emoji])
    app.setFont(font)


def apply(app: QApplication, appearance: str = "system") -> Scheme:
    """Apply the scheme for ``appearance`` to the whole application and repaint."""
    if not app.property("heronStyled"):
        _pick_font(app)
        app.setStyle("Fusion")
        app.setProperty("heronStyled", True)
    scheme = resolve(appearance)
    name = "dark" if scheme.dark else "light"
    if app.property("heronScheme") == name:
        return scheme  # already on screen (start-up applies once more with the settings)
    app.setProperty("heronScheme", name)
    _rebind(scheme)
    app.setPalette(_palette(scheme))
    app.setStyleSheet(style_sheet(scheme))
    for widget in app.allWidgets():
        widget.update()
    return scheme


def on_system_scheme_changed(app: QApplication) -> None:
    """The desktop switched light/dark: follow it unless the user chose a scheme."""
    if app.property("heronAppearance") in (None, "system"):
        apply(app, "system")


def follow_system(app: QApplication, appearance: str) -> None:
    """Apply ``appearance`` now and, for "system", again whenever the desktop switches."""
    app.setProperty("heronAppearance", appearance)
    if not app.property("heronFollowsSystem"):
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(lambda _scheme: on_system_scheme_changed(app))
        app.setProperty("heronFollowsSystem", True)
    apply(app, appearance)


def set_appearance(app: QApplication, appearance: str) -> Scheme:
    app.setProperty("heronAppearance", appearance)
    return apply(app, appearance)
