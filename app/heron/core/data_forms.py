# XEP-0004: Data Forms — parsing a form, checking answers and building the submit form
"""A data form as plain values, without Qt or slixmpp, so the UI (ui/data_form.py) renders it
and a service (xmpp/services/muc_admin.py) sends the answer back.

Everything here comes from the network: labels, descriptions and values are plain text, cut
to a sane length, and a form with absurd numbers of fields or options is cut short rather
than trusted to be small.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from enum import Enum

NS = "jabber:x:data"
MAX_FIELDS = 200
MAX_OPTIONS = 500
MAX_VALUES = 1000
MAX_TEXT = 4096  # one label, description or value
MAX_JID = 2047  # RFC 7622: each part at most 1023 bytes

FIELD_TYPES = frozenset({
    "boolean", "fixed", "hidden", "jid-multi", "jid-single", "list-multi", "list-single",
    "text-multi", "text-private", "text-single",
})
MULTI_TYPES = frozenset({"jid-multi", "list-multi", "text-multi"})
_TRUE = frozenset({"1", "true"})


@dataclass(frozen=True, slots=True)
class Option:
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Field:
    var: str
    type: str = "text-single"
    label: str = ""
    desc: str = ""
    required: bool = False
    values: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()

    @property
    def shown(self) -> bool:
        """Hidden fields are kept and sent back, never shown."""
        return self.type != "hidden"

    @property
    def answerable(self) -> bool:
        """Fixed fields are text for the reader; everything else with a var is sent back."""
        return self.type != "fixed" and bool(self.var)

    @property
    def title(self) -> str:
        return self.label or self.var


@dataclass(frozen=True, slots=True)
class Form:
    type: str = "form"
    title: str = ""
    instructions: tuple[str, ...] = ()
    fields: tuple[Field, ...] = field(default_factory=tuple)

    @property
    def form_type(self) -> str:
        """The FORM_TYPE hidden field's value (XEP-0068), "" when there is none."""
        for f in self.fields:
            if f.var == "FORM_TYPE" and f.values:
                return f.values[0]
        return ""

    def get(self, var: str) -> Field | None:
        return next((f for f in self.fields if f.var == var), None)


class Problem(Enum):
    """Why an answer cannot be sent; the UI says it in the user's language."""

    REQUIRED = "required"
    BAD_JID = "bad-jid"
    NOT_AN_OPTION = "not-an-option"
    ONE_LINE = "one-line"


def _plain(text: str | None) -> str:
    """Network text for the UI: bounded, no control characters except newlines and tabs."""
    return "".join(ch for ch in (text or "")[:MAX_TEXT] if ch >= " " or ch in "\t\n")


def parse(x: ET.Element) -> Form:
    """The form in a ``<x xmlns='jabber:x:data'/>`` element."""
    fields: list[Field] = []
    for element in x.findall(f"{{{NS}}}field")[:MAX_FIELDS]:
        kind = element.get("type") or "text-single"  # §3.3: the default type
        if kind not in FIELD_TYPES:
            kind = "text-single"  # an unknown type is treated as text (§3.3)
        options = tuple(
            Option(_plain(o.get("label")) or _plain(o.findtext(f"{{{NS}}}value")),
                   _plain(o.findtext(f"{{{NS}}}value")))
            for o in element.findall(f"{{{NS}}}option")[:MAX_OPTIONS])
        values = tuple(_plain(v.text) for v in element.findall(f"{{{NS}}}value")[:MAX_VALUES])
        fields.append(Field(
            var=_plain(element.get("var")).strip(), type=kind,
            label=_plain(element.get("label")).strip(),
            desc=_plain(element.findtext(f"{{{NS}}}desc")).strip(),
            required=element.find(f"{{{NS}}}required") is not None,
            values=values, options=options))
    return Form(
        type=x.get("type") or "form",
        title=_plain(x.findtext(f"{{{NS}}}title")).strip(),
        instructions=tuple(_plain(i.text).strip()
                           for i in x.findall(f"{{{NS}}}instructions")[:20]),
        fields=tuple(fields))


def is_true(values: tuple[str, ...] | list[str]) -> bool:
    return bool(values) and values[0].strip().lower() in _TRUE


def jid_ok(text: str) -> bool:
    """A JID's shape (RFC 7622, without the stringprep details): [local@]domain[/resource],
    no spaces, a domain with no empty labels."""
    bare, _, resource = text.partition("/")
    if not bare or " " in text or "\n" in text or ("/" in text and not resource):
        return False
    local, at, domain = bare.rpartition("@")
    if at and (not local or "@" in local):
        return False
    labels = domain.rstrip(".").split(".")
    return bool(domain) and all(labels) and len(bare) <= MAX_JID


def check(f: Field, values: list[str]) -> Problem | None:
    """What is wrong with ``values`` as the answer to ``f``; None when it can be sent."""
    filled = [v for v in values if v.strip()]
    if f.required and f.type not in ("boolean", "hidden", "fixed") and not filled:
        return Problem.REQUIRED
    if f.type in ("jid-single", "jid-multi") and any(not jid_ok(v.strip()) for v in filled):
        return Problem.BAD_JID
    if f.type in ("list-single", "list-multi") and f.options:
        allowed = {o.value for o in f.options}
        if any(v not in allowed for v in filled):
            return Problem.NOT_AN_OPTION
    if f.type in ("text-single", "text-private", "jid-single", "list-single") \
            and (len(filled) > 1 or any("\n" in v for v in filled)):
        return Problem.ONE_LINE
    return None


def problems(form: Form, answers: dict[str, list[str]]) -> dict[str, Problem]:
    """Each field whose answer cannot be sent, by var."""
    found: dict[str, Problem] = {}
    for f in form.fields:
        if not f.answerable:
            continue
        problem = check(f, answers.get(f.var, list(f.values)))
        if problem is not None:
            found[f.var] = problem
    return found


def submit(form: Form, answers: dict[str, list[str]]) -> ET.Element:
    """The ``<x type='submit'/>`` for ``form`` with ``answers`` (var -> values); fields not
    answered keep the values the form came with, hidden ones are sent back as they were."""
    x = ET.Element(f"{{{NS}}}x", {"type": "submit"})
    for f in form.fields:
        if not f.answerable:
            continue
        values = list(f.values) if f.type == "hidden" else answers.get(f.var, list(f.values))
        if f.type == "boolean":
            values = ["1" if is_true(values) else "0"]
        elif f.type in MULTI_TYPES:
            values = [v.strip() if f.type == "jid-multi" else v for v in values]
            values = [v for v in values if v] if f.type != "text-multi" else values
        else:
            values = [v.strip() if f.type == "jid-single" else v for v in values[:1]]
        element = ET.SubElement(x, f"{{{NS}}}field", {"var": f.var})
        for value in values:
            ET.SubElement(element, f"{{{NS}}}value").text = value
    return x


def cancel() -> ET.Element:
    return ET.Element(f"{{{NS}}}x", {"type": "cancel"})
