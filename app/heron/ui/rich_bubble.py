"""The parts of a message bubble that reactions (XEP-0444), replies (XEP-0461) and corrections
(XEP-0308) add: the quote of the answered message above the text, the reaction chips under the
bubble, and the tooltips that say who reacted and what an edited message said before.

MessageDelegate asks this module for heights, paints through it and hands it clicks; the
conversation pane fills in the callbacks (names, toggling a reaction, jumping to a message).
Every text here that came from the network is drawn with drawText or given to a plain-text
tooltip: nothing of it is markup.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QPoint, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPen

from heron.core.events import StoredMessage
from heron.core.timestamps import local_datetime
from heron.ui import theme

QUOTE_GAP = 6  # between the quote and the text
QUOTE_MIN_WIDTH = 180
CHIP_HEIGHT = 24
CHIP_GAP = 4
CHIP_PADDING = 8
VERSION_CHARS = 200

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")



def _small(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(font.pointSizeF() * 0.88)
    return small


def _one_line(text: str, limit: int = VERSION_CHARS) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class BubbleExtras:
    """Measures, paints and hit-tests the quote and the chips of one view's bubbles."""

    def __init__(self) -> None:
        self.own_jid: Callable[[], str] = lambda: ""
        self.name_of: Callable[[str], str] = lambda jid: jid
        self.peer_name: Callable[[], str] = lambda: ""
        self.toggle: Callable[[StoredMessage, str], None] = lambda _m, _e: None
        self.jump: Callable[[int], None] = lambda _pk: None
        self.in_room: Callable[[], bool] = lambda: False  # a room's quotes name the nick

    # --- the quote of a reply -------------------------------------------------------------

    def quote_height(self, message: StoredMessage, font: QFont) -> int:
        if message.reply is None or message.retracted:
            return 0
        return 2 * QFontMetrics(_small(font)).height() + 8 + QUOTE_GAP

    def quote_lines(self, message: StoredMessage) -> tuple[str, str]:
        """(who wrote the original, its first line) as the quote shows them."""
        quoted = message.reply
        if quoted is None or quoted.pk is None:
            return "", translate("MessageBubble", "Message not available")
        who = (translate("MessageBubble", "You") if quoted.outgoing
               else quoted.nick if self.in_room() and quoted.nick else self.peer_name())
        if quoted.retracted:
            return who, translate("MessageBubble", "Message deleted")
        first = next((line for line in quoted.text.splitlines() if line.strip()), "")
        return who, _one_line(first)

    def paint_quote(self, painter: QPainter, area: QRect, message: StoredMessage,
                    font: QFont) -> None:
        """``area``: the bubble's inside (its padding taken off), the quote at its top."""
        height = self.quote_height(message, font)
        if not height:
            return
        box = QRect(area.left(), area.top(), area.width(), height - QUOTE_GAP)
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.RAISED)
        painter.drawRoundedRect(box, 6, 6)
        painter.setBrush(theme.ACCENT)
        painter.drawRoundedRect(QRect(box.left(), box.top(), 3, box.height()), 1.5, 1.5)
        small = _small(font)
        fm = QFontMetrics(small)
        inner = box.adjusted(10, 4, -8, -4)
        who, text = self.quote_lines(message)
        line = QRect(inner.left(), inner.top(), inner.width(), fm.height())
        if who:
            bold = QFont(small)
            bold.setBold(True)
            painter.setFont(bold)
            painter.setPen(theme.ACCENT)
            painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             QFontMetrics(bold).elidedText(who, Qt.TextElideMode.ElideRight,
                                                           inner.width()))
            line.translate(0, fm.height())
        painter.setFont(small)
        painter.setPen(theme.MUTED)
        painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         fm.elidedText(text, Qt.TextElideMode.ElideRight, inner.width()))
        painter.restore()

    def quote_rect(self, area: QRect, message: StoredMessage, font: QFont) -> QRect:
        height = self.quote_height(message, font)
        return QRect(area.left(), area.top(), area.width(), height - QUOTE_GAP) if height \
            else QRect()

    # --- reaction chips -------------------------------------------------------------------

    def _chip_width(self, fm: QFontMetrics, emoji: str, count: int) -> int:
        return fm.horizontalAdvance(f"{emoji} {count}") + 2 * CHIP_PADDING

    def chips(self, message: StoredMessage, bubble: QRect, max_width: int, font: QFont,
              outgoing: bool) -> list[tuple[str, QRect]]:
        """Where each reaction's chip goes: rows under the bubble, on the bubble's side."""
        if not message.reactions or message.retracted:
            return []
        fm = QFontMetrics(font)
        rows: list[list[tuple[str, int]]] = [[]]
        used = 0
        for emoji, senders in message.reactions:
            width = self._chip_width(fm, emoji, len(senders))
            if rows[-1] and used + width > max_width:
                rows.append([])
                used = 0
            rows[-1].append((emoji, width))
            used += width + CHIP_GAP
        placed: list[tuple[str, QRect]] = []
        top = bubble.bottom() + 1 + CHIP_GAP
        for row in rows:
            total = sum(w for _e, w in row) + CHIP_GAP * (len(row) - 1)
            x = bubble.right() + 1 - total if outgoing else bubble.left()
            for emoji, width in row:
                placed.append((emoji, QRect(x, top, width, CHIP_HEIGHT)))
                x += width + CHIP_GAP
            top += CHIP_HEIGHT + CHIP_GAP
        return placed

    def chips_height(self, message: StoredMessage, max_width: int, font: QFont) -> int:
        chips = self.chips(message, QRect(0, 0, 1, 1), max_width, font, outgoing=False)
        return chips[-1][1].bottom() + 1 if chips else 0

    def paint_chips(self, painter: QPainter, chips: list[tuple[str, QRect]],
                    message: StoredMessage, font: QFont) -> None:
        if not chips:
            return
        own = self.own_jid()
        senders = dict(message.reactions)
        painter.save()
        painter.setFont(font)
        for emoji, rect in chips:
            mine = own in senders.get(emoji, ())
            painter.setPen(QPen(theme.ACCENT, 1.2) if mine else QPen(theme.BORDER, 1))
            painter.setBrush(theme.ACCENT_SOFT if mine else theme.RAISED)
            painter.drawRoundedRect(rect.adjusted(0, 0, -1, -1), rect.height() / 2,
                                    rect.height() / 2)
            painter.setPen(theme.TEXT)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter,
                             f"{emoji} {len(senders.get(emoji, ()))}")
        painter.restore()

    def chip_at(self, chips: list[tuple[str, QRect]], pos: QPoint) -> str:
        return next((emoji for emoji, rect in chips if rect.contains(pos)), "")

    def chip_tooltip(self, message: StoredMessage, emoji: str) -> str:
        """Who reacted with ``emoji``: display names (plain text, the caller escapes)."""
        own = self.own_jid()
        senders = dict(message.reactions).get(emoji, ())
        names = [translate("MessageBubble", "You") if jid == own else self.name_of(jid)
                 for jid in senders]
        return translate("MessageBubble", "{emoji} from {names}").format(
            emoji=emoji, names=", ".join(names))

    # --- the history of an edited message -------------------------------------------------

    @staticmethod
    def versions_tooltip(message: StoredMessage) -> str:
        """The texts an edited message had, oldest first, each with the time it was shown."""
        if not message.corrected or not message.versions:
            return ""
        lines = [translate("MessageBubble", "Earlier versions:")]
        for since, text in message.versions:
            when = local_datetime(since).strftime("%d %b %H:%M")
            lines.append(f"{when}  {_one_line(text)}")
        return "\n".join(lines)

    def click(self, message: StoredMessage, inner: QRect, chips: list[tuple[str, QRect]],
              pos: QPoint, font: QFont) -> bool:
        """A click on a chip toggles our reaction; on the quote, shows the original. True
        when the click was taken."""
        chip = self.chip_at(chips, pos)
        if chip:
            self.toggle(message, chip)
            return True
        quoted = message.reply
        if quoted is not None and quoted.pk is not None and self.quote_rect(
                inner, message, font).contains(pos):
            self.jump(quoted.pk)
            return True
        return False
