"""The event bus: phases in order, and a broken handler is loud but does not stop the rest."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pytest

from heron.core.bus import EventBus, Phase


@dataclass(frozen=True)
class Ping:
    n: int


def test_core_handlers_run_before_ui_handlers() -> None:
    bus, seen = EventBus(), []
    bus.subscribe(Ping, lambda e: seen.append(("ui", e.n)), Phase.UI)
    bus.subscribe(Ping, lambda e: seen.append(("core", e.n)), Phase.CORE)
    bus.publish(Ping(1))
    assert seen == [("core", 1), ("ui", 1)]


@pytest.mark.bus_errors_expected
def test_a_failing_handler_is_logged_with_its_traceback_and_the_others_still_run(
        caplog: pytest.LogCaptureFixture) -> None:
    bus, seen = EventBus(), []

    def broken(event: Ping) -> None:
        raise KeyError(f"no row {event.n}")

    bus.subscribe(Ping, broken, Phase.CORE)
    bus.subscribe(Ping, lambda e: seen.append(e.n))
    with caplog.at_level(logging.ERROR, logger="heron.core.bus"):
        bus.publish(Ping(7))
    assert seen == [7]
    assert bus.handler_errors == 1
    [record] = caplog.records
    assert "broken" in record.getMessage() and "Ping(n=7)" in record.getMessage()
    assert record.exc_info is not None and "no row 7" in caplog.text
    assert "Traceback" in caplog.text
