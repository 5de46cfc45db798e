"""What a person tells about themselves (their vCard, XEP-0054 / XEP-0292), as Heron shows it:
plain text fields, each capped; the same shape for a contact's profile and the user's own."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class Profile:
    full_name: str = ""
    nickname: str = ""
    email: str = ""
    phone: str = ""
    organisation: str = ""
    url: str = ""
    birthday: str = ""
    note: str = ""

    @property
    def empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))
