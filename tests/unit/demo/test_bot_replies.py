"""What Echo, the demo bot, answers: its greeting shows styling, an action gets an action."""

from __future__ import annotations

from heron.core.styling import Style, is_plain, parse
from heron.demo.bot import GREETING_REPLY, reply_for


def test_the_greeting_shows_styling_and_how_to_type_it() -> None:
    assert reply_for("hello")[0] == GREETING_REPLY
    lines = parse(GREETING_REPLY)
    assert not is_plain(lines)
    styles = {(GREETING_REPLY[s.start:s.end], s.style) for s in lines[0].spans
              if not s.directive}
    assert ("Echo", Style.STRONG) in styles
    assert ("*bold*", Style.MONO) in styles  # shown as the characters to type


def test_an_action_is_answered_with_an_action() -> None:
    reply, with_typo = reply_for("/me waves")
    assert reply == "/me waves back"
    assert with_typo.startswith("/me ") and with_typo != reply
