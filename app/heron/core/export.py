"""Exporting a conversation as plain text or as HTML.

The history is read page by page (keyset, oldest first) and each page is formatted and written
by a worker thread, so a conversation of 100,000 messages neither freezes the window nor holds
the database thread for long. The file appears whole or not at all (written beside it, then
renamed). In HTML every text (names, addresses, bodies) is escaped and the page forbids any
script, style sheet or fetch from outside: a body holding ``<script>`` is shown as text.
"""

from __future__ import annotations

import asyncio
import html
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import IO, Literal

from heron.core.events import Direction, StoredMessage
from heron.core.timestamps import local_datetime

PageAfter = Callable[[tuple[float, int], int], Awaitable[list[StoredMessage]]]
Format = Literal["text", "html"]
CHUNK = 2000
_START = (float("-inf"), -1)

_HEAD = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{title}</title>
<style>
body {{ font-family: sans-serif; max-width: 50em; margin: 2em auto; color: #1d2330; }}
.m {{ margin: .4em 0; }} .t {{ color: #6b7280; font-size: .85em; }} .who {{ font-weight: bold; }}
.body {{ white-space: pre-wrap; overflow-wrap: anywhere; }} .gone {{ color: #6b7280; }}
</style></head><body>
<h1>{title}</h1>
"""


def _when(message: StoredMessage) -> str:
    return local_datetime(message.timestamp).strftime("%Y-%m-%d %H:%M")


def text_lines(messages: list[StoredMessage], names: dict[Direction, str],
               deleted: str) -> str:
    out = []
    for m in messages:
        body = deleted if m.retracted else m.body
        # Continuation lines are indented, so a body cannot fake a message of its own.
        body = body.replace("\r", "").replace("\n", "\n    ")
        out.append(f"[{_when(m)}] {names[m.direction]}: {body}\n")
    return "".join(out)


def html_lines(messages: list[StoredMessage], names: dict[Direction, str],
               deleted: str) -> str:
    out = []
    for m in messages:
        who = html.escape(names[m.direction])
        if m.retracted:
            body = f'<span class="gone">{html.escape(deleted)}</span>'
        else:
            body = html.escape(m.body)
        out.append(f'<div class="m"><span class="t">{_when(m)}</span> '
                   f'<span class="who">{who}</span>: <span class="body">{body}</span></div>\n')
    return "".join(out)


async def export_conversation(page_after: PageAfter, path: Path, fmt: Format, title: str,
                              names: dict[Direction, str], *, deleted: str = "(message deleted)",
                              progress: Callable[[int], None] | None = None) -> int:
    """Write the whole conversation to ``path``; returns how many messages went in."""
    loop = asyncio.get_running_loop()
    partial = path.with_name(path.name + ".partial")
    handle: IO[str] = await loop.run_in_executor(
        None, lambda: open(partial, "w", encoding="utf-8", newline="\n"))  # noqa: SIM115  closed below
    count = 0
    try:
        if fmt == "html":
            head = _HEAD.format(title=html.escape(title))
            await loop.run_in_executor(None, handle.write, head)
        else:
            await loop.run_in_executor(None, handle.write, f"{title}\n\n")
        key = _START
        lines = html_lines if fmt == "html" else text_lines
        while True:
            page = await page_after(key, CHUNK)
            if not page:
                break
            key = page[-1].key
            count += len(page)
            await loop.run_in_executor(None, lambda p=page: handle.write(lines(p, names, deleted)))  # type: ignore[misc]
            if progress is not None:
                progress(count)
        if fmt == "html":
            await loop.run_in_executor(None, handle.write, "</body></html>\n")
    except BaseException:
        handle.close()
        partial.unlink(missing_ok=True)
        raise
    await loop.run_in_executor(None, handle.close)
    os.replace(partial, path)
    return count
