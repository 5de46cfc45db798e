"""Screenshots of a conversation with reactions (XEP-0444) and a reply (XEP-0461), light and
dark, from the demo world: Echo waves at a greeting, answers a question as a reply quoting
it, and the user reacts to that answer.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.screens_rich [OUT_DIR]

Writes light-reactions-reply.png and dark-reactions-reply.png (and the picker,
light-reaction-picker.png / dark-…) to OUT_DIR (docs/screenshots by default).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from heron.application import Heron
from heron.core.events import Direction
from heron.core.paths import ProfilePaths
from heron.demo.world import DemoWorld
from heron.ui import theme
from heron.ui.main_window import MainWindow
from heron.ui.runner import cancel_leftovers
from tests.ui.screens_themes import open_echo, run_shots, save, until


async def shoot(out: Path, work: Path) -> None:
    world = DemoWorld(work / "demo-server")
    account = await world.start()
    app = Heron(ProfilePaths(work / "profile"))
    await app.open()
    window: MainWindow | None = None
    try:
        window = await open_echo(app, account)
        pane = window.conversation
        for text in ("hello", "Are you coming to the boat race on Saturday?"):
            window.composer.setPlainText(text)
            window.send_current()
            await asyncio.sleep(3.0)  # Echo reacts, types and answers
        model = pane.message_model
        assert model is not None
        await until(lambda: any(m.reply is not None for m in model.messages()))
        answer = next(m for m in model.messages() if m.reply is not None)
        pane.rich.react(answer, "❤️")
        pane.rich.react(answer, "😂")
        question = next(m for m in model.messages() if m.body.startswith("Are you"))
        pane.rich.start_reply(next(m for m in model.messages()
                                   if m.direction is Direction.INCOMING and m is not answer
                                   and m.reply is None))
        window.composer.setPlainText("See you there!")
        await until(lambda: len(dict(next(m for m in model.messages()
                                          if m.pk == answer.pk).reactions)) == 2)
        assert question.pk != answer.pk
        qt_app = QApplication.instance()
        assert isinstance(qt_app, QApplication)
        for scheme in ("light", "dark"):
            theme.set_appearance(qt_app, scheme)
            window.resize(1100, 720)
            await asyncio.sleep(0.4)
            save(window, out, f"{scheme}-reactions-reply")
            picker = pane.rich.pick(answer)
            picker.search.setText("heart")
            await asyncio.sleep(0.3)
            save(picker, out, f"{scheme}-reaction-picker")
            picker.close()
    finally:
        if window is not None:
            window.close()
        await app.close()
        await world.stop()
        await cancel_leftovers()


def main() -> int:
    return run_shots(shoot)


if __name__ == "__main__":
    sys.exit(main())
