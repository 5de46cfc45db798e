"""Times from the network are clamped; whatever reaches the painter converts."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from heron.core.timestamps import (
    FLOOR,
    READ_SLACK,
    clamp_stamp,
    local_datetime,
    parse_stamp,
    readable,
)

NOW = 1_800_000_000.0


def test_well_formed_stamps_parse() -> None:
    assert parse_stamp("2024-05-01T10:00:00Z") == 1_714_557_600.0
    assert parse_stamp("2024-05-01T12:00:00.123456+02:00") == 1_714_557_600.123456
    assert parse_stamp("2024-05-01T10:00:00") == 1_714_557_600.0  # no zone: UTC


def test_malformed_stamps_are_none_not_an_error() -> None:
    for text in ("2020-13-45T99:00:00Z", "yesterday", "", None, "0000-00-00T00:00:00Z",
                 "2024-05-01T10:00:00Zjunk"):
        assert parse_stamp(text) is None


def test_a_stamp_is_never_later_than_its_arrival_nor_before_the_floor() -> None:
    far_future = parse_stamp("9999-12-31T23:59:59Z")
    far_past = parse_stamp("0001-01-01T00:00:00Z")
    assert clamp_stamp(far_future, NOW) == NOW
    assert clamp_stamp(far_past, NOW) == NOW  # nonsense: sorts where it arrived
    assert clamp_stamp(None, NOW) == NOW
    assert clamp_stamp(NOW - 3600, NOW) == NOW - 3600  # an offline message keeps its time


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_any_stored_value_reads_back_showable(value: float) -> None:
    ts = readable(value, NOW)
    assert math.isfinite(ts)
    assert FLOOR <= ts <= NOW + READ_SLACK
    local_datetime(value).strftime("%H:%M")  # never raises


def test_read_clamp_keeps_the_order_of_rows() -> None:
    values = [-1e300, -62_135_596_800.0, 0.0, NOW - 10, NOW, 253_402_300_799.0, math.inf]
    clamped = [readable(v, NOW) for v in values]
    assert clamped == sorted(clamped)
