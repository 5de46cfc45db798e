"""Bench: scrolling a conversation of 10,000 messages with 1,000 inline pictures, from the
newest to the oldest (pages load as it goes, thumbnails are made on the way: a cold cache),
then back down again (a warm cache), measuring the event loop's lag with a 5 ms timer.

    .venv/bin/python -m tests.bench.pictures [--messages 10000] [--pictures 1000]

Prints a JSON report (issue 8's budget: lag max under 50 ms, p99 under 16 ms); nothing is
asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

import qasync
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from heron.application import Heron
from heron.core.events import Direction, NewMessage
from heron.core.file_events import FileState, FileTransfer
from heron.core.paths import ProfilePaths
from tests.bench.__main__ import LagProbe

ME, PEER = "me@example.org", "friend@example.org"
DISTINCT = 40  # picture files on disk (each message has its own thumbnail all the same)
STEP_PX = 240  # one wheel flick


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


async def _profile(root: Path, messages: int, pictures: int) -> Heron:
    app = Heron(ProfilePaths(root / "profile"))
    await app.open()
    folder = root / "pictures"
    folder.mkdir()
    for i in range(DISTINCT):
        image = QImage(1600, 1200, QImage.Format.Format_RGB32)
        image.fill(QColor.fromHsl(i * 9 % 360, 120, 140))
        image.save(str(folder / f"p{i}.jpg"))
    every = max(1, messages // pictures)
    now = time.time() - messages * 30
    batch = [NewMessage(ME, PEER, Direction.INCOMING if i % 2 else Direction.OUTGOING,
                        f"https://share.example.org/f/{i}/photo-{i}.jpg" if i % every == 0
                        else f"message number {i}, with a few words to wrap", now + i * 30,
                        origin_id=f"o{i}") for i in range(messages)]
    stored = await app.repos.messages.add_many(batch)
    for row in stored:
        if row.body.startswith("https://"):
            await app.repos.files.put(FileTransfer(
                row.pk, ME, PEER, row.direction, row.body, row.body.rsplit("/", 1)[-1], None,
                "image/jpeg", str(folder / f"p{row.pk % DISTINCT}.jpg"), FileState.SAVED))
    return app


async def _scroll(window: Any, up: bool, seconds_cap: float) -> int:
    bar = window.message_view.verticalScrollBar()
    model = window.message_model
    steps = stuck = 0
    deadline = time.monotonic() + seconds_cap
    while time.monotonic() < deadline:
        before, rows = bar.value(), model.rowCount()
        bar.setValue(before - STEP_PX if up else before + STEP_PX)
        steps += 1
        await asyncio.sleep(0.016)  # a frame
        moved = bar.value() != before or model.rowCount() != rows
        stuck = 0 if moved else stuck + 1
        if stuck > 120:
            break
    return steps


async def run(messages: int, pictures: int) -> dict[str, Any]:
    from heron.ui.main_window import MainWindow

    with tempfile.TemporaryDirectory(prefix="heron-bench-pictures-") as tmp:
        app = await _profile(Path(tmp), messages, pictures)
        try:
            window = MainWindow(app)
            window.resize(1100, 800)
            window.show()
            await window.open_conversation(ME, PEER)
            await asyncio.sleep(0.5)
            say("scrolling up (cold thumbnails)")
            with LagProbe() as cold:
                up_steps = await _scroll(window, True, 300)
            rows = window.message_model.rowCount()
            say(f"scrolling down (warm), {rows} rows")
            with LagProbe() as warm:
                down_steps = await _scroll(window, False, 300)
            thumbs = len(list((Path(app.paths.root) / "thumbnails").iterdir()))
            window.close()
        finally:
            await app.close()
    return {"messages": messages, "pictures": pictures, "rows_loaded": rows,
            "thumbnails_made": thumbs,
            "scroll_up_cold": {**cold.summary(), "steps": up_steps},
            "scroll_down_warm": {**warm.summary(), "steps": down_steps},
            "budget": {"loop_lag_max_ms": 50, "loop_lag_p99_ms": 16}}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--pictures", type=int, default=1_000)
    args = parser.parse_args()
    qt_app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(qt_app, QApplication)
    qt_app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(qt_app)
    asyncio.set_event_loop(loop)
    with loop:
        report = loop.run_until_complete(run(args.messages, args.pictures))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
