"""A cheap first test in front of slixmpp's stanza handlers.

slixmpp offers every incoming stanza to every registered handler (about 30 with Heron's
plugins), and most matchers are costly for a stanza they can never match: ``StanzaPath``
re-parses its path and, when it fails, tries a second time with the raw path; ``MatchXPath``
builds a wrapper element and runs ElementPath. In an offline burst that was half of the CPU
spent per message. :class:`PrefilteredMatcher` first checks what the real matcher itself checks
first (the stanza's element name; for a ``message/x`` path, that the stanza has an ``x`` at
all) and only then asks the real matcher, so what matches is unchanged.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from slixmpp.xmlstream.handler.base import BaseHandler
from slixmpp.xmlstream.matcher.base import MatcherBase
from slixmpp.xmlstream.matcher.stanzapath import StanzaPath
from slixmpp.xmlstream.matcher.xpath import MatchXPath
from slixmpp.xmlstream.xmlstream import XMLStream

_QNAME = re.compile(r"^\{[^{}]*\}[\w.-]+$")  # a plain '{namespace}name' step, nothing else
_NAME = re.compile(r"^[\w.-]+$")
_NAME_AND_CHILD = 2  # steps in a "name/child" stanza path


class PrefilteredMatcher(MatcherBase):
    """Runs ``inner`` only for stanzas that pass the same first checks ``inner`` makes."""

    def __init__(self, inner: MatcherBase, *, tag: str | None = None,
                 name: str | None = None, child: str | None = None) -> None:
        super().__init__(getattr(inner, "_criteria", None))
        self.inner = inner
        self.tag = tag  # MatchXPath: the stanza element's qualified tag must be this
        self.name = name  # StanzaPath: the first step's name (before any '@')
        self.child = child  # StanzaPath 'name/child': the stanza must have this interface

    def match(self, xml: Any) -> bool:
        if self.tag is not None and getattr(getattr(xml, "xml", None), "tag", None) != self.tag:
            return False
        if self.name is not None and not _may_be(xml, self.name):
            return False
        if self.child is not None and not _may_have(xml, self.child):
            return False
        return bool(self.inner.match(xml))


def _may_be(stanza: Any, name: str) -> bool:
    # StanzaBase.match's first test: the stanza's own name, a loaded plugin or its attribute.
    return (name == getattr(stanza, "name", None)
            or name in getattr(stanza, "loaded_plugins", ())
            or name in getattr(stanza, "plugin_attrib", ""))


def _may_have(stanza: Any, child: str) -> bool:
    # StanzaBase.match for a second step: a sub-interface, a present plugin or an iterable.
    return (child in getattr(stanza, "sub_interfaces", ())
            or any(key[0] == child for key in getattr(stanza, "plugins", ()))
            or bool(getattr(stanza, "iterables", ())))


def prefiltered(matcher: MatcherBase) -> MatcherBase:
    """The matcher behind a cheap first test, or unchanged when its criteria are unusual."""
    if isinstance(matcher, MatchXPath):
        first = str(matcher._criteria).split("/", 1)[0]
        return PrefilteredMatcher(matcher, tag=first) if _QNAME.match(first) else matcher
    if isinstance(matcher, StanzaPath):
        steps = str(matcher._raw_criteria).split("/")
        name = steps[0].split("@", 1)[0]
        if not _NAME.match(name):
            return matcher
        # "message/body": one plain child step can be checked cheaply too; deeper paths cannot.
        child = steps[1] if len(steps) == _NAME_AND_CHILD and _NAME.match(steps[1]) else None
        return PrefilteredMatcher(matcher, name=name, child=child)
    return matcher


if TYPE_CHECKING:
    _StreamBase = XMLStream
else:
    _StreamBase = object


class PrefilteredHandlersMixin(_StreamBase):
    """Mix into a slixmpp client: every handler registered gets the cheap first test."""

    def register_handler(self, handler: BaseHandler, before: BaseHandler | None = None,
                         after: BaseHandler | None = None) -> None:
        handler._matcher = prefiltered(handler._matcher)
        super().register_handler(handler, before, after)
