"""XEP-0392 colours match the XEP's own test vectors (§5), so a contact has the same colour
here as in other clients."""

from __future__ import annotations

import pytest

from heron.core.colors import hex_color, hue_angle, rgb

VECTORS = [
    ("Romeo", 327.255249, (0.865, 0.000, 0.686)),
    ("juliet@capulet.lit", 209.410400, (0.000, 0.515, 0.573)),
    ("😺", 331.199341, (0.872, 0.000, 0.659)),
    ("council", 359.994507, (0.918, 0.000, 0.394)),
]


@pytest.mark.parametrize(("text", "angle", "colour"), VECTORS)
def test_the_xep_test_vectors(text: str, angle: float, colour: tuple[float, ...]) -> None:
    assert hue_angle(text) == pytest.approx(angle, abs=1e-5)
    assert rgb(text) == pytest.approx(colour, abs=1e-3)


def test_the_same_name_gives_the_same_colour_and_others_differ() -> None:
    assert hex_color("bob@example.org") == hex_color("bob@example.org")
    names = [f"user{i}@example.org" for i in range(50)]
    assert len({hex_color(n) for n in names}) > 40
