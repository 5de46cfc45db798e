"""Message text is plain text: only recognised links become anchors."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from heron.ui.delegates import day_label, linkify


def test_markup_in_a_message_stays_text() -> None:
    html = linkify("<b>bold</b> <img src=x onerror=alert(1)> & 'q'")
    assert "<b>" not in html and "<img" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_links_become_anchors_with_escaped_targets() -> None:
    html = linkify('see https://example.org/a?b=1&c="2" now.')
    assert '<a href="https://example.org/a?b=1&amp;c=' in html
    assert html.endswith(" now.")


@given(st.text())
def test_no_raw_angle_bracket_survives_outside_our_anchors(text: str) -> None:
    html = linkify(text)
    stripped = html.replace("<br/>", "")
    for chunk in stripped.split("<a href=")[1:]:
        assert "</a>" in chunk
    without_anchors = "".join(part.split("</a>")[-1] for part in stripped.split("<a href="))
    assert "<" not in without_anchors


def test_day_labels() -> None:
    now = 1_700_000_000.0
    assert day_label(now, now) == "Today"
    assert day_label(now - 86400, now) == "Yesterday"


def test_www_addresses_open_as_https() -> None:
    html = linkify("look at www.example.org/a, then xmpp:room@conference.example.org")
    assert '<a href="https://www.example.org/a">www.example.org/a</a>,' in html
    assert '<a href="xmpp:room@conference.example.org">' in html
