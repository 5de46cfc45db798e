# XEP-0066: Out of Band Data (jabber:x:oob), as Conversations, Dino and Gajim send files
"""A message whose body is a file's address carries it again in ``<x xmlns='jabber:x:oob'>``:
other clients then show a file, not a link."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

NS = "jabber:x:oob"
MAX_URL = 4096


def add(xml: Any, url: str) -> None:
    x = ET.SubElement(xml, f"{{{NS}}}x")
    ET.SubElement(x, f"{{{NS}}}url").text = url


def url_of(xml: Any) -> str:
    """The first OOB url of a message ("" if none or absurdly long); plain text."""
    element = xml.find(f"{{{NS}}}x/{{{NS}}}url")
    text = (element.text or "").strip() if element is not None else ""
    return text if len(text) <= MAX_URL else ""
