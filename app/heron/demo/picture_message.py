# XEP-0363 (upload) and XEP-0066 (out-of-band data), from the demo bot's side
"""Echo's picture: uploaded with the bot's own client and sent so Heron shows it inline."""

from __future__ import annotations

import asyncio
import ssl
import uuid
from typing import Any

import aiohttp

from heron.demo.picture import heron_png
from heron.xmpp.services import oob, upload

NAME = "heron-at-dawn.png"
CAPTION = "Here's the view from my pond this morning:"


async def send_demo_picture(bot: Any, to: str, service: str, ca_file: str) -> str:
    data = await asyncio.to_thread(heron_png)
    slot = await upload.request_slot(bot, service, NAME, len(data), "image/png")
    async with aiohttp.ClientSession() as http, http.put(
            slot.put_url, data=data, ssl=ssl.create_default_context(cafile=ca_file),
            headers={**slot.headers, "Content-Type": "image/png"}) as response:
        response.raise_for_status()
    caption = bot.make_message(mto=to, mbody=CAPTION, mtype="chat")
    caption["id"] = caption["origin_id"]["id"] = str(uuid.uuid4())
    caption.send()
    msg = bot.make_message(mto=to, mbody=slot.get_url, mtype="chat")
    msg["id"] = msg["origin_id"]["id"] = str(uuid.uuid4())
    oob.add(msg.xml, slot.get_url)
    msg.send()
    return str(msg["id"])
