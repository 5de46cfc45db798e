"""Scrolling back through a long conversation in the real window: event-loop lag while page
after page comes in, with the windowed model (Heron's) and, for comparison, the model that
keeps every row it ever loaded (the one before). JSON on stdout.

    .venv/bin/python -m tests.bench.scroll [--messages 100000] [--pages 150]
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


async def scroll_back(messages: int, pages: int, work: Path, windowed: bool) -> dict[str, Any]:
    from heron.application import Heron
    from heron.core.paths import ProfilePaths
    from heron.models.messages import MessageModel
    from heron.ui import conversation
    from heron.ui.main_window import MainWindow
    from tests.bench.__main__ import LagProbe
    from tests.bench.search import ACCOUNT, LONG, fill

    original = conversation.window_model, conversation.JumpController.attach
    if not windowed:  # every loaded row stays (the model before the window)
        conversation.window_model = (  # type: ignore[assignment]
            lambda app, a, p, lp, lr, parent: MessageModel(app.bus, a, p, lp, lr, parent))
        conversation.JumpController.attach = lambda _self, _model: None  # type: ignore[assignment, method-assign]
    app = Heron(ProfilePaths(work / ("windowed" if windowed else "plain")))
    await app.open()
    try:
        await app.db.run(lambda c: fill(c, messages, [LONG], time.time() - 3 * 365 * 86400))
        window = MainWindow(app)
        window.resize(1000, 720)
        window.show()
        await window.open_conversation(ACCOUNT, LONG)
        await asyncio.sleep(0.3)
        bar = window.message_view.verticalScrollBar()
        model = window.message_model
        assert model is not None
        first = model.messages()[0].key
        t0 = time.perf_counter()
        with LagProbe() as probe:
            for _ in range(pages):
                oldest = model.messages()[0].key
                bar.setValue(0)  # the user drags to the top
                for _ in range(100):
                    await asyncio.sleep(0.01)
                    if model.messages()[0].key < oldest:
                        break
        elapsed = time.perf_counter() - t0
        reached = await app.db.run(lambda c: c.execute(
            "SELECT COUNT(*) FROM messages WHERE account = ? AND peer = ? AND (ts, pk) >= (?, ?) "
            "AND (ts, pk) < (?, ?)", (ACCOUNT, LONG, *model.messages()[0].key, *first)
        ).fetchone()[0])
        window.close()
        return {"model": "windowed" if windowed else "keeps every row",
                "messages_scrolled_back": reached, "rows_held": model.rowCount(),
                "seconds": round(elapsed, 2), **{k: round(v, 2) for k, v in
                                                  probe.summary().items()}}
    finally:
        conversation.window_model, conversation.JumpController.attach = original  # type: ignore[method-assign]
        await app.close()


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.scroll")
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--pages", type=int, default=150)
    args = parser.parse_args()
    import qasync
    from PySide6.QtWidgets import QApplication

    qt_app = QApplication.instance() or QApplication(sys.argv)
    qt_app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(qt_app)
    asyncio.set_event_loop(loop)
    results = []
    with tempfile.TemporaryDirectory(prefix="heron-scroll-bench-") as tmp:
        for windowed in (True, False):
            results.append(loop.run_until_complete(
                scroll_back(args.messages, args.pages, Path(tmp), windowed)))
            print(f"[scroll bench] {results[-1]}", file=sys.stderr, flush=True)
    print(json.dumps({"command": " ".join(["python", "-m", "tests.bench.scroll",
                                           *sys.argv[1:]]),
                      "measured": "loop lag (5 ms probe) while dragging to the top page after "
                                  "page; budget: max 50 ms, p99 16 ms",
                      "runs": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
